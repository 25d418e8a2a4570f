"""The JSON API v1 (/api/v1): organisation tokens, the same scoped queries and services as the
web, described by an OpenAPI 3.1 document (flask-smorest: marshmallow schemas, apispec)."""

from __future__ import annotations

from .core import init_api

__all__ = ["init_api"]
