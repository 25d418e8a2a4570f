"""How people write experience and qualifications, read the same way in forms and imports:
"Bäcker:3, Lager:1,5", "Anlagenmechaniker SHK:2 (KldB 34212)" and
"Friseurin (in Anerkennung), Staplerschein (anerkannt)"."""

from __future__ import annotations

import re
from dataclasses import replace

from flask_babel import gettext as _

from ..matching.normalise import fold
from ..models import Recognition
from . import occupations
from .candidates import Experience, Qualification
from .skills import MAX_TAG_LENGTH

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_QUALIFICATION = re.compile(r"(?P<name>.*?)\s*(?:\((?P<recognition>[^()]*)\))?")
_CODE_BRACKET = re.compile(r"\(\s*(?P<label>kldb\b\s*:?)?\s*(?P<value>[^()]*?)\s*\)", re.IGNORECASE)
_RECOGNITION_TEXT = {
    Recognition.ANERKANNT: "anerkannt",
    Recognition.IN_ANERKENNUNG: "in Anerkennung",
    Recognition.KEINE: "keine",
}
_RECOGNITION_KEYS = {
    key: member
    for member in Recognition
    for key in (fold(member.value), fold(member.value.replace("_", " ")), fold(str(member.label)),
                fold(_RECOGNITION_TEXT[member]))
}


class TextError(ValueError):
    """One entry cannot be read; the message is German and says what would work."""


def tag(name: str) -> str:
    name = " ".join(name.split())
    if len(name) > MAX_TAG_LENGTH:
        raise TextError(_("„%(name)s…“ ist zu lang (höchstens %(max)d Zeichen je Eintrag).",
                          name=name[:30], max=MAX_TAG_LENGTH))
    return name


def parse_experience(item: str) -> Experience:
    """`Bäcker:3` -> Experience("Bäcker", 3); `Lager:1,5` -> 1.5; `Kassieren` -> no years."""
    name, _sep, years = item.partition(":")
    years = years.strip().replace(" ", "")
    if not years:
        return Experience(tag(name))
    value = float(years.replace(",", ".")) if _NUMBER.fullmatch(years) else None
    if value is None or value > 60:
        raise TextError(_("Bei „%(item)s“ ist die Jahresangabe keine Zahl von 0 bis 60. Schreiben Sie z. B. "
                          "„%(name)s:3“.", item=item.strip(), name=name.strip()))
    return Experience(tag(name), int(value) if value.is_integer() else value)


def parse_occupation(item: str, title_for=None) -> Experience:
    """`Anlagenmechaniker SHK:3 (KldB 34212)`: an experience with a confirmed KldB 2010 code;
    the bracket may also stand before the years, and "KldB" may be left out."""
    code = None
    for found in _CODE_BRACKET.finditer(item):
        if found["label"] or found["value"].replace(" ", "").isdigit():
            try:
                code = occupations.clean_code(found["value"], title_for) or code
            except occupations.CodeError as error:
                raise TextError(str(error)) from None
            item = item.replace(found[0], " ")
    return replace(parse_experience(item), kldb=code)


def split_qualifications(text: str) -> list[str]:
    """Entries separated by commas or new lines; commas inside brackets stay."""
    parts, depth, current = [], 0, []
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char in ",\n" and depth <= 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def parse_qualification(item: str) -> Qualification:
    """`Friseurin (in Anerkennung)`; without a bracket the qualification is not recognised."""
    match = _QUALIFICATION.fullmatch(item)
    name, recognition = (match["name"], match["recognition"]) if match else (item, None)
    if not name.strip():
        raise TextError(_("Bei „%(item)s“ fehlt der Name der Qualifikation.", item=item))
    if recognition is None:
        return Qualification(tag(name), Recognition.KEINE)
    member = _RECOGNITION_KEYS.get(fold(recognition))
    if member is None:
        raise TextError(_("Bei „%(item)s“ ist die Anerkennung unbekannt. Erlaubt sind „anerkannt“, "
                          "„in Anerkennung“ und „keine“.", item=item))
    return Qualification(tag(name), member)


def _collect(parse, items: list[str]) -> tuple[list, list[str]]:
    parsed, problems = [], []
    for item in items:
        try:
            parsed.append(parse(item))
        except TextError as error:
            problems.append(str(error))
    return parsed, problems


def parse_experiences(items: list[str]) -> tuple[list[Experience], list[str]]:
    """Every entry read; problems come back as German sentences (for form fields)."""
    return _collect(parse_experience, [item for item in items if item.strip()])


def parse_occupations(items: list[str]) -> tuple[list[Experience], list[str]]:
    return _collect(parse_occupation, [item for item in items if item.strip()])


def parse_qualifications(text: str) -> tuple[list[Qualification], list[str]]:
    return _collect(parse_qualification, split_qualifications(text))


def experiences_text(items: list[dict]) -> list[str]:
    """Stored experience back into the form's spelling."""
    return [f"{i['name']}:{i['years']:g}" if i.get("years") is not None else i["name"] for i in items]


def occupations_text(items: list[dict]) -> list[str]:
    """Stored occupations back into the form's spelling, a confirmed code in brackets."""
    return [f"{text} (KldB {item['kldb']})" if item.get("kldb") else text
            for text, item in zip(experiences_text(items), items, strict=True)]


def qualifications_text(qualifications: list[dict]) -> str:
    return "\n".join(f"{q['name']} ({_RECOGNITION_TEXT[Recognition(q['recognition'])]})" for q in qualifications)
