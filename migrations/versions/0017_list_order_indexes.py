"""Lists of profiles and slots are shown newest first (created_at, then id): indexes in that
order let the database walk to a page instead of sorting every row of the scope first (an
agency's 10,000 profiles, a city's 10,000 open slots) to show 25.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_candidates_agency_created", "candidates", ["agency_id", "created_at", "id"])
    op.create_index("ix_slots_organisation_created", "slots", ["organisation_id", "created_at", "id"])
    op.create_index("ix_slots_status_created", "slots", ["status", "created_at", "id"])


def downgrade():
    op.drop_index("ix_slots_status_created", table_name="slots")
    op.drop_index("ix_slots_organisation_created", table_name="slots")
    op.drop_index("ix_candidates_agency_created", table_name="candidates")
