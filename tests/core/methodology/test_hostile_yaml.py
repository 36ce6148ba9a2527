"""Methodology files built to hurt — alias bombs, huge files, deep nesting, numbers past any float —
are refused with the line to look at, never a traceback, before any alias is expanded."""
import pytest

from parindex.core.errors import ParindexError, ValidationFailed
from parindex.core.methodology import load_methodology_file, load_methodology_text
from parindex.core.methodology.yaml_source import MAX_DEPTH, MAX_YAML_BYTES
from tests.conftest import dump, small_methodology_dict

BILLION_LAUGHS = """id: test-small
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def refusal(path) -> ParindexError:
    with pytest.raises(ParindexError) as caught:
        load_methodology_file(path)
    err = caught.value
    return err.problems[0] if isinstance(err, ValidationFailed) else err


def with_line(text: str, after: str, line: str) -> tuple[str, int]:
    """``text`` with ``line`` inserted after the first line starting with ``after``; returns its line number."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(after)) + 1
    lines.insert(at, line)
    return "\n".join(lines) + "\n", at + 1


def test_a_billion_laughs_file_is_refused_at_its_first_anchor(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    err = refusal(path)
    assert (err.code, err.where.file, err.where.line, err.got) == ("yaml_alias", str(path), 2, "&a")


def test_an_alias_without_an_anchor_is_refused_too(tmp_path):
    path = tmp_path / "alias.yaml"
    path.write_text("id: test-small\nnote: *elsewhere\n", encoding="utf-8")
    err = refusal(path)
    assert (err.code, err.where.line, err.got) == ("yaml_alias", 2, "*elsewhere")


def test_a_file_over_the_size_cap_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * MAX_YAML_BYTES + b"\nid: [\n")
    err = refusal(path)
    assert (err.code, err.where.file) == ("yaml_too_large", str(path)) and f"{MAX_YAML_BYTES:,}" in err.expected


def test_text_over_the_size_cap_is_refused_too():
    with pytest.raises(ParindexError) as caught:
        load_methodology_text("# " + "x" * MAX_YAML_BYTES, "upload.yaml")
    assert caught.value.code == "yaml_too_large" and caught.value.where.file == "upload.yaml"


def test_nesting_past_the_cap_is_refused_at_its_line(tmp_path):
    text, line = with_line(dump(small_methodology_dict()), "unit_kind", "note: " + "[" * (MAX_DEPTH + 10) + "]" * (MAX_DEPTH + 10))
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    err = refusal(path)
    assert (err.code, err.where.line) == ("yaml_too_deep", line) and str(MAX_DEPTH) in err.expected


def test_a_hundred_thousand_brackets_are_refused_without_a_recursion_error(tmp_path):
    path = tmp_path / "brackets.yaml"
    path.write_text("id: " + "[" * 100_000, encoding="utf-8")
    assert refusal(path).code == "yaml_too_deep"


def test_a_5000_digit_integer_is_a_located_error_not_a_traceback(tmp_path):
    text = dump(small_methodology_dict()).replace("scale: 10", "scale: " + "9" * 5000)
    path = tmp_path / "digits.yaml"
    path.write_text(text, encoding="utf-8")
    err = refusal(path)
    line = text.splitlines().index("scale: " + "9" * 5000) + 1
    assert (err.code, err.where.line, err.where.path) == ("yaml_bad_value", line, "scale")
    assert len(err.render()) < 400  # the digits are not echoed back


@pytest.mark.parametrize("value", ["1" * 400, "1.0e+400", ".nan", ".inf", "-.inf", "1.0e+16"],
                         ids=["400 digits", "1.0e+400", "nan", "inf", "-inf", "1e16"])
def test_a_number_past_any_real_maximum_is_refused_with_its_path(value, tmp_path):
    text = dump(small_methodology_dict()).replace("  max: 6\n", f"  max: {value}\n", 1)
    path = tmp_path / "max.yaml"
    path.write_text(text, encoding="utf-8")
    err = refusal(path)
    line = text.splitlines().index(f"  max: {value}") + 1
    assert (err.code, err.where.line, err.where.path) == ("number_out_of_range", line, "tree[0].max")


def test_an_impossible_date_is_a_located_error(tmp_path):
    text = dump(small_methodology_dict(legal_source={"document": "D", "issued": "2024-02-30"})).replace("'2024-02-30'", "2024-02-30")
    path = tmp_path / "date.yaml"
    path.write_text(text, encoding="utf-8")
    err = refusal(path)
    assert (err.code, err.where.path) == ("yaml_bad_value", "legal_source.issued") and "date" in err.expected


def test_a_python_tag_is_refused_with_its_line(tmp_path):
    path = tmp_path / "tag.yaml"
    path.write_text("id: test-small\nnote: !!python/name:os.system ''\n", encoding="utf-8")
    err = refusal(path)
    assert (err.code, err.where.line) == ("yaml_bad_value", 2)


def test_a_control_character_is_a_syntax_error_with_its_line(tmp_path):
    path = tmp_path / "bell.yaml"
    path.write_text("id: test-small\n\nnote: ding\x07\n", encoding="utf-8")
    err = refusal(path)
    assert (err.code, err.where.line) == ("yaml_syntax", 3)


def test_a_questionnaire_scale_of_a_trillion_points_is_refused(tmp_path):
    questionnaire = {"id": "q", "name": {"vi": "Q", "en": "Q"}, "scale": [1, 10 ** 12],
                     "elements": [{"code": "e", "name": {"vi": "E", "en": "E"}, "items": [{"code": "a1", "text": {"vi": "A", "en": "A"}}]}]}
    path = tmp_path / "scale.yaml"
    path.write_text(dump(small_methodology_dict(questionnaires=[questionnaire])), encoding="utf-8")
    err = refusal(path)
    assert (err.code, err.where.path) == ("wrong_type", "questionnaires[0].scale")
