"""Who may read the whole audit log: administrators and the council.

The log's own modules (models, chain, integrity) sit below every app, which all write to it; this
module and the log's page sit above ``cycles``, whose roles they ask about."""
import rules

from parindex.web.cycles.rules import is_admin, is_council

rules.add_perm("audit.view_log", is_admin | is_council)
