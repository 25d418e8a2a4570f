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

    def filters(self, today: date) -> Filters:
        """The chosen filters; anything invalid falls back to the current year."""
        self.validate()
        year = self.year.data if not self.year.errors and self.year.data else today.year
        extra = {"bezirk_id": _int(self.bezirk.data) if not self.bezirk.errors else None,
                 "agency_id": _int(self.agency.data) if not self.agency.errors else None,
                 "sector": self.sector.data or None if not self.sector.errors else None}
        period = self.period.data if not self.period.errors else "year"
        if period == "month" and self.month.data and not self.month.errors:
            return Filters.month(year, self.month.data, **extra)
        if period == "quarter" and self.quarter.data and not self.quarter.errors:
            return Filters.quarter(year, int(self.quarter.data), **extra)
        return Filters.year(year, **extra)


def _int(value) -> int | None:
    return int(value) if value not in (None, "", "None") and str(value).isdigit() else None
