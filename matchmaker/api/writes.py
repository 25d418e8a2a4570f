"""What every write of the API shares: refusals as problems, and idempotency keys on POST.

A POST with an `Idempotency-Key` header claims the key for its token first (one row, committed),
then does its work; the answer is kept for a day and given again to a retry with the same key and
the same request. A retry while the first is still running gets 409, the same key with another
body 422: nothing is done twice.
"""

from __future__ import annotations

import hashlib
from functools import wraps

import sqlalchemy as sa
from flask import current_app, request
from flask_smorest import abort

from ..extensions import db
from ..models import IdempotentRequest, utcnow
from ..services.retention import API_ANSWERS_KEPT as KEPT
from . import auth

HEADER = "Idempotency-Key"
PARAMETER = {"in": "header", "name": HEADER, "required": False,
             "schema": {"type": "string", "minLength": 1, "maxLength": 100},
             "description": "ein eindeutiger Schlüssel je Vorgang: eine Wiederholung mit demselben Schlüssel "
                            "legt nichts doppelt an und bekommt dieselbe Antwort"}


def refuse(status: int, detail: str | None = None):
    abort(status, detail=detail) if detail else abort(status)


def unprocessable(error: Exception, status: int = 422, pointer: str | None = None):
    """A rule of a service refused the input; its German message is the detail."""
    db.session.rollback()
    errors = [{"pointer": pointer, "detail": str(error)}] if pointer else None
    abort(status, detail=str(error), errors=errors)


def _fingerprint() -> str:
    return hashlib.sha256(b"\n".join([request.method.encode(), request.path.encode(),
                                      request.get_data() or b""])).hexdigest()


def _replay(kept: IdempotentRequest):
    response = current_app.response_class(current_app.json.dumps(kept.body), status=kept.status,
                                          mimetype="application/json")
    if kept.location:
        response.headers["Location"] = kept.location
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _claim(key: str, fingerprint: str) -> IdempotentRequest | None:
    """The kept answer for this key, or None when this request claimed it now."""
    token_id = auth.token().id
    db.session.execute(sa.delete(IdempotentRequest).where(IdempotentRequest.token_id == token_id,
                                                          IdempotentRequest.created_at < utcnow() - KEPT))
    claim = IdempotentRequest(token_id=token_id, key=key, fingerprint=fingerprint, status=0, body={})
    db.session.add(claim)
    try:
        db.session.commit()
        return None
    except sa.exc.IntegrityError:
        db.session.rollback()
    return db.session.scalar(sa.select(IdempotentRequest).where(IdempotentRequest.token_id == token_id,
                                                                IdempotentRequest.key == key))


def _release(key: str) -> None:
    db.session.rollback()
    db.session.execute(sa.delete(IdempotentRequest).where(IdempotentRequest.token_id == auth.token().id,
                                                          IdempotentRequest.key == key))
    db.session.commit()


def idempotent(view):
    """Put right under `auth.requires`: the view's finished response is what is kept."""

    @wraps(view)
    def once(*args, **kwargs):
        key = request.headers.get(HEADER, "").strip()
        if not key:
            return view(*args, **kwargs)
        if len(key) > 100 or not key.isprintable():
            abort(422, errors=[{"parameter": HEADER, "detail": "höchstens 100 druckbare Zeichen / "
                                                               "at most 100 printable characters"}])
        fingerprint = _fingerprint()
        kept = _claim(key, fingerprint)
        if kept is not None:
            if kept.fingerprint != fingerprint:
                abort(422, errors=[{"parameter": HEADER, "detail": "Der Schlüssel gehört zu einer anderen Anfrage. / "
                                                                   "The key belongs to another request."}])
            if kept.status == 0:
                abort(409, detail="Die erste Anfrage mit diesem Schlüssel läuft noch. / "
                                  "The first request with this key is still running.")
            return _replay(kept)
        try:
            response = current_app.make_response(view(*args, **kwargs))
        except BaseException:
            _release(key)
            raise
        if response.status_code >= 300:
            _release(key)
            return response
        db.session.execute(sa.update(IdempotentRequest).where(
            IdempotentRequest.token_id == auth.token().id, IdempotentRequest.key == key).values(
            status=response.status_code, body=response.get_json(), location=response.headers.get("Location")))
        db.session.commit()
        return response

    doc = once.__dict__.setdefault("_apidoc", {})
    doc.setdefault("manual_doc", {}).setdefault("parameters", []).append(PARAMETER)
    return once
