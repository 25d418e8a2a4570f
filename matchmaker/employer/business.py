"""The business's own data ("Ihr Betrieb"): edited by its people; saving after a rejection, or
changing who the business is, asks the coordination office for a (new) review."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import transaction
from ..auth.forms import BusinessForm
from ..domain import organisations as verification
from ..services import organisations as service
from . import bp


@bp.route("/betrieb", methods=["GET", "POST"])
def business():
    org = current_user.organisation
    form = BusinessForm.of(org)
    form.district.load_choices()
    if form.validate_on_submit():
        review = service.update_employer(current_user, org, form.organisation_values())
        transaction.commit()
        flash(_("Gespeichert. Die Koordinierungsstelle prüft Ihren Betrieb erneut; bis dahin sehen Beratungsstellen "
                "Ihre Angebote nicht.") if review else _("Gespeichert."), "success")
        return redirect(url_for("employer.home"))
    return render_template("employer/business.html", form=form, organisation=org,
                           verification=verification.flags(org),
                           identity_fields=("organisation_name", "chamber", "membership_number")), \
        422 if form.errors else 200
