"""Match history: every candidate-slot pair the matcher ever proposed, with the time it was first
found, so that "people with a new match" in a past period stays what it was when matches are
removed later (pausing, placing or withdrawing a person removes today's matches).

The database keeps it: a trigger on every insert into matches adds the pair unless it is known
(SQLite: a row trigger with INSERT OR IGNORE; PostgreSQL: a statement trigger over the inserted
rows with ON CONFLICT DO NOTHING, so bulk inserts of a rebuild cost one statement). The backfill
takes today's matches with their created_at; pairs removed before this migration are not known.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "match_history",
        sa.Column("candidate_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("slot_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("first_found_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("candidate_id", "slot_id", name=op.f("pk_match_history")),
    )
    op.create_index("ix_match_history_first_found_at", "match_history", ["first_found_at"])
    op.execute("INSERT INTO match_history (candidate_id, slot_id, first_found_at) "
               "SELECT candidate_id, slot_id, MIN(created_at) FROM matches GROUP BY candidate_id, slot_id")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION record_first_matches() RETURNS trigger AS $$
            BEGIN
                INSERT INTO match_history (candidate_id, slot_id, first_found_at)
                SELECT candidate_id, slot_id, MIN(created_at) FROM new_matches GROUP BY candidate_id, slot_id
                ON CONFLICT (candidate_id, slot_id) DO NOTHING;
                RETURN NULL;
            END
            $$ LANGUAGE plpgsql""")
        op.execute("CREATE TRIGGER match_history AFTER INSERT ON matches REFERENCING NEW TABLE AS new_matches "
                   "FOR EACH STATEMENT EXECUTE FUNCTION record_first_matches()")
    else:
        op.execute("CREATE TRIGGER match_history_insert AFTER INSERT ON matches BEGIN "
                   "INSERT OR IGNORE INTO match_history (candidate_id, slot_id, first_found_at) "
                   "VALUES (NEW.candidate_id, NEW.slot_id, NEW.created_at); END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS match_history ON matches")
        op.execute("DROP FUNCTION IF EXISTS record_first_matches()")
    else:
        op.execute("DROP TRIGGER IF EXISTS match_history_insert")
    op.drop_index("ix_match_history_first_found_at", table_name="match_history")
    op.drop_table("match_history")
