"""The landing page, the redirect to each role's home, and the small JSON helpers forms use."""

from flask import current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from ..extensions import limiter
from ..models import Role
from ..security import plain_http
from ..services import occupations, skills
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


def _legal() -> dict:
    config = current_app.config
    return {"operator": config["LEGAL_OPERATOR"], "address": config["LEGAL_ADDRESS"], "email": config["LEGAL_EMAIL"],
            "dpo": config["LEGAL_DPO"], "representative": config["LEGAL_REPRESENTATIVE"],
            "retention_months": config["RETENTION_PROFILE_MONTHS"]}


@bp.route("/datenschutz")
def privacy():
    return render_template("legal/datenschutz.html", legal=_legal())


@bp.route("/impressum")
def imprint():
    return render_template("legal/impressum.html", legal=_legal())


@bp.route("/healthz")
@limiter.exempt
@plain_http
def health():
    """The process is up (for a load balancer's liveness check; touches nothing else)."""
    return {"status": "ok"}


@bp.route("/readyz")
@limiter.exempt
@plain_http
def ready():
    """Ready for traffic: the database answers, its migrations are current, Redis answers when
    configured; with the queue's depth. 503 with the failing check otherwise (no details of the
    error: they stay in the log)."""
    from .. import jobs
    from ..services import readiness

    checks = readiness.checks()
    status = 200 if all(check["ok"] for check in checks.values()) else 503
    body = {"status": "ok" if status == 200 else "unavailable", "checks": checks}
    if checks.get("redis", {}).get("ok", True):
        body["queue"] = jobs.waiting()
    return body, status


@bp.route("/skills/suggest")
@login_required
def suggest_skills():
    """Tags in use that fit what is being typed; a small JSON list for the tags field."""
    return jsonify(skills.suggest(request.args.get("q", "")[:80]))


def _per_user() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else get_remote_address()


@bp.route("/occupations/suggest")
@login_required
@limiter.limit("120 per minute", key_func=_per_user)
def suggest_occupations():
    """What a title or prior occupation is recognised as (KldB 2010), and titles to pick instead."""
    text = request.args.get("q", "").strip()
    if not text or len(text) > occupations.MAX_QUERY_LENGTH:
        message = _("Bitte geben Sie einen Beruf oder einen KldB-Code an (höchstens %(max)d Zeichen).",
                    max=occupations.MAX_QUERY_LENGTH)
        return jsonify(error=message), 400
    return jsonify({"query": text, **occupations.picker(text).as_json()})
