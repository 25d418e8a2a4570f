"""The settings page (signed in) and the unsubscribe link from mail (no sign-in needed)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import csrf
from ..models import DigestFrequency, utcnow
from ..services import digests
from . import bp
from .forms import DigestSettingsForm


@bp.route("/", methods=["GET", "POST"])
@login_required
def settings():
    form = DigestSettingsForm(frequency=current_user.digest_frequency.value)
    if form.validate_on_submit():
        digests.set_frequency(current_user, DigestFrequency(form.frequency.data), utcnow())
        flash(_("Ihre Einstellung ist gespeichert."), "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form), 422 if form.errors else 200


# The token in the link is the credential. Mail programs send the one-click POST (RFC 8058)
# without any form token, so CSRF protection cannot apply; a GET only asks for confirmation,
# because link scanners open every link in a mail.
@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    user = digests.user_for_unsubscribe_token(token)
    if user is None:
        return render_template("notifications/link_invalid.html"), 400
    if request.method == "POST":
        digests.set_frequency(user, DigestFrequency.NEVER, utcnow())
        return render_template("notifications/unsubscribed.html")
    return render_template("notifications/unsubscribe.html", user=user)
