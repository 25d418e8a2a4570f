"""Text normalisation for loose German job and skill text.

Two keys come out of every text: `spaced` (words in order, gender forms, filler words and
punctuation removed, abbreviations spelled out) for word-order-tolerant fuzzy comparison,
and `joined` (the same without spaces) so that compounds and their parts meet:
"Kfz-Mechaniker", "KFZ Mechaniker" and "Kraftfahrzeugmechaniker" all give the same key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_UMLAUTS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("é", "e"), ("è", "e"), ("ğ", "g"), ("ş", "s"))

# Gender markers, applied before lower-casing (BäckerIn needs the capital I).
_GENDER_TAGS = re.compile(r"\(\s*[mwdxi]\s*(?:[/|,]\s*[mwdxi]\s*)+\)|\b[mwd]\s*/\s*[mwd]\s*(?:/\s*[mwdx])?\b", re.I)
_BINNEN_I = re.compile(r"(?<=[a-zäöüß])In(?:nen)?\b")
_GENDER_SUFFIX = re.compile(r"(?:/-?|\*|:|_|\()(?:in(?:nen)?|frau|frauen)\)?(?=$|[\s,;./-])", re.I)
_NON_WORD = re.compile(r"[^a-z0-9]+")
# Feminine and plural endings: "baeckerin(nen)" -> "baecker", "friseurin" -> "friseur".
_FEMININE = re.compile(r"(?<=er|ur|st|nt|ch)in(?:nen)?$")
_FEMININE_SPECIAL = {"koechin": "koch", "koechinnen": "koch", "aerztin": "arzt", "kauffrau": "kaufmann",
                     "fachfrau": "fachmann", "putzfrau": "putzkraft", "kauffrauen": "kaufmann"}
# Words that say nothing about the occupation itself ("Azubi Koch (m/w/d) gesucht ab sofort").
_FILLER = frozenset({
    "auszubildende", "auszubildender", "ausbildung", "praktikum", "praktikant", "gesucht", "sofort", "ab",
    "vollzeit", "teilzeit", "minijob", "einstiegsqualifizierung", "und", "oder", "im", "in", "der", "die", "das",
    "den", "dem", "des", "fuer", "mit", "zum", "zur", "als", "an", "auf", "bei", "von", "vom", "m", "w",
    "mwd", "schwerpunkt", "fachrichtung",
})


def fold(text: str) -> str:
    """Lower-case, umlauts spelled out, runs of white space collapsed: "Bäcker " -> "baecker"."""
    text = text.casefold()
    if not text.isascii():  # a chain of replace is several times faster than str.translate with a table of strings
        for letter, spelled in _UMLAUTS:
            if letter in text:
                text = text.replace(letter, spelled)
    return " ".join(text.split())


def _word(word: str) -> str:
    word = _FEMININE_SPECIAL.get(word, word)
    if word.endswith(("fachfrau", "kauffrau")):  # Pflegefachfrau -> Pflegefachmann; not Zimmerfrau
        return word[:-4] + "mann"
    return _FEMININE.sub("", word) if len(word) > 5 and word.endswith(("in", "nen")) else word


def words(text: str, abbreviations: Mapping[str, str] | None = None) -> list[str]:
    """The meaningful words of a text, normalised, abbreviations spelled out."""
    # Each pattern only where its telltale character is: most texts have none of them.
    if "/" in text or "(" in text:
        text = _GENDER_TAGS.sub(" ", text)
    if "In" in text:
        text = _BINNEN_I.sub("", text)
    if "/" in text or "(" in text or "*" in text or ":" in text or "_" in text:
        text = _GENDER_SUFFIX.sub("", text)
    result: list[str] = []
    for raw in _NON_WORD.split(fold(text)):
        if not raw or raw in _FILLER:
            continue
        expanded = abbreviations.get(raw) if abbreviations else None
        if expanded:
            result.extend(w for w in _NON_WORD.split(fold(expanded)) if w and w not in _FILLER)
        else:
            result.append(_word(raw))
    # "Kaufmann / Kauffrau" reads as one occupation, not two.
    return [w for n, w in enumerate(result) if n == 0 or w != result[n - 1]]


class Normaliser:
    """Keys for texts, with the vocabulary's abbreviations; each distinct text is worked out once."""

    def __init__(self, abbreviations: Mapping[str, str] | None = None):
        self.abbreviations = {fold(k): v for k, v in (abbreviations or {}).items()}
        self._cache: dict[str, tuple[str, str]] = {}

    def keys(self, text: str) -> tuple[str, str]:
        """(spaced, joined) comparison keys of a text."""
        found = self._cache.get(text)
        if found is None:
            parts = words(text, self.abbreviations)
            found = self._cache[text] = (" ".join(parts), "".join(parts))
        return found
