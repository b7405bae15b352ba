"""Dutch date and time input: what a worker types, and clear errors for what we do not understand."""

from __future__ import annotations

from datetime import date, time

import pytest

from models.dutch_parse import ParseError, parse_date, parse_date_time, parse_time

MONDAY = date(2026, 11, 23)  # week 48


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vandaag", date(2026, 11, 23)),
        ("Morgen", date(2026, 11, 24)),
        ("overmorgen", date(2026, 11, 25)),
        ("gisteren", date(2026, 11, 22)),
        ("ma", date(2026, 11, 23)),
        ("di", date(2026, 11, 24)),
        ("vrijdag", date(2026, 11, 27)),
        ("zo", date(2026, 11, 29)),
        ("volgende week di", date(2026, 12, 1)),
        ("vorige week vr", date(2026, 11, 20)),
        ("24-11", date(2026, 11, 24)),
        ("24-11-2026", date(2026, 11, 24)),
        ("1/12", date(2026, 12, 1)),
        ("24 nov", date(2026, 11, 24)),
        ("24 nov.", date(2026, 11, 24)),
        ("3 december 2026", date(2026, 12, 3)),
        ("wk 49 di", date(2026, 12, 1)),
        ("week 49", date(2026, 11, 30)),
        ("wk 2 do", date(2027, 1, 14)),
        ("5-1", date(2027, 1, 5)),
        ("+3", date(2026, 11, 26)),
    ],
)
def test_dates(text, expected):
    assert parse_date(text, MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Vul een datum in"),
        ("31-11", "geen bestaande datum"),
        ("24 nvo", "Onbekende maand"),
        ("volgende week xx", "Onbekende dag"),
        ("wk 60 di", "bestaat niet"),
        ("ergens volgende week", "Onbekende datum"),
        ("2026-11-24x", "Onbekende datum"),
    ],
)
def test_wrong_dates_are_refused_without_a_guess(text, message):
    with pytest.raises(ParseError, match=message):
        parse_date(text, MONDAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("14:00", time(14, 0)), ("14u", time(14, 0)), ("14u30", time(14, 30)), ("9.30", time(9, 30)),
     ("930", time(9, 30)), ("14", time(14, 0)), (" 8:05 ", time(8, 5))],
)
def test_times(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(("text", "message"), [("", "Vul een tijd in"), ("25:00", "bestaat niet"),
                                               ("14:75", "bestaat niet"), ("half drie", "Onbekende tijd")])
def test_wrong_times_are_refused(text, message):
    with pytest.raises(ParseError, match=message):
        parse_time(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what the app prints reads back
        ("ma 7 dec", date(2026, 12, 7)),
        ("di 24 nov 2026", date(2026, 11, 24)),
        ("dinsdag 24 november 2026", date(2026, 11, 24)),
        ("di 24 nov · week 48", date(2026, 11, 24)),
        ("Week 48 · ma 23 nov 2026", date(2026, 11, 23)),
        ("week 53 2026", date(2026, 12, 28)),
        ("wk 53 do 2026", date(2026, 12, 31)),
        ("24-11-26", date(2026, 11, 24)),
        ("eergisteren", date(2026, 11, 21)),
        # without a year: the nearest to today, half a year back to half a year ahead
        ("2 nov", date(2026, 11, 2)),
        ("15-6", date(2026, 6, 15)),
        ("15-5", date(2027, 5, 15)),
        ("week 20", date(2027, 5, 17)),
        ("week 30", date(2026, 7, 20)),
    ],
)
def test_printed_and_year_less_dates(text, expected):
    assert parse_date(text, MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("30-2", "30 februari bestaat niet"),
        ("31 april", "31 april bestaat niet"),
        ("29-2", "29 februari 2027 bestaat niet, 2027 is geen schrikkeljaar"),
        ("0-5", "dag 0 bestaat niet"),
        ("5-13", "maand 13 bestaat niet"),
        ("24-11-0226", "Jaar 0226 kan niet"),
        ("wk 53 2027", "2027 heeft geen week 53"),
        ("wk 0", "Week 0 bestaat niet"),
        ("ma 8 dec", "8 december is een dinsdag"),
        ("di 24 nov · week 49", "24 november valt in week 48, niet in week 49"),
        ("morgen 14u", r"^Hier alleen de datum, zonder tijd \(14:00\)\.$"),
        ("di 9.30", r"zonder tijd \(09:30\)"),
        ("24-11 14:00", r"zonder tijd \(14:00\)"),
        ("wk 49 di om 10u", r"zonder tijd \(10:00\)"),
        ("morgen half 3", r"zonder tijd \(14:30\)"),
        ("14:00", r"zonder tijd \(14:00\)"),
    ],
)
def test_wrong_dates_say_what_is_wrong(text, message):
    with pytest.raises(ParseError, match=message):
        parse_date(text, MONDAY)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("29-2", date(2028, 6, 1), date(2028, 2, 29)),  # the original raised ValueError from date.replace
        ("wk 53", date(2027, 1, 4), date(2026, 12, 28)),  # last week, seen on new year's monday
        ("wk 53 zo", date(2026, 7, 1), date(2027, 1, 3)),
        ("5-1", date(2026, 12, 31), date(2027, 1, 5)),
        ("28-12", date(2027, 1, 2), date(2026, 12, 28)),
        ("+999", date(9999, 6, 1), "buiten de kalender"),  # the original raised OverflowError
        ("week 53", date(2027, 10, 1), "2027 heeft geen week 53"),
    ],
)
def test_dates_on_hard_days(text, today, expected):
    if isinstance(expected, date):
        assert parse_date(text, today) == expected
    else:
        with pytest.raises(ParseError, match=expected):
            parse_date(text, today)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("morgen 14u", (date(2026, 11, 24), time(14, 0))),
        ("di 9.30", (date(2026, 11, 24), time(9, 30))),
        ("24-11 14:00", (date(2026, 11, 24), time(14, 0))),
        ("wk 49 di 10u", (date(2026, 12, 1), time(10, 0))),
        ("wk 49 di om 10u", (date(2026, 12, 1), time(10, 0))),
        ("morgen tien over half 4", (date(2026, 11, 24), time(15, 40))),
        ("di 24 nov 2026 9 uur", (date(2026, 11, 24), time(9, 0))),
        ("morgen", (date(2026, 11, 24), None)),
    ],
)
def test_date_with_time(text, expected):
    assert parse_date_time(text, MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("morgen 14", r"Is 14 een tijd\? Schrijf dan 14u of 14:00"), ("14u", "Vul ook een datum in"),
     ("morgen 25:00", "Die tijd bestaat niet"), ("morgen half drie", "uur in cijfers"),
     ("30-2 14u", "30 februari bestaat niet"), ("ergens 14u", "Onbekende datum")],
)
def test_wrong_date_with_time(text, message):
    with pytest.raises(ParseError, match=message):
        parse_date_time(text, MONDAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("half 3", time(14, 30)), ("half 1", time(12, 30)), ("half 8", time(7, 30)), ("half 9", time(8, 30)),
     ("half 12", time(11, 30)), ("kwart over 2", time(14, 15)), ("kwart voor 3", time(14, 45)),
     ("tien over half 4", time(15, 40)), ("vijf voor half 9", time(8, 25)), ("20 over 3", time(15, 20)),
     ("kwart over 14", time(14, 15)), ("om 14u", time(14, 0)), ("14 uur", time(14, 0)), ("3", time(3, 0))],
)
def test_spoken_times(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(("text", "message"), [("half drie", "uur in cijfers"), ("twintig over 3", "vijf, tien, kwart"),
                                               ("half 0", "uur van 1 tot en met 23"), ("45 over 3", "1 tot en met 29")])
def test_wrong_spoken_times(text, message):
    with pytest.raises(ParseError, match=message):
        parse_time(text)
