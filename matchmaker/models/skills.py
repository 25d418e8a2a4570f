"""Skill tags in use, for suggestions while typing (until the matcher's vocabulary exists)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class SkillTag(db.Model):
    __tablename__ = "skill_tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    # Lower-cased name: unique, and what prefix searches use.
    key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    uses: Mapped[int] = mapped_column(default=0, server_default="0")
