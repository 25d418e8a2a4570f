"""Status history: every status of profiles, slots and contacts, with the time it began, so that
figures can be counted "as of" the end of a period instead of from today's status.

From now on the database records it itself: a trigger on insert and on every change of `status`
writes a row (source "recorded"). Insert rows take the row's `created_at`; changes take the
database clock at the change.

What existed before is reconstructed once (source "backfill"), from what was stored:
- profiles: active from creation; pausing, reactivating, marking placed and withdrawing consent
  from the audit log; a placement through a contact from its start day (`placed_on`); a consent
  withdrawal from `consent_withdrawn_at`;
- slots: draft or open from creation, open from `published_at`; pausing, reopening, filling,
  closing and expiry from the audit log; filled by a placement from the start day of the last
  placement on it;
- contacts: proposed from creation, accepted or declined from `answered_at`, closed from the
  contact's own history.
What cannot be known: a status that was overwritten without an audit entry and without a
timestamp of its own. Where the reconstruction does not end in today's status, today's status
is added from the row's last update (source "assumed": its time is a guess, and any status in
between is lost). Figures of periods before this migration are therefore as good as the audit
log was; the source column says which rows are reconstructed.

Reviewed by hand: one new table; triggers written for both databases (SQLite keeps timestamps
as text in SQLAlchemy's format, microseconds included).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from collections import defaultdict
from datetime import UTC, datetime, time

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

SUBJECTS = ("candidates", "slots", "contacts")
CANDIDATE_ACTIONS = {"candidate.pause": "paused", "candidate.activate": "active", "candidate.placed": "placed",
                     "candidate.withdraw_consent": "withdrawn"}
SLOT_ACTIONS = {"slot.publish": "open", "slot.pause": "paused", "slot.reopen": "open", "slot.fill": "filled",
                "slot.close": "closed", "slot.expire": "closed"}
PUBLISHED_AT_ONCE = 60  # seconds: a slot published within a minute of its creation was created open

history = sa.table(
    "status_changes", sa.column("subject", sa.String), sa.column("subject_id", sa.Integer),
    sa.column("status", sa.String), sa.column("changed_at", sa.DateTime(timezone=True)),
    sa.column("source", sa.String),
)


def upgrade():
    op.create_table(
        "status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=10), server_default="recorded", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_changes")),
    )
    op.create_index("ix_status_changes_subject", "status_changes", ["subject", "subject_id", "changed_at"])
    op.create_index("ix_status_changes_time", "status_changes", ["subject", "changed_at"])
    backfill(op.get_bind())
    for statement in triggers(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade():
    for statement in drop_triggers(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_index("ix_status_changes_time", table_name="status_changes")
    op.drop_index("ix_status_changes_subject", table_name="status_changes")
    op.drop_table("status_changes")


# -- the triggers -----------------------------------------------------------------------------

SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'"  # SQLAlchemy's text format, microseconds


def triggers(dialect: str) -> list[str]:
    if dialect == "postgresql":
        statements = ["""
            CREATE FUNCTION record_status_change() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    INSERT INTO status_changes (subject, subject_id, status, changed_at, source)
                    VALUES (TG_TABLE_NAME, NEW.id, NEW.status, COALESCE(NEW.created_at, clock_timestamp()),
                            'recorded');
                ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
                    INSERT INTO status_changes (subject, subject_id, status, changed_at, source)
                    VALUES (TG_TABLE_NAME, NEW.id, NEW.status, clock_timestamp(), 'recorded');
                END IF;
                RETURN NULL;
            END
            $$ LANGUAGE plpgsql"""]
        statements += [f"CREATE TRIGGER status_history AFTER INSERT OR UPDATE OF status ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION record_status_change()" for table in SUBJECTS]
        return statements
    statements = []
    for table in SUBJECTS:  # our own table names, not input
        statements.append(
            f"CREATE TRIGGER status_history_insert_{table} AFTER INSERT ON {table} BEGIN "  # noqa: S608
            "INSERT INTO status_changes (subject, subject_id, status, changed_at, source) "
            f"VALUES ('{table}', NEW.id, NEW.status, COALESCE(NEW.created_at, {SQLITE_NOW}), 'recorded'); END")
        statements.append(
            f"CREATE TRIGGER status_history_update_{table} AFTER UPDATE OF status ON {table} "  # noqa: S608
            "WHEN NEW.status IS NOT OLD.status BEGIN "
            "INSERT INTO status_changes (subject, subject_id, status, changed_at, source) "
            f"VALUES ('{table}', NEW.id, NEW.status, {SQLITE_NOW}, 'recorded'); END")
    return statements


def drop_triggers(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [f"DROP TRIGGER IF EXISTS status_history ON {table}" for table in SUBJECTS] + [
            "DROP FUNCTION IF EXISTS record_status_change()"]
    return [f"DROP TRIGGER IF EXISTS status_history_{when}_{table}" for table in SUBJECTS
            for when in ("insert", "update")]


# -- what can be known of the past ------------------------------------------------------------

def _aware(value):
    if value is None:
        return None
    if isinstance(value, str):  # SQLite hands back text where the column type is not declared
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):  # a date: the start of that day
        value = datetime.combine(value, time.min)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _audit(conn, actions: dict[str, str]) -> dict[int, list[tuple]]:
    audit = sa.table("audit_log", sa.column("id"), sa.column("at"), sa.column("action"), sa.column("object_id"))
    found = defaultdict(list)
    query = sa.select(audit.c.object_id, audit.c.at, audit.c.action).where(audit.c.action.in_(list(actions))) \
        .order_by(audit.c.at, audit.c.id)
    for object_id, at, action in conn.execute(query):
        found[object_id].append((_aware(at), actions[action], "backfill"))
    return found


def _rows(subject: str, subject_id: int, events: list[tuple], current: str, updated) -> list[dict]:
    """The events in time order, and today's status at the last update where they do not end there."""
    events = sorted((e for e in events if e[0] is not None), key=lambda e: e[0])
    kept = []
    for event in events:
        if not kept or kept[-1][1] != event[1]:
            kept.append(event)
    if not kept or kept[-1][1] != current:
        last = kept[-1][0] if kept else None
        at = _aware(updated) or last
        kept.append((max(at, last) if last else at, current, "assumed"))
    return [{"subject": subject, "subject_id": subject_id, "status": status, "changed_at": at, "source": source}
            for at, status, source in kept]


def backfill(conn) -> int:
    """Writes the reconstructed history of every existing row; returns how many rows it wrote."""
    rows: list[dict] = []
    candidates = sa.table("candidates", sa.column("id"), sa.column("status"), sa.column("created_at"),
                          sa.column("updated_at"), sa.column("placed_on"), sa.column("consent_withdrawn_at"))
    audit = _audit(conn, CANDIDATE_ACTIONS)
    for cid, status, created, updated, placed_on, withdrawn in conn.execute(sa.select(candidates)):
        events = [(_aware(created), "active", "backfill"), *audit.get(cid, [])]
        if placed_on is not None and not any(e[1] == "placed" for e in events):
            events.append((max(_aware(placed_on), _aware(created)), "placed", "backfill"))
        if withdrawn is not None and not any(e[1] == "withdrawn" for e in events):
            events.append((_aware(withdrawn), "withdrawn", "backfill"))
        rows += _rows("candidates", cid, events, status, updated)

    slots = sa.table("slots", sa.column("id"), sa.column("status"), sa.column("created_at"),
                     sa.column("updated_at"), sa.column("published_at"))
    contacts = sa.table("contacts", sa.column("id"), sa.column("slot_id"), sa.column("status"),
                        sa.column("created_at"), sa.column("answered_at"), sa.column("placed_on"))
    last_placement = dict(conn.execute(sa.select(contacts.c.slot_id, sa.func.max(contacts.c.placed_on))
                                       .group_by(contacts.c.slot_id)).all())
    audit = _audit(conn, SLOT_ACTIONS)
    for sid, status, created, updated, published in conn.execute(sa.select(slots)):
        created, published = _aware(created), _aware(published)
        at_once = published is not None and (published - created).total_seconds() <= PUBLISHED_AT_ONCE
        events = [(created, "open" if at_once else "draft", "backfill"), *audit.get(sid, [])]
        if published is not None and not at_once:
            events.append((published, "open", "backfill"))
        if status == "filled" and not any(e[1] == "filled" for e in events) and last_placement.get(sid):
            events.append((max(_aware(last_placement[sid]), created), "filled", "backfill"))
        rows += _rows("slots", sid, events, status, updated)

    contact_events = sa.table("contact_events", sa.column("contact_id"), sa.column("at"), sa.column("kind"),
                              sa.column("outcome"))
    closed_at = dict(conn.execute(
        sa.select(contact_events.c.contact_id, sa.func.max(contact_events.c.at))
        .where(sa.or_(contact_events.c.kind == "closed", contact_events.c.outcome == "failed"))
        .group_by(contact_events.c.contact_id)).all())
    for kid, _slot, status, created, answered, _placed in conn.execute(sa.select(contacts)):
        events = [(_aware(created), "proposed", "backfill")]
        if answered is not None:
            events.append((_aware(answered), "declined" if status == "declined" else "accepted", "backfill"))
        if status == "closed" and kid in closed_at:
            events.append((_aware(closed_at[kid]), "closed", "backfill"))
        rows += _rows("contacts", kid, events, status, answered or created)

    for start in range(0, len(rows), 5000):
        conn.execute(history.insert(), rows[start:start + 5000])
    return len(rows)
