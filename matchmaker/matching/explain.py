"""Why a pair was proposed: every part that moved the score, as reason codes with parameters.

A pair's reasons are worked out in two steps: first a small key per part (what the sentence
depends on: the level and the titles that met, the skills found, the German levels, the
district, ...), then the reason itself. Keys repeat across a city (millions of pairs share a
few thousand district, language or occupation sentences), so each key's reason, and its JSON
text for storage, is made once (`encoded`): a city-wide rebuild stays bound by scoring.
"""

from __future__ import annotations

import itertools
import json
from datetime import date

from . import scoring
from .features import CandidatePool, ConceptIndex, SlotPool
from .reasons import Reason
from .weights import Weights

_LEVEL_CODES = {
    scoring.LEVEL_UNTER: ("occupation_untergruppe", 4),
    scoring.LEVEL_GRUPPE: ("occupation_gruppe", 3),
    scoring.LEVEL_HAUPT: ("occupation_hauptgruppe", 2),
}
_DEPTH = {scoring.LEVEL_EXACT: 5, scoring.LEVEL_UNTER: 4, scoring.LEVEL_GRUPPE: 3, scoring.LEVEL_HAUPT: 2}
_DISTRICT_CODES = {
    scoring.DIST_SAME: "district_same",
    scoring.DIST_WHOLE_BEZIRK: "district_whole_bezirk",
    scoring.DIST_SAME_BEZIRK: "district_same_bezirk",
    scoring.DIST_OTHER: "district_other",
}
_PERMITS = {"zustimmung": (("permit_consent", {}),), "ungeklaert": (("permit_unclear", {}),)}
LIKENESS_SHOWN = 0.3  # a likeness of the titles below this is not worth a sentence
MAX_KEYS = 500_000  # reasons remembered at most; then the memory starts afresh

Key = tuple  # (what the reason depends on); its first item names the part
# What a pair's reasons are read from, in the order _keys takes them.
_PAIR_FIELDS = ("rows", "cols", "level", "likeness", "coverage", "language", "district", "kind", "late_days")


class Explainer:
    def __init__(self, index: ConceptIndex, weights: Weights):
        self.index = index
        self.weights = weights
        self.feature_names = [s.name for s in index.vocabulary.skills.values()] + [
            index.occupations.display_title(code) or code for code in index.codes]
        self._reasons: dict[Key, tuple[Reason, ...]] = {}  # key -> its reasons (none, one or two)
        self._texts: dict[Key, str] = {}  # key -> the JSON text of its reasons, without brackets

    def reasons(self, scored: scoring.Scored, k: int, candidates: CandidatePool, slots: SlotPool) -> list[Reason]:
        """The reason codes of the k-th scored pair, in the order they are shown."""
        keys = self._keys(_pair(scored, k), candidates, slots)
        # Copies: the remembered reasons are shared by every pair with the same key.
        return [(code, dict(params)) for key in keys for code, params in self._reasons_of(key)]

    def encoded(self, scored: scoring.Scored, candidates: CandidatePool, slots: SlotPool) -> list[str]:
        """The reasons of every scored pair as JSON text (`[[code, params], ...]`, the form in
        which they are stored), in one pass over the block."""
        texts = self._texts
        found = []
        for pair in zip(*(getattr(scored, name).tolist() for name in _PAIR_FIELDS), strict=True):
            parts = []
            for key in self._keys(pair, candidates, slots):
                text = texts.get(key)
                if text is None:
                    text = texts[key] = ", ".join(json.dumps(list(r), ensure_ascii=False)
                                                  for r in self._reasons_of(key))
                if text:
                    parts.append(text)
            found.append(f"[{', '.join(parts)}]")
        return found

    def _reasons_of(self, key: Key) -> tuple[Reason, ...]:
        found = self._reasons.get(key)
        if found is None:
            if len(self._reasons) >= MAX_KEYS:
                self._reasons.clear()
                self._texts.clear()
            found = self._reasons[key] = _BUILDERS[key[0]](self, *key[1:])
        return found

    # What each part depends on -----------------------------------------------------------

    def _keys(self, pair: tuple, candidates: CandidatePool, slots: SlotPool) -> list[Key]:
        i, j, level, likeness, coverage, language, district, kind, late = pair
        candidate, slot = candidates.specs[i], slots.specs[j]
        return [
            self._occupation_key(level, likeness, candidates, i, slots, j),
            self._skills_key(coverage, candidates, i, slots, j),
            ("language", language, candidate.german, slot.min_german),
            ("district", district, slot.district),
            self._kind_key(kind, candidate.desired_kinds, slot.kind),
            ("available", late, candidate.available_from if late > self.weights.soon_days else None),
            ("permit", candidate.work_permit),
        ]

    @staticmethod
    def _kind_key(code: int, desired, kind: str) -> Key:
        if code == scoring.KIND_WANTED:
            return ("kind", code, (), kind)
        return ("kind", code, tuple(desired) if code == scoring.KIND_OTHER else (), None)

    @staticmethod
    def _occupation_key(level: int, likeness: float, candidates, i, slots, j) -> Key:
        own = candidates.occupations.resolutions[i]
        wanted = slots.occupations.resolutions[j]
        if level == scoring.LEVEL_NONE or not own or not wanted:
            percent = round(100 * likeness) if likeness >= LIKENESS_SHOWN else None
            return ("similar", slots.specs[j].title if percent is not None else None, percent)
        depth = _DEPTH[level]
        mine, theirs = next(((a, b) for b in wanted for a in own if a.code[:depth] == b.code[:depth]),
                            (own[0], wanted[0]))
        return ("occupation", level, mine.code, mine.title, theirs.code, theirs.title)

    @staticmethod
    def _skills_key(coverage: float, candidates, i, slots, j) -> Key:
        wanted = _rows(slots, "required")[j]
        if not wanted:
            return ("skills", None, 0, (), ())
        stated = bool(slots.stated[j])
        if coverage <= 0:
            return ("skills", stated, len(wanted), None, ())
        has = _rows(candidates, "features")[i]
        direct = tuple(f for f in wanted if has.get(f, 0) >= 1.0)
        implied = tuple(f for f in wanted if 0 < has.get(f, 0) < 1.0)
        return ("skills", stated, len(wanted), direct, implied)

    # The reasons of each part ------------------------------------------------------------

    def _occupation(self, level: int, own_code: str, own_title: str, code: str, title: str) -> tuple[Reason, ...]:
        if level == scoring.LEVEL_EXACT:
            return (("occupation_same", {"wanted": title, "code": code}),)
        name, digits = _LEVEL_CODES[level]
        if level == scoring.LEVEL_UNTER and own_code[:4] != code[:4]:
            name, digits = "occupation_helper", 3  # a Gruppe counted as the same work for a Helfer slot
        return ((name, {"own": own_title, "wanted": title, "code": code[:digits]}),)

    def _similar(self, title: str | None, percent: int | None) -> tuple[Reason, ...]:
        return () if percent is None else (("title_similar", {"title": title, "percent": percent}),)

    def _skills(self, stated: bool | None, total: int, direct: tuple | None, implied: tuple) -> tuple[Reason, ...]:
        if stated is None:  # the slot asks for nothing
            return ()
        if direct is None:  # nothing of it met
            return (("skills_none", {}),) if stated else ()
        names = self.feature_names
        found: list[Reason] = []
        if direct:
            code = "skills_brought" if stated else "skills_typical"
            found.append((code, {"count": len(direct), "total": total, "names": [names[f] for f in direct]}))
        if implied:
            found.append(("skills_implied", {"names": [names[f] for f in implied]}))
        return tuple(found)

    def _language(self, code: int, german: str, minimum: str) -> tuple[Reason, ...]:
        name = "language_one_below" if code == scoring.LANG_ONE_BELOW else "language_met"
        return ((name, {"german": german, "minimum": minimum}),)

    def _district(self, code: int, district: str | None) -> tuple[Reason, ...]:
        if code == scoring.DIST_ANY:
            return (("district_any", {}),) if district else (("district_none", {}),)
        return ((_DISTRICT_CODES[code], {"district": district or "", "bezirk": self._bezirk_name(district)}),)

    def _bezirk_name(self, district: str | None) -> str:
        index = self.index.districts.get(district or "", -1)
        bezirk = self.index.bezirk(index)
        names = {n: name for name, n in self.index.districts.items()}
        return names.get(bezirk, district or "")

    def _kind(self, code: int, desired: tuple, kind: str) -> tuple[Reason, ...]:
        if code == scoring.KIND_WANTED:
            return (("kind_wanted", {"kind": kind}),)
        if code == scoring.KIND_ANY:
            return (("kind_any", {}),)
        return (("kind_other", {"kinds": list(desired)}),)

    def _availability(self, late_days: int, available_from: date | None) -> tuple[Reason, ...]:
        if late_days == 0:
            return (("available", {}),)
        if late_days <= self.weights.soon_days:
            return (("available_soon", {"days": late_days}),)
        return (("available_later", {"date": f"{available_from:%d.%m.%Y}"}),)

    def _permit(self, permit: str) -> tuple[Reason, ...]:
        return _PERMITS.get(permit, ())


_BUILDERS = {  # a key's first item -> the method that makes its reasons from the rest
    "occupation": Explainer._occupation,
    "similar": Explainer._similar,
    "skills": Explainer._skills,
    "language": Explainer._language,
    "district": Explainer._district,
    "kind": Explainer._kind,
    "available": Explainer._availability,
    "permit": Explainer._permit,
}


def _pair(scored: scoring.Scored, k: int) -> tuple:
    return tuple(getattr(scored, name)[k].item() for name in _PAIR_FIELDS)


def _rows(pool: CandidatePool | SlotPool, name: str) -> list:
    """A pool's matrix (`required` of slots: sorted columns; `features` of candidates: column ->
    value) as plain Python rows, made once per pool when the first reason asks."""
    rows = pool.memo.get(name)
    if rows is None:
        matrix = getattr(pool, name)
        indices, data, bounds = matrix.indices.tolist(), matrix.data.tolist(), matrix.indptr.tolist()
        spans = list(itertools.pairwise(bounds))
        if name == "required":
            rows = [sorted(indices[a:b]) for a, b in spans]
        else:
            rows = [dict(zip(indices[a:b], data[a:b], strict=True)) for a, b in spans]
        pool.memo[name] = rows
    return rows
