"""Breakdowns of profiles and contact figures by place, person and slot: their rows and keys."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from ...extensions import db
from ...models import District, GermanLevel, Organisation, OriginRegion, Sector, SlotKind
from .cells import Cell

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
        named = Organisation if dimension == "agency" else District
        query = sa.select(named.id, named.name).where(named.id.in_(ids))
        names = dict(db.session.execute(query).all()) if ids else {}
        fixed = sorted(names.items(), key=lambda item: item[1])
    rows = [(k, label) for k, label in fixed if k in keys]
    if None in keys:
        rows.append((None, _("ohne Angabe")))
    return rows
