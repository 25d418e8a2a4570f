"""Text normalisation for loose German: case, umlauts and ß, spacing."""

from __future__ import annotations

import re

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e"})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, umlauts spelled out, runs of white space collapsed: "Bäcker " -> "baecker"."""
    return _SPACES.sub(" ", text.casefold().translate(_UMLAUTS)).strip()
