"""The matcher's vocabulary: occupational fields, occupations and skills from a TOML file.

The file is checked on load, so a coordinator who extends it learns at once what is wrong and where.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from .datafiles import read_text
from .normalise import Normaliser, fold

BUNDLED_FILE = "vocabulary.toml"
SKILL_KINDS = ("skill", "licence")
_ID = re.compile(r"^[a-z0-9_]+$")

# For each kind of entry: key -> (expected type, required). Lists hold texts.
_SCHEMAS: dict[str, dict[str, tuple[type, bool]]] = {
    "field": {"id": (str, True), "name": (str, True), "related": (list, False)},
    "occupation": {
        "id": (str, True), "title": (str, True), "field": (str, True),
        "synonyms": (list, False), "related": (list, False), "skills": (list, False),
    },
    "skill": {
        "id": (str, True), "name": (str, True), "kind": (str, True),
        "synonyms": (list, False), "field": (str, False), "implies": (list, False),
    },
}
_TOP_LEVEL = ("abbreviations", *_SCHEMAS)


class VocabularyError(ValueError):
    """The vocabulary file is not in the documented format; the message names the entry."""


@dataclass(frozen=True)
class Field:
    id: str
    name: str
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Occupation:
    id: str
    title: str
    field: str
    synonyms: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    kind: str
    synonyms: tuple[str, ...] = ()
    field: str | None = None
    implies: tuple[str, ...] = ()  # skills a holder has too (Führerschein CE implies C and B)


@dataclass(frozen=True)
class Vocabulary:
    fields: dict[str, Field]
    occupations: dict[str, Occupation]
    skills: dict[str, Skill]
    abbreviations: dict[str, str]

    def aliases(self) -> list[tuple[str, str, str]]:
        """Every (alias, entry id, "occupation" | "skill"): an entry's title or name first, then its synonyms."""
        found = []
        for occupation in self.occupations.values():
            found += [(text, occupation.id, "occupation") for text in (occupation.title, *occupation.synonyms)]
        for skill in self.skills.values():
            found += [(text, skill.id, "skill") for text in (skill.name, *skill.synonyms)]
        return found


def load_vocabulary(path: str | Path | None = None) -> Vocabulary:
    """Read and validate a vocabulary file; the bundled one when no path is given."""
    text = read_text(path, f"{__package__}.data", BUNDLED_FILE)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise VocabularyError(f"not valid TOML: {exc}") from exc
    return _build(data)


def _build(data: dict[str, Any]) -> Vocabulary:
    unknown = sorted(set(data) - set(_TOP_LEVEL))
    if unknown:
        raise VocabularyError(f"unknown top-level key {unknown[0]!r} (expected one of {', '.join(_TOP_LEVEL)})")
    entries = {table: _entries(data, table) for table in _SCHEMAS}
    fields = [Field(e["id"], e["name"], tuple(e.get("related", ()))) for e in entries["field"]]
    occupations = [
        Occupation(e["id"], e["title"], e["field"], *(tuple(e.get(k, ())) for k in ("synonyms", "related", "skills")))
        for e in entries["occupation"]
    ]
    skills = [
        Skill(e["id"], e["name"], e["kind"], tuple(e.get("synonyms", ())), e.get("field"), tuple(e.get("implies", ())))
        for e in entries["skill"]
    ]
    _check_unique_ids("field", fields)
    _check_unique_ids("occupation or skill", [*occupations, *skills])
    vocabulary = Vocabulary(
        {f.id: f for f in fields}, {o.id: o for o in occupations}, {s.id: s for s in skills},
        _abbreviations(data.get("abbreviations", {})),
    )
    _check_references(vocabulary)
    _check_aliases(vocabulary)
    return replace(vocabulary, fields=_symmetric(vocabulary.fields), occupations=_symmetric(vocabulary.occupations))


def _entries(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    entries = data.get(table, [])
    if not isinstance(entries, list):
        raise VocabularyError(f"{table}: write each entry as [[{table}]], not [{table}]")
    return [_checked_entry(table, number, entry) for number, entry in enumerate(entries, 1)]


def _checked_entry(table: str, number: int, entry: Any) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise VocabularyError(f"{table} #{number}: expected a table of keys, found {entry!r}")
    label = f"{table} {entry['id']!r}" if isinstance(entry.get("id"), str) else f"{table} #{number}"
    schema = _SCHEMAS[table]
    for key in entry:
        if key not in schema:
            raise VocabularyError(f"{label}: unknown key {key!r} (allowed: {', '.join(schema)})")
    for key, (expected, required) in schema.items():
        if key in entry:
            _check_value(label, key, entry[key], expected)
        elif required:
            raise VocabularyError(f"{label}: missing required key {key!r}")
    if not _ID.match(entry["id"]):
        raise VocabularyError(f"{label}: id must be lower-case ascii letters, digits and underscores")
    if table == "skill" and entry["kind"] not in SKILL_KINDS:
        raise VocabularyError(f"{label}: kind must be one of {', '.join(SKILL_KINDS)}, not {entry['kind']!r}")
    return entry


def _check_value(label: str, key: str, value: Any, expected: type) -> None:
    texts = value if expected is list else [value]
    if not isinstance(value, expected) or not all(isinstance(text, str) for text in texts):
        wanted = "a list of texts" if expected is list else "a text"
        raise VocabularyError(f"{label}: {key!r} must be {wanted}, found {value!r}")
    if not all(text.strip() for text in texts):
        raise VocabularyError(f"{label}: {key!r} holds an empty text")


def _check_unique_ids(kind: str, entries: list[Field] | list[Occupation | Skill]) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise VocabularyError(f"{kind} {entry.id!r}: duplicate id")
        seen.add(entry.id)


def _abbreviations(table: Any) -> dict[str, str]:
    if not isinstance(table, dict):
        raise VocabularyError("abbreviations: expected a table of short = long")
    for short, long in table.items():
        if not short or fold(short) != short or " " in short:
            raise VocabularyError(f"abbreviation {short!r}: write the key as one lower-case word without umlauts")
        if not isinstance(long, str) or not long.strip():
            raise VocabularyError(f"abbreviation {short!r}: the expansion must be a non-empty text")
    return dict(table)


def _check_references(vocabulary: Vocabulary) -> None:
    fields, occupations, skills = vocabulary.fields, vocabulary.occupations, vocabulary.skills
    for entry in fields.values():
        _refer(f"field {entry.id!r}", "related field", entry.related, fields)
    for entry in occupations.values():
        label = f"occupation {entry.id!r}"
        _refer(label, "field", (entry.field,), fields)
        _refer(label, "related occupation", entry.related, occupations)
        _refer(label, "skill", entry.skills, skills)
    for entry in skills.values():
        _refer(f"skill {entry.id!r}", "field", (entry.field,) if entry.field else (), fields)
        _refer(f"skill {entry.id!r}", "implied skill", entry.implies, skills)


def _refer(label: str, what: str, ids: tuple[str, ...], known: dict[str, Any]) -> None:
    for target in ids:
        if target not in known:
            raise VocabularyError(f"{label}: unknown {what} {target!r}")


def _check_aliases(vocabulary: Vocabulary) -> None:
    """With the matcher's own keys (abbreviations spelled out, gender forms and filler words
    gone), one alias may name one entry only: otherwise the matcher could not choose."""
    normaliser = Normaliser(vocabulary.abbreviations)
    owners: dict[str, tuple[str, str]] = {}
    for text, entry_id, kind in vocabulary.aliases():
        key = normaliser.keys(text)[1] or fold(text)
        owner_id, owner_text = owners.setdefault(key, (entry_id, text))
        if owner_id != entry_id:
            raise VocabularyError(f"{kind} {entry_id!r}: alias {text!r} already names {owner_id!r} (as {owner_text!r})")


_Linked = TypeVar("_Linked", Field, Occupation)


def _symmetric(entries: dict[str, _Linked]) -> dict[str, _Linked]:
    """If A lists B as related, B is related to A too, whether or not the file says so."""
    linked = {key: dict.fromkeys(entry.related) for key, entry in entries.items()}
    for key, entry in entries.items():
        for other in entry.related:
            linked[other].setdefault(key)
    return {key: replace(entry, related=tuple(linked[key])) for key, entry in entries.items()}
