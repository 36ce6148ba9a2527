"""The built-in methodologies load, cite their source and carry the decision's official numbers."""
import pytest

from parindex.core.methodology import builtin_ids, load_builtin
from parindex.core.scoring import RULES


def test_builtin_ids():
    assert builtin_ids() == ["vn-766-2022", "vn-par-commune-example", "vn-par-department-example", "vn-par-ministry-2022", "vn-par-province-2017",
                             "vn-par-province-2022"]


@pytest.mark.parametrize("mid", ["vn-par-ministry-2022", "vn-par-province-2017", "vn-par-province-2022"])
def test_builtin_cites_its_legal_source_and_adds_up_to_100(mid):
    m = load_builtin(mid)
    assert m.legal_source.document.startswith("Quyết định")
    assert sum(a.max_points for a in m.areas) == m.scale == 100


def test_province_2017_has_the_official_area_maxima():
    m = load_builtin("vn-par-province-2017")
    assert [a.max_points for a in m.areas] == [10, 10, 14.5, 11, 16, 7, 16, 15.5]
    assert all(a.provenance.max == "official" for a in m.areas)
    assert "2948/QĐ-BNV" in m.legal_source.document


def test_province_2022_has_8_areas_37_criteria_88_sub_criteria_and_32_survey_points():
    m = load_builtin("vn-par-province-2022")
    assert m.counts() == {1: 8, 2: 37, 3: 88}
    assert m.max_by_source()["survey"] == 32
    assert [(g.code, g.band.lower, g.band.upper) for g in m.groups][:3] == [("A", 90, None), ("B", 80, 90), ("C", 70, 80)]
    assert "876/QĐ-BNV" in m.legal_source.document


def test_ministry_2022_has_the_official_criteria_counts_per_area_and_the_68_5_split():
    m = load_builtin("vn-par-ministry-2022")
    counts = [(len(a.children), sum(len(c.children) for c in a.children)) for a in m.areas]
    assert counts == [(7, 6), (9, 15), (6, 19), (4, 14), (6, 16), (3, 13), (3, 14)]
    by_source = m.max_by_source()
    assert by_source["survey"] == 31.5
    assert sum(v for k, v in by_source.items() if k != "survey") == 68.5


# The maxima a public source states: the 2017 PAR areas; Decision 766's five groups and the three
# indicators whose points the news of the decision gives (decision-766.md, marked [V]).
OFFICIAL_MAXIMA = {"vn-par-province-2017": {"1", "2", "3", "4", "5", "6", "7", "8"},
                   "vn-766-2022": {"1", "2", "3", "4", "5", "1.2", "2.1", "5.3"}}


def test_invented_maxima_are_never_marked_official():
    """Only maxima a public source states are official; every other maximum is ours."""
    for mid in builtin_ids():
        for node in load_builtin(mid).walk():
            if node.provenance.max == "official":
                assert node.code in OFFICIAL_MAXIMA.get(mid, set()), (mid, node.code)


def test_the_766_index_has_its_five_official_groups_and_every_leaf_counts_records():
    m = load_builtin("vn-766-2022")
    assert [(a.code, a.max_points) for a in m.areas] == [("1", 18), ("2", 20), ("3", 22), ("4", 22), ("5", 18)]
    assert all(leaf.source == "service_data" and leaf.records is not None for leaf in m.leaves())
    assert "766/QĐ-TTg" in m.legal_source.document


def test_the_demo_methodology_exercises_every_rule_type():
    used = {leaf.rule.type for leaf in load_builtin("vn-par-province-2022").leaves()}
    assert used == set(RULES)


@pytest.mark.parametrize("mid", ["vn-par-ministry-2022", "vn-par-province-2022"])
def test_every_node_has_both_languages(mid):
    for node in load_builtin(mid).walk():
        assert node.name.vi.strip() and node.name.en.strip()


@pytest.mark.parametrize("mid", ["vn-par-department-example", "vn-par-commune-example"])
def test_the_provincial_examples_are_illustrative_starting_points_with_bonus_and_penalty(mid):
    m = load_builtin(mid)
    assert sum(a.max_points for a in m.areas) == m.scale == 100 and len(m.areas) == 8
    assert all(node.provenance.label == "illustrative" for node in m.walk())  # never cited as anyone's decision
    assert {leaf.source for leaf in m.leaves()} >= {"appraisal", "survey", "service_data", "bonus", "penalty"}
    assert m.unit_kind == mid.split("-")[2] and "ví dụ" in m.title.vi
