"""Properties of any computation under the demo methodology, over random but valid inputs."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parindex.core.inputs.model import CycleInputs, UnitInputs
from parindex.core.methodology import load_builtin
from parindex.core.results import compute_cycle
from parindex.core.units import builtin_units

METHODOLOGY = load_builtin("vn-par-province-2022")
UNITS = builtin_units().on(__import__("datetime").date(2025, 12, 31), "province")


def leaf_inputs(leaf):
    kind = leaf.rule.type
    if kind in ("ratio_bands", "ratio_linear"):
        return st.integers(0, 200).flatmap(lambda d: st.fixed_dictionaries(
            {"numerator": st.integers(0, d).map(float), "denominator": st.just(float(d))}))
    if kind == "yes_no":
        return st.fixed_dictionaries({"value": st.booleans()})
    if kind == "manual":
        return st.fixed_dictionaries({"points": st.floats(0, leaf.max_points)})
    if kind == "deadline":
        return st.fixed_dictionaries({"days_late": st.integers(-10, 100)})
    if kind == "survey_share":
        return st.fixed_dictionaries({"estimate": st.floats(0, 1)})
    return st.fixed_dictionaries({"count": st.integers(0, 20)})


unit_values = st.fixed_dictionaries({leaf.code: st.one_of(st.just({}), leaf_inputs(leaf)) for leaf in METHODOLOGY.leaves()})


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
