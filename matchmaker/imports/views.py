"""Upload, preview, confirm or discard an import; download the templates."""

from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from .. import access, transaction
from ..extensions import db
from ..forms import EmptyForm
from ..models import ImportBatch, ImportKind, Organisation, Role
from ..services import imports
from . import bp
from .forms import CoordinatorUploadForm, UploadForm

TEMPLATE_NAMES = {ImportKind.CANDIDATES: "vorlage-profile", ImportKind.SLOTS: "vorlage-angebote"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kind(name: str) -> ImportKind:
    try:
        kind = ImportKind(name)
    except ValueError:
        abort(404)
    access.require_roles(*access.import_roles(kind))
    return kind


def _batch(batch_id: int) -> ImportBatch:
    return access.one_or_404(access.own_import_batches(current_user).where(ImportBatch.id == batch_id))


def _organisation(organisation_id: int, kind: ImportKind) -> Organisation:
    return access.one_or_404(
        access.importable_organisations(current_user, kind).where(Organisation.id == organisation_id)
    )


def _upload_form(kind: ImportKind) -> UploadForm:
    if current_user.role is not Role.COORDINATOR:
        return UploadForm()
    form = CoordinatorUploadForm()
    query = access.importable_organisations(current_user, kind).order_by(Organisation.name, Organisation.id)
    form.load_choices(db.session.scalars(query))
    return form


@bp.route("/")
def index():
    kind = ImportKind.CANDIDATES if current_user.role is Role.CASEWORKER else ImportKind.SLOTS
    return redirect(url_for("imports.upload", kind_name=kind.value))


@bp.route("/<kind_name>", methods=["GET", "POST"])
def upload(kind_name: str):
    kind = _kind(kind_name)
    form = _upload_form(kind)
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("imports/upload.html", form=form, kind=kind, spec=imports.SPECS[kind],
                               max_rows=format_number(imports.WEB_MAX_ROWS)), status
    chosen = form.organisation.data if isinstance(form, CoordinatorUploadForm) else current_user.organisation_id
    organisation = _organisation(chosen, kind)
    file = form.file.data
    validation, batch = imports.stage(current_user, organisation, kind, file.filename or "", file.read())
    transaction.commit()
    if batch is None:
        return _render_preview(kind, organisation, file.filename, validation, None, 422)
    return redirect(url_for("imports.preview", batch_id=batch.id))


def _render_preview(kind, organisation, filename, validation, batch, status=200):
    return render_template(
        "imports/preview.html", kind=kind, organisation=organisation, filename=filename,
        validation=validation, batch=batch, button=EmptyForm(),
    ), status


@bp.route("/batches/<int:batch_id>")
def preview(batch_id: int):
    batch = _batch(batch_id)
    organisation = db.session.get(Organisation, batch.organisation_id)
    validation = None if batch.imported_at else imports.check_batch(current_user, batch)
    return _render_preview(batch.kind, organisation, batch.filename, validation, batch)


@bp.route("/batches/<int:batch_id>/confirm", methods=["POST"])
def confirm(batch_id: int):
    batch = _batch(batch_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("imports.preview", batch_id=batch.id))
    organisation = db.session.get(Organisation, batch.organisation_id)
    skip = frozenset(int(n) for n in request.form.getlist("skip") if n.isdigit())
    try:
        count = imports.confirm(current_user, batch, skip)
    except imports.AlreadyImported:
        flash(_("Diese Datei ist schon importiert; es wurde nichts doppelt angelegt."), "info")
    except imports.ImportRefused as refused:
        return _render_preview(batch.kind, organisation, batch.filename, refused.validation, batch, 422)
    except imports.ImportFailed as failed:
        flash(str(failed), "error")
    else:
        flash(_success_message(batch.kind, organisation, count), "success")
    return redirect(url_for("imports.preview", batch_id=batch.id))


def _success_message(kind: ImportKind, organisation: Organisation, count: int) -> str:
    if kind is ImportKind.CANDIDATES:
        return ngettext("%(num)d Profil ist angelegt.", "%(num)d Profile sind angelegt.", count)
    if not organisation.is_verified:
        return ngettext(
            "%(num)d Angebot ist als Entwurf gespeichert; veröffentlicht werden kann es nach der Freischaltung "
            "des Betriebs.",
            "%(num)d Angebote sind als Entwürfe gespeichert; veröffentlicht werden können sie nach der "
            "Freischaltung des Betriebs.", count)
    return ngettext("%(num)d Angebot ist veröffentlicht.", "%(num)d Angebote sind veröffentlicht.", count)


@bp.route("/batches/<int:batch_id>/discard", methods=["POST"])
def discard(batch_id: int):
    batch = _batch(batch_id)
    kind = batch.kind
    if EmptyForm().validate_on_submit():
        imports.discard(batch)
        transaction.commit()
        flash(_("Die Datei ist verworfen; es wurde nichts importiert."), "info")
    return redirect(url_for("imports.upload", kind_name=kind.value))


@bp.route("/<kind_name>/vorlage.<fmt>")
def template(kind_name: str, fmt: str):
    kind = _kind(kind_name)
    spec = imports.SPECS[kind]
    if fmt == "csv":
        data, mimetype = imports.template_csv(spec), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        data, mimetype = imports.template_xlsx(spec), XLSX_TYPE
    else:
        abort(404)
    return send_file(BytesIO(data), mimetype=mimetype, as_attachment=True,
                     download_name=f"{TEMPLATE_NAMES[kind]}.{fmt}")
