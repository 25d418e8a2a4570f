"""Contacts keep their two sides' organisations (`employer_id`, `agency_id`): every signed-in
page counts the contacts waiting for the user's side, and the inbox counts and lists one side's
contacts by section. Found through the slot and the profile, each of those read every contact of
the city and both tables (3 ms for the inbox's counts in a city of 20,000 contacts); with the
copies and an index per side in the inbox's order, the database reads only the side's own rows.
Neither side of a contact changes; new contacts get them from their slot and profile.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06
"""

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

SIDES = (("employer_id", "slots", "organisation_id", "slot_id"),
         ("agency_id", "candidates", "agency_id", "candidate_id"))


def upgrade():
    with op.batch_alter_table("contacts") as batch_op:
        for column, *_ in SIDES:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
    backfill(op.get_bind())
    with op.batch_alter_table("contacts") as batch_op:
        for column, *_ in SIDES:
            batch_op.alter_column(column, existing_type=sa.Integer(), nullable=False)
            batch_op.create_foreign_key(f"fk_contacts_{column}_organisations", "organisations", [column], ["id"],
                                        ondelete="CASCADE")
        batch_op.create_index("ix_contacts_agency_section", ["agency_id", "status", "created_at", "initiated_by"])
        batch_op.create_index("ix_contacts_employer_section",
                              ["employer_id", "status", "created_at", "initiated_by"])
    _status_history_again()


def backfill(conn) -> None:
    """Every contact's two sides, from its slot and its profile."""
    for column, table, source, key in SIDES:  # our own table and column names, not input
        conn.execute(sa.text(f"UPDATE contacts SET {column} = (SELECT {table}.{source} FROM {table} "  # noqa: S608
                             f"WHERE {table}.id = contacts.{key})"))


def downgrade():
    with op.batch_alter_table("contacts") as batch_op:
        batch_op.drop_index("ix_contacts_employer_section")
        batch_op.drop_index("ix_contacts_agency_section")
        for column, *_ in reversed(SIDES):
            batch_op.drop_constraint(f"fk_contacts_{column}_organisations", type_="foreignkey")
            batch_op.drop_column(column)
    _status_history_again()


def _status_history_again() -> None:
    """SQLite alters a table by copying it into a new one, which loses its triggers: migration
    0012's, which record each contact's status changes, are made again."""
    if op.get_bind().dialect.name != "sqlite":
        return
    spec = importlib.util.spec_from_file_location("status_history", Path(__file__).with_name("0012_status_history.py"))
    status_history = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(status_history)
    for statement in status_history.triggers("sqlite"):
        if " ON contacts " in statement:
            op.execute(statement)
