"""Load a city's districts from its data file: Stadtbezirke, Ortsteile and model quarters."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..matching.datafiles import read_text
from ..models import District, DistrictLevel

BUNDLED_FILE = "duisburg.json"
T = TypeVar("T")


class DistrictFileError(ValueError):
    """The district file is not in the documented shape."""


@dataclass(frozen=True)
class LoadResult:
    city: str
    created: int
    updated: int


def read_district_file(path: str | Path | None = None) -> dict:
    """Read and validate a district file; the bundled Duisburg file when no path is given."""
    text = read_text(path, "matchmaker.data.districts", BUNDLED_FILE)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DistrictFileError(f"not valid JSON: {exc}") from exc
    _validate(data)
    return data


def _validate(data: object) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("city"), str):
        raise DistrictFileError('expected an object with "city" and "bezirke"')
    bezirke = data.get("bezirke")
    if not isinstance(bezirke, list) or not bezirke:
        raise DistrictFileError('"bezirke" must be a non-empty list')
    seen: set[str] = set()
    for bezirk in bezirke:
        names = [bezirk.get("name")] + [o.get("name") for o in bezirk.get("ortsteile", [])]
        for name in names:
            if not isinstance(name, str) or not name.strip():
                raise DistrictFileError(f"every district needs a name (in {bezirk!r})")
            if name in seen:
                raise DistrictFileError(f"district name {name!r} appears twice")
            seen.add(name)


def load_districts(data: dict) -> LoadResult:
    """Insert or update every district by name; districts no longer in the file are kept."""
    existing = {d.name: d for d in db.session.scalars(sa.select(District))}
    created = updated = 0

    def upsert(name: str, level: DistrictLevel, parent: District | None, model: bool) -> District:
        nonlocal created, updated
        district = existing.get(name)
        if district is None:
            district = District(name=name, level=level)
            db.session.add(district)
            existing[name] = district
            created += 1
        elif (district.level, district.parent, district.is_model_quarter) != (level, parent, model):
            updated += 1
        district.level, district.parent, district.is_model_quarter = level, parent, model
        return district

    for bezirk in data["bezirke"]:
        parent = upsert(
            bezirk["name"], DistrictLevel.BEZIRK, None, bool(bezirk.get("model_quarter"))
        )
        for ortsteil in bezirk.get("ortsteile", []):
            upsert(ortsteil["name"], DistrictLevel.ORTSTEIL, parent, bool(ortsteil.get("model_quarter")))
    db.session.commit()
    current_app.extensions.pop("districts_kept", None)  # this process shows the new list at once
    return LoadResult(city=data["city"], created=created, updated=updated)


# How long a process keeps what it read of the districts before it asks whether the table changed
# (`kept`): a district file loaded by another process (`flask districts load`) shows within this
# time, one loaded in this process at once. Asking on every page that shows districts was a round
# trip each.
RECHECK_SECONDS = 10.0


def kept(name: str, read: Callable[[], T]) -> T:
    """What `read` makes of the district table, kept in the process while one aggregate query says
    the table is the same, asked at most every RECHECK_SECONDS. Many forms of every page, and the
    matcher's engine, need the districts, which change only when a district file is loaded."""
    held = current_app.extensions.get("districts_kept", {})
    now = time.monotonic()
    if now - held.get("checked", -RECHECK_SECONDS) >= RECHECK_SECONDS:
        version = tuple(db.session.execute(sa.select(
            sa.func.count(District.id), sa.func.max(District.id), sa.func.sum(District.parent_id))).one())
        # a new dict, not a cleared one: another thread may be reading the old one
        held = {**held, "checked": now} if held.get("version") == version else {"version": version, "checked": now}
        current_app.extensions["districts_kept"] = held
    found = held.get(name)
    if found is None:
        found = held[name] = read()
    return found


def district_choices() -> list[tuple[str, int, list[tuple[int, str]]]]:
    """(Stadtbezirk, its id, its Ortsteile), for select fields with optgroups."""
    def read():
        bezirke = db.session.scalars(
            sa.select(District)
            .where(District.level == DistrictLevel.BEZIRK)
            .options(selectinload(District.children))
            .order_by(District.name)
        )
        return [(b.name, b.id, [(o.id, o.name) for o in b.children]) for b in bezirke]

    return kept("choices", read)


def with_ortsteile(district_id: int) -> sa.Select:
    """The district and, for a Stadtbezirk, all its Ortsteile: ids to filter by."""
    return sa.select(District.id).where(sa.or_(District.id == district_id, District.parent_id == district_id))
