"""What an indicator counts is data: a leaf's ``records`` compile to SQL over the records' own
fields, and a mistake in them is refused at its line in the file, naming what was expected."""
import pytest

from parindex.core.errors import ValidationFailed
from parindex.core.methodology.loader import load_methodology_text
from parindex.core.services.counts import parse_count

HEAD = """format: 1
id: t
title: {vi: Thử, en: Test}
programme: {vi: Thử, en: Test}
year: 2026
unit_kind: province
legal_source: {document: Thử}
scale: 10
groups: [{code: A, name: {vi: A, en: A}, from: 0}]
tree:
- code: '1'
  name: {vi: Một, en: One}
  max: 10
  source: SOURCE
  rule: {type: ratio_linear}
  records: RECORDS
"""


def load(records: str, source: str = "service_data"):
    return load_methodology_text(HEAD.replace("RECORDS", records).replace("SOURCE", source), "t.yaml")


def refusal(records: str, source: str = "service_data"):
    with pytest.raises(ValidationFailed) as failed:
        load(records, source)
    [problem] = failed.value.problems
    return problem


def test_a_count_compiles_to_the_sql_both_engines_run():
    m = load("{table: dossiers, period_by: completed_on, count: {state: completed, channel: [online, post]}, "
             "meeting: {completed_on: {on_or_before: due_on}, rated_dislike: {not: true}}}")
    count = m.areas[0].records
    assert count.denominator_sql() == "(state = 'completed') AND (channel IN ('online', 'post'))"
    assert count.numerator_sql() == ("(state = 'completed') AND (channel IN ('online', 'post')) AND (completed_on <= due_on)"
                                     " AND (rated_dislike IS NULL OR rated_dislike <> TRUE)")


def test_a_field_the_records_do_not_have_is_refused_at_its_line():
    problem = refusal("{table: dossiers, count: {colour: red}}")
    assert problem.where.line == 16
    assert "colour" in str(problem) and "received_on" in str(problem.expected)


def test_a_value_outside_a_fields_choices_is_refused_with_the_choices():
    problem = refusal("{table: dossiers, count: {state: finished}}")
    assert "finished" in str(problem) and "completed" in str(problem.expected)


def test_records_belong_only_to_service_data_leaves():
    problem = refusal("{table: dossiers}", source="appraisal")
    assert problem.code == "records_on_wrong_source"


def test_a_date_comparison_needs_two_date_fields():
    problem = refusal("{table: dossiers, meeting: {completed_on: {on_or_before: state}}}")
    assert problem.code == "bad_record_count"


def test_text_in_a_count_cannot_escape_its_quotes():
    count = parse_count({"table": "dossiers", "count": {"agency": "x' OR '1'='1"}})
    assert count.denominator_sql() == "(agency = 'x'' OR ''1''=''1')"
