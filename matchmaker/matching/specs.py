"""The engine's public data types: what goes in (SlotSpec, CandidateSpec) and what comes out (Match)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from operator import itemgetter

KINDS = ("praktikum", "eq", "ausbildung", "teilzeitausbildung", "helfer", "fachkraft")
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
PERMITS = ("erlaubt", "zustimmung", "nicht_erlaubt", "ungeklaert")


@dataclass(frozen=True)
class SlotSpec:
    id: int | str
    title: str
    skills: tuple[str, ...] | list[str]
    kind: str
    min_german: str
    language_support: bool = False
    district: str | None = None
    start: date | None = None
    occupation_code: str | None = None  # a KldB code the employer confirmed; beats what the title suggests


@dataclass(frozen=True)
class CandidateSpec:
    id: int | str
    skills: tuple[str, ...] | list[str]
    german: str
    desired_kinds: tuple[str, ...] | list[str] = ()
    districts: tuple[str, ...] | list[str] = ()
    available_from: date | None = None
    work_permit: str = "erlaubt"
    occupation_codes: tuple[str, ...] | list[str] = ()  # KldB codes the caseworker confirmed


class Match(tuple):
    """One proposed pair: score 0..100 and the reasons for it, as codes with parameters
    (`reason_codes`) and as German sentences (`reasons`).

    Reasons are worked out when first read, so a city-wide run can yield millions of
    matches without writing millions of sentences nobody looks at. A match is a tuple
    underneath, so that a run can make its millions in C (`Match.made`), with no Python
    call per match.
    """

    __slots__ = ()

    def __new__(cls, slot_id, candidate_id, score: float, reasons: list | None = None, explain=None, at=None):
        """`explain(at)` gives the reason codes when first read (and `explain.encoded(at)`, where it
        has one, their JSON text); a city-wide run passes one object per block and each match's
        place in it, not a closure per match."""
        return tuple.__new__(cls, (slot_id, candidate_id, score, reasons, explain, at))

    @classmethod
    def made(cls, slot_ids, candidate_ids, scores, explain, count: int):
        """The matches of one block, made lazily in C: `explain(k)` gives the k-th one's reasons."""
        fields = zip(slot_ids, candidate_ids, scores, repeat(None, count), repeat(explain, count), range(count),
                     strict=True)
        return map(tuple.__new__, repeat(cls, count), fields)

    slot_id = property(itemgetter(0))
    candidate_id = property(itemgetter(1))
    score = property(itemgetter(2))
    _codes = property(itemgetter(3))
    _explain = property(itemgetter(4))
    _at = property(itemgetter(5))

    def __getnewargs__(self):
        return (self.slot_id, self.candidate_id, self.score, self.reason_codes)

    @property
    def reason_codes(self) -> list[tuple[str, dict]]:
        if self._codes is not None:
            return self._codes
        if self._explain is None:
            return []
        return self._explain() if self._at is None else self._explain(self._at)

    @property
    def reason_json(self) -> str:
        """The reason codes as JSON text, `[[code, params], ...]`, as they are stored; a city-wide
        run gets them from texts made once per distinct reason (`explain.Explainer.encoded`)."""
        if self._codes is None and self._at is not None and hasattr(self._explain, "encoded"):
            return self._explain.encoded(self._at)
        return json.dumps([list(reason) for reason in self.reason_codes], ensure_ascii=False)

    @property
    def reasons(self) -> list[str]:
        from .reasons import render

        return [render(code, params) for code, params in self.reason_codes]

    def _key(self) -> tuple:
        return (self.slot_id, self.candidate_id, self.score, tuple(self.reasons))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Match) and self._key() == other._key()

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((self.slot_id, self.candidate_id, self.score))

    def __repr__(self) -> str:
        return f"Match(slot_id={self.slot_id!r}, candidate_id={self.candidate_id!r}, score={self.score!r})"
