"""The business's own data ("Ihr Betrieb"): edited by its people; saving after a rejection, or
changing who the business is, asks the coordination office for a (new) review."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import transaction
from ..auth.forms import BusinessForm
from ..domain import organisations as verification
from ..models import Chamber, Sector
from ..services import organisations as service
from . import bp


@bp.route("/betrieb", methods=["GET", "POST"])
def business():
    org = current_user.organisation
    form = BusinessForm(data={
        "organisation_name": org.name, "sector": org.sector.value if org.sector else None,
        "chamber": org.chamber.value if org.chamber else None, "membership_number": org.membership_number,
        "address": org.address, "district": org.district_id, "organisation_phone": org.phone,
    })
    form.district.load_choices()
    if form.validate_on_submit():
        review = service.update_employer(current_user, org, {
            "name": form.organisation_name.data, "sector": Sector(form.sector.data),
            "chamber": Chamber(form.chamber.data), "membership_number": form.membership_number.data or None,
            "address": form.address.data, "district_id": form.district.data, "phone": form.organisation_phone.data,
        })
        transaction.commit()
        flash(_("Gespeichert. Die Koordinierungsstelle prüft Ihren Betrieb erneut; bis dahin sehen Beratungsstellen "
                "Ihre Angebote nicht.") if review else _("Gespeichert."), "success")
        return redirect(url_for("employer.home"))
    return render_template("employer/business.html", form=form, organisation=org,
                           verification=verification.flags(org),
                           identity_fields=("organisation_name", "chamber", "membership_number")), \
        422 if form.errors else 200
