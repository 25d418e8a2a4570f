"""Views for sign-in and account lifecycle; the rules live in services.accounts."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from .. import transaction
from ..extensions import limiter
from ..forms import EmptyForm
from ..models import normalise_email
from ..services import accounts
from . import bp
from .forms import (
    AcceptInvitationForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    RegisterEmployerForm,
    ResetPasswordForm,
)
from .sessions import end_everywhere


def _login_failed(_response) -> bool:
    return bool(g.get("login_failed"))


def _account_key() -> str:
    """Failures count per address and account: someone guessing elsewhere cannot lock the owner
    out, and one address guessing many accounts hits the per-address limit."""
    return f"login:{get_remote_address()}:{normalise_email(request.form.get('email', ''))}"


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths; never an absolute or scheme-relative URL."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_login_failed,
    scope="login-account",
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_login_failed,
    scope="login-address",
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("public.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None and user.email_confirmed_at is None:
            accounts.queue_confirmation(user)  # the right password: say what is missing, and send the link again
            flash(_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse. Wir haben Ihnen den Link noch einmal "
                    "geschickt."), "warning")
            return render_template("auth/login.html", form=form)
        if user is not None:
            login_user(user, remember=form.remember.data)
            accounts.record_login(user)
            transaction.commit()
            return redirect(_safe_next(request.args.get("next")) or url_for("public.home"))
        g.login_failed = True
        form.password.errors.append(_("E-Mail-Adresse oder Passwort stimmen nicht."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    form = EmptyForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        end_everywhere(current_user)
        transaction.commit()
        flash(_("Sie sind abgemeldet."), "info")
    return redirect(url_for("public.index"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"], scope="register")
def register():
    if current_user.is_authenticated:
        return redirect(url_for("public.home"))
    form = RegisterEmployerForm()
    form.district.load_choices()
    if form.validate_on_submit():
        organisation = form.organisation_values()
        person = {
            "email": form.email.data,
            "display_name": form.display_name.data,
            "password": form.password.data,
        }
        # Stored and mailed once the answer has gone out: the same answer, just as fast, whether
        # or not the address has an account (that owner gets a mail instead of a new account).
        transaction.after_response("registration", lambda: _register(organisation, person))
        flash(_("Fast geschafft: Wir haben eine E-Mail an %(email)s geschickt. Bitte bestätigen Sie Ihre Adresse "
                "über den Link darin; danach sind Sie angemeldet.", email=form.email.data), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form)


def _register(organisation: dict, person: dict) -> None:
    accounts.register_employer(organisation, person)
    transaction.commit()


@bp.route("/register/confirm/<token>")
def confirm_email(token: str):
    user = _from_link(accounts.confirm_email, token)
    logout_user()
    login_user(user)
    accounts.record_login(user)
    transaction.commit()
    flash(_("Willkommen! Ihr Betrieb ist angelegt. Sobald die Koordinierungsstelle ihn "
            "freigeschaltet hat, können Sie Angebote veröffentlichen."), "success")
    return redirect(url_for("public.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"], scope="password-forgot")
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        email = form.email.data
        # Looked up and mailed after the answer went out: neither the answer nor its timing
        # tells whether the address has an account (a failure is logged).
        transaction.after_response("password reset mail", lambda: accounts.request_password_reset(email))
        # The same answer whether or not the address is known: no guessing of accounts.
        flash(_("Wenn es zu dieser Adresse einen Zugang gibt, haben wir einen Link zum "
                "Zurücksetzen geschickt. Er gilt %(minutes)d Minuten.",
                minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


def _from_link(load, token: str):
    """What a mailed link stands for; an expired, used or forged link ends here with a page
    that says so (400)."""
    found = load(token)
    if found is None:
        abort(make_response(render_template("auth/link_invalid.html"), 400))
    return found


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = _from_link(accounts.user_from_reset_token, token)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        accounts.reset_password(user, form.password.data)
        transaction.commit()
        logout_user()
        flash(_("Ihr Passwort ist geändert. Bitte melden Sie sich an."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    invitation = _from_link(accounts.invitation_from_token, token)
    form = AcceptInvitationForm(display_name=invitation.display_name or None)
    if form.validate_on_submit():
        try:
            user = accounts.accept_invitation(
                invitation, form.display_name.data, form.phone.data, form.password.data
            )
        except accounts.AccountError as error:
            transaction.rollback()
            flash(str(error), "error")
            return render_template("auth/link_invalid.html"), 400
        logout_user()  # whoever was signed in here, only now: opening a link signs nobody out
        login_user(user)
        accounts.record_login(user)
        transaction.commit()
        flash(_("Willkommen bei Kurzer Draht!"), "success")
        return redirect(url_for("public.home"))
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    profile = ProfileForm(data={"display_name": current_user.display_name, "phone": current_user.phone})
    if profile.validate_on_submit():
        accounts.update_profile(current_user, profile.display_name.data, profile.phone.data)
        transaction.commit()
        flash(_("Gespeichert."), "success")
        return redirect(url_for("auth.account"))
    return _account_page(profile=profile)


@bp.route("/account/password", methods=["POST"])
@login_required
@limiter.limit("5 per 15 minutes", scope="password-change")
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data, form.password.data)
        except accounts.AccountError as error:
            transaction.rollback()
            form.current.errors = [str(error)]
        else:
            transaction.commit()
            login_user(current_user._get_current_object())  # this login goes on; every other one ended
            flash(_("Ihr Passwort ist geändert. Auf anderen Geräten melden Sie sich neu an."), "success")
            return redirect(url_for("auth.account"))
    return _account_page(password=form)


def _account_page(profile: ProfileForm | None = None, password: ChangePasswordForm | None = None):
    failed = bool((profile and profile.errors) or (password and password.errors))
    profile = profile or ProfileForm(formdata=None, data={"display_name": current_user.display_name,
                                                          "phone": current_user.phone})
    return render_template("auth/account.html", profile=profile,
                           password=password or ChangePasswordForm(formdata=None)), 422 if failed else 200
