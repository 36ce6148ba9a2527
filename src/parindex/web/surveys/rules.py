"""Who may import survey waves and apply their estimates: survey managers and administrators."""
import rules

from parindex.web.cycles.rules import is_admin, is_survey_manager

rules.add_perm("surveys.manage_waves", is_survey_manager | is_admin)
