"""Coordinator pages: overview, organisations, verification, agencies, users."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import access, jobs, transaction
from ..extensions import db
from ..forms import EmptyForm, button_action, filtered_page
from ..models import Carrier, Invitation, Organisation, OrganisationKind, SlotKind, User, target_days
from ..services import accounts, organisations
from ..services.targets import save_targets
from . import bp
from .forms import AgencyForm, OrganisationFilterForm, RejectForm, TargetsForm


@bp.route("/")
def home():
    pending = db.session.scalars(
        organisations.organisation_list(current_user, status="pending").limit(20)
    ).all()
    totals = organisations.totals_by_kind(current_user)
    return render_template("coordinator/home.html", pending=pending, totals=totals, button=EmptyForm())


@bp.route("/organisations")
def organisation_index():
    return filtered_page(OrganisationFilterForm(request.args), lambda valid: organisations.organisation_list(
        current_user, text=valid.get("q"), kind=valid.get("kind"), status=valid.get("status")),
        "coordinator/organisations.html")


def _load_organisation(organisation_id: int) -> Organisation:
    return access.one_or_404(access.manageable_organisations(current_user).where(Organisation.id == organisation_id))


@bp.route("/organisations/<int:organisation_id>")
def organisation(organisation_id: int):
    return _render_organisation(_load_organisation(organisation_id), RejectForm())


def _render_organisation(org: Organisation, reject_form: RejectForm, status: int = 200):
    invitations = db.session.scalars(
        access.managed_invitations(current_user)
        .where(Invitation.organisation_id == org.id)
        .order_by(Invitation.created_at, Invitation.id)
    ).all()
    return render_template(
        "coordinator/organisation.html",
        org=org,
        invitations=invitations,
        button=EmptyForm(),
        reject_form=reject_form,
    ), status


@bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
def resend_invitation(invitation_id: int):
    invitation = access.one_or_404(
        access.managed_invitations(current_user).where(Invitation.id == invitation_id)
    )
    if EmptyForm().validate_on_submit():
        if accounts.send_invitation(invitation):
            flash(_("Die Einladung an %(email)s ist verschickt.", email=invitation.email), "success")
        else:
            flash(_("Die E-Mail konnte gerade nicht gesendet werden."), "warning")
    return redirect(url_for("coordinator.organisation", organisation_id=invitation.organisation_id))


@bp.route("/organisations/<int:organisation_id>/verify", methods=["POST"])
def verify(organisation_id: int):
    org = _load_organisation(organisation_id)
    button_action(lambda: organisations.verify_employer(current_user, org), accounts.AccountError,
                  lambda: _("%(name)s ist freigeschaltet.", name=org.name))
    return redirect(url_for("coordinator.organisation", organisation_id=org.id))


@bp.route("/organisations/<int:organisation_id>/reject", methods=["POST"])
def reject(organisation_id: int):
    org = _load_organisation(organisation_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _render_organisation(org, form, 422)
    try:
        organisations.reject_employer(current_user, org, form.reason.data)
    except accounts.AccountError as error:
        transaction.rollback()
        flash(str(error), "error")
    else:
        transaction.commit()
        flash(_("%(name)s ist abgelehnt.", name=org.name), "info")
    return redirect(url_for("coordinator.organisation", organisation_id=org.id))


@bp.route("/users/<int:user_id>/<any(activate, deactivate):action>", methods=["POST"])
def set_user_active(user_id: int, action: str):
    user = access.one_or_404(access.manageable_users(current_user).where(User.id == user_id))
    activate = action == "activate"
    button_action(lambda: organisations.set_user_active(current_user, user, activate), accounts.AccountError,
                  lambda: (_("%(name)s ist wieder aktiv.", name=user.display_name) if activate
                           else _("%(name)s ist deaktiviert.", name=user.display_name)))
    return redirect(url_for("coordinator.organisation", organisation_id=user.organisation_id))


@bp.route("/agencies/new", methods=["GET", "POST"])
def new_agency():
    form = AgencyForm()
    form.district.load_choices()
    if form.validate_on_submit():
        try:
            org, invitation = organisations.create_agency(
                current_user,
                name=form.name.data,
                carrier=Carrier(form.carrier.data),
                address=form.address.data,
                district_id=form.district.data,
                phone=form.phone.data,
                first_user_email=form.first_user_email.data,
                first_user_name=form.first_user_name.data,
            )
        except accounts.AccountError as error:
            transaction.rollback()
            form.first_user_email.errors.append(str(error))
        else:
            transaction.commit()
            if accounts.send_invitation(invitation):
                flash(_("Die Beratungsstelle ist angelegt und die Einladung verschickt."), "success")
            else:
                flash(_("Die Beratungsstelle ist angelegt; die Einladung konnte aber nicht gesendet "
                        "werden. Sie kann später erneut gesendet werden."), "warning")
            return redirect(url_for("coordinator.organisation", organisation_id=org.id))
    return render_template("coordinator/new_agency.html", form=form, kind=OrganisationKind.AGENCY)


@bp.route("/targets", methods=["GET", "POST"])
def targets():
    form = TargetsForm.build(target_days())
    if form.validate_on_submit():
        save_targets(current_user, {kind: form[kind.value].data for kind in SlotKind})
        transaction.commit()
        flash(_("Die Zielzeiten sind gespeichert."), "success")
        return redirect(url_for("coordinator.targets"))
    return render_template("coordinator/targets.html", form=form, kinds=list(SlotKind)), 422 if form.errors else 200


@bp.route("/jobs")
def job_status():
    """The background jobs: how many wait, and the ones that failed for good (retries used up)."""
    return render_template("coordinator/jobs.html", waiting=jobs.waiting(), failures=jobs.failures(),
                           queued=jobs.redis_connection() is not None)
