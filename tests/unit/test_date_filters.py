"""The templates' `date` and `datetime` filters write what Babel's patterns "dd.MM.yyyy" and
"dd.MM.yyyy HH:mm" write, in the user's time zone, also across the changes to and from summer time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import render_template_string
from flask_babel import format_date, format_datetime

MOMENTS = [datetime(2026, 3, 29, 0, 30, tzinfo=UTC) + timedelta(minutes=20 * n) for n in range(9)] + [
    datetime(2026, 10, 25, 0, 10, tzinfo=UTC) + timedelta(minutes=20 * n) for n in range(9)] + [
    datetime(2026, 12, 31, 23, 5, tzinfo=UTC), datetime(2027, 1, 1, 0, 0), datetime(2024, 2, 29, 12, 0)]


def test_dates_and_times_read_as_babel_writes_them(app):
    with app.test_request_context("/"):
        for moment in MOMENTS:
            assert render_template_string("{{ m|datetime }}", m=moment) == format_datetime(moment, "dd.MM.yyyy HH:mm")
            assert render_template_string("{{ m|date }}", m=moment) == format_date(moment, "dd.MM.yyyy")
        assert render_template_string("{{ d|date }}", d=date(2026, 1, 5)) == "05.01.2026"
        assert render_template_string("{{ m|datetime }}", m=datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == \
            "01.07.2026 12:00"  # summer time in Duisburg
        assert render_template_string("{{ m|date }} {{ m|datetime }}", m=None) == "– –"
