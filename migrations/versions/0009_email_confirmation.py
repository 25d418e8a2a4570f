"""Self-registered employers confirm their address before they can sign in, so the registration
form answers the same whether or not an address has an account.

Reviewed by hand: one nullable column; every existing account counts as confirmed (it was made
by invitation, by a coordinator, or registered and used before this check existed).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from matchmaker.models.base import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("email_confirmed_at", UTCDateTime(), nullable=True))
    op.execute("UPDATE users SET email_confirmed_at = created_at")


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("email_confirmed_at")
