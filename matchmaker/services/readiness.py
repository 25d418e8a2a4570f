"""What /readyz checks: the database, its migrations, Redis when configured."""

from __future__ import annotations

import logging
from pathlib import Path

import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import current_app

from .. import jobs
from ..extensions import db

log = logging.getLogger(__name__)


def checks() -> dict[str, dict]:
    found = {"database": _check(_database), "migrations": _check(_migrations)}
    if current_app.config.get("REDIS_URL"):
        found["redis"] = _check(lambda: jobs.redis_connection().ping())
    return found


def _check(probe) -> dict:
    try:
        detail = probe()
    except Exception:
        log.exception("readiness check failed")
        db.session.rollback()
        return {"ok": False}
    return {"ok": detail is not False, **({"detail": detail} if isinstance(detail, str) else {})}


def _database() -> None:
    db.session.execute(sa.text("SELECT 1"))


def _migrations() -> bool | str:
    """The database's revision is the newest of the migrations folder."""
    directory = current_app.extensions["migrate"].directory
    head = ScriptDirectory.from_config(_config(directory)).get_current_head()
    current = db.session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    return False if current != head else str(current)


def _config(directory: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(directory)))
    return config
