"""Initial schema: districts, organisations, users, invitations, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-24

Reviewed by hand: organisations and users reference each other, so the verified_by and
rejected_by keys are added once users exists (PostgreSQL needs the target table first).
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _timestamp(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade():
    op.create_table(
        "districts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("level", _enum("districtlevel", "bezirk", "ortsteil"), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("is_model_quarter", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "(level = 'bezirk' AND parent_id IS NULL) OR (level = 'ortsteil' AND parent_id IS NOT NULL)",
            name=op.f("ck_districts_level_matches_parent"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["districts.id"], name=op.f("fk_districts_parent_id_districts"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_districts")),
        sa.UniqueConstraint("name", name="uq_districts_name"),
    )
    op.create_index(op.f("ix_districts_parent_id"), "districts", ["parent_id"])

    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("organisationkind", "employer", "agency", "coordination"), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), server_default="", nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(length=40), server_default="", nullable=False),
        sa.Column("sector", _enum("sector", "handwerk", "handel", "gewerbe"), nullable=True),
        sa.Column("chamber", _enum("chamber", "hwk", "ihk", "none"), nullable=True),
        sa.Column("membership_number", sa.String(length=60), nullable=True),
        sa.Column("carrier", _enum("carrier", "staedtisch", "frei_gemeinnuetzig"), nullable=True),
        _timestamp("created_at", nullable=False),
        _timestamp("verified_at"),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        _timestamp("rejected_at"),
        sa.Column("rejected_by_id", sa.Integer(), nullable=True),
        sa.Column("rejection_reason", sa.String(length=500), nullable=True),
        sa.CheckConstraint("kind != 'agency' OR carrier IS NOT NULL", name=op.f("ck_organisations_agency_has_carrier")),
        sa.CheckConstraint(
            "kind != 'employer' OR (sector IS NOT NULL AND chamber IS NOT NULL)",
            name=op.f("ck_organisations_employer_has_sector_and_chamber"),
        ),
        sa.CheckConstraint(
            "verified_at IS NULL OR rejected_at IS NULL", name=op.f("ck_organisations_not_verified_and_rejected")
        ),
        sa.ForeignKeyConstraint(
            ["district_id"], ["districts.id"], name=op.f("fk_organisations_district_id_districts"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
    )
    op.create_index(op.f("ix_organisations_district_id"), "organisations", ["district_id"])
    op.create_index(op.f("ix_organisations_kind"), "organisations", ["kind"])

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=40), server_default="", nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        _timestamp("last_login_at"),
        _timestamp("created_at", nullable=False),
        sa.Column("session_token", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"],
            name=op.f("fk_users_organisation_id_organisations"), ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    op.create_index(op.f("ix_users_organisation_id"), "users", ["organisation_id"])
    # Email addresses are unique regardless of case.
    op.create_index("uq_users_email_lower", "users", [sa.text("lower(email)")], unique=True)

    with op.batch_alter_table("organisations") as batch_op:
        batch_op.create_foreign_key(
            op.f("fk_organisations_verified_by_id_users"), "users", ["verified_by_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_foreign_key(
            op.f("fk_organisations_rejected_by_id_users"), "users", ["rejected_by_id"], ["id"], ondelete="SET NULL"
        )

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        _timestamp("at", nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_audit_log_actor_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_actor_id"), "audit_log", ["actor_id"])
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"])
    op.create_index("ix_audit_log_object", "audit_log", ["object_type", "object_id"])

    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=120), server_default="", nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        _timestamp("created_at", nullable=False),
        _timestamp("accepted_at"),
        _timestamp("revoked_at"),
        sa.ForeignKeyConstraint(
            ["invited_by_id"], ["users.id"], name=op.f("fk_invitations_invited_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"],
            name=op.f("fk_invitations_organisation_id_organisations"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
    )
    op.create_index(op.f("ix_invitations_email"), "invitations", ["email"])
    op.create_index(op.f("ix_invitations_organisation_id"), "invitations", ["organisation_id"])


def downgrade():
    op.drop_table("invitations")
    op.drop_table("audit_log")
    with op.batch_alter_table("organisations") as batch_op:
        batch_op.drop_constraint(op.f("fk_organisations_rejected_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(op.f("fk_organisations_verified_by_id_users"), type_="foreignkey")
    op.drop_table("users")
    op.drop_table("organisations")
    op.drop_table("districts")
