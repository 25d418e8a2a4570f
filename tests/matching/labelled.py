"""Load the hand-labelled quality set (labelled.toml) for the matching engine's tests and benchmark.

    slots, cases = load_labelled()

gives the shared slot pool as SlotSpec and one LabelledCase per candidate query. Each case
says which slots should rank first (best), which are fine in the top five (good) and which
must score below the minimum score (never). The loader checks the file as it reads it: slot
and case ids unique, every referenced slot present, tags known, kinds, German levels and
permits from matchmaker.matching.specs, district names from the bundled duisburg.json.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

from matchmaker.matching.specs import KINDS, LEVELS, PERMITS, CandidateSpec, SlotSpec

LABELLED_FILE = Path(__file__).with_name("labelled.toml")

TAGS = (
    "case",
    "umlaut",
    "dropped_dots",
    "gender",
    "compound",
    "abbreviation",
    "typo",
    "word_order",
    "synonym",
    "related",
    "free_text",
    "language",
    "permit",
    "none",
)

_SLOT_KEYS = {"id", "title", "skills", "kind", "min_german", "language_support", "district", "start"}
_CASE_KEYS = {
    "id", "skills", "german", "desired_kinds", "districts", "work_permit", "available_from",
    "looseness", "best", "good", "never",
}


class LabelledSetError(ValueError):
    """labelled.toml is not in the documented shape or refers to something that does not exist."""


@dataclass(frozen=True)
class LabelledCase:
    id: str
    candidate: CandidateSpec
    looseness: tuple[str, ...]
    best: tuple[str, ...]
    good: tuple[str, ...]
    never: tuple[str, ...]


def district_names() -> frozenset[str]:
    """Every Stadtbezirk and Ortsteil name in the bundled Duisburg district file."""
    text = resources.files("matchmaker.data.districts").joinpath("duisburg.json").read_text("utf-8")
    data = json.loads(text)
    names = set()
    for bezirk in data["bezirke"]:
        names.add(bezirk["name"])
        names.update(ortsteil["name"] for ortsteil in bezirk.get("ortsteile", []))
    return frozenset(names)


def ortsteil_names() -> frozenset[str]:
    """Only the Ortsteile: a slot's district is always one of these."""
    text = resources.files("matchmaker.data.districts").joinpath("duisburg.json").read_text("utf-8")
    data = json.loads(text)
    return frozenset(o["name"] for bezirk in data["bezirke"] for o in bezirk.get("ortsteile", []))


def load_labelled(path: str | Path | None = None) -> tuple[list[SlotSpec], list[LabelledCase]]:
    """Read and check the labelled set; the bundled labelled.toml when no path is given."""
    if path is None:
        slots, cases = _load_bundled()
        return list(slots), list(cases)
    return _load(Path(path))


@cache
def _load_bundled() -> tuple[tuple[SlotSpec, ...], tuple[LabelledCase, ...]]:
    slots, cases = _load(LABELLED_FILE)
    return tuple(slots), tuple(cases)


def pair_count(cases: list[LabelledCase] | tuple[LabelledCase, ...]) -> int:
    """Labelled candidate–slot pairs: every entry of best, good and never counts once."""
    return sum(len(case.best) + len(case.good) + len(case.never) for case in cases)


# -- reading -------------------------------------------------------------------------------------

def _load(path: Path) -> tuple[list[SlotSpec], list[LabelledCase]]:
    with path.open("rb") as fh:
        try:
            data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise LabelledSetError(f"{path.name}: not valid TOML: {exc}") from exc
    unknown = set(data) - {"slot", "case"}
    if unknown:
        raise LabelledSetError(f"unknown top-level keys: {sorted(unknown)}")
    districts = district_names()
    ortsteile = ortsteil_names()

    slots = [_slot(raw, ortsteile) for raw in data.get("slot", [])]
    if not slots:
        raise LabelledSetError("no [[slot]] entries")
    slot_ids = [s.id for s in slots]
    _no_duplicates("slot", slot_ids)

    cases = [_case(raw, set(slot_ids), districts) for raw in data.get("case", [])]
    if not cases:
        raise LabelledSetError("no [[case]] entries")
    _no_duplicates("case", [c.id for c in cases])
    return slots, cases


def _slot(raw: dict, ortsteile: frozenset[str]) -> SlotSpec:
    where = f"slot {raw.get('id')!r}"
    _known_keys(where, raw, _SLOT_KEYS)
    district = raw.get("district")
    if district is not None and district not in ortsteile:
        raise LabelledSetError(f"{where}: district {district!r} is not an Ortsteil in duisburg.json")
    start = raw.get("start")
    if start is not None and not _is_date(start):
        raise LabelledSetError(f"{where}: start must be a TOML date like 2026-08-01")
    support = raw.get("language_support", False)
    if not isinstance(support, bool):
        raise LabelledSetError(f"{where}: language_support must be true or false")
    return SlotSpec(
        id=_id(where, raw),
        title=_text(where, raw, "title"),
        skills=_strings(where, raw, "skills"),
        kind=_choice(where, raw, "kind", KINDS),
        min_german=_choice(where, raw, "min_german", LEVELS),
        language_support=support,
        district=district,
        start=start,
    )


def _case(raw: dict, slot_ids: set[str], districts: frozenset[str]) -> LabelledCase:
    where = f"case {raw.get('id')!r}"
    _known_keys(where, raw, _CASE_KEYS)
    case_id = _id(where, raw)
    desired = _strings(where, raw, "desired_kinds", required=False)
    for kind in desired:
        if kind not in KINDS:
            raise LabelledSetError(f"{where}: desired kind {kind!r} is not one of {KINDS}")
    wanted = _strings(where, raw, "districts", required=False)
    for name in wanted:
        if name not in districts:
            raise LabelledSetError(f"{where}: district {name!r} is not in duisburg.json")
    available = raw.get("available_from")
    if available is not None and not _is_date(available):
        raise LabelledSetError(f"{where}: available_from must be a TOML date like 2026-08-01")
    permit = _choice(where, raw, "work_permit", PERMITS) if "work_permit" in raw else "erlaubt"
    candidate = CandidateSpec(
        id=case_id,
        skills=_strings(where, raw, "skills"),
        german=_choice(where, raw, "german", LEVELS),
        desired_kinds=desired,
        districts=wanted,
        available_from=available,
        work_permit=permit,
    )

    looseness = _strings(where, raw, "looseness")
    if not looseness:
        raise LabelledSetError(f"{where}: looseness needs at least one tag (use 'none' for an exact match)")
    for tag in looseness:
        if tag not in TAGS:
            raise LabelledSetError(f"{where}: unknown looseness tag {tag!r}")
    best = _strings(where, raw, "best")
    good = _strings(where, raw, "good", required=False)
    never = _strings(where, raw, "never", required=False)
    for label, ids in (("best", best), ("good", good), ("never", never)):
        _no_duplicates(f"{where}: {label}", list(ids))
        for slot_id in ids:
            if slot_id not in slot_ids:
                raise LabelledSetError(f"{where}: {label} names unknown slot {slot_id!r}")
    labels = {"best": best, "good": good, "never": never}
    for a, b in (("best", "good"), ("best", "never"), ("good", "never")):
        both = set(labels[a]) & set(labels[b])
        if both:
            raise LabelledSetError(f"{where}: {sorted(both)} in both {a} and {b}")
    if not best and not never:
        raise LabelledSetError(f"{where}: a case needs a best slot or at least one never slot")
    if not best and good:
        raise LabelledSetError(f"{where}: good without best; a pure negative case lists only never")
    return LabelledCase(id=case_id, candidate=candidate, looseness=looseness, best=best, good=good, never=never)


# -- small checks --------------------------------------------------------------------------------

def _known_keys(where: str, raw: dict, allowed: set[str]) -> None:
    unknown = set(raw) - allowed
    if unknown:
        raise LabelledSetError(f"{where}: unknown keys {sorted(unknown)}")


def _id(where: str, raw: dict) -> str:
    value = raw.get("id")
    if not isinstance(value, str) or not value.strip():
        raise LabelledSetError(f"{where}: id must be a non-empty string")
    return value


def _text(where: str, raw: dict, key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise LabelledSetError(f"{where}: {key} must be a non-empty string")
    return value


def _strings(where: str, raw: dict, key: str, *, required: bool = True) -> tuple[str, ...]:
    if key not in raw:
        if required:
            raise LabelledSetError(f"{where}: {key} is missing")
        return ()
    value = raw[key]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LabelledSetError(f"{where}: {key} must be a list of non-empty strings")
    return tuple(value)


def _choice(where: str, raw: dict, key: str, allowed: tuple[str, ...]) -> str:
    value = raw.get(key)
    if value not in allowed:
        raise LabelledSetError(f"{where}: {key} {value!r} is not one of {allowed}")
    return value


def _no_duplicates(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise LabelledSetError(f"{what}: {item!r} appears twice")
        seen.add(item)


def _is_date(value: object) -> bool:
    # tomllib gives datetime for date-times, which is a date subclass: only a plain date is meant.
    return type(value) is date
