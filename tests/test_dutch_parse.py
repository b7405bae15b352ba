"""Dutch date and time input: what a worker types, and clear errors for what we do not understand."""

from __future__ import annotations

from datetime import date, time

import pytest

from models.dutch_parse import ParseError, parse_date, parse_time

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
