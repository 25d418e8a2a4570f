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
    audit = sa.table("audit_log", sa.column("at"), sa.column("object_type"), sa.column("object_id"),
                     sa.column("action"))
    candidates = sa.table("candidates", sa.column("id"), sa.column("status"), sa.column("placed_on"))
    last = sa.func.max(audit.c.at)
    day = sa.func.date(last) if op.get_bind().dialect.name == "sqlite" else sa.cast(last, sa.Date)
    marked_day = sa.select(day).where(audit.c.object_type == "candidates", audit.c.object_id == candidates.c.id,
                                      audit.c.action == "candidate.placed").scalar_subquery()
    op.execute(candidates.update().where(candidates.c.status == "placed", candidates.c.placed_on.is_(None))
               .values(placed_on=marked_day))


def downgrade():
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_column("placed_on")
