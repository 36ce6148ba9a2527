"""Broken methodology files each fail with a located message: file, line, field path, expectation."""
from pathlib import Path

import pytest

from parindex.core.errors import ParindexError, ValidationFailed
from parindex.core.methodology import load_methodology_file, load_methodology_text
from tests.conftest import DATA, dump, small_methodology_dict

BROKEN = DATA / "broken"

# file → (error code, line, field path, a phrase of the message)
EXPECTED = {
    "max-mismatch": ("max_mismatch", 15, "tree[0].max", "children of 1 add up to 5.5 points"),
    "duplicate-code": ("duplicate_code", 27, "tree[0].children[1].code", "first at line 17"),
    "unknown-rule": ("unknown_rule", 31, "tree[0].children[1].rule.type", "unknown rule type 'yes_or_no'"),
    "param-out-of-range": ("rule_param", 26, "tree[0].children[0].rule.bands[2].points", "out of range"),
    "band-overlap": ("rule_param", 25, "tree[0].children[0].rule.bands[1].from", "overlaps"),
    "band-gap": ("rule_param", 26, "tree[0].children[0].rule.bands[2].from", "gap from 100 to 110"),
    "group-gap": ("band_gap", 10, "groups[1].from", "gap from 40 to 50"),
    "total-not-scale": ("total_not_scale", 13, "tree", "add up to 10 points"),
    "unknown-source": ("unknown_source", 35, "tree[1].source", "'citizens'"),
    "missing-translation": ("missing_translation", 33, "tree[1].name", "Vietnamese and English"),
    "missing-max": ("missing_field", 32, "tree[1].max", "'max' is missing"),
    "rule-on-branch": ("rule_on_branch", 16, "tree[0].rule", "only for leaves"),
    "unknown-field": ("unknown_field", 21, "tree[0].children[0].evidense", "'evidense'"),
    "source-rule-mismatch": ("source_rule_mismatch", 36, "tree[1].rule.type", "does not fit source 'survey'"),
    "duplicate-key": ("yaml_duplicate_key", 5, "year", "appears twice"),
    "bad-yaml": ("yaml_syntax", None, None, "not valid YAML"),
}


def first_problem(err: ParindexError) -> ParindexError:
    return err.problems[0] if isinstance(err, ValidationFailed) else err


def test_every_broken_file_has_an_expectation():
    assert {p.stem for p in BROKEN.glob("*.yaml")} == set(EXPECTED)
    assert len(EXPECTED) >= 10


def test_the_valid_base_of_the_broken_files_loads():
    assert load_methodology_file(DATA / "valid-small.yaml").id == "test-small"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_fails_with_a_located_message(name):
    code, line, path, phrase = EXPECTED[name]
    with pytest.raises(ParindexError) as caught:
        load_methodology_file(BROKEN / f"{name}.yaml")
    problem = first_problem(caught.value)
    assert problem.code == code
    assert problem.where.file.endswith(f"{name}.yaml")
    if line is not None:
        assert problem.where.line == line
    if path is not None:
        assert problem.where.path == path
    assert phrase in problem.render()


def test_bad_yaml_names_the_line_of_the_syntax_error():
    with pytest.raises(ParindexError) as caught:
        load_methodology_file(BROKEN / "bad-yaml.yaml")
    assert caught.value.where.line is not None and caught.value.where.line >= 33


def test_all_problems_of_a_file_are_reported_at_once():
    data = small_methodology_dict(scale=50, year="soon")
    data["tree"][0]["children"][1]["rule"] = {"type": "nope"}
    with pytest.raises(ValidationFailed) as caught:
        load_methodology_text(dump(data), "many.yaml")
    assert {p.code for p in caught.value.problems} >= {"wrong_type", "unknown_rule", "total_not_scale"}


def test_bonus_and_penalty_leaves_are_outside_the_parents_maximum(small_methodology):
    area = small_methodology.node("1")
    assert area.max_points == 6 and small_methodology.node("1.3").is_adjustment


def test_missing_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(ParindexError) as caught:
        load_methodology_file(tmp_path / "nope.yaml")
    assert caught.value.code == "file_not_found"


def test_content_hash_ignores_comments_and_layout():
    text = dump(small_methodology_dict())
    assert load_methodology_text(text).content_hash == load_methodology_text("# a comment\n" + text).content_hash
    changed = small_methodology_dict(scale=10.0, year=2025)
    assert load_methodology_text(dump(changed)).content_hash != load_methodology_text(text).content_hash


def test_children_do_not_inherit_an_official_parent():
    data = small_methodology_dict()
    data["tree"][0]["provenance"] = "official"
    m = load_methodology_text(dump(data))
    assert m.node("1").provenance.max == "official"
    assert m.node("1.1").provenance.max == "illustrative"


def test_provenance_can_mark_only_the_name_official():
    data = small_methodology_dict()
    data["tree"][0]["provenance"] = {"name": "official"}
    node = load_methodology_text(dump(data)).node("1")
    assert (node.provenance.name, node.provenance.max) == ("official", "illustrative")
