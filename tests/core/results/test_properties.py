"""Properties of any computation under the demo methodology, over random but valid inputs."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parindex.core.inputs.model import CycleInputs, UnitInputs
from parindex.core.methodology import load_builtin
from parindex.core.results import compute_cycle
from parindex.core.units import builtin_units

METHODOLOGY = load_builtin("vn-par-province-2022")
UNITS = builtin_units().on(__import__("datetime").date(2025, 12, 31), "province")


def unit_inputs(rng):
    """Any valid inputs for every leaf, from its rule's own examples; about half the leaves left blank."""
    return {leaf.code: {} if rng.random() < 0.5 else leaf.rule.example_inputs(rng) for leaf in METHODOLOGY.leaves()}


unit_values = st.randoms(use_true_random=False).map(unit_inputs)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(unit_values, min_size=1, max_size=6))
def test_points_stay_within_maxima_totals_add_up_and_ranks_follow_the_index(all_values):
    inputs = CycleInputs(2025, tuple(UnitInputs(unit, values) for unit, values in zip(UNITS, all_values)))
    results = compute_cycle(METHODOLOGY, inputs)
    for r in results.units:
        for node in METHODOLOGY.walk():
            got = r.nodes[node.code].points
            if node.is_adjustment:
                assert abs(got) <= node.max_points + 1e-9
                continue
            assert -1e-9 <= got <= node.max_points + 1e-9
            if node.children:
                assert got == min(max(sum(r.nodes[c.code].points for c in node.children), 0.0), node.max_points)
        assert abs(r.total - sum(r.nodes[a.code].points for a in METHODOLOGY.areas)) < 1e-9
        assert abs(r.index - r.total) < 1e-9  # scale 100
    ordered = sorted(results.units, key=lambda r: -round(r.index, 2))
    assert [r.rank for r in ordered] == sorted(r.rank for r in results.units)
