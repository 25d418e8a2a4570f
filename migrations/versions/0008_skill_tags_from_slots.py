"""Skill suggestions come only from verified employers' slots: the tags remembered from
profiles (a caseworker's words about a person, shown to every signed-in user as suggestions)
are removed.

Reviewed by hand: a data migration. The table is emptied and counted again from the skills of
slots of verified employers; downgrade cannot bring back what profiles said, on purpose.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import json
from collections import Counter

import sqlalchemy as sa
from alembic import op

from matchmaker.matching.normalise import fold

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

MAX_TAG_LENGTH = 80


def upgrade():
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT slots.skills FROM slots JOIN organisations ON organisations.id = slots.organisation_id "
        "WHERE organisations.verified_at IS NOT NULL OR organisations.kind != 'employer'"
    )).all()
    counts, spelling = Counter(), {}
    for (skills,) in rows:
        for name in (json.loads(skills) if isinstance(skills, str) else skills) or []:
            key = fold(name)[:MAX_TAG_LENGTH]
            if key:
                counts[key] += 1
                spelling.setdefault(key, name[:MAX_TAG_LENGTH])
    bind.execute(sa.text("DELETE FROM skill_tags"))
    if counts:
        bind.execute(sa.text("INSERT INTO skill_tags (key, name, uses) VALUES (:key, :name, :uses)"),
                     [{"key": key, "name": spelling[key], "uses": n} for key, n in sorted(counts.items())])


def downgrade():
    pass
