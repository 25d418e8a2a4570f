"""Slots state what job portals state: pay or training allowance (or "nach Tarif"), working
time, a fixed term, the school-leaving certificate expected, and a publish-until date after
which the slot closes itself.

Reviewed by hand: eight nullable or defaulted columns; the three choices are portable enums
(VARCHAR with a CHECK), added in a batch so SQLite gets its CHECK constraints too. Existing
slots: nothing stated, no end date.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade():
    with op.batch_alter_table("slots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pay_from", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("pay_to", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("pay_unit", _enum("payunit", "monat", "stunde"), nullable=True))
        batch_op.add_column(sa.Column("pay_collective", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("working_time", _enum("workingtime", "vollzeit", "teilzeit", "minijob",
                                                            "flexibel"), nullable=True))
        batch_op.add_column(sa.Column("fixed_term_months", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("school_certificate", _enum("schoolcertificate", "keiner", "hauptschule",
                                                                  "mittlere_reife", "abitur"), nullable=True))
        batch_op.add_column(sa.Column("publish_until", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("slots", schema=None) as batch_op:
        for name in ("publish_until", "school_certificate", "fixed_term_months", "working_time", "pay_collective",
                     "pay_unit", "pay_to", "pay_from"):
            batch_op.drop_column(name)
