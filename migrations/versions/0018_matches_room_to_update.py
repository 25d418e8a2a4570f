"""On PostgreSQL, pages of `matches` keep half their room free, so that a rebuild's new scores
stay in the page of the row they replace.

A night that re-scores every pair rewrote 1.1 million rows: each new row version went to another
page, and each of the table's four indexes got a new entry for it (15 to 18 s for the UPDATE
alone, measured on a city of 10,000 x 10,000). With room left in every page, PostgreSQL keeps the
new version beside the old one and touches no index (a "HOT" update; nothing indexed changes: the
score and the reasons are in no index since migration 0016): the same UPDATE took 3 s. The old
versions are pruned in the page the next time it is used, so the room is there again the next
night. The table takes about twice the pages when freshly filled; after one night of rewritten
scores it took that much without the free room too (old versions until vacuum reuses them).
Rows written from now on follow the setting; `VACUUM FULL matches` rewrites the existing ones.
SQLite has no such setting.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

FILLFACTOR = 50


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE matches SET (fillfactor = {FILLFACTOR})")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE matches RESET (fillfactor)")
