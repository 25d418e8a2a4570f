"""An honest evaluation of occupation matching: names the engine never saw, ranked against one slot
per KldB code, with plain rapidfuzz WRatio beside it. Pure (no Flask); used by tests and the bench.

    split = held_out_split(load_titles(), seed=SEED)
    engine = MatchEngine(titles=split.remaining)
    result = evaluate(engine, split.slots, split.queries)          # or messy_queries(split.queries)
"""

from __future__ import annotations

import random
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

from matchmaker.matching.specs import CandidateSpec, SlotSpec

SEED = 2019  # the year of the BA list; any fixed number would do
STATE_ORDER = {"E": 0, "T": 1, "M": 2, "R": 3}  # E: current in the BA's placement systems
MESSY_FILE = Path(__file__).with_name("messy.toml")
BLIND_FILE = Path(__file__).with_name("blind.toml")  # written without looking at the engine (2026-12-07)
# Gender endings and pairs ("/in", "/-frau", "/Köchin", "(e/in)", "/r"): stripped before comparing titles.
_GENDER = re.compile(r"/-?[\wäöüß]*(?:in|frau)\b|\((?:e/in|er/in|r)\)|/r\b")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


@dataclass(frozen=True)
class Slot:
    id: str
    code: str
    title: str


@dataclass(frozen=True)
class Query:
    text: str
    code: str  # the five-digit KldB code whose slot is the right answer
    forms: tuple[str, ...] = ()  # the BA's male and female long forms, for messy variants
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Split:
    remaining: list  # the titles handed to the engine: every query title removed
    slots: list[Slot]
    queries: list[Query]
    groups: tuple[str, ...]  # the held-out Berufsgruppen (three digits)


@dataclass(frozen=True)
class Scores:
    top1: float
    top5: float
    mrr: float  # mean reciprocal rank, counting ranks up to the limit (0 beyond it)
    n: int


@dataclass(frozen=True)
class Miss:
    query: str
    expected: str
    got: str | None  # the first-ranked slot's title; None when the engine ranked nothing
    rank: int | None  # where the right slot came, None when not within the limit


@dataclass
class Evaluation:
    engine: Scores
    wratio: Scores
    misses: list[Miss] = field(default_factory=list)
    ranks: list[int | None] = field(default_factory=list)  # the engine's rank per query
    wratio_ranks: list[int | None] = field(default_factory=list)


def key(text: str) -> str:
    """A crude normalised form, only to tell two titles apart (not the engine's normaliser)."""
    text = text.replace("/-in", "").replace("/in", "").translate(_UMLAUTS).casefold()
    return re.sub(r"[^a-z0-9]", "", text)


def best_title(titles: Sequence) -> str:
    """The title an employer would put on the slot: of the most official state present (E first),
    the one most like the code's other titles (WRatio, gender endings stripped), so 25122 is
    "Maschinen- und Anlagenführer/in", not "Kesselwärter/in"; then the shorter, then alphabetical.
    Both the engine and the baseline see the same slot titles, so the choice favours neither."""
    state = min(STATE_ORDER.get(t.state, 9) for t in titles)
    official = [t.title for t in titles if STATE_ORDER.get(t.state, 9) == state]
    if len(official) == 1:
        return official[0]
    likeness = process.cdist([_GENDER.sub("", o) for o in official], [_GENDER.sub("", t.title) for t in titles],
                             scorer=fuzz.WRatio, processor=utils.default_process, dtype=np.float32).sum(axis=1)
    return min(zip(official, likeness.tolist(), strict=True), key=lambda p: (-p[1], len(p[0]), p[0]))[0]


def held_out_split(titles: Sequence, share: float = 0.2, seed: int = SEED, distractors: int = 300) -> Split:
    """Hold out whole Berufsgruppen: their codes get one slot each (the best title), their other
    titles become queries and are removed from what the engine may know. `distractors` codes from
    other groups add one slot each."""
    by_code = _by_code(titles)
    ambiguous = _ambiguous_keys(titles)
    rng = random.Random(seed)
    held = held_out_groups(titles, share, rng)
    held_codes = [code for code in sorted(by_code) if code[:3] in held]
    queries, removed = [], set()
    for code in held_codes:
        slot_key = key(best_title(by_code[code]))
        seen = {slot_key}
        for t in sorted(by_code[code], key=lambda t: t.title):
            k = key(t.title)
            if k in seen or k in ambiguous:
                continue
            seen.add(k)
            queries.append(Query(t.title, code, tuple(t.forms), (f"state {t.state}",)))
            removed.add(k)
    others = [code for code in sorted(by_code) if code[:3] not in held]
    extra = sorted(rng.sample(others, min(distractors, len(others))))
    remaining = [t for t in titles if key(t.title) not in removed]
    return Split(remaining, slots_for([*held_codes, *extra], titles, seed), queries, held)


def held_out_groups(titles: Sequence, share: float = 0.2, seed: int | random.Random = SEED) -> tuple[str, ...]:
    """The Berufsgruppen (first three digits) to hold out, chosen at random from those in the list."""
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    groups = sorted({t.code[:3] for t in titles})
    return tuple(sorted(rng.sample(groups, max(1, round(share * len(groups))))))


def slots_for(codes: Iterable[str], titles: Sequence, seed: int = SEED) -> list[Slot]:
    """One slot per code, titled with its best BA title, in a seeded order (ties favour no one)."""
    by_code = _by_code(titles)
    codes = sorted(set(codes))
    random.Random(seed).shuffle(codes)
    return [Slot(f"s{n:04d}", code, best_title(by_code[code])) for n, code in enumerate(codes)]


def with_distractors(codes: Iterable[str], titles: Sequence, count: int = 300, seed: int = SEED) -> list[Slot]:
    """Slots for `codes` plus `count` other codes drawn at random."""
    codes = set(codes)
    others = sorted({t.code for t in titles} - codes)
    return slots_for(codes | set(random.Random(seed).sample(others, min(count, len(others)))), titles, seed)


def _random_codes(titles: Sequence, codes: int, seed: int) -> tuple[dict[str, list], random.Random, list[Slot]]:
    """The titles by code, the random numbers (as they stand after the draw) and one slot for each
    of `codes` codes drawn at random."""
    by_code = _by_code(titles)
    rng = random.Random(seed)
    chosen = rng.sample(sorted(by_code), min(codes, len(by_code)))
    return by_code, rng, slots_for(chosen, titles, seed)


def listed_titles(titles: Sequence, codes: int = 400, per_code: int = 3,
                  seed: int = SEED) -> tuple[list[Slot], list[Query]]:
    """Not held out, for orientation only: for `codes` random codes a slot titled with the code's
    best title, and up to `per_code` of its other titles of the list as queries."""
    by_code, rng, slots = _random_codes(titles, codes, seed)
    queries = []
    for slot in slots:
        others = sorted({t.title for t in by_code[slot.code]} - {slot.title})
        queries += [Query(text, slot.code) for text in rng.sample(others, min(per_code, len(others)))]
    return slots, queries


def misspelt_forms(titles: Sequence, codes: int = 400, per_code: int = 2,
                   seed: int = SEED) -> tuple[list[Slot], list[Query]]:
    """Not held out either: for `codes` random codes a slot titled with the code's best title, and
    up to `per_code` of the long forms the BA writes for its titles ("Verkäuferin", "Verkäufer")
    with one letter dropped or swapped, as a hurried survey answer has them."""
    return _spoilt_forms(titles, codes, per_code, seed, _typo, "typo")


def forms_without_umlauts(titles: Sequence, codes: int = 400, per_code: int = 2,
                          seed: int = SEED) -> tuple[list[Slot], list[Query]]:
    """As `misspelt_forms`, but the long forms that have umlauts typed on a keyboard without them:
    "Backerin", "Burokauffrau", "Gerustbauer"."""
    return _spoilt_forms(titles, codes, per_code, seed, lambda _, form: _without_umlauts(form), "umlaut",
                         only=lambda form: form != _without_umlauts(form))


def _without_umlauts(text: str) -> str:
    return text.translate(_NO_UMLAUTS)


_NO_UMLAUTS = str.maketrans("äöüÄÖÜ", "aouAOU")


def _spoilt_forms(titles: Sequence, codes: int, per_code: int, seed: int, spoil, tag: str,
                  only=lambda form: True) -> tuple[list[Slot], list[Query]]:
    by_code, rng, slots = _random_codes(titles, codes, seed)
    ambiguous = _ambiguous_keys(titles)
    queries = []
    for slot in slots:
        forms = sorted({form for t in by_code[slot.code] for form in t.forms
                        if key(form) not in ambiguous and only(form)})
        for form in rng.sample(forms, min(per_code, len(forms))):
            spoilt = spoil(rng, form)
            if spoilt != form:
                queries.append(Query(spoilt, slot.code, tags=(tag,)))
    return slots, queries


def paired_forms(titles: Sequence, codes: int = 400, per_code: int = 2,
                 seed: int = SEED) -> tuple[list[Slot], list[Query]]:
    """Not held out either: for `codes` random codes a slot titled with the code's best title, and
    up to `per_code` of its titles written as classifications and job ads write them, the male and
    the female long form in one text ("Helfer für Lagerwirtschaft, Transport/Helferin für
    Lagerwirtschaft, Transport"), with or without spaces around the slash."""
    by_code, rng, slots = _random_codes(titles, codes, seed)
    ambiguous = _ambiguous_keys(titles)
    queries = []
    for slot in slots:
        pairs = sorted({t.forms[:2] for t in by_code[slot.code] if len(t.forms) >= 2 and key(t.title) not in ambiguous})
        for male, female in rng.sample(pairs, min(per_code, len(pairs))):
            queries.append(Query(f"{male}{rng.choice(['/', ' / '])}{female}", slot.code, tags=("gender",)))
    return slots, queries


def sample(queries: Sequence[Query], n: int, seed: int = SEED) -> list[Query]:
    """A seeded subset (all when there are no more than n), to keep the tests fast."""
    return list(queries) if len(queries) <= n else random.Random(seed).sample(list(queries), n)


def _by_code(titles: Sequence) -> dict[str, list]:
    by_code: dict[str, list] = defaultdict(list)
    for t in titles:
        by_code[t.code].append(t)
    return by_code


def _ambiguous_keys(titles: Sequence) -> set[str]:
    """Texts the BA lists under more than one code: no single right answer, so never a query."""
    codes: dict[str, set[str]] = defaultdict(set)
    for t in titles:
        codes[key(t.title)].add(t.code)
    return {k for k, found in codes.items() if len(found) > 1}


# -- messy variants --------------------------------------------------------------------------------

_HELPER = re.compile(r"^(?:Helfer/in|Helferin|Helfer)\s+(?:(?:-|für|bei der|bei|an|im|in der|in)\s+)?(.+)$")
_HELPER_FORMS = ("Helfer {}", "Hilfskraft {}", "Helferin {}", "{} Helfer", "Aushilfe {}", "Hilfsarbeiter {}")


def messy(query: Query, seed: int = SEED) -> Query:
    """The query as a survey answer might look: a gendered long form instead of the "/in" title,
    helper titles said another way, upper or lower case, AE/OE/UE, a dropped or swapped letter,
    "(m/w/d)". Deterministic for one text and seed."""
    rng = random.Random(f"{seed}|{query.text}")
    text = rng.choice([query.text, *query.forms, *query.forms])
    found = _HELPER.match(text)
    if found:
        text = rng.choice(_HELPER_FORMS).format(found.group(1))
    if rng.random() < 0.35:
        text = _typo(rng, text)
    if rng.random() < 0.5:
        text = text.translate(_UMLAUTS)
    if rng.random() < 0.2:
        text += " (m/w/d)"
    roll = rng.random()
    if roll < 0.3 or text == query.text:
        text = text.upper()
    elif roll < 0.45:
        text = text.lower()
    return Query(text, query.code, query.forms, query.tags)


def messy_queries(queries: Iterable[Query], seed: int = SEED) -> list[Query]:
    return [messy(q, seed) for q in queries]


def _typo(rng: random.Random, text: str) -> str:
    """Drop or swap one letter inside the longest word; first and last letters stay."""
    words = text.split(" ")
    n = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[n]
    if len(word) < 6:
        return text
    k = rng.randrange(1, len(word) - 2)
    word = word[:k] + word[k + 1:] if rng.random() < 0.5 else word[:k] + word[k + 1] + word[k] + word[k + 2:]
    return " ".join([*words[:n], word, *words[n + 1:]])


# -- the hand-written set -------------------------------------------------------------------------

def load_messy(path: Path = MESSY_FILE) -> list[Query]:
    """The caseworkers' inputs of messy.toml, each with its expected code; checked while read."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    queries = []
    for n, entry in enumerate(data["input"]):
        unknown = set(entry) - {"text", "code", "tags"}
        if unknown or not re.fullmatch(r"\d{5}", str(entry.get("code", ""))) or not entry.get("text"):
            raise ValueError(f"messy.toml input #{n + 1}: needs text and a five-digit code ({entry})")
        queries.append(Query(entry["text"], entry["code"], (), tuple(entry.get("tags", ()))))
    return queries


# -- evaluation -----------------------------------------------------------------------------------

def evaluate(engine, slots: Sequence[Slot], queries: Sequence[Query], limit: int = 10) -> Evaluation:
    """Each query as a candidate's only prior occupation, ranked against the slots by the engine
    and by WRatio; top-1, top-5 and MRR (up to `limit`) for both, and the engine's top-1 misses."""
    specs = [SlotSpec(s.id, title=s.title, skills=(), kind="fachkraft", min_german="A1") for s in slots]
    pool = engine.pool(specs)
    position = {s.code: n for n, s in enumerate(slots)}
    by_id = {s.id: n for n, s in enumerate(slots)}
    ranks, misses = [], []
    for n, q in enumerate(queries):
        found = engine.rank_slots(CandidateSpec(f"q{n}", skills=(q.text,), german="C2"), pool, limit=limit)
        order = [by_id[m.slot_id] for m in found]
        rank = order.index(position[q.code]) + 1 if position[q.code] in order else None
        ranks.append(rank)
        if rank != 1:
            got = slots[order[0]].title if order else None
            misses.append(Miss(q.text, slots[position[q.code]].title, got, rank))
    naive = wratio_ranks(slots, queries, limit)
    return Evaluation(_scores(ranks), _scores(naive), misses, ranks, naive)


def by_tag(queries: Sequence[Query], ranks: Sequence[int | None]) -> dict[str, Scores]:
    """Scores per tag of the hand-written set (a query counts under each of its tags)."""
    grouped: dict[str, list[int | None]] = defaultdict(list)
    for q, rank in zip(queries, ranks, strict=True):
        for tag in q.tags:
            grouped[tag].append(rank)
    return {tag: _scores(found) for tag, found in sorted(grouped.items())}


def wratio_ranks(slots: Sequence[Slot], queries: Sequence[Query], limit: int = 10) -> list[int | None]:
    """The naive baseline: every slot title scored with WRatio; ties keep the pool's seeded order."""
    if not queries:
        return []
    scores = process.cdist([q.text for q in queries], [s.title for s in slots], scorer=fuzz.WRatio,
                           processor=utils.default_process, dtype=np.float32)
    position = {s.code: n for n, s in enumerate(slots)}
    ranks = []
    for row, q in zip(scores, queries, strict=True):
        target = position[q.code]
        ahead = int(np.count_nonzero(row > row[target]) + np.count_nonzero(row[:target] == row[target]))
        ranks.append(ahead + 1 if ahead < limit else None)
    return ranks


def _scores(ranks: Sequence[int | None]) -> Scores:
    n = len(ranks)
    if not n:
        return Scores(0.0, 0.0, 0.0, 0)
    return Scores(sum(r == 1 for r in ranks) / n, sum(r is not None and r <= 5 for r in ranks) / n,
                  sum(1 / r for r in ranks if r) / n, n)
