"""One commit per action.

Services change objects and flush; they never commit. The request (a view, through `commit()`)
or the CLI command commits once, so an action is stored whole or not at all: anything that fails
before the commit leaves the database as it was (`rollback()`, and the end of every request,
discard it). Work that follows an action and must never undo or half-apply it (mail, re-matching)
is queued with `after_commit` and runs once the action is stored. Its failure is logged, which
also reports it to Sentry, and the action stands.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import after_this_request, current_app

from .extensions import db

log = logging.getLogger(__name__)
_QUEUE = "after_commit"


def after_commit(what: str, job: Callable[[], object]) -> None:
    """Run `job` after the current action is committed; `what` names it in the log."""
    db.session.info.setdefault(_QUEUE, []).append((what, job))


def commit() -> None:
    """Store the action, then run what waits for it."""
    db.session.commit()
    run_after_commit()


def commit_rendered() -> None:
    """`commit()` for a page already rendered (it records that it was seen): nothing reads its
    rows again before the request ends and drops them, so they are not expired first (some 80
    rows on a profile page)."""
    session = db.session()
    expiring = session.expire_on_commit
    session.expire_on_commit = False
    try:
        commit()
    finally:
        session.expire_on_commit = expiring


def rollback() -> None:
    """Forget the action and what was waiting for it."""
    db.session.rollback()
    db.session.info.pop(_QUEUE, None)


def after_response(what: str, job: Callable[[], object]) -> None:
    """Run `job` off the request path, on this process's job thread (`jobs.in_this_process`): the
    answer does not wait for it, and its duration tells the client nothing. A failure is logged.

    Not on the response's close: the development server skips that when the browser resets the
    connection, and the work (a registration) was lost while the page said it was done."""
    from . import jobs

    app = current_app._get_current_object()

    @after_this_request
    def _schedule(response):
        def run():
            with app.app_context():
                try:
                    job()
                except Exception:
                    db.session.rollback()
                    log.exception("%s failed after the response", what)

        jobs.in_this_process(app, run)
        return response


def run_after_commit() -> None:
    while jobs := db.session.info.pop(_QUEUE, None):
        for what, job in jobs:
            try:
                job()
            except Exception:
                db.session.rollback()
                log.exception("%s failed after the action was stored", what)
