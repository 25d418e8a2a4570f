"""Skill tags in use: remembered when slots and profiles are saved, suggested while typing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..matching.normalise import fold
from ..models import SkillTag

MAX_TAG_LENGTH = 80


def clean_tags(raw: Iterable[str]) -> list[str]:
    """Trimmed, non-empty, without duplicates (ignoring case and umlaut spelling), in order."""
    seen: set[str] = set()
    tags = []
    for tag in raw:
        tag = " ".join(tag.split())[:MAX_TAG_LENGTH]
        key = fold(tag)
        if key and key not in seen:
            seen.add(key)
            tags.append(tag)
    return tags


def remember(names: Iterable[str]) -> None:
    """Count each tag once more; new tags are added. Part of the caller's transaction."""
    counts = Counter()
    spelling: dict[str, str] = {}
    for name in names:
        key = fold(name)[:MAX_TAG_LENGTH]
        if key:
            counts[key] += 1
            spelling.setdefault(key, name[:MAX_TAG_LENGTH])
    if not counts:
        return
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    insert = dialect.insert(SkillTag)
    # One upsert for all tags: safe when two people save the same new tag at once.
    db.session.execute(
        insert.on_conflict_do_update(index_elements=["key"], set_={"uses": SkillTag.uses + insert.excluded.uses}),
        [{"key": key, "name": spelling[key], "uses": n} for key, n in sorted(counts.items())],
    )


def suggest(prefix: str, limit: int = 10) -> list[str]:
    """Tags starting with the typed text (then containing it): those verified employers use,
    most used first, then the vocabulary's skill names. Never words from profiles."""
    key = fold(prefix)
    if len(key) < 2:
        return []
    starts = sa.case((SkillTag.key.startswith(key, autoescape=True), 0), else_=1)
    used = list(db.session.scalars(
        sa.select(SkillTag.name)
        .where(SkillTag.key.contains(key, autoescape=True))
        .order_by(starts, SkillTag.uses.desc(), SkillTag.key)
        .limit(limit)
    ))
    known = sorted((name for folded, name in _vocabulary_names() if key in folded),
                   key=lambda name: (not fold(name).startswith(key), fold(name)))
    return clean_tags([*used, *known])[:limit]


@cache
def _vocabulary_names() -> list[tuple[str, str]]:
    from ..matching.vocabulary import load_vocabulary

    return [(fold(skill.name), skill.name) for skill in load_vocabulary().skills.values()]
