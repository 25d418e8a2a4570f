"""The app's side of the matcher: models to specs, and the matches table kept current.

Saving a slot re-scores only that slot against the active profiles (and a profile only
against the open slots); pausing, closing, filling or withdrawing removes its matches. A
pair that stays keeps its `created_at`, so "new since" stays true to its word.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import aliased

from .. import transaction
from ..domain import candidates as candidate_rules
from ..domain import slots as slot_rules
from ..extensions import db
from ..models import (
    Candidate,
    District,
    Match,
    Organisation,
    Slot,
    candidate_districts,
    utcnow,
)

log = logging.getLogger(__name__)
WRITE_CHUNK = 5000
REBUILD_CHUNK = 1000


_ENGINES: dict[tuple, object] = {}


def engine():
    """One engine per process and city: it remembers every text it has mapped, so later saves
    are quick. A changed district file gives a new engine."""
    parent = aliased(District)
    rows = tuple(sorted((name, bezirk) for name, bezirk in db.session.execute(
        sa.select(District.name, parent.name).outerjoin(parent, District.parent_id == parent.id)
    )))
    found = _ENGINES.get(rows)
    if found is None:
        from ..matching import MatchEngine

        found = _ENGINES[rows] = MatchEngine(districts=dict(rows))
    return found


def _min_score() -> float:
    return float(current_app.config["MATCH_MIN_SCORE"])


# Models to specs, in set-based queries --------------------------------------------------

def open_slot_specs(where: sa.ColumnElement | None = None) -> list:
    """Open slots of verified employers, as SlotSpecs (one query)."""
    from ..matching import SlotSpec

    query = (
        sa.select(Slot.id, Slot.title, Slot.skills, Slot.kind, Slot.min_german, Slot.language_support,
                  District.name, Slot.start_date, Slot.occupation_code)
        .join(Organisation, Slot.organisation_id == Organisation.id)
        .outerjoin(District, Slot.district_id == District.id)
        .where(slot_rules.matched_sql())
    )
    if where is not None:
        query = query.where(where)
    return [
        SlotSpec(sid, title, tuple(skills or ()), kind.value, level.value, support, district, start,
                 occupation_code=code)
        for sid, title, skills, kind, level, support, district, start, code in db.session.execute(query)
    ]


def active_candidate_specs(where: sa.ColumnElement | None = None) -> list:
    """Active, consented profiles as CandidateSpecs (two queries: profiles, their districts)."""
    from ..matching import CandidateSpec

    query = sa.select(Candidate.id, Candidate.skills, Candidate.occupations, Candidate.german_level,
                      Candidate.desired_kinds, Candidate.available_from, Candidate.work_permit).where(
        candidate_rules.matched_sql())
    if where is not None:
        query = query.where(where)
    rows = db.session.execute(query).all()
    reachable: dict[int, list[str]] = defaultdict(list)
    ids = [row[0] for row in rows]
    for start in range(0, len(ids), WRITE_CHUNK):
        links = db.session.execute(
            sa.select(candidate_districts.c.candidate_id, District.name)
            .join(District, District.id == candidate_districts.c.district_id)
            .where(candidate_districts.c.candidate_id.in_(ids[start:start + WRITE_CHUNK]))
        )
        for candidate_id, name in links:
            reachable[candidate_id].append(name)
    return [
        CandidateSpec(cid, (*(item["name"] for item in skills or []), *map(_occupation_text, occupations or [])),
                      level.value,
                      tuple(kinds or ()), tuple(reachable[cid]), available,
                      permit.value if permit else "ungeklaert",
                      occupation_codes=tuple(item["kldb"] for item in occupations or [] if item.get("kldb")))
        for cid, skills, occupations, level, kinds, available, permit in rows
    ]


def _occupation_text(item: dict) -> str:
    """A prior occupation as the matcher reads it: with its confirmed code, which then stands
    for that entry instead of what the name alone would be recognised as."""
    return f"{item['name']} (KldB {item['kldb']})" if item.get("kldb") else item["name"]


# Keeping the table current ---------------------------------------------------------------

def refresh_slot(slot: Slot) -> int:
    """Re-score one slot against every active profile; an unpublished slot loses its matches."""
    return refresh_many(slot_ids=[slot.id])


def refresh_candidate(candidate: Candidate) -> int:
    """Re-score one profile against every open slot; an inactive profile loses its matches."""
    return refresh_many(candidate_ids=[candidate.id])


def refresh_many(slot_ids: Iterable[int] = (), candidate_ids: Iterable[int] = ()) -> int:
    """These slots and profiles, read anew, against the other side's prepared pool (`_pool`),
    in one engine run each (a save, an import)."""
    stored = 0
    if slot_ids := list(slot_ids):
        stored += _store(engine().match_all(_pool("candidates"), open_slot_specs(Slot.id.in_(slot_ids)),
                                            _min_score()), Match.slot_id.in_(slot_ids))
    if candidate_ids := list(candidate_ids):
        stored += _store(engine().match_all(active_candidate_specs(Candidate.id.in_(candidate_ids)),
                                            _pool("slots"), _min_score()), Match.candidate_id.in_(candidate_ids))
    return stored


# The other side of a save, prepared once and kept while it does not change: a profile's save
# re-reads and re-prepares nothing of the city's 10,000 open slots, only the profile itself.
_POOLS: dict[tuple, tuple[tuple, object]] = {}


def _pool(side: str):
    """All open slots or all active profiles, prepared for the engine; rebuilt only when their
    version (`_version`) changed since, so a worker keeps it across jobs."""
    key = (id(engine()), side, db.engine.url.render_as_string())
    version = _version(side)
    found = _POOLS.get(key)
    if found is None or found[0] != version:
        specs = open_slot_specs() if side == "slots" else active_candidate_specs()
        found = _POOLS[key] = (version, engine().pool(specs) if specs else [])
    return found[1]


def _version(side: str) -> tuple:
    """One query of aggregates that any change of the side's specs changes: which rows are in
    (count and sum of ids: a verification, a pause), their last change, and for profiles the
    districts they can reach (kept in a table of their own)."""
    if side == "slots":
        rows = (sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(Slot.id), 0), sa.func.max(Slot.updated_at))
                .join(Organisation, Slot.organisation_id == Organisation.id).where(slot_rules.matched_sql()))
        return tuple(db.session.execute(rows).one())
    people = sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(Candidate.id), 0),
                       sa.func.max(Candidate.updated_at)).where(candidate_rules.matched_sql())
    links = sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(
        candidate_districts.c.candidate_id * 7919 + candidate_districts.c.district_id), 0))
    return (*db.session.execute(people).one(), *db.session.execute(links).one())


def rebuild(progress: Callable[[int], object] | None = None) -> int:
    """Re-score the whole city: the slots prepared once, the profiles in chunks (progress per
    profile). Afterwards the table holds exactly the current matches."""
    slot_specs = open_slot_specs()
    candidate_specs = active_candidate_specs()
    candidate_ids = [c.id for c in candidate_specs]
    stale = sa.delete(Match).where(sa.or_(
        Match.slot_id.not_in([s.id for s in slot_specs]) if slot_specs else sa.true(),
        Match.candidate_id.not_in(candidate_ids) if candidate_ids else sa.true(),
    ))
    db.session.execute(stale)
    db.session.commit()
    if not slot_specs or not candidate_specs:
        return 0
    pool = engine().pool(slot_specs)
    stored = 0
    for start in range(0, len(candidate_specs), REBUILD_CHUNK):
        chunk = candidate_specs[start:start + REBUILD_CHUNK]
        found = engine().match_all(chunk, pool, _min_score())
        stored += _store(found, Match.candidate_id.in_([c.id for c in chunk]))
        if progress is not None:
            progress(len(chunk))
    return stored


def rematch_after_commit(kind: str, ids: Iterable[int], *, batch: str | None = None) -> None:
    """Re-matching follows an action once it is stored, as a job (`jobs`: off the request path,
    one per object, or one for a `batch` such as an import) and never undoes it: if it fails, the
    failure is logged and reported, and `flask matches rebuild` mends the table."""
    from .. import jobs

    ids = [int(i) for i in ids]
    if batch is not None:
        transaction.after_commit(f"re-matching ({batch})", lambda: jobs.rematch_batch(kind, ids, batch))
    else:
        transaction.after_commit(f"re-matching ({kind})", lambda: jobs.rematch(kind, ids))


def _store(found: Iterable, scope: sa.ColumnElement) -> int:
    """Make the matches in `scope` exactly `found`: update kept pairs, insert new, delete gone."""
    existing_query = sa.select(Match.slot_id, Match.candidate_id, Match.id).where(scope)
    existing = {(s, c): mid for s, c, mid in db.session.execute(existing_query)}
    now, inserts, updates, kept = utcnow(), [], [], set()
    for match in found:
        key = (match.slot_id, match.candidate_id)
        kept.add(key)
        # Codes with parameters, rendered through gettext when shown (matchmaker/reasons.py).
        row = {"score": match.score, "reasons": [[code, params] for code, params in match.reason_codes],
               "updated_at": now}
        if key in existing:
            updates.append({"match_id": existing[key], **row})
        else:
            inserts.append({"slot_id": key[0], "candidate_id": key[1], "created_at": now, **row})
        if len(inserts) + len(updates) >= WRITE_CHUNK:
            _write(inserts, updates)
    _write(inserts, updates)
    gone = [mid for key, mid in existing.items() if key not in kept]
    for start in range(0, len(gone), WRITE_CHUNK):
        db.session.execute(sa.delete(Match).where(Match.id.in_(gone[start:start + WRITE_CHUNK])))
    db.session.commit()
    return len(kept)


def _write(inserts: list[dict], updates: list[dict]) -> None:
    if inserts:
        db.session.execute(sa.insert(Match), inserts)
    if updates:
        table = Match.__table__
        db.session.execute(
            table.update().where(table.c.id == sa.bindparam("match_id")).values(
                score=sa.bindparam("score"), reasons=sa.bindparam("reasons"), updated_at=sa.bindparam("updated_at")),
            updates,
        )
    inserts.clear()
    updates.clear()
