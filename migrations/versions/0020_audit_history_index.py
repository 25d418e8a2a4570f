"""A profile's history (its own page, newest first, without the list entries) was found by
object and then sorted after reading every entry of the profile: one shown on the first page of
its agency's list gathers thousands of list entries (4.6 ms for 2,200 entries, and growing every
day). A partial index in the history's order, without the list entries, reads just one page.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

SHOWN_IN_HISTORY = "audit_log.action != 'candidate.list'"  # models.audit.SHOWN_IN_HISTORY when written


def upgrade():
    op.create_index("ix_audit_log_history", "audit_log", ["object_type", "object_id", "at", "id"],
                    postgresql_where=sa.text(SHOWN_IN_HISTORY), sqlite_where=sa.text(SHOWN_IN_HISTORY))


def downgrade():
    op.drop_index("ix_audit_log_history", table_name="audit_log")
