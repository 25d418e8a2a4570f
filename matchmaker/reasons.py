"""Stored match reasons (codes with parameters) as sentences in the user's language."""

from __future__ import annotations

from collections.abc import Iterable

from .matching.reasons import TEMPLATES, render
from .translations import gettext


def reason_text(reason: object) -> str:
    """One stored reason through gettext; a plain sentence stored before reasons had codes is
    shown as it is (`flask matches rebuild` replaces those)."""
    if isinstance(reason, list | tuple) and len(reason) == 2 and reason[0] in TEMPLATES:
        return render(reason[0], reason[1] or {}, translate=gettext)
    return str(reason)


def reason_texts(reasons: Iterable[object] | None) -> list[str]:
    return [reason_text(reason) for reason in reasons or ()]
