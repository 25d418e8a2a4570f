"""Pages for everybody: the landing page, the role-aware home redirect, a health check."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from . import views  # noqa: E402, F401
