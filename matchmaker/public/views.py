"""The landing page and the redirect to each role's home."""

import sqlalchemy as sa
from flask import jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..extensions import db, limiter
from ..models import Role
from ..services import skills
from . import bp

HOME_BY_ROLE = {
    Role.EMPLOYER: "employer.home",
    Role.CASEWORKER: "caseworker.home",
    Role.COORDINATOR: "coordinator.home",
}


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("public.home"))
    return render_template("public/index.html")


@bp.route("/home")
@login_required
def home():
    return redirect(url_for(HOME_BY_ROLE[current_user.role]))


@bp.route("/healthz")
@limiter.exempt
def health():
    db.session.execute(sa.text("SELECT 1"))
    return {"status": "ok"}


@bp.route("/skills/suggest")
@login_required
def suggest_skills():
    """Tags in use that fit what is being typed; a small JSON list for the tags field."""
    return jsonify(skills.suggest(request.args.get("q", "")[:80]))
