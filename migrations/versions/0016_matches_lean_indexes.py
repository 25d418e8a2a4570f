"""Matches keep the indexes their queries need and no score in any of them: a rebuild rewrites
scores, and every index entry of a changed row was written again (five indexes for 1.1 million
matches). A slot's matches are found through (slot_id, candidate_id), which the unique constraint
keeps anyway, a profile's through (candidate_id); both are sorted by score in the query (a slot or
a profile has some hundreds). A city's first rebuild took a fifth less time, a table a fifth less
space.

On PostgreSQL, the trigger that records first matches no longer groups the inserted rows: one
statement never inserts a pair twice (the unique constraint), so the grouping only sorted the
1.1 million rows of a first rebuild (3 s).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


FIRST_MATCHES = """
    CREATE OR REPLACE FUNCTION record_first_matches() RETURNS trigger AS $$
    BEGIN
        INSERT INTO match_history (candidate_id, slot_id, first_found_at)
        SELECT candidate_id, slot_id, {first} FROM new_matches {grouped}
        ON CONFLICT (candidate_id, slot_id) DO NOTHING;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql"""


def upgrade():
    op.create_index("ix_matches_candidate_id", "matches", ["candidate_id"])
    op.drop_index("ix_matches_candidate_score", table_name="matches")
    op.drop_index("ix_matches_slot_score", table_name="matches")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FIRST_MATCHES.format(first="created_at", grouped=""))


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FIRST_MATCHES.format(first="MIN(created_at)", grouped="GROUP BY candidate_id, slot_id"))
    op.create_index("ix_matches_slot_score", "matches", ["slot_id", "score"])
    op.create_index("ix_matches_candidate_score", "matches", ["candidate_id", "score"])
    op.drop_index("ix_matches_candidate_id", table_name="matches")
