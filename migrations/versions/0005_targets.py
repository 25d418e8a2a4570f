"""Targets: days from profile to a started placement, per slot kind, set by coordinators.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

KINDS = ("praktikum", "eq", "ausbildung", "teilzeitausbildung", "helfer", "fachkraft")


def upgrade():
    op.create_table(
        "targets",
        sa.Column("kind", sa.Enum(*KINDS, name="slotkind", native_enum=False, create_constraint=True, length=32),
                  nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("days BETWEEN 1 AND 1000", name=op.f("ck_targets_days_range")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_targets_updated_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_targets")),
    )


def downgrade():
    op.drop_table("targets")
