"""The checked-in migrations produce exactly the schema the models describe."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from matchmaker.extensions import db
from tests.factories import employer_user


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrations_match_the_models(app):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_email_uniqueness_ignores_case_in_the_database_itself(app):
    user = employer_user(email="x@example.org")
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(
            sa.text(
                "INSERT INTO users (organisation_id, email, display_name, phone, active, created_at, session_token)"
                " VALUES (:org, 'X@EXAMPLE.ORG', 'Dup', '', true, CURRENT_TIMESTAMP, 't')"
            ),
            {"org": user.organisation_id},
        )
    db.session.rollback()

