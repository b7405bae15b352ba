"""Dutch public holidays: the days the team does not work (no appointments, no overleg).

Built on the `holidays` package (`holidays.NL`, Dutch names), computed once per year. Two choices
so the list matches the days a Dutch care team actually has off:

- **Bevrijdingsdag (5 May)** counts only in lustrum years (2025, 2030, ...). That is how
  `holidays` lists it in its public category, and how most collective labour agreements (CAOs)
  grant it; the Algemene termijnenwet names it every year, but outside lustrum years the team works.
- **Goede vrijdag** is left out: `holidays` lists it, but it is no general day off in the
  Netherlands (the Algemene termijnenwet does not name it) and the team works that day.

Sundays in the list (Eerste paasdag, Eerste pinksterdag) are harmless: nobody works on Sunday.
The `holidays` package is imported on first use, so importing this module costs nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from types import MappingProxyType

# Listed by `holidays` but working days for the team (see the module docstring).
WORKED_ANYWAY: frozenset[str] = frozenset({"Goede vrijdag"})


@lru_cache(maxsize=64)
def public_holidays(year: int) -> Mapping[date, str]:
    """The team's days off in `year`, date -> Dutch name (read-only, cached per year)."""
    import holidays

    listed = holidays.country_holidays("NL", years=year, language="nl")
    return MappingProxyType({day: name for day, name in sorted(listed.items())
                             if name not in WORKED_ANYWAY})


def holiday_name(day: date) -> str | None:
    """'Eerste kerstdag' for 25 December; None on an ordinary day."""
    # A datetime (or pendulum value) would not match the date keys: compare on the plain date.
    return public_holidays(day.year).get(date(day.year, day.month, day.day))


def is_public_holiday(day: date) -> bool:
    return holiday_name(day) is not None
