"""Who manages people's accounts and roles: administrators."""
import rules

from parindex.web.cycles.rules import is_admin

rules.add_perm("accounts.manage_people", is_admin)
