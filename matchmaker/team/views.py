"""Colleagues, invitations and API tokens of the signed-in user's own organisation."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from .. import access, transaction
from ..extensions import db, limiter
from ..forms import EmptyForm
from ..models import ApiToken, Invitation, User, utcnow
from ..services import accounts, api_tokens
from . import bp
from .forms import ApiTokenForm, InviteForm


def _render(form: InviteForm, status: int = 200):
    members = db.session.scalars(access.colleagues(current_user).order_by(User.display_name, User.id)).all()
    invitations = db.session.scalars(
        access.open_invitations(current_user).order_by(Invitation.created_at, Invitation.id)
    ).all()
    return render_template(
        "team/index.html", members=members, invitations=invitations, form=form, button=EmptyForm()
    ), status


def _send_and_flash(invitation: Invitation | None, email: str) -> None:
    """Mail a stored invitation and say so; the same words when the address has an account
    already, so the page does not tell which addresses do."""
    if invitation is None or accounts.send_invitation(invitation):
        flash(_("Die Einladung an %(email)s ist unterwegs, sofern es zu der Adresse noch keinen Zugang gibt.",
                email=email), "success")
    else:
        flash(_("Die Einladung an %(email)s ist gespeichert, aber die E-Mail konnte gerade nicht "
                "gesendet werden. Bitte versuchen Sie es später mit „Erneut senden“.",
                email=invitation.email), "warning")


@bp.route("/")
def index():
    return _render(InviteForm())


def _per_user() -> str:
    return f"user:{current_user.id}"


@bp.route("/invite", methods=["POST"])
@limiter.limit("20 per day", key_func=_per_user, scope="invitations")
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invitation = accounts.invite(current_user, current_user.organisation, form.email.data,
                                         form.display_name.data)
        except accounts.AccountError as error:
            transaction.rollback()
            form.email.errors.append(str(error))
        else:
            transaction.commit()
            _send_and_flash(invitation, form.email.data)
            return redirect(url_for("team.index"))
    return _render(form, 422)


@bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
@limiter.limit("20 per day", key_func=_per_user, scope="invitations")
def resend(invitation_id: int):
    invitation = access.one_or_404(access.open_invitations(current_user).where(Invitation.id == invitation_id))
    if EmptyForm().validate_on_submit():
        _send_and_flash(invitation, invitation.email)
    return redirect(url_for("team.index"))


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
def revoke(invitation_id: int):
    invitation = access.one_or_404(access.open_invitations(current_user).where(Invitation.id == invitation_id))
    if EmptyForm().validate_on_submit():
        accounts.revoke_invitation(current_user, invitation)
        transaction.commit()
        flash(_("Die Einladung ist zurückgezogen."), "info")
    return redirect(url_for("team.index"))


# -- API tokens ---------------------------------------------------------------------------

def _render_tokens(form: ApiTokenForm, status: int = 200, secret: str | None = None):
    tokens = db.session.scalars(
        api_tokens.organisation_tokens(current_user).options(selectinload(ApiToken.created_by))
    ).all()
    now = utcnow()
    rows = [(token, api_tokens.state(token, now)) for token in tokens]
    html = render_template("team/api_tokens.html", rows=rows, form=form, button=EmptyForm(), secret=secret,
                           scope_labels=api_tokens.SCOPES, base_url=current_app.config["BASE_URL"])
    return html, status


@bp.route("/api-tokens", methods=["GET", "POST"], endpoint="api_tokens")
def api_tokens_page():
    form = ApiTokenForm(current_user)
    if not form.validate_on_submit():
        return _render_tokens(form, 422 if form.is_submitted() else 200)
    try:
        _token, secret = api_tokens.create(current_user, form.name.data, form.scopes.data, form.days.data)
    except api_tokens.TokenError as error:
        transaction.rollback()
        form.scopes.errors.append(str(error))
        return _render_tokens(form, 422)
    transaction.commit()
    # The secret exists only in this response: shown once, never stored, cached or redirected with.
    html, status = _render_tokens(ApiTokenForm(current_user, formdata=None), secret=secret)
    return html, status, {"Cache-Control": "no-store", "Pragma": "no-cache"}


@bp.route("/api-tokens/<int:token_id>/revoke", methods=["POST"])
def revoke_api_token(token_id: int):
    token = access.one_or_404(api_tokens.organisation_tokens(current_user).where(ApiToken.id == token_id))
    if EmptyForm().validate_on_submit():
        api_tokens.revoke(current_user, token)
        transaction.commit()
        flash(_("Der API-Zugang „%(name)s“ ist widerrufen und funktioniert nicht mehr.", name=token.name), "info")
    return redirect(url_for("team.api_tokens"))
