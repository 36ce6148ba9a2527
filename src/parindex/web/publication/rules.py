"""Who may publish a cycle's results and correct them (an administrator); the public reads what is published."""
import rules

from parindex.web.cycles.rules import is_admin

rules.add_perm("publication.publish", is_admin)
