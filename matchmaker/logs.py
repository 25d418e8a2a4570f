"""Request ids and the log format.

Every request gets an id: the reverse proxy's X-Request-ID when it sends a sane one, else a new
one. It is sent back as X-Request-ID and stands on every log line written while the request
runs (gunicorn's access log prints the header too), so one request's lines can be found among
many processes. LOG_FORMAT=json writes one JSON object per line (time, level, logger, request
id, message, traceback) for a log collector; the default is one line of text. Logs stay on the
server; what leaves it (Sentry) is scrubbed in `observability`.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

HEADER = "X-Request-ID"
_SANE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s rid=%(request_id)s %(message)s"


def current_request_id() -> str:
    return g.get("request_id", "-") if has_request_context() else "-"


def init_logging(app: Flask) -> None:
    @app.before_request
    def _assign() -> None:
        given = request.headers.get(HEADER, "")
        g.request_id = given if _SANE.match(given) else uuid.uuid4().hex

    @app.after_request
    def _send(response):
        response.headers[HEADER] = current_request_id()
        return response

    _install_record_factory()
    if app.config.get("LOG_FORMAT") and not app.testing:
        configure(app.config["LOG_FORMAT"])


def _install_record_factory() -> None:
    """Every log record carries the request id (`-` outside a request), whoever logs it."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "adds_request_id", False):
        return

    def make(*args, **kwargs):
        record = factory(*args, **kwargs)
        record.request_id = current_request_id()
        return record

    make.adds_request_id = True
    logging.setLogRecordFactory(make)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(kind: str) -> None:
    """One handler on the root logger, in `kind` ("json" or "text") format, at INFO."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if kind == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(logging.INFO)
