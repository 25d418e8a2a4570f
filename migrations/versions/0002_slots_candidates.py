"""Slots, candidates (with reachable districts), skill tags, import batches.

Reviewed by hand: portable timestamp type and boolean defaults for SQLite and PostgreSQL.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 22:01:22.857829

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "skill_tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("uses", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill_tags")),
        sa.UniqueConstraint("key", name=op.f("uq_skill_tags_key")),
    )
    op.create_table(
        "candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("pseudonym", sa.String(length=12), nullable=False),
        sa.Column("first_name", sa.String(length=80), nullable=True),
        sa.Column("last_initial", sa.String(length=3), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("other_languages", sa.JSON(), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("occupations", sa.JSON(), nullable=False),
        sa.Column("qualifications", sa.JSON(), nullable=False),
        sa.Column(
            "work_permit",
            sa.Enum(
                "erlaubt",
                "zustimmung",
                "nicht_erlaubt",
                "ungeklaert",
                name="workpermit",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column(
            "origin_region",
            sa.Enum(
                "eu_suedost",
                "eu_sonstige",
                "europa_nicht_eu",
                "nahost",
                "suedasien",
                "nordafrika",
                "subsahara",
                "sonstige",
                "keine_angabe",
                name="originregion",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "german_level",
            sa.Enum(
                "A1",
                "A2",
                "B1",
                "B2",
                "C1",
                "C2",
                name="germanlevel",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("german_certified", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("desired_kinds", sa.JSON(), nullable=False),
        sa.Column("available_from", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "paused",
                "placed",
                "withdrawn",
                name="candidatestatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("consent_given_on", sa.Date(), nullable=True),
        sa.Column("consent_recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("consent_recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("consent_scope", sa.String(length=60), nullable=False),
        sa.Column("consent_withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("search_text", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status != 'withdrawn' OR (first_name IS NULL AND consent_withdrawn_at IS NOT NULL)",
            name=op.f("ck_candidates_withdrawn_is_erased"),
        ),
        sa.CheckConstraint(
            "birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100", name=op.f("ck_candidates_birth_year_range")
        ),
        sa.CheckConstraint(
            "consent_recorded_at IS NOT NULL AND consent_scope IS NOT NULL", name=op.f("ck_candidates_consent_recorded")
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["organisations.id"], name=op.f("fk_candidates_agency_id_organisations"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["consent_recorded_by_id"],
            ["users.id"],
            name=op.f("fk_candidates_consent_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_candidates_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidates")),
        sa.UniqueConstraint("pseudonym", name="uq_candidates_pseudonym"),
    )
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_index("ix_candidates_agency_status", ["agency_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidates_german_level"), ["german_level"], unique=False)

    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("candidates", "slots", name="importkind", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("imported_rows", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_import_batches_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_import_batches_uploaded_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_batches_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_batches_uploaded_by_id"), ["uploaded_by_id"], unique=False)

    op.create_table(
        "slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("contact_person_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "praktikum",
                "eq",
                "ausbildung",
                "teilzeitausbildung",
                "helfer",
                "fachkraft",
                name="slotkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column(
            "min_german",
            sa.Enum(
                "A1",
                "A2",
                "B1",
                "B2",
                "C1",
                "C2",
                name="germanlevel",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("language_support", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("street_address", sa.String(length=300), server_default="", nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("open_positions", sa.Integer(), server_default="1", nullable=False),
        sa.Column("weekly_hours", sa.Integer(), nullable=True),
        sa.Column("duration_weeks", sa.Integer(), nullable=True),
        sa.Column("driving_licence_required", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("shift_work", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("transit_note", sa.String(length=300), server_default="", nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "open",
                "paused",
                "filled",
                "closed",
                name="slotstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("search_text", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "duration_weeks IS NULL OR (duration_weeks BETWEEN 1 AND 104)", name=op.f("ck_slots_duration_range")
        ),
        sa.CheckConstraint("open_positions >= 0 AND open_positions <= 500", name=op.f("ck_slots_open_positions_range")),
        sa.CheckConstraint(
            "weekly_hours IS NULL OR (weekly_hours BETWEEN 1 AND 60)", name=op.f("ck_slots_weekly_hours_range")
        ),
        sa.ForeignKeyConstraint(
            ["contact_person_id"], ["users.id"], name=op.f("fk_slots_contact_person_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_slots_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["district_id"], ["districts.id"], name=op.f("fk_slots_district_id_districts"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_slots_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slots")),
    )
    with op.batch_alter_table("slots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slots_contact_person_id"), ["contact_person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_slots_district_id"), ["district_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_slots_min_german"), ["min_german"], unique=False)
        batch_op.create_index("ix_slots_organisation_status", ["organisation_id", "status"], unique=False)
        batch_op.create_index("ix_slots_status_kind", ["status", "kind"], unique=False)

    op.create_table(
        "candidate_districts",
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_candidate_districts_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["districts.id"],
            name=op.f("fk_candidate_districts_district_id_districts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("candidate_id", "district_id", name=op.f("pk_candidate_districts")),
    )
    with op.batch_alter_table("candidate_districts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_candidate_districts_district_id"), ["district_id"], unique=False)


def downgrade():
    with op.batch_alter_table("candidate_districts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidate_districts_district_id"))

    op.drop_table("candidate_districts")
    with op.batch_alter_table("slots", schema=None) as batch_op:
        batch_op.drop_index("ix_slots_status_kind")
        batch_op.drop_index("ix_slots_organisation_status")
        batch_op.drop_index(batch_op.f("ix_slots_min_german"))
        batch_op.drop_index(batch_op.f("ix_slots_district_id"))
        batch_op.drop_index(batch_op.f("ix_slots_contact_person_id"))

    op.drop_table("slots")
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_batches_uploaded_by_id"))
        batch_op.drop_index(batch_op.f("ix_import_batches_organisation_id"))

    op.drop_table("import_batches")
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidates_german_level"))
        batch_op.drop_index("ix_candidates_agency_status")

    op.drop_table("candidates")
    op.drop_table("skill_tags")
