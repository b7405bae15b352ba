"""Reading dates and times the way a Dutch worker types them.

    dates: vandaag, morgen, overmorgen, gisteren, eergisteren, +3 (days from today),
           ma … zo (the next one, today included), volgende week di, vorige week vr,
           24-11, 24/11, 24-11-2026, 24-11-26, 24 nov, 24 november 2026,
           wk 49 di, week 49 (its monday), week 53 2026 (an ISO week year),
           and what the app prints: "di 24 nov", "di 24 nov 2026", "dinsdag 24 november 2026",
           "24-11-2026", "di 24 nov · week 48" (the hint under a date field),
           "Week 48 · ma 23 nov 2026" (the planning's week jump)
    times: 14:00, 14u, 14 uur, 14u30, 9.30, 930, 14, om 14u,
           half 3, kwart over 2, kwart voor 3, tien over half 4, vijf voor half 9, 20 over 3
    both:  parse_date_time reads a date followed by a time: morgen 14u, di 9.30, 24-11 14:00,
           wk 49 di om 10u, morgen half 3

Rules (each one is what the printed forms need to read back as the same date):

- A date without a year ("24-11", "di 24 nov") is the one NEAREST TO TODAY: from half a year
  back to half a year ahead (a tie goes to the later one). So "5-1" typed in November is next
  January and "15-6" typed in November is last June. A registration's melding date and an
  appointment next month both read right; a date further away needs its year.
- A week number without a year ("wk 49 di", "week 53") is likewise the week nearest to this week
  (its monday at most 26 weeks away; a tie, 26 weeks back or ahead, goes to the later one). The
  year is chosen first and then checked, so "week 53" typed in autumn 2027 says "2027 heeft geen
  week 53" instead of jumping to 2026. With a year ("week 53 2026") it is the ISO week year.
- A weekday in front of a date ("ma 7 dec") must agree with it: "ma 8 dec" when 8 december is a
  tuesday is refused ("8 december is een dinsdag"); it never moves the date or the year. Likewise a
  week number next to a date ("di 24 nov · week 48") must be that date's week.
- A date that does not exist is refused with what is wrong ("30 februari bestaat niet",
  "29 februari 2027 bestaat niet, 2027 is geen schrikkeljaar"); a typed year must be 1900–2199.
- parse_date takes a date only. A date with a time ("morgen 14u") is refused with where the time
  goes; parse_date_time takes both.
- "half 3", "kwart over 2" and the like are spoken office times. Their hour N means 13:00–19:00
  for N = 1…7 and 08:00–12:00 for N = 8…12 (13…23 as written); "half N" is 30 minutes before that
  hour: half 3 = 14:30, half 1 = 12:30, half 8 = 07:30, half 9 = 08:30, kwart voor 8 = 07:45,
  tien over half 4 = 15:40. Numbers as words ("half drie") are refused with a hint. Plain numbers
  keep the 24-hour clock: "3", "3u" and "3 uur" are 03:00.

Wrong input raises ParseError with a Dutch sentence; nothing is guessed. (Libraries such as
dateparser read far more, but they guess at what they do not understand — "no guess" is the
rule here — and know no ISO week forms.)
"""

from __future__ import annotations

import re
from calendar import isleap, monthrange
from datetime import MAXYEAR, MINYEAR, date, time, timedelta

WEEKDAYS = {
    "ma": 0, "maandag": 0, "di": 1, "dinsdag": 1, "wo": 2, "woensdag": 2, "do": 3, "donderdag": 3,
    "vr": 4, "vrijdag": 4, "za": 5, "zaterdag": 5, "zo": 6, "zondag": 6,
}
MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mrt": 3, "maart": 3, "apr": 4, "april": 4,
    "mei": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augustus": 8, "sep": 9, "sept": 9,
    "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
RELATIVE = {"vandaag": 0, "morgen": 1, "overmorgen": 2, "gisteren": -1, "eergisteren": -2}
MONTH_NAMES = ("", "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
               "oktober", "november", "december")
WEEKDAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
FIRST_YEAR, LAST_YEAR = 1900, 2199  # a typed year outside these is a typo ("24-11-0226")
MINUTE_WORDS = {"vijf": 5, "tien": 10, "kwart": 15}
HOUR_WORDS = ("een", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf",
              "twaalf")

_DATE_HELP = "Probeer: vandaag, morgen, di, volgende week di, 24-11, 24 nov of wk 49 di."
_TIME_HELP = "Schrijf bijvoorbeeld 14:00, 14u, 9.30 of half 3."
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
# A calendar date: an optional weekday, then day-month[-year] or day monthname [year].
_NUMERIC = re.compile(rf"(?:(?P<wd>{_WEEKDAY}) )?(?P<day>[0-9]{{1,2}})(?P<sep>[-/])(?P<month>[0-9]{{1,2}})"
                      rf"(?:(?P=sep)(?P<year>[0-9]{{2}}|[0-9]{{4}}))?")
_WORDED = re.compile(rf"(?:(?P<wd>{_WEEKDAY}) )?(?P<day>[0-9]{{1,2}}) (?P<month>[a-z]+)(?: (?P<year>[0-9]{{4}}))?")
_WEEK = re.compile(r"(?:wk|week) ?(?P<week>[0-9]{1,2})(?: (?P<wd>[a-z]+))?(?: (?P<year>[0-9]{4}))?")
_DATE_WITH_WEEK = (re.compile(r"(?P<date>.+) (?:wk|week) ?(?P<week>[0-9]{1,2})"),
                   re.compile(r"(?:wk|week) ?(?P<week>[0-9]{1,2}) (?P<date>.+)"))
# An explicit time: with ':', '.', 'u' or spoken words. A bare number after a date is ambiguous.
_CLOCK = re.compile(r"([0-9]{1,2})(?:[:.u]([0-9]{2})| ?uur|u)")
_SPOKEN = re.compile(r"(?:(?P<min>[a-z]+|[0-9]{1,2}) (?P<dir>over|voor) )?(?P<half>half )?"
                     r"(?P<hour>[0-9]{1,2}|[a-zé]+)")


class ParseError(ValueError):
    """Input that is not a date or time we understand; the message is Dutch."""


class _Unrecognised(ParseError):
    """The text matches no date form at all (unlike "30-2", a form with a wrong value)."""


# --- public ----------------------------------------------------------------------------------------


def parse_date(text: str, today: date) -> date:
    """A date as typed (see the module docstring); a date with a time is refused with a hint."""
    try:
        return _date(_tokens(text), today)
    except _Unrecognised as problem:
        split = _split_time(text, today, bare=False)  # "di 14" may mean the 14th: no hint there
        if split is None:
            raise
        try:
            typed = f" ({parse_time(split[1]):%H:%M})"
        except ParseError:
            typed = ""
        raise ParseError(f"Hier alleen de datum, zonder tijd{typed}.") from problem


def parse_date_time(text: str, today: date) -> tuple[date, time | None]:
    """A date followed by an optional time: 'morgen 14u', 'di 9.30', '24-11 14:00', 'wk 49 di om 10u'."""
    try:
        return _date(_tokens(text), today), None
    except _Unrecognised:
        split = _split_time(text, today, bare=True)
        if split is None:
            raise
    day, spoken = split
    if day is None:
        raise ParseError(f"Vul ook een datum in, bijvoorbeeld morgen {spoken}.")
    if spoken.isdigit():  # "morgen 14": an hour, a day, a year?
        clock = f"{spoken}u of {spoken}:00" if len(spoken) <= 2 else f"{spoken[:-2]}:{spoken[-2:]}"
        raise ParseError(f"Is {spoken} een tijd? Schrijf dan {clock}.")
    return day, parse_time(spoken)


def parse_time(text: str) -> time:
    phrase = " ".join(text.strip().lower().split())
    if phrase.startswith("om "):
        phrase = phrase[3:]
    if not phrase:
        raise ParseError("Vul een tijd in.")
    if (spoken := _SPOKEN.fullmatch(phrase)) and (spoken["half"] or spoken["min"]):
        return _spoken_time(spoken)
    if any(word in phrase.split() for word in HOUR_WORDS + ("half", "kwart")):
        raise ParseError("Onbekende tijd. Schrijf het uur in cijfers: half 3, kwart over 2 of 14:30.")
    compact = phrase.replace(" ", "")
    match = (re.fullmatch(r"([0-9]{1,2})[:.u]([0-9]{2})", compact) or re.fullmatch(r"([0-9]{1,2})(?:uur|u)?()", compact)
             or re.fullmatch(r"([0-9]{1,2})([0-9]{2})", compact))
    if not match:
        raise ParseError(f"Onbekende tijd. {_TIME_HELP}")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ParseError("Die tijd bestaat niet (uren 0–23, minuten 0–59).")
    return time(hour, minute)


def spoken_hour(hour: int) -> int:
    """The clock hour N means in 'half N', 'kwart over N': 1–7 are afternoon (13–19), 8–12 morning."""
    return hour + 12 if 1 <= hour <= 7 else hour


# --- dates -----------------------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    """Lower case words; dots ("24 nov.") and the hint's '·' and commas separate words."""
    return re.sub(r"[.·,]", " ", text.lower()).split()


def _raw_tokens(text: str) -> list[str]:
    """Words with their dots kept, for a time at the end ("di 9.30")."""
    return re.sub(r"[·,]", " ", text.lower()).split()


def _date(words: list[str], today: date) -> date:
    if not words:
        raise ParseError("Vul een datum in.")
    phrase = " ".join(words)
    if phrase in RELATIVE:
        return _shift(today, RELATIVE[phrase])
    if match := re.fullmatch(r"\+([0-9]{1,3})", phrase):
        return _shift(today, int(match.group(1)))
    if phrase in WEEKDAYS:
        return _shift(today, (WEEKDAYS[phrase] - today.weekday()) % 7)
    if match := re.fullmatch(r"(volgende|vorige) week (\S+)", phrase):
        monday = _shift(today, 7 - today.weekday() if match.group(1) == "volgende" else -7 - today.weekday())
        return _in_week(monday, match.group(2))
    if match := _WEEK.fullmatch(phrase):
        return _week_day(int(match["week"]), match["wd"] or "ma", match["year"], today)
    if (day := _calendar(phrase, today)) is not None:
        return day
    # a calendar date with its week label, as the hint shows it: "di 24 nov · week 48", "week 48 di 24 nov"
    for pattern in _DATE_WITH_WEEK:
        if (match := pattern.fullmatch(phrase)) and (day := _calendar(match["date"], today)) is not None:
            week = int(match["week"])
            if week != day.isocalendar().week:
                raise ParseError(f"{_spoken_date(day, today)} valt in week {day.isocalendar().week}, "
                                 f"niet in week {week}.")
            return day
    if (match := re.fullmatch(r"[0-9]{1,2} (\S+)(?: \S+)?", phrase)) and match.group(1) not in MONTHS:
        raise _Unrecognised(f"Onbekende maand '{match.group(1)}'. Schrijf bijvoorbeeld 24 nov.")
    raise _Unrecognised(f"Onbekende datum. {_DATE_HELP}")


def _shift(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise ParseError("Die datum valt buiten de kalender.") from None


def _in_week(monday: date, weekday_word: str) -> date:
    if weekday_word not in WEEKDAYS:
        raise ParseError(f"Onbekende dag '{weekday_word}'. Gebruik ma, di, wo, do, vr, za of zo.")
    return _shift(monday, WEEKDAYS[weekday_word])


def weeks_in(iso_year: int) -> int:
    """52 or 53: the ISO weeks of a year (28 december is always in its last week)."""
    return date(iso_year, 12, 28).isocalendar().week


def _week_day(week: int, weekday_word: str, year_text: str | None, today: date) -> date:
    if not 1 <= week <= 53:
        raise ParseError(f"Week {week} bestaat niet: een jaar heeft week 1 tot en met 52 of 53.")
    if weekday_word not in WEEKDAYS:
        raise ParseError(f"Onbekende dag '{weekday_word}'. Gebruik ma, di, wo, do, vr, za of zo.")
    if year_text is not None:
        year = _typed_year(year_text)
    else:
        this_monday = today - timedelta(days=today.weekday())
        this_year = today.isocalendar().year

        def distance(year: int) -> tuple[int, int]:
            # where week N would be in that year (a missing week 53 counts as the week after 52)
            try:
                monday = date.fromisocalendar(year, min(week, weeks_in(year)), 1)
                if week > weeks_in(year):
                    monday += timedelta(weeks=1)
            except (ValueError, OverflowError):  # beyond date.min or date.max
                return 10**9, 0
            return abs((monday - this_monday).days), -year

        year = min((y for y in (this_year - 1, this_year, this_year + 1) if MINYEAR <= y <= MAXYEAR), key=distance)
    if week > weeks_in(year):
        raise ParseError(f"{year} heeft geen week {week}: dat jaar heeft {weeks_in(year)} weken.")
    try:
        return date.fromisocalendar(year, week, WEEKDAYS[weekday_word] + 1)
    except ValueError:
        raise ParseError("Die datum valt buiten de kalender.") from None


def _typed_year(text: str) -> int:
    year = int(text) + (2000 if len(text) == 2 else 0)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ParseError(f"Jaar {text} kan niet: schrijf een jaar van {FIRST_YEAR} tot en met {LAST_YEAR}.")
    return year


def _calendar(phrase: str, today: date) -> date | None:
    """A calendar date with an optional weekday in front, or None when the phrase is not one."""
    match = _NUMERIC.fullmatch(phrase) or _WORDED.fullmatch(phrase)
    if match is None:
        return None
    if match.re is _WORDED:
        if match["month"] not in MONTHS:
            raise _Unrecognised(f"Onbekende maand '{match['month']}'. Schrijf bijvoorbeeld 24 nov.")
        month = MONTHS[match["month"]]
    else:
        month = int(match["month"])
    day_number = int(match["day"])
    if not 1 <= month <= 12:
        raise ParseError(f"Dat is geen bestaande datum: maand {month} bestaat niet.")
    if day_number < 1 or day_number > (29 if month == 2 else monthrange(2000, month)[1]):
        what = f"dag {day_number}" if day_number < 1 or day_number > 31 else f"{day_number} {MONTH_NAMES[month]}"
        longest = "28 of 29" if month == 2 else str(monthrange(2000, month)[1])
        raise ParseError(f"Dat is geen bestaande datum: {what} bestaat niet "
                         f"({MONTH_NAMES[month]} heeft {longest} dagen).")
    year = _typed_year(match["year"]) if match["year"] else _nearest_year(day_number, month, today)
    if month == 2 and day_number == 29 and not isleap(year):
        raise ParseError(f"Dat is geen bestaande datum: 29 februari {year} bestaat niet, {year} is geen schrikkeljaar.")
    result = date(year, month, day_number)
    if match["wd"] and WEEKDAYS[match["wd"]] != result.weekday():
        raise ParseError(f"{_spoken_date(result, today)} is een {WEEKDAY_NAMES[result.weekday()]}, "
                         f"geen {WEEKDAY_NAMES[WEEKDAYS[match['wd']]]}.")
    return result


def _nearest_year(day: int, month: int, today: date) -> int:
    """The year that puts day-month nearest to today (a tie: the later one)."""

    def distance(year: int) -> tuple[int, int]:
        position = date(year, month, min(day, monthrange(year, month)[1]))  # 29-2 in other years: 28-2
        return abs((position - today).days), -year

    years = [y for y in (today.year - 1, today.year, today.year + 1) if MINYEAR <= y <= MAXYEAR]
    return min(years, key=distance)


def _spoken_date(day: date, today: date) -> str:
    """'8 december', with the year when it is not this year's."""
    text = f"{day.day} {MONTH_NAMES[day.month]}"
    return text if day.year == today.year else f"{text} {day.year}"


def _looks_like_time(phrase: str, *, bare: bool = True) -> bool:
    """A time with ':', '.', 'u' or spoken words; with `bare`, also a plain number ('14', '930')."""
    if _CLOCK.fullmatch(phrase) or bare and re.fullmatch(r"[0-9]{1,4}", phrase):
        return True
    spoken = _SPOKEN.fullmatch(phrase)
    return bool(spoken and (spoken["half"] or spoken["min"]))


def _split_time(text: str, today: date, *, bare: bool) -> tuple[date | None, str] | None:
    """A date followed by a time ('morgen 14u', 'wk 49 di om 10u') as (date, time text), or a time
    alone as (None, time text); None when no ending of the text reads as a time after a date.
    A date part with a wrong value ("30-2 14u") raises its own error."""
    raw = _raw_tokens(text)
    for count in range(min(len(raw), 5), 0, -1):  # the longest time first: "tien over half 4", then "4"
        head, tail = raw[:-count], raw[-count:]
        if head and head[-1] == "om":  # "morgen om 14u"
            head = head[:-1]
        spoken = " ".join(tail)
        if not _looks_like_time(spoken, bare=bare):
            continue
        if not head:
            return None if spoken.isdigit() else (None, spoken)
        try:
            return _date(_tokens(" ".join(head)), today), spoken
        except _Unrecognised:
            continue
    return None


# --- times -----------------------------------------------------------------------------------------


def _spoken_time(match: re.Match[str]) -> time:
    if not match["hour"].isdigit():
        raise ParseError("Onbekende tijd. Schrijf het uur in cijfers: half 3, kwart over 2 of 14:30.")
    if match["min"] and not (match["min"] in MINUTE_WORDS or match["min"].isdigit()):
        raise ParseError("Onbekende tijd. Schrijf vijf, tien, kwart of een aantal minuten: "
                         "tien over half 4, 20 over 3.")
    hour = int(match["hour"])
    if not 1 <= hour <= 23:
        raise ParseError("Onbekende tijd: schrijf het uur van 1 tot en met 23, bijvoorbeeld half 3 of kwart over 14.")
    minutes = spoken_hour(hour) * 60 - (30 if match["half"] else 0)
    if match["min"]:
        shift = MINUTE_WORDS.get(match["min"]) or int(match["min"])
        if not 1 <= shift <= 29:
            raise ParseError(f"Onbekende tijd: '{match['min']} {match['dir']}' kan niet; "
                             "gebruik 1 tot en met 29 minuten.")
        minutes += shift if match["dir"] == "over" else -shift
    if not 0 <= minutes < 24 * 60:
        raise ParseError("Die tijd bestaat niet (uren 0–23, minuten 0–59).")
    return time(minutes // 60, minutes % 60)
