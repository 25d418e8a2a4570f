"""The dashboard's filters: a period (a whole month, quarter or year), Stadtbezirk, agency, sector.

There are no free date ranges: two overlapping ranges, subtracted, recovered hidden small cells.
Whole calendar periods only nest (months in quarters in years)."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from ..forms import Form, enum_choices
from ..models import Sector
from ..services.evaluation import Filters

PERIODS = [SelectChoice("year", _l("Jahr")), SelectChoice("quarter", _l("Quartal")),
           SelectChoice("month", _l("Monat"))]


FIRST_YEAR, LAST_YEAR = 2000, 2100


class FilterForm(Form):
    class Meta:
        csrf = False

    period = SelectField(_l("Zeitraum"), choices=PERIODS, default="year")
    year = IntegerField(_l("Jahr"), validators=[Optional(), NumberRange(FIRST_YEAR, LAST_YEAR)])
    quarter = SelectField(_l("Quartal"), choices=[SelectChoice(str(q), f"Q{q}") for q in range(1, 5)],
                          validators=[Optional()])
    month = IntegerField(_l("Monat"), validators=[Optional(), NumberRange(1, 12)])
    bezirk = SelectField(_l("Stadtbezirk"), coerce=str, validators=[Optional()])
    agency = SelectField(_l("Beratungsstelle"), coerce=str, validators=[Optional()])
    sector = SelectField(_l("Bereich"), choices=enum_choices(Sector, blank=_l("alle")), validators=[Optional()])

    def filters(self, today: date, *, one_filter: bool = False) -> Filters:
        """The chosen filters; anything invalid falls back to the current year. With `one_filter`
        (the whole city's evaluation) only the first of Stadtbezirk, agency and sector applies;
        the others say why."""
        self.validate()
        year = self.year.data if not self.year.errors and self.year.data else today.year
        extra = {"bezirk_id": _int(self.bezirk.data) if not self.bezirk.errors else None,
                 "agency_id": _int(self.agency.data) if not self.agency.errors else None,
                 "sector": self.sector.data or None if not self.sector.errors else None}
        if one_filter:
            chosen = [name for name, value in extra.items() if value is not None]
            for name, field in zip(chosen[1:], (self._field(n) for n in chosen[1:]), strict=True):
                extra[name] = None
                field.errors = [*field.errors, _l(
                    "Bitte nur einen Filter wählen: Stadtbezirk, Beratungsstelle oder Bereich. Zwei zugleich "
                    "ergäben kleine Teilmengen, aus denen sich verborgene Zahlen errechnen ließen; gezeigt wird "
                    "der erste.")]
        period = self.period.data if not self.period.errors else "year"
        if period == "month" and self.month.data and not self.month.errors:
            return Filters.month(year, self.month.data, **extra)
        if period == "quarter" and self.quarter.data and not self.quarter.errors:
            return Filters.quarter(year, int(self.quarter.data), **extra)
        return Filters.year(year, **extra)


    def _field(self, name: str):
        return {"bezirk_id": self.bezirk, "agency_id": self.agency, "sector": self.sector}[name]


def _int(value) -> int | None:
    return int(value) if value not in (None, "", "None") and str(value).isdigit() else None
