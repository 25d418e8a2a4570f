"""Sign-in, registration of employers, invitations and password resets."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import views  # noqa: E402, F401
