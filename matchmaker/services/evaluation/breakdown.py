"""Breakdowns of profiles and contact figures by place, person and slot: their rows and keys."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from ...extensions import db
from ...models import Candidate, District, DistrictLevel, GermanLevel, OriginRegion, Sector, Slot, SlotKind
from . import sources as src
from .cells import Cell
from .filters import Filters

DIMENSIONS = ("bezirk", "ortsteil", "model_quarter", "age_group", "origin_region", "german_level",
              "sector", "slot_kind")
COLUMNS = ("profiles", "proposals", "accepted", "placements")
SLOT_ONLY = ("sector", "slot_kind")  # attributes of slots: profiles have none, their column shows "–"


@dataclass(frozen=True)
class Row:
    key: str | int | None  # None: the row of people or slots without that attribute
    label: str
    profiles: Cell  # value None where profiles have no such attribute (sector, slot kind)
    proposals: Cell
    accepted: Cell
    placements: Cell


@dataclass(frozen=True)
class Table:
    dimension: str
    rows: list[Row]
    total: Row


def _district_keys(dimension: str, district):
    if dimension == "bezirk":
        return src.bezirk_of(district)
    if dimension == "ortsteil":
        return sa.case((district.level == DistrictLevel.ORTSTEIL, district.id))
    return sa.case((district.id.is_(None), sa.null()), (district.is_model_quarter, "yes"), else_="no")


def _age_group(f: Filters):
    age = f.end.year - Candidate.birth_year
    return sa.case((Candidate.birth_year.is_(None), sa.null()), (age < 25, "u25"), (age < 35, "25-34"),
                   else_="35+")


def keys_of(dimension: str, f: Filters):
    """The SQL key of a row: (key for profiles or None, key for contacts): profiles sit in their agency's district,
    contacts in their slot's district."""
    if dimension in ("bezirk", "ortsteil", "model_quarter"):
        return _district_keys(dimension, src.home), _district_keys(dimension, src.place)
    person = {"age_group": _age_group(f), "origin_region": Candidate.origin_region,
              "german_level": Candidate.german_level}.get(dimension)
    if person is not None:
        return person, person
    return None, {"sector": src.employer.sector, "slot_kind": Slot.kind}[dimension]


def norm(key):
    return getattr(key, "value", key)


def ordered(dimension: str, keys: set) -> list[tuple]:
    """Rows in a reader's order, the row without an attribute last."""
    fixed = {
        "model_quarter": [("yes", _("Modellquartiere")), ("no", _("übrige Stadtteile"))],
        "age_group": [("u25", _("unter 25")), ("25-34", _("25 bis 34")), ("35+", _("35 und älter"))],
        "origin_region": [(m.value, str(m.label)) for m in OriginRegion],
        "german_level": [(m.value, str(m.label)) for m in GermanLevel],
        "sector": [(m.value, str(m.label)) for m in Sector],
        "slot_kind": [(m.value, str(m.label)) for m in SlotKind],
    }.get(dimension)
    if fixed is None:
        ids = [k for k in keys if k is not None]
        query = sa.select(District.id, District.name).where(District.id.in_(ids))
        names = dict(db.session.execute(query).all()) if ids else {}
        fixed = sorted(names.items(), key=lambda item: item[1])
    rows = [(k, label) for k, label in fixed if k in keys]
    if None in keys:
        rows.append((None, _("ohne Angabe")))
    return rows
