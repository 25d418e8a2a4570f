"""Contacts, contact events, digest entries, digest preferences on users.

Reviewed by hand: portable timestamp type and boolean defaults; the partial unique index on
open contacts is created with a WHERE clause on both SQLite and PostgreSQL.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 22:59:33.507849

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column(
            "initiated_by",
            sa.Enum("caseworker", "employer", name="initiator", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "accepted",
                "declined",
                "closed",
                name="contactstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("share_first_name", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "decline_reason",
            sa.Enum(
                "no_place",
                "not_suitable",
                "language",
                "timing",
                "person_declined",
                "other",
                name="declinereason",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("decline_text", sa.String(length=500), server_default="", nullable=False),
        sa.Column("closed_reason", sa.String(length=200), server_default="", nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "contacted",
                "meeting",
                "praktikum",
                "eq",
                "ausbildung",
                "arbeitsvertrag",
                "failed",
                name="outcome",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("outcome_on", sa.Date(), nullable=True),
        sa.Column("outcome_note", sa.String(length=500), server_default="", nullable=False),
        sa.Column("placed_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "status != 'declined' OR decline_reason IS NOT NULL", name=op.f("ck_contacts_declined_has_reason")
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_contacts_answered_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidates.id"], name=op.f("fk_contacts_candidate_id_candidates"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"], ["users.id"], name=op.f("fk_contacts_proposed_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["slot_id"], ["slots.id"], name=op.f("fk_contacts_slot_id_slots"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contacts_candidate_id"), ["candidate_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contacts_slot_id"), ["slot_id"], unique=False)
        batch_op.create_index("ix_contacts_status_created", ["status", "created_at"], unique=False)
        batch_op.create_index(
            "uq_contacts_open_pair",
            ["slot_id", "candidate_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('proposed', 'accepted')"),
            postgresql_where=sa.text("status IN ('proposed', 'accepted')"),
        )

    op.create_table(
        "contact_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "contacted",
                "meeting",
                "praktikum",
                "eq",
                "ausbildung",
                "arbeitsvertrag",
                "failed",
                name="event_outcome",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=500), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_contact_events_actor_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_contact_events_contact_id_contacts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_events")),
    )
    with op.batch_alter_table("contact_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_events_contact_id"), ["contact_id"], unique=False)

    op.create_table(
        "digest_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["match_id"], ["matches.id"], name=op.f("fk_digest_entries_match_id_matches"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_digest_entries_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_entries")),
        sa.UniqueConstraint("user_id", "match_id", name="uq_digest_entries_user_match"),
    )
    with op.batch_alter_table("digest_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_digest_entries_match_id"), ["match_id"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "digest_frequency",
                sa.Enum(
                    "daily",
                    "weekly",
                    "never",
                    name="digestfrequency",
                    native_enum=False,
                    create_constraint=True,
                    length=32,
                ),
                server_default="weekly",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column("digest_since", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)
        )
        batch_op.add_column(sa.Column("last_digest_at", sa.DateTime(timezone=True), nullable=True))

    if op.get_bind().dialect.name == "sqlite":
        # SQLite's batch mode rebuilt the table and cannot carry expression indexes over.
        op.create_index("uq_users_email_lower", "users", [sa.text("lower(email)")], unique=True)


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_digestfrequency"), type_="check")
        batch_op.drop_column("last_digest_at")
        batch_op.drop_column("digest_since")
        batch_op.drop_column("digest_frequency")

    if op.get_bind().dialect.name == "sqlite":
        op.create_index("uq_users_email_lower", "users", [sa.text("lower(email)")], unique=True)

    with op.batch_alter_table("digest_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_digest_entries_match_id"))

    op.drop_table("digest_entries")
    with op.batch_alter_table("contact_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_events_contact_id"))

    op.drop_table("contact_events")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_contacts_open_pair",
            sqlite_where=sa.text("status IN ('proposed', 'accepted')"),
            postgresql_where=sa.text("status IN ('proposed', 'accepted')"),
        )
        batch_op.drop_index("ix_contacts_status_created")
        batch_op.drop_index(batch_op.f("ix_contacts_slot_id"))
        batch_op.drop_index(batch_op.f("ix_contacts_candidate_id"))

    op.drop_table("contacts")
