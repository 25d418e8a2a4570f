"""One run at a time across every machine: a named lock for commands that several timers may
start at once (two app servers, each with its digest timer).

PostgreSQL: a session advisory lock (`pg_try_advisory_lock`) on a connection of its own, held
while the run lasts and gone with the connection if the process dies. SQLite (one machine): an
exclusive file lock next to the database's instance folder.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from flask import current_app

from .extensions import db


def _key(name: str) -> int:
    """A stable 63-bit number for the name (advisory locks take a bigint)."""
    return int.from_bytes(hashlib.sha256(f"kurzer-draht:{name}".encode()).digest()[:8], "big") >> 1


@contextmanager
def only_one(name: str) -> Iterator[bool]:
    """Yields True while this process holds the lock `name`, False if another run holds it
    (then do nothing: that run does the work)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            got = connection.execute(sa.select(sa.func.pg_try_advisory_lock(_key(name)))).scalar()
            connection.commit()
            try:
                yield bool(got)
            finally:
                if got:
                    connection.execute(sa.select(sa.func.pg_advisory_unlock(_key(name))))
                    connection.commit()
        return
    os.makedirs(current_app.instance_path, exist_ok=True)
    with open(os.path.join(current_app.instance_path, f"{name}.lock"), "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
