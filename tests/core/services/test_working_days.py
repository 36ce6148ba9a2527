"""Working days as the one-stop offices count a time limit: weekends and public holidays skipped,
the holidays kept as data with their provenance."""
from datetime import date

import numpy as np
import pytest

from parindex.core.errors import ParindexError
from parindex.core.services.calendar import vietnam


def test_a_time_limit_skips_the_lunar_new_year_and_the_weekends():
    # received Friday 13 February 2026: Tết runs to Sunday 22 February; 3 working days → Wednesday 25
    assert vietnam().add_working_days(np.datetime64("2026-02-13"), 3) == np.datetime64("2026-02-25")


def test_a_dossier_received_on_a_day_off_counts_from_the_next_working_day():
    assert vietnam().add_working_days(np.datetime64("2026-05-01"), 1) == np.datetime64("2026-05-05")


def test_working_days_between_two_dates_leave_out_holidays():
    assert vietnam().working_days_between(np.datetime64("2026-04-24"), np.datetime64("2026-05-04")) == 3  # 24, 28, 29 April


def test_the_fixed_days_of_the_labour_code_are_official_and_lunar_days_illustrative():
    by_day = {h.day: h for h in vietnam().holidays}
    assert by_day[date(2026, 9, 2)].provenance == "official"
    assert by_day[date(2026, 2, 17)].provenance == "illustrative"


def test_a_year_without_holidays_is_refused_rather_than_counted_as_all_working_days():
    with pytest.raises(ParindexError) as refused:
        vietnam().add_working_days(np.datetime64("2031-03-02"), 5)
    assert refused.value.code == "no_holidays" and "2031" in str(refused.value)


def test_2027_skips_tet_and_the_national_day_with_its_adjacent_day():
    # Tết Đinh Mùi: Thursday 4 to Wednesday 10 February (mùng 1 on Saturday 6, as Tết Giáp Thìn 2024 fell)
    assert vietnam().add_working_days(np.datetime64("2027-02-03"), 1) == np.datetime64("2027-02-11")
    # National Day, Thursday 2 September, and the adjacent Friday 3
    assert vietnam().add_working_days(np.datetime64("2027-09-01"), 1) == np.datetime64("2027-09-06")
    by_day = {h.day: h.provenance for h in vietnam().holidays}
    assert (by_day[date(2027, 9, 2)], by_day[date(2027, 9, 3)], by_day[date(2027, 2, 6)]) == ("official", "illustrative", "illustrative")
