"""Profiles keep the day their last placement began, through a contact or found elsewhere, so
the evaluation counts placements marked by hand too.

Reviewed by hand: one nullable column, added in place. Backfill for profiles placed now: the
latest placement of their contacts; otherwise the day the audit log says they were marked
placed. A profile placed by hand before the audit log knew that action keeps NULL (not counted).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("candidates", sa.Column("placed_on", sa.Date(), nullable=True))
    op.execute(
        "UPDATE candidates SET placed_on = (SELECT MAX(contacts.placed_on) FROM contacts "
        "WHERE contacts.candidate_id = candidates.id) WHERE status = 'placed'"
    )
    day = "DATE(MAX(audit_log.at))" if op.get_bind().dialect.name == "sqlite" else "CAST(MAX(audit_log.at) AS DATE)"
    op.execute(
        f"UPDATE candidates SET placed_on = (SELECT {day} FROM audit_log WHERE audit_log.object_type = 'candidates' "
        "AND audit_log.object_id = candidates.id AND audit_log.action = 'candidate.placed') "
        "WHERE status = 'placed' AND placed_on IS NULL"
    )


def downgrade():
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_column("placed_on")
