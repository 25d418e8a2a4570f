"""The app's side of the matcher: models to specs, and the matches table kept current.

Saving a slot re-scores only that slot against the active profiles (and a profile only
against the open slots); pausing, closing, filling or withdrawing removes its matches. A
pair that stays keeps its `created_at`, so "new since" stays true to its word.
"""

from __future__ import annotations

import itertools
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

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
from ..per_request import once_per_request
from . import districts

log = logging.getLogger(__name__)
WRITE_CHUNK = 5000
REBUILD_CHUNK = 1000


_ENGINES: dict[tuple, object] = {}


def engine():
    """One engine per process and city: it remembers every text it has mapped, so later saves
    are quick. A changed district file gives a new engine. A request sees one district table:
    it asks once (a list of 25 slots asked for each slot's occupation, 25 queries)."""
    return once_per_request("match_engine", _engine_for_districts)


def _engine_for_districts():
    rows = districts.kept("engine", _district_rows)
    found = _ENGINES.get(rows)
    if found is None:
        from ..matching import MatchEngine

        found = _ENGINES[rows] = MatchEngine(districts=dict(rows))
    return found


def _district_rows() -> tuple[tuple[str, str | None], ...]:
    """(district, its Stadtbezirk) for every district: what an engine knows of the city."""
    parent = aliased(District)
    return tuple(sorted((name, bezirk) for name, bezirk in db.session.execute(
        sa.select(District.name, parent.name).outerjoin(parent, District.parent_id == parent.id)
    )))


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
    profile), every match found merged into the table at once. Afterwards the table holds exactly
    the current matches; pairs of slots or profiles added while it ran are left to their own jobs."""
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
    matcher, minimum = engine(), _min_score()
    pool = matcher.pool(slot_specs)

    def found() -> Iterator:  # runs while the matches are written: it must not query the database
        for start in range(0, len(candidate_specs), REBUILD_CHUNK):
            chunk = candidate_specs[start:start + REBUILD_CHUNK]
            yield from matcher.match_all(chunk, pool, minimum)
            if progress is not None:
                progress(len(chunk))

    read = (Match.slot_id <= max(s.id for s in slot_specs)) & (Match.candidate_id <= max(candidate_ids))
    return _store(found(), read)


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


# The matches one run found, before they are merged into the table: a temporary table, filled
# with the fastest bulk write each database has (COPY on PostgreSQL), merged by three statements.
_FOUND = sa.Table(
    "found_matches", sa.MetaData(),
    sa.Column("slot_id", sa.Integer, primary_key=True),
    sa.Column("candidate_id", sa.Integer, primary_key=True),
    sa.Column("score", sa.Float),
    sa.Column("reasons", Match.__table__.c.reasons.type),
    prefixes=["TEMPORARY"],
)


def _store(found: Iterable, scope: sa.ColumnElement) -> int:
    """Make the matches in `scope` exactly `found`: kept pairs keep their `created_at` (and change
    only where their score or reasons changed), new pairs are inserted, gone ones deleted.

    Reasons are stored as codes with parameters, as JSON text made once per distinct reason
    (`Match.reason_json`), and rendered through gettext when shown (matchmaker/reasons.py)."""
    connection = db.session.connection()
    temporary = "pg_temp" if connection.dialect.name == "postgresql" else "temp"  # never a table of the schema
    connection.execute(sa.text(f"DROP TABLE IF EXISTS {temporary}.{_FOUND.name}"))
    _FOUND.create(connection)
    stored = _fill(connection, ((m.slot_id, m.candidate_id, m.score, m.reason_json) for m in found))
    now, table, new = utcnow(), Match.__table__, _FOUND
    same_pair = (table.c.slot_id == new.c.slot_id) & (table.c.candidate_id == new.c.candidate_id)
    changed = (table.c.score != new.c.score) | (sa.cast(table.c.reasons, sa.Text) != sa.cast(new.c.reasons, sa.Text))
    # Gone pairs first, new ones last: neither statement then reads rows another just wrote (on a
    # city's first rebuild, the delete would have compared 1.1 million new rows with themselves).
    connection.execute(table.delete().where(scope, ~sa.exists().where(same_pair)))
    connection.execute(table.update().where(same_pair, changed).values(
        score=new.c.score, reasons=new.c.reasons, updated_at=now))
    connection.execute(table.insert().from_select(
        ["slot_id", "candidate_id", "score", "reasons", "created_at", "updated_at"],
        sa.select(new.c.slot_id, new.c.candidate_id, new.c.score, new.c.reasons,
                  sa.literal(now, table.c.created_at.type), sa.literal(now, table.c.updated_at.type))
        .where(~sa.exists().where(same_pair))))
    _FOUND.drop(connection)
    db.session.commit()
    return stored


def _fill(connection: sa.Connection, rows: Iterable[tuple]) -> int:
    """Write (slot_id, candidate_id, score, reasons JSON text) rows into the temporary table."""
    cursor = connection.connection.cursor()
    columns = ", ".join(c.name for c in _FOUND.columns)
    count = 0
    try:
        if connection.dialect.name == "postgresql":
            with cursor.copy(f"COPY {_FOUND.name} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            cursor.execute(f"ANALYZE {_FOUND.name}")  # temporary tables get no statistics by themselves
            return count
        insert = str(_FOUND.insert().compile(dialect=connection.dialect))  # positional "?" marks
        while chunk := list(itertools.islice(rows, WRITE_CHUNK)):
            cursor.executemany(insert, chunk)
            count += len(chunk)
        return count
    finally:
        cursor.close()
