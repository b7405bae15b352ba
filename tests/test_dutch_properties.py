"""Property tests for Dutch date and time input (models/dutch_parse.py) and the week arithmetic.

1. Whatever is typed, on whatever day, the parsers raise nothing but ParseError.
2. Every date the app prints reads back as that date. The printed forms, and where they show:
   short_date "di 24 nov" (Vandaag, lists, hints), short_date + year "di 24 nov 2026" (client page,
   Top-3, the planning's week jump), long_date "dinsdag 24 november 2026" (overleg),
   numeric_date / "%d-%m-%Y" "24-11-2026" (a date field's prefill, client page, waitlist),
   "%d-%m" "24-11" (huisverbod warnings, screens/common/format.py), the date field's hint
   "di 24 nov · week 48" (DateInput.describe, the Ctrl+L merge), week_label "week 48" (slot finder,
   caseload) and the planning's "Week 48 · ma 23 nov 2026" (describe_week). Year-less forms read
   back within half a year of today (the rule in the module docstring); with a year, always.
3. The week arithmetic of the planning (week_monday, a week forward/back, `g` week N) over year
   ends and ISO week 53.
4. A date with a time: parse_date_time reads both, parse_date says where the time goes.
5. Spoken times ("half 3") follow the documented am/pm rule; every result is a valid time.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pendulum
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from models import clock
from models.clock import week_monday
from models.dutch import long_date, numeric_date, short_date, week_label
from models.dutch_parse import (
    MONTHS, WEEKDAYS, ParseError, parse_date, parse_date_time, parse_time, spoken_hour, weeks_in,
)

FEW = settings(max_examples=100, deadline=None)
SOME = settings(max_examples=200, deadline=None)
MANY = settings(max_examples=400, deadline=None)

YEARS = st.integers(1990, 2100)
TODAYS = st.one_of(
    st.dates(date(1990, 1, 1), date(2100, 12, 31)),
    # the hard days: around new year (ISO week 53, week 1 in december) and around 29 february
    st.builds(lambda year, days: date(year, 12, 20) + timedelta(days=days), YEARS, st.integers(0, 20)),
    st.builds(lambda year, days: date(year, 2, 20) + timedelta(days=days), YEARS, st.integers(0, 14)),
    st.sampled_from([date(2026, 12, 28), date(2027, 1, 3), date(2027, 1, 4), date(2028, 2, 29), date(2100, 12, 31)]),
)
HALF_YEAR = 182  # year-less forms read back this far from today, both ways

# --- 1. never anything but ParseError --------------------------------------------------------------

WORDS = (list(WEEKDAYS) + list(MONTHS) + ["vandaag", "morgen", "gisteren", "volgende", "vorige", "week", "wk",
         "om", "half", "kwart", "over", "voor", "tien", "drie", "uur", "u", "·", ",", ".", "-", "/", "+"]
         + ["0", "00", "1", "2", "7", "12", "13", "24", "28", "29", "30", "31", "32", "52", "53", "54", "60", "99",
            "999", "1430", "2026", "2027", "9999", "0000", "14u", "9.30", "14:00", "25:00", "14u30", "+999", "-1"])
NUMBER = st.one_of(st.sampled_from([0, 1, 2, 12, 13, 28, 29, 30, 31, 32, 53, 54, 99]), st.integers(0, 99))
DATE_LIKE = st.builds(
    lambda wd, day, sep, month, year: f"{wd}{day}{sep}{month}{year}",
    st.sampled_from(["", "ma ", "di ", "zo "]), NUMBER, st.sampled_from(["-", "/", " "]),
    st.one_of(NUMBER.map(str), st.sampled_from(["feb", "februari", "nov", "xyz"])),
    st.sampled_from(["", "-2026", "-26", "-2027", "-2028", "-9999", "-0000", "-0", " 2028", " 2100", " 1430"]),
)
WEEK_LIKE = st.builds(lambda word, week, wd, year: f"{word} {week}{wd}{year}",
                      st.sampled_from(["wk", "week", "Week"]), NUMBER,
                      st.sampled_from(["", " ma", " do", " zo", " xx"]),
                      st.sampled_from(["", " 2026", " 2027", " 2020", " 1900", " 2199", " 9999"]))
TYPED = st.one_of(
    st.text(),  # any unicode, control characters included
    st.text(alphabet="0123456789-/+.:· wkuhalfvor\t\n\x00", max_size=24),
    st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join),
    DATE_LIKE, WEEK_LIKE,
    st.from_regex(r"\A\+[0-9]{1,4}\Z"),
    st.sampled_from(["31-02", "99-99-9999", "wk 54", "+999", "29-2", "29-02-2027", "0-0", "٣-١١", "２４-１１",
                     "1" * 5000, "wk " * 2000, "24-11 " * 1000 + "14u", "\x00\x1f\x7f", "İ", "ﬀ"]),
)


@MANY
@given(TYPED, TODAYS)
@example("29-2", date(2028, 6, 1))  # the original parser: ValueError from date.replace(year=2029)
@example("29-02", date(2024, 12, 1))
@example("wk 53", date(2027, 1, 4))
def test_typed_text_raises_only_parse_error(text, today):
    for parse in (lambda: parse_date(text, today), lambda: parse_date_time(text, today), lambda: parse_time(text)):
        try:
            result = parse()
        except ParseError as problem:
            assert str(problem).strip(), "a refusal says what is wrong"
        else:
            assert isinstance(result, (date, time, tuple))


@st.composite
def typed_near_today(draw) -> tuple[str, date]:
    """A day and month as a worker types them, on a day when that is hard: 29-2 in june of a leap
    year, 31-12 in january, a week number around new year."""
    today = draw(st.one_of(TODAYS, st.builds(lambda year, days: date(year, 1, 1) + timedelta(days=days),
                                             st.sampled_from([1992, 2024, 2028, 2096]), st.integers(0, 365))))
    day, month = draw(st.one_of(
        st.sampled_from([(29, 2), (30, 2), (31, 4), (31, 12), (1, 1), (0, 5), (5, 0), (32, 1), (28, 2)]),
        st.integers(-400, 400).map(lambda days: ((today + timedelta(days=days)).day,
                                                 (today + timedelta(days=days)).month)),
    ))
    year = draw(st.sampled_from(["", f"-{today.year}", f"-{today.year + 1}", f"-{today.year % 100:02d}"]))
    form = draw(st.sampled_from(["{d}-{m}{y}", "{d}/{m}", "{d:02d}-{m:02d}{y}", "{wd} {d}-{m}", "wk {m} {wd}",
                                 "week {d}{ys}", "{d} {mon}{ys}", "{wd} {d} {mon}", "+{d}{m}{d}"]))
    month_names = [name for name, number in MONTHS.items() if number == month] or ["xyz"]
    text = form.format(d=day, m=month, y=year, ys=year.replace("-", " "), wd=draw(st.sampled_from(list(WEEKDAYS))),
                       mon=draw(st.sampled_from(month_names)))
    return text, today


@SOME
@given(typed_near_today())
def test_dates_typed_on_hard_days_raise_only_parse_error(typed):
    text, today = typed
    for parse in (parse_date, parse_date_time):
        try:
            parse(text, today)
        except ParseError as problem:
            assert str(problem).strip()


@FEW
@given(TYPED, st.dates())  # the whole calendar: date.min and date.max as today
@example("+999", date(9999, 6, 1))
@example("volgende week di", date(9999, 12, 30))
@example("vorige week di", date(1, 1, 5))
@example("5-1", date(9999, 12, 30))
@example("wk 2", date(9999, 12, 30))
def test_no_overflow_at_the_ends_of_the_calendar(text, today):
    try:
        parse_date_time(text, today)
    except ParseError:
        pass


# --- 2. what the app prints reads back --------------------------------------------------------------


def with_year(day: date) -> list[str]:
    return [numeric_date(day), day.strftime("%d-%m-%Y"), f"{short_date(day)} {day.year}", long_date(day),
            f"{week_label(day).capitalize()} · {short_date(day)} {day.year}"]


def without_year(day: date) -> list[str]:
    return [short_date(day), day.strftime("%d-%m"), f"{short_date(day)} · {week_label(day)}",
            f"{day.day} {short_date(day).split()[2]}", f"{day.day}/{day.month}"]


def week_forms(day: date) -> list[str]:
    weekday = short_date(day).split()[0]
    week = day.isocalendar().week
    return [f"wk {week} {weekday}", f"week {week} {weekday}", f"wk{week} {weekday}"]


@SOME
@given(TODAYS, st.one_of(st.integers(-180, 365), st.integers(-40_000, 40_000)))
def test_printed_dates_with_a_year_read_back(today, offset):
    target = today + timedelta(days=offset)
    if not 1900 <= target.year <= 2199:
        return
    for text in with_year(target):
        assert parse_date(text, today) == target, text


@MANY
@given(TODAYS, st.integers(-HALF_YEAR, HALF_YEAR))
@example(date(2026, 11, 23), 14)  # "ma 7 dec"
@example(date(2028, 6, 1), -93)  # "di 29 feb", typed in june
@example(date(2027, 8, 31), HALF_YEAR)  # "do 29 feb" 2028
def test_printed_dates_without_a_year_read_back_within_half_a_year(today, offset):
    target = today + timedelta(days=offset)
    for text in without_year(target):
        assert parse_date(text, today) == target, text


@SOME
@given(TODAYS, st.integers(-180, 365))
def test_a_date_without_a_year_is_the_nearest_one(today, offset):
    """Further than half a year the year-less form means the same day and month nearest to today."""
    target = today + timedelta(days=offset)
    try:
        result = parse_date(target.strftime("%d-%m"), today)
    except ParseError as problem:  # only 29 february, in a year that has none
        assert (target.month, target.day) == (2, 29) and "geen schrikkeljaar" in str(problem)
        return
    assert (result.month, result.day) == (target.month, target.day)
    assert abs((result - today).days) <= 183
    for other_year in (result.year - 1, result.year + 1):
        if not (target.month, target.day) == (2, 29):
            assert abs((result.replace(year=other_year) - today).days) >= abs((result - today).days)


@SOME
@given(TODAYS, st.integers(-25 * 7, 26 * 7 + 6))  # 26 weeks back ties with 26 ahead (52-week year)
@example(date(2027, 1, 4), -7)  # monday of 2027-W01 and "wk 53 ma": last week, 2026-W53
@example(date(2026, 7, 1), 26 * 7)  # 2026-W53, 26 weeks ahead
def test_printed_weeks_read_back_within_26_weeks(today, offset):
    target = week_monday(today) + timedelta(days=offset)
    for text in week_forms(target):
        assert parse_date(text, today) == target, text
    assert parse_date(week_label(target), today) == week_monday(target)


@SOME
@given(TODAYS, st.integers(-HALF_YEAR, HALF_YEAR), st.sampled_from(list(WEEKDAYS)))
@example(date(2026, 11, 23), 15, "ma")  # "ma 8 dec": 8 december 2026 is a tuesday
def test_a_weekday_in_front_must_agree(today, offset, weekday):
    target = today + timedelta(days=offset)
    text = f"{weekday} {target.day} {short_date(target).split()[2]}"
    if WEEKDAYS[weekday] == target.weekday():
        assert parse_date(text, today) == target
    else:
        named = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")[target.weekday()]
        with pytest.raises(ParseError, match=rf"^{target.day} \w+( {target.year})? is een {named}"):
            parse_date(text, today)


# --- 3. week arithmetic -----------------------------------------------------------------------------


def next_iso_week(year: int, week: int) -> tuple[int, int]:
    return (year, week + 1) if week < weeks_in(year) else (year + 1, 1)


@MANY
@given(st.one_of(TODAYS, st.dates()), st.booleans())
def test_week_monday(day, as_pendulum):
    if as_pendulum:  # the planning passes clock.today(), a pendulum Date
        day = pendulum.date(day.year, day.month, day.day)
    monday = week_monday(day)
    assert isinstance(monday, date)
    assert monday.weekday() == 0
    assert 0 <= (day - monday).days <= 6
    assert monday.isocalendar()[:2] == day.isocalendar()[:2]
    assert week_label(day) == f"week {day.isocalendar().week}"


@SOME
@given(TODAYS, st.integers(1, 60))
@example(date(2026, 12, 21), 3)  # W52 → 2026-W53 → 2027-W01 → W02
def test_week_navigation_round_trips_over_year_ends(today, steps):
    """As PlanningScreen.action_week does it: monday += timedelta(weeks=±1)."""
    start = week_monday(pendulum.date(today.year, today.month, today.day))
    monday = start
    for _ in range(steps):
        following = monday + timedelta(weeks=1)
        assert following.weekday() == 0
        assert following.isocalendar()[:2] == next_iso_week(*monday.isocalendar()[:2])
        assert week_label(following) == f"week {next_iso_week(*monday.isocalendar()[:2])[1]}"
        monday = following
    for _ in range(steps):
        monday -= timedelta(weeks=1)
    assert monday == start


def test_2026_has_a_week_53():
    assert weeks_in(2026) == 53 and weeks_in(2027) == 52
    monday = date(2026, 12, 21)
    seen = []
    for _ in range(3):
        monday += timedelta(weeks=1)
        seen.append((week_label(monday), monday))
    assert seen == [("week 53", date(2026, 12, 28)), ("week 1", date(2027, 1, 4)), ("week 2", date(2027, 1, 11))]
    assert parse_date("wk 53 zo", date(2027, 1, 4)) == date(2027, 1, 3)  # last week, seen on new year's monday
    assert parse_date("week 53", date(2026, 7, 1)) == date(2026, 12, 28)
    with pytest.raises(ParseError, match="2027 heeft geen week 53"):
        parse_date("week 53", date(2027, 10, 1))


@SOME
@given(YEARS, st.integers(1, 53), TODAYS)
def test_week_n_of_a_year(year, week, today):
    from models.errors import ValidationFailed
    from models.planning.ics_export import week_monday_of

    if week <= weeks_in(year):
        assert parse_date(f"week {week} {year}", today) == date.fromisocalendar(year, week, 1)
        assert week_monday_of(year, week) == date.fromisocalendar(year, week, 1)
    else:
        with pytest.raises(ParseError, match=f"^{year} heeft geen week {week}"):
            parse_date(f"week {week} {year}", today)
        with pytest.raises(ValidationFailed):
            week_monday_of(year, week)


@SOME
@given(TODAYS, st.integers(1, 53))
def test_go_to_week_number(today, week):
    """The planning's `g` (screens.planning.day_dialog.parse_week): the week N nearest to this week, or a
    Dutch refusal when that year has no week 53."""
    from screens.planning.day_dialog import describe_week, parse_week

    clock.freeze(pendulum.datetime(today.year, today.month, today.day, 12, tz=clock.TEAM_TZ))
    try:
        monday = parse_week(str(week))
    except ValueError as problem:
        assert week == 53 and re.fullmatch(r"\d{4} heeft geen week 53: dat jaar heeft 52 weken\.", str(problem))
        return
    finally:
        clock.freeze(None)
    assert monday.weekday() == 0 and monday.isocalendar().week == week
    assert abs((monday - week_monday(today)).days) <= 26 * 7 + 7  # within half a year (+ the missing week 53)
    if abs((monday - week_monday(today)).days) > 26 * 7:
        assert week == 53
    clock.freeze(pendulum.datetime(today.year, today.month, today.day, 12, tz=clock.TEAM_TZ))
    try:
        assert parse_week(describe_week(monday)) == monday  # the dialog's own description reads back
    finally:
        clock.freeze(None)


# --- 4. a date with a time ----------------------------------------------------------------------------

DATE_TEXTS = st.one_of(
    st.sampled_from(["vandaag", "morgen", "overmorgen", "di", "vrijdag", "volgende week di", "vorige week vr",
                     "+3", "wk 49 di", "week 49", "24-11", "24-11-2026", "24 nov", "24 nov.", "3 december 2026"]),
    st.integers(-HALF_YEAR, HALF_YEAR).map(lambda days: short_date(date(2026, 11, 23) + timedelta(days=days))),
    st.integers(-400, 400).map(lambda days: long_date(date(2026, 11, 23) + timedelta(days=days))),
)
CLOCK_TIMES = st.builds(time, st.integers(0, 23), st.integers(0, 59))
TIME_TEXTS = st.one_of(
    CLOCK_TIMES.map(lambda t: t.strftime("%H:%M")),
    CLOCK_TIMES.map(lambda t: f"{t.hour}:{t.minute:02d}"),
    CLOCK_TIMES.map(lambda t: f"{t.hour}.{t.minute:02d}"),
    CLOCK_TIMES.map(lambda t: f"{t.hour}u{t.minute:02d}"),
    st.integers(0, 23).map(lambda h: f"{h}u"),
    st.integers(0, 23).map(lambda h: f"{h} uur"),
    st.integers(1, 23).map(lambda h: f"half {h}"),
    st.builds(lambda m, d, h: f"{m} {d} {h}", st.sampled_from(["vijf", "tien", "kwart", "20"]),
              st.sampled_from(["over", "voor", "over half", "voor half"]), st.integers(1, 23)),
)


@MANY
@given(DATE_TEXTS, TIME_TEXTS, st.sampled_from(["", "om "]))
@example("morgen", "14u", "")
@example("di", "9.30", "")
@example("24-11", "14:00", "")
@example("wk 49 di", "10u", "")
def test_a_date_with_a_time(date_text, time_text, om):
    today = date(2026, 11, 23)
    typed = f"{date_text} {om}{time_text}"
    day, at = parse_date(date_text, today), parse_time(time_text)
    assert parse_date_time(typed, today) == (day, at)
    assert parse_date_time(date_text, today) == (day, None)
    with pytest.raises(ParseError) as refused:
        parse_date(typed, today)
    assert str(refused.value) == f"Hier alleen de datum, zonder tijd ({at:%H:%M})."


# --- 5. times ----------------------------------------------------------------------------------------


@MANY
@given(st.one_of(TYPED, TIME_TEXTS))
def test_every_time_is_valid(text):
    try:
        result = parse_time(text)
    except ParseError:
        return
    assert isinstance(result, time) and 0 <= result.hour <= 23 and 0 <= result.minute <= 59


@SOME
@given(CLOCK_TIMES, st.sampled_from(["%H:%M", "%-H:%M", "%H.%M", "%-Hu%M", "%H%M"]))
def test_printed_times_read_back(moment, pattern):
    assert parse_time(moment.strftime(pattern)) == moment


def minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


@given(st.integers(1, 23), st.sampled_from(["", "om "]))
@settings(max_examples=60, deadline=None)
def test_half_n_is_half_an_hour_before_n(hour, om):
    """The am/pm rule: N = 1…7 is 13:00–19:00, 8…12 is 08:00–12:00, 13…23 as written."""
    full = spoken_hour(hour) * 60
    assert spoken_hour(hour) == (hour + 12 if hour <= 7 else hour)
    assert 8 <= spoken_hour(hour) <= 23
    assert minutes(parse_time(f"{om}half {hour}")) == full - 30
    assert minutes(parse_time(f"kwart over {hour}")) == full + 15
    assert minutes(parse_time(f"kwart voor {hour}")) == full - 15
    assert minutes(parse_time(f"tien over half {hour}")) == full - 20
    assert minutes(parse_time(f"vijf voor half {hour}")) == full - 35
