"""An organisation's own people: colleagues and the invitations that are still open."""

from flask import Blueprint

bp = Blueprint("team", __name__)

from . import views  # noqa: E402, F401
