"""Matches: candidate-slot pairs with score and reasons, kept current by the matcher.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("score >= 0 AND score <= 100", name=op.f("ck_matches_score_range")),
        sa.ForeignKeyConstraint(["candidate_id"], ["candidates.id"], name=op.f("fk_matches_candidate_id_candidates"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["slot_id"], ["slots.id"], name=op.f("fk_matches_slot_id_slots"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matches")),
        sa.UniqueConstraint("slot_id", "candidate_id", name="uq_matches_slot_candidate"),
    )
    op.create_index("ix_matches_slot_score", "matches", ["slot_id", "score"])
    op.create_index("ix_matches_candidate_score", "matches", ["candidate_id", "score"])
    op.create_index(op.f("ix_matches_created_at"), "matches", ["created_at"])


def downgrade():
    op.drop_table("matches")
