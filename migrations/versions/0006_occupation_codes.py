"""Slots keep a KldB 2010 code the employer confirmed (profiles keep theirs inside occupations).

Reviewed by hand: one nullable column, added in place on SQLite and PostgreSQL alike (no table
rebuild). Existing slots keep NULL: their occupation is recognised from the title, as before;
`flask matches rebuild` re-scores them with the new matcher.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("slots", sa.Column("occupation_code", sa.String(length=5), nullable=True))


def downgrade():
    with op.batch_alter_table("slots", schema=None) as batch_op:
        batch_op.drop_column("occupation_code")
