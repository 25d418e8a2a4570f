"""The coordination office: verify employers, create agencies, manage users; evaluation follows."""

from flask import Blueprint

from ..access import restrict_blueprint
from ..models import Role

bp = Blueprint("coordinator", __name__)
restrict_blueprint(bp, Role.COORDINATOR)

from . import views  # noqa: E402, F401
