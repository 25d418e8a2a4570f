"""Recognised occupations (KldB 2010) for slot titles and prior occupations: what the engine
guessed, what a person confirmed, and the one check every confirmed code goes through."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

from flask_babel import gettext as _

from .matching import engine

SUGGESTIONS = 6
MAX_QUERY_LENGTH = 200
# Five digits; a nine-digit Tätigkeitsschlüssel from the payroll starts with them.
_CODE = re.compile(r"(\d{5})(?:\d{4})?")


class CodeError(ValueError):
    """A typed code is not a KldB 2010 code the app knows; the message is German."""


@dataclass(frozen=True)
class Recognised:
    code: str
    title: str
    confidence: float
    confirmed: bool = False  # typed or picked by a person, not guessed from the text

    def as_json(self) -> dict:
        return {**asdict(self), "confidence": round(self.confidence, 2)}


def clean_code(raw: str | None, title_for: Callable[[str], str | None] | None = None) -> str | None:
    """A typed code as stored: five digits, or None for an empty field. Raises CodeError.
    Checking many codes, pass `engine().title_for` once instead of looking the engine up per code."""
    value = "".join((raw or "").split())
    if not value:
        return None
    found = _CODE.fullmatch(value)
    if found is None:
        raise CodeError(_("„%(value)s“ ist kein KldB-Code. Bitte geben Sie die fünf Ziffern der "
                          "Berufsgattung an, z. B. 34212 (die ersten fünf Stellen des Tätigkeitsschlüssels).",
                          value=value[:20]))
    code = found.group(1)
    if (title_for or engine().title_for)(code) is None:
        raise CodeError(_("Den KldB-Code %(code)s gibt es in der Berufsliste der Bundesagentur für Arbeit "
                          "nicht. Bitte prüfen Sie die Ziffern oder wählen Sie einen Vorschlag.", code=code))
    return code


def confirmed(code: str) -> Recognised | None:
    title = engine().title_for(code)
    return Recognised(code, title, 1.0, confirmed=True) if title else None


def recognise(text: str, code: str | None = None) -> Recognised | None:
    """What the matcher works with: the confirmed code if there is one, else its guess."""
    if code and (found := confirmed(code)):
        return found
    if not text or not text.strip():
        return None
    found = engine().resolve(text)
    return Recognised(found.code, found.title, found.confidence) if found else None


@dataclass(frozen=True)
class Picker:
    """What the form shows under a title: what the matcher works with, and other titles to pick."""

    recognised: Recognised | None
    suggestions: list[Recognised]
    named: bool = False  # a text was given (so "nothing recognised" is worth saying)

    def as_json(self) -> dict:
        return {"recognised": self.recognised.as_json() if self.recognised else None,
                "suggestions": [item.as_json() for item in self.suggestions]}


def picker(text: str, code: str | None = None, limit: int = SUGGESTIONS) -> Picker:
    """The guess (or the confirmed code) for a text and a few titles from the list; the text
    may itself be a typed code."""
    text = text.strip()
    best = recognise(text, code)
    if _CODE.fullmatch(text) and (typed := confirmed(text[:5])):
        best = typed
    if not text:
        return Picker(best, [])
    # One title per code: picking stores the code, so two titles of one code are one choice.
    seen = {best.code} if best else set()
    options = []
    for item in engine().suggest(text, limit=3 * limit):
        if item.code not in seen:
            seen.add(item.code)
            options.append(Recognised(item.code, item.title, item.confidence))
    return Picker(best, options[:limit], named=True)


def recognise_experiences(items: list[dict]) -> list[Recognised | None]:
    """One entry per stored occupation ({"name", "years", "kldb"?}), in order."""
    return [recognise(item.get("name", ""), item.get("kldb")) for item in items]
