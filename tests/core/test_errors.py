"""A message lists at most MAX_SHOWN_PROBLEMS problems and counts the rest; the error keeps them all."""
import json

from parindex.core.errors import MAX_SHOWN_PROBLEMS, ParindexError, ValidationFailed, Where, capped_lines


def many(n):
    return ValidationFailed("in.csv", [ParindexError("bad_value", "not a number", Where(file="in.csv", row=r)) for r in range(2, n + 2)])


def test_render_shows_the_first_problems_then_counts_the_rest():
    lines = many(10_000).render().splitlines()
    assert len(lines) == 1 + MAX_SHOWN_PROBLEMS + 1
    assert lines[0] == "[validation_failed] in.csv: 10,000 problems found"
    assert "row 2:" in lines[1] and f"row {MAX_SHOWN_PROBLEMS + 1}:" in lines[MAX_SHOWN_PROBLEMS]
    assert lines[-1] == f"  … and {10_000 - MAX_SHOWN_PROBLEMS:,} more problems"


def test_the_problems_themselves_are_all_kept_for_programs():
    assert len(many(10_000).problems) == 10_000


def test_a_short_list_is_shown_whole_without_a_count_line():
    lines = many(MAX_SHOWN_PROBLEMS).render().splitlines()
    assert len(lines) == 1 + MAX_SHOWN_PROBLEMS and "more" not in lines[-1]


def test_one_more_than_the_cap_says_one_more_problem():
    assert many(MAX_SHOWN_PROBLEMS + 1).render().splitlines()[-1] == "  … and 1 more problem"


def test_the_api_shape_carries_the_shown_problems_and_the_count_of_the_rest():
    body = json.loads(json.dumps(many(120).as_dict()))
    assert len(body["problems"]) == MAX_SHOWN_PROBLEMS and body["more"] == 120 - MAX_SHOWN_PROBLEMS
    assert json.loads(json.dumps(many(3).as_dict()))["more"] == 0


def test_capped_lines_name_what_they_count():
    notes = [ParindexError("formula_cached", "formula read from its saved value", Where(row=r)) for r in range(60)]
    assert capped_lines(notes, "note")[-1] == "… and 10 more notes"


def test_a_sentence_for_a_page_has_the_location_in_the_readers_words_and_no_code():
    from parindex.core.errors import ParindexError, Where

    err = ParindexError("bad_weight", "trọng số phải lớn hơn 0", Where(file="song.csv", row=3, column="w"), "một số > 0", "-1500")
    assert err.sentence("vi") == "Tệp song.csv, dòng 3, cột 'w': trọng số phải lớn hơn 0; cần một số > 0, nhận được «-1500»."
    assert err.sentence("en").startswith("song.csv, row 3, column 'w': ") and "bad_weight" not in err.sentence("en")
    assert err.render().startswith("[bad_weight]")  # logs and the command line keep the code
