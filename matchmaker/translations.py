"""The request's translations, looked up once per request.

Flask-Babel finds its domain, locale and catalogue anew on every gettext call (about 6 µs each);
a page with a match list makes some 200 of them. A request keeps its locale throughout, as
Flask-Babel's own per-request cache assumes (the app switches it nowhere: no force_locale), so
the catalogue found first serves the whole request. Outside a request (the CLI's mails), every
call asks Flask-Babel as before."""

from __future__ import annotations

from flask_babel import get_translations
from flask_babel.speaklater import LazyString

from .per_request import once_per_request


def translations():
    return once_per_request("translations", get_translations)


def gettext(string: str) -> str:
    """flask_babel.gettext for a message without parameters, through the request's catalogue."""
    return translations().ugettext(string)


def lazy_gettext(string: str) -> LazyString:
    """flask_babel.lazy_gettext through the request's catalogue: for labels that pages show by the
    dozen (the models' enum labels)."""
    return LazyString(gettext, string)
