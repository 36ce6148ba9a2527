"""The published PAR cycle the portal's tests read."""
import pytest

from parindex.web.cycles import transitions as t
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C
from parindex.web.publication.transitions import publish
from parindex.web.surveys.transitions import apply_wave, import_survey_wave
from tests.web.conftest import at_stage, fill, wave_csv


@pytest.fixture
def published(par_cycle, units, people):
    """The PAR methodology's cycle published, with a SIPAS wave applied and one unit's inputs."""
    at_stage(par_cycle, C.SELF_ASSESSMENT)
    wave = import_survey_wave(par_cycle, people["survey"], "w.csv", wave_csv(par_cycle), {"weights": "w", "ids": ["commune"]})
    apply_wave(wave, people["survey"])
    fill(par_cycle, units["A"], people["editor_a"], {"1.1.1": {"days_late": 3}, "1.1.2": {"numerator": 9, "denominator": 10}})
    at_stage(par_cycle, C.COUNCIL)
    par_cycle.assessments.update(state=A.FINAL)
    t.approve_by_council(par_cycle, people["council"])
    publish(par_cycle, people["admin"])
    return par_cycle
