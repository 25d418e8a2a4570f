"""The dashboard and its CSV downloads; every figure comes from services.evaluation."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from .. import access
from ..csv_export import csv_response
from ..domain import clock
from ..extensions import db
from ..models import District, DistrictLevel, Organisation, OrganisationKind, Role
from ..services import evaluation
from ..services.evaluation import cache as evaluation_cache
from . import bp
from .forms import FilterForm

DIMENSION_LABELS = {
    "bezirk": "Stadtbezirk", "ortsteil": "Ortsteil", "model_quarter": "Modellquartiere", "age_group": "Altersgruppe",
    "origin_region": "Herkunftsregion", "german_level": "Deutschniveau", "sector": "Bereich",
    "slot_kind": "Art des Angebots",
}


COHORT_STEPS = (_l("Kontakt angenommen binnen 30 Tagen"), _l("vermittelt binnen 90 Tagen"),
                _l("vermittelt binnen 180 Tagen"))

HEADINGS = {
    "bezirk": _l("Nach Stadtbezirk"), "ortsteil": _l("Nach Ortsteil"),
    "model_quarter": _l("Modellquartiere und übrige Stadtteile"), "age_group": _l("Nach Altersgruppe"),
    "origin_region": _l("Nach Herkunftsregion"), "german_level": _l("Nach Deutschniveau"),
    "sector": _l("Nach Bereich"), "slot_kind": _l("Nach Art des Angebots"),
}


def _form() -> FilterForm:
    form = FilterForm(request.args)
    bezirke = db.session.execute(sa.select(District.id, District.name)
                                 .where(District.level == DistrictLevel.BEZIRK).order_by(District.name))
    form.bezirk.choices = [SelectChoice("", _("alle"))] + [SelectChoice(str(i), n) for i, n in bezirke]
    if current_user.role is Role.COORDINATOR:
        agencies = db.session.execute(sa.select(Organisation.id, Organisation.name)
                                      .where(Organisation.kind == OrganisationKind.AGENCY).order_by(Organisation.name))
        form.agency.choices = [SelectChoice("", _("alle"))] + [SelectChoice(str(i), n) for i, n in agencies]
    else:
        form.agency.choices = [SelectChoice("", current_user.organisation.name)]
    return form


def _figures(filters: evaluation.Filters) -> dict:
    scope = access.evaluation_scope(current_user)
    figures = evaluation.publish(filters, **scope)
    previous = filters.previous()
    return {"funnel": figures.funnel, "survival": figures.survival, "breakdowns": figures.breakdowns,
            "trend": figures.trend, "cohorts": figures.cohorts, "previous": previous,
            "comparison": _comparison(figures, previous, scope),
            "survival_days": evaluation.survival.DAYS, "cohort_steps": COHORT_STEPS, "labels": DIMENSION_LABELS,
            "headings": HEADINGS, "column_headings": _columns(), "filters": filters}


def _comparison(figures: evaluation.Publication, previous: evaluation.Filters, scope: dict) -> list:
    """This period beside the one before; none for a filtered view (it has no breakdowns)."""
    if not figures.breakdowns:
        return []
    return evaluation.compare(figures, evaluation.publish(previous, **scope))


@bp.route("/")
def dashboard():
    form = _form()
    figures = _figures(_chosen(form))
    return render_template("evaluation/dashboard.html", form=form, as_of=evaluation_cache.as_of(), **figures)


@bp.route("/report")
def report():
    """The yearly report for the integration council: one printable A4 document."""
    form = _form()
    chosen = _chosen(form)
    year = evaluation.Filters.year(chosen.start.year, bezirk_id=chosen.bezirk_id, agency_id=chosen.agency_id,
                                   sector=chosen.sector)
    return render_template("evaluation/report.html", form=form, generated=clock.today(),
                           definitions=evaluation.DEFINITIONS, **_figures(year))


def _chosen(form: FilterForm) -> evaluation.Filters:
    """The filters asked for: the whole city's evaluation takes one at a time (an agency's own
    view, which counts only its own people, takes any)."""
    return form.filters(clock.today(), one_filter=not access.evaluation_scope(current_user))


def _columns() -> list[str]:
    """The breakdown tables' columns, on the page and in the CSV files."""
    return [_("Aktive Profile am Ende des Zeitraums"), _("Personen mit Anfrage"),
            _("Personen mit angenommenem Kontakt"), _("Personen mit begonnener Vermittlung")]


@bp.route("/<name>.csv")
def export(name: str):
    if name not in ("trichter", "zeiten", "verlauf", "kohorten", "vergleich", *evaluation.DIMENSIONS):
        abort(404)
    filters = _chosen(_form())
    figures = evaluation.publish(filters, **access.evaluation_scope(current_user))
    if name in evaluation.DIMENSIONS and name not in figures.breakdowns:
        abort(404)  # a filtered view has totals only
    if name == "kohorten":
        rows = [[table.title, row.cohort, row.label, row.size_text, *row.shares]
                for table in figures.cohorts for row in table.rows]
        return csv_response("kohorten.csv", [_("Aufteilung"), _("Registriert im"), _("Gruppe"), _("Personen"),
                                             *(str(label) for label in COHORT_STEPS)], rows)
    if name == "vergleich":
        rows = [[c.label, c.model.now, c.rest.now, c.model.before, c.rest.before, c.model.change, c.rest.change]
                for c in _comparison(figures, filters.previous(), access.evaluation_scope(current_user))]
        return csv_response("vergleich.csv", [_("Kennzahl"), _("Modellquartiere"), _("übrige Stadtteile"),
                                              _("Modellquartiere, Zeitraum davor"), _("übrige, Zeitraum davor"),
                                              _("Veränderung Modellquartiere"), _("Veränderung übrige")], rows)
    if name == "trichter":
        rows = [[s.label, str(s.value), _percent(s.rate_from_previous), s.definition] for s in figures.funnel]
        return csv_response("trichter.csv", [_("Schritt"), _("Anzahl"), _("Quote zum vorigen Schritt"),
                                             _("Was gezählt wird")], rows)
    if name == "zeiten":
        rows = [[table.title, group.label, group.size_text, *group.share_texts,
                 group.median_text, _number(group.target_days), group.within_target_text]
                for table in figures.survival for group in (*table.groups, table.total)]
        header = [_("Aufteilung"), _("Gruppe"), _("Personen (bei Arten: Vermittlungen dieser Art)"),
                  *(_("Anteil vermittelt nach %(days)s Tagen", days=d) for d in evaluation.survival.DAYS),
                  _("Median Tage bis Vermittlung"), _("Zielzeit (Tage)"), _("Anteil im Ziel")]
        return csv_response("zeiten.csv", header, rows)
    if name == "verlauf":
        rows = [[p.month, str(p.proposals), str(p.placements)] for p in figures.trend]
        return csv_response("verlauf.csv", [_("Monat"), _("Personen mit Anfrage"),
                                            _("Personen mit begonnener Vermittlung")], rows)
    table = figures.breakdowns[name]
    rows = [[r.label, str(r.profiles), str(r.proposals), str(r.accepted), str(r.placements)]
            for r in [*table.rows, table.total]]
    header = [DIMENSION_LABELS[name], *_columns()]
    return csv_response(f"{name}.csv", header, rows)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f} %"


def _number(value) -> str:
    return "" if value is None else str(value)
