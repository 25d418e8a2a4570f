"""Model quarters against the rest of the city, side by side, and the change from the period
before: the comparison the city asks for.

Read from the model-quarter breakdown of two publications (this period and the one before, same
filters), so every count has passed the same suppression as on the rest of the page: a change
is given only between two shown counts, a share only between shown counts. Profiles sit in their
agency's district, contacts in the slot's district (as in the breakdown).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .breakdown import Row
from .cells import Cell, rate
from .publication import Publication

SIDES = ("yes", "no")  # model quarters, the rest of the city
COUNTS = (("profiles", _l("Aktive Profile am Ende des Zeitraums")), ("proposals", _l("Personen mit Anfrage")),
          ("accepted", _l("Personen mit angenommenem Kontakt")),
          ("placements", _l("Personen mit begonnener Vermittlung")))
SHARES = (("accepted", "proposals", _l("Anteil angenommen (von Personen mit Anfrage)")),
          ("placements", "proposals", _l("Anteil vermittelt (von Personen mit Anfrage)")))


@dataclass(frozen=True)
class Side:
    now: str
    before: str
    change: str  # "+3", "−2", "±0"; for shares in percentage points; "–" where not both shown


@dataclass(frozen=True)
class Compared:
    label: str
    model: Side
    rest: Side


def compare(now: Publication, before: Publication) -> list[Compared]:
    """Nothing for a filtered view: it has no breakdowns (see `publication.publish`)."""
    if "model_quarter" not in now.breakdowns or "model_quarter" not in before.breakdowns:
        return []
    rows_now, rows_before = _sides(now), _sides(before)
    found = []
    for column, label in COUNTS:
        found.append(Compared(str(label), *(_count(getattr(rows_now[s], column), getattr(rows_before[s], column))
                                            for s in SIDES)))
    for part, whole, label in SHARES:
        found.append(Compared(str(label), *(_share(rate(getattr(rows_now[s], part), getattr(rows_now[s], whole)),
                                                   rate(getattr(rows_before[s], part), getattr(rows_before[s], whole)))
                                            for s in SIDES)))
    return found


def _sides(publication: Publication) -> dict[str, Row]:
    rows = {row.key: row for row in publication.breakdowns["model_quarter"].rows}
    empty = Row(None, "", Cell(0), Cell(0), Cell(0), Cell(0))
    return {side: rows.get(side, empty) for side in SIDES}


def _signed(value: int | float, unit: str = "") -> str:
    if value == 0:
        return f"±0{unit}"
    return f"{'+' if value > 0 else '−'}{abs(value)}{unit}"


def _count(now: Cell, before: Cell) -> Side:
    change = "–" if now.value is None or before.value is None else _signed(now.value - before.value)
    return Side(str(now), str(before), change)


def _share(now: float | None, before: float | None) -> Side:
    def text(value: float | None) -> str:
        return "–" if value is None else f"{value * 100:.0f} %"

    change = "–" if now is None or before is None else _signed(round((now - before) * 100), " Pp.")
    return Side(text(now), text(before), change)
