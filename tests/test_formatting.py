"""Numbers, percentages, dates and periods as every Vietnamese reader sees them (tracker.formatting)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.formatting import (
    cap,
    deadline_phrase,
    deadline_sentence,
    fmt_date,
    fmt_datetime,
    fmt_number,
    fmt_percent,
    fmt_period,
    month_phrase,
    percent_value,
    period_phrase,
    weekday_name,
)


@pytest.mark.parametrize(("value", "text"), [
    (64.5, "64,5"),
    (60.0, "60"),
    (0.0, "0"),
    (33.333, "33,33"),
    (1 / 3, "0,33"),
    (2 / 3, "0,67"),
    (99.999, "100"),
    (0.1 + 0.2, "0,3"),
])
def test_a_number_has_at_most_two_decimals_and_no_trailing_zeros(value, text):
    assert fmt_number(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (2.675, "2,68"),  # the float is 2.67499999…: rounded as written, not as stored
    (0.125, "0,13"),  # half away from zero, not to even
    (0.005, "0,01"),
    (1.005, "1,01"),
    (-2.675, "-2,68"),
])
def test_a_number_is_rounded_half_away_from_zero_as_it_was_written(value, text):
    assert fmt_number(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (-1.5, "-1,5"),
    (-1234.5, "-1.234,5"),
    (-0.004, "0"),  # rounds to zero: no "-0"
    (-0.0, "0"),
    (-7, "-7"),
])
def test_a_negative_number_keeps_its_sign_unless_it_rounds_to_zero(value, text):
    assert fmt_number(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (999, "999"),
    (1000, "1.000"),
    (12345, "12.345"),
    (1e6, "1.000.000"),
    (1_234_567.891, "1.234.567,89"),
    (999_999.995, "1.000.000"),
    (10**30, "1.000.000.000.000.000.000.000.000.000.000"),  # a whole number is written in full
])
def test_thousands_are_separated_by_dots(value, text):
    assert fmt_number(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (1e308, "1e+308"),
    (-1.5e20, "-1,5e+20"),
    (1e15, "1e+15"),
    (float("inf"), "inf"),
])
def test_a_float_no_reading_can_have_is_written_short(value, text):
    assert fmt_number(value) == text


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, exclude_max=True, exclude_min=True))
def test_a_number_reads_back_as_its_value_rounded_to_two_decimals(value):
    text = fmt_number(value)
    whole, _, frac = text.partition(",")
    assert len(frac) <= 2 and not frac.endswith("0")
    assert all(len(group) == 3 for group in whole.lstrip("-").split(".")[1:])
    expected = Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert Decimal(text.replace(".", "").replace(",", ".")) == expected


@pytest.mark.parametrize(("part", "base", "text", "value"), [
    (3, 10, "3/10 (30,0%)", 30.0),
    (1, 3, "1/3 (33,3%)", 33.3),
    (2, 3, "2/3 (66,7%)", 66.7),
    (1, 16, "1/16 (6,3%)", 6.3),  # 6.25 exactly: half away from zero
    (0, 5, "0/5 (0,0%)", 0.0),
    (5, 5, "5/5 (100,0%)", 100.0),
    (1234, 5000, "1.234/5.000 (24,7%)", 24.7),
])
def test_a_percentage_carries_its_base_and_one_decimal(part, base, text, value):
    assert fmt_percent(part, base) == text
    assert percent_value(part, base) == value


def test_a_percentage_of_nothing_has_no_value():
    assert fmt_percent(0, 0) == "0/0 (—)"
    assert percent_value(0, 0) is None


def test_dates_and_times_are_day_first_in_vietnam_time():
    assert fmt_date(date(2025, 9, 30)) == "30/09/2025"
    assert fmt_date(date(1, 1, 1)) == "01/01/0001"
    assert fmt_date(None) == "—"
    assert fmt_datetime(datetime(2025, 9, 30, 17, 30, tzinfo=UTC)) == "01/10/2025 00:30"
    assert fmt_datetime(None) == "—"


def test_a_period_reads_month_first():
    assert fmt_period("2025-09") == "09/2025"


def test_cap_makes_a_label_start_a_sentence_without_touching_the_rest():
    assert cap("đạt") == "Đạt"
    assert cap("cán bộ CNTT") == "Cán bộ CNTT"
    assert cap("Chủ tịch") == "Chủ tịch"
    assert cap("") == ""


# ---------------------------------------------------------------- the same numbers everywhere


def test_kpi_record_list_and_its_error_write_a_reading_with_the_same_two_decimals_and_thousands(seeded, run_cli):
    out = run_cli("kpi", "record", "I.2", "--period", "2025-09", "--numerator", "1234", "--denominator", "5000")
    assert out.exit_code == 0, out.output
    assert out.stdout.strip() == "Đã ghi chỉ tiêu I.2 kỳ 2025-09: 24,68%."
    line = next(ln for ln in run_cli("kpi", "list").stdout.splitlines() if ln.startswith("I.2 "))
    assert "24,68% (2025-09) = 1.234/5.000" in line
    bad = run_cli("kpi", "record", "I.2", "--period", "2025-09", "--value", "20", "--numerator", "1234",
                  "--denominator", "5000")
    assert bad.exit_code == 1 and "Giá trị 20 không khớp với tử số/mẫu số (24,68%)" in bad.stderr


def test_the_digest_writes_a_kpi_reading_with_a_decimal_comma_and_its_period_month_first(seeded, run_cli):
    from tests.factories import VP_HEAD, add_person, vn
    from tracker.domain.kpis import record_kpi

    add_person(seeded, VP_HEAD, unit="VP")
    record_kpi(seeded, commune=None, code="I.3", period="2025-09", value=55.5, numerator=None, denominator=None,
               source=None, actor="t", channel="cli", now=vn(2025, 10, 1))  # target ≥ 80
    out = run_cli("digest", "--at", "2025-10-06 07:30").stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("   - I.3 "))
    assert "55,5%" in line and "số liệu tháng 09/2025" in line, line


def test_a_deadline_that_falls_on_a_working_day_reads_as_its_date():
    assert deadline_phrase(date(2025, 12, 15), date(2025, 12, 15)) == "15/12/2025"
    assert deadline_sentence(date(2025, 12, 15), date(2025, 12, 15)) == "Hạn 15/12/2025"


def test_a_rolled_deadline_names_both_days_the_weekday_and_the_article():
    rolled = "14/12/2025 (Chủ nhật) chuyển sang hết ngày làm việc tiếp theo 15/12/2025 (Điều 148 Bộ luật Dân sự 2015)"
    assert deadline_phrase(date(2025, 12, 14), date(2025, 12, 15)) == rolled
    assert deadline_sentence(date(2025, 12, 14), date(2025, 12, 15)) == "Hạn " + rolled
    assert deadline_phrase(date(2025, 9, 13), date(2025, 9, 15)).startswith("13/09/2025 (Thứ Bảy) chuyển sang")


def test_weekday_names_are_written_as_in_an_administrative_text():
    week = [weekday_name(date(2025, 12, 15) + timedelta(days=n)) for n in range(7)]
    assert week == ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def test_a_period_reads_as_its_month_and_its_data_window():
    assert month_phrase("2025-08") == "tháng 8/2025"
    assert month_phrase("2025-12") == "tháng 12/2025"
    assert period_phrase("2025-08", date(2025, 7, 15), date(2025, 8, 14)) == (
        "tháng 8/2025 (số liệu từ 15/07 đến 14/08/2025)")
    assert period_phrase("2026-01", date(2025, 12, 15), date(2026, 1, 14)) == (
        "tháng 1/2026 (số liệu từ 15/12/2025 đến 14/01/2026)")
