"""Every built-in rule type. Importing this package registers them all (see ``registry``)."""
from parindex.core.scoring.rules import adjustments, count_bands, deadline, manual, ratio, survey_share, yes_no  # noqa: F401
