"""Proposals waiting for one side are found through an index on (status, initiated_by): every
signed-in page counts them for the navigation, and without it the database read every open
proposal of the city to find the few waiting for this side.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_contacts_status_initiated_by", "contacts", ["status", "initiated_by"])


def downgrade():
    op.drop_index("ix_contacts_status_initiated_by", table_name="contacts")
