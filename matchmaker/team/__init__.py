"""An organisation's own people: colleagues and the invitations that are still open."""

from flask import Blueprint

from ..access import restrict_blueprint
from ..models import Role

bp = Blueprint("team", __name__)
restrict_blueprint(bp, *Role)  # every signed-in person has a team; the scopes keep it their own

from . import views  # noqa: E402, F401
