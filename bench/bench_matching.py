"""Matcher benchmark on a seeded synthetic city; prints one table (run: make bench).

- match_all for 10,000 candidates x 10,000 slots given as plain lists (all text mapped anew);
- pools of 100,000 slots and of 100,000 profiles, then rank_slots / rank_candidates for new
  ones against them (median and 95th percentile over QUERIES queries);
- the naive way (rapidfuzz called for every pair) on a sample, extrapolated, as a ratio;
- peak memory of the 10k x 10k run (traced allocations, numpy included) and of the process.
Accuracy on the labelled set (tests/matching/labelled.toml) is printed too.
"""

from __future__ import annotations

import random
import resource
import string
import time
import tracemalloc
from datetime import date, timedelta

from rapidfuzz import fuzz

from bench.common import median_ms, p95_ms, print_table
from matchmaker.matching import CandidateSpec, MatchEngine, SlotSpec
from matchmaker.matching.specs import KINDS, LEVELS

SEED = 4711
CITY = 10_000
BIG = 100_000
QUERIES = 200
NAIVE_SAMPLE = 20  # candidates scored naively against all slots
TODAY = date(2026, 11, 24)
GENDER = ["{}/in", "{}/-in", "{}*in", "{}:in", "{}In", "{} (m/w/d)", "{}", "{}", "{}"]


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 6:
        return text
    k = rng.randrange(1, len(text) - 1)
    return text[:k] + text[k + 1] + text[k] + text[k + 2:] if rng.random() < 0.5 else text[:k] + text[k + 1:]


def _loose(rng: random.Random, text: str) -> str:
    """How people type: gender forms, case, umlauts spelled out, now and then a typo."""
    text = rng.choice(GENDER).format(text)
    roll = rng.random()
    if roll < 0.15:
        text = text.lower()
    elif roll < 0.25:
        text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    elif roll < 0.32:
        text = _typo(rng, text)
    return text


class City:
    def __init__(self, engine: MatchEngine, seed: int):
        self.rng = random.Random(seed)
        vocabulary = engine.vocabulary
        self.occupations = list(vocabulary.occupations.values())
        self.skills = list(vocabulary.skills.values())
        self.districts = [name for name, n in engine.index.districts.items() if engine.index.parent[n] >= 0]
        self.serial = 0

    def _name(self, entry) -> str:
        names = [getattr(entry, "title", None) or entry.name, *entry.synonyms]
        return _loose(self.rng, self.rng.choice(names))

    def _free(self) -> str:
        return "".join(self.rng.choice(string.ascii_lowercase) for _ in range(8))

    def slot(self) -> SlotSpec:
        rng, self.serial = self.rng, self.serial + 1
        occupation = rng.choice(self.occupations)
        typical = list(occupation.skills)
        skills = [self._name(next(s for s in self.skills if s.id == sid)) for sid in typical[:2]]
        skills += [self._name(rng.choice(self.skills)) for _ in range(rng.randint(0, 2))]
        if rng.random() < 0.05:
            skills.append(self._free())
        return SlotSpec(f"s{self.serial}", self._name(occupation), skills, rng.choice(KINDS),
                        rng.choice(LEVELS[:4]), rng.random() < 0.4, rng.choice(self.districts),
                        None if rng.random() < 0.5 else TODAY + timedelta(days=rng.randint(0, 120)))

    def candidate(self) -> CandidateSpec:
        rng, self.serial = self.rng, self.serial + 1
        texts = [self._name(rng.choice(self.occupations)) for _ in range(rng.randint(1, 2))]
        texts += [self._name(rng.choice(self.skills)) for _ in range(rng.randint(1, 3))]
        return CandidateSpec(f"c{self.serial}", texts, rng.choice(LEVELS[:5]),
                             tuple(rng.sample(KINDS, rng.randint(0, 2))), tuple(rng.sample(self.districts, 3)),
                             None if rng.random() < 0.6 else TODAY + timedelta(days=rng.randint(0, 60)),
                             rng.choices(["erlaubt", "zustimmung", "ungeklaert", "nicht_erlaubt"], [8, 2, 1, 1])[0])


def _naive_pair(candidate: CandidateSpec, slot: SlotSpec) -> float:
    """The obvious way: compare every text of one side with every text of the other, per pair."""
    best = max(fuzz.token_set_ratio(text, other) for text in candidate.skills for other in (slot.title, *slot.skills))
    if LEVELS.index(candidate.german) < LEVELS.index(slot.min_german) or candidate.work_permit == "nicht_erlaubt":
        return 0.0
    return best * 0.7 + (10 if slot.district in candidate.districts else 0)


def main() -> None:
    from bench.common import districts_of_duisburg

    engine = MatchEngine(districts=districts_of_duisburg(), today=TODAY)
    city = City(engine, SEED)
    slots = [city.slot() for _ in range(CITY)]
    candidates = [city.candidate() for _ in range(CITY)]
    rows = []

    runs = []
    for _ in range(3):  # a fresh engine each time: nothing mapped yet
        fresh = MatchEngine(districts=districts_of_duisburg(), today=TODAY)
        started = time.perf_counter()
        count = sum(1 for _ in fresh.match_all(candidates, slots, min_score=50.0))
        runs.append(time.perf_counter() - started)
    seconds = sorted(runs)[1]  # the median of three
    # Memory is traced in a run of its own: tracing slows every allocation down.
    fresh = MatchEngine(districts=districts_of_duisburg(), today=TODAY)
    tracemalloc.start()
    sum(1 for _ in fresh.match_all(candidates, slots, min_score=50.0))
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    rows.append(["match_all 10k x 10k (plain lists), median of 3", f"{seconds:.2f} s", f"{count:,} matches",
                 "target 3 s"])

    sample = candidates[:NAIVE_SAMPLE]
    started = time.perf_counter()
    for candidate in sample:
        for slot in slots:
            _naive_pair(candidate, slot)
    naive = (time.perf_counter() - started) * CITY / NAIVE_SAMPLE
    rows.append([f"naive, extrapolated from {NAIVE_SAMPLE} x {CITY:,}", f"{naive:.0f} s",
                 f"{naive / seconds:.0f}x slower", "target >= 50x"])
    rows.append(["peak traced memory, match_all", f"{peak:.0f} MB", "", "target < 500 MB"])

    big_slots = [city.slot() for _ in range(BIG)]
    big_candidates = [city.candidate() for _ in range(BIG)]
    started = time.perf_counter()
    slot_pool = engine.pool(big_slots)
    rows.append(["pool of 100,000 slots", f"{time.perf_counter() - started:.2f} s", "", "target 5 s"])
    started = time.perf_counter()
    candidate_pool = engine.pool(big_candidates)
    rows.append(["pool of 100,000 profiles", f"{time.perf_counter() - started:.2f} s", "", "target 5 s"])

    new_candidates = [city.candidate() for _ in range(QUERIES)]
    times = [_timed(lambda c=c: engine.rank_slots(c, slot_pool, limit=10)) for c in new_candidates]
    rows.append([f"rank_slots vs 100k pool, {QUERIES} queries", f"median {median_ms(times):.1f} ms",
                 f"p95 {p95_ms(times):.1f} ms", "target p95 10 ms"])
    new_slots = [city.slot() for _ in range(QUERIES)]
    times = [_timed(lambda s=s: engine.rank_candidates(s, candidate_pool, limit=10)) for s in new_slots]
    rows.append([f"rank_candidates vs 100k pool, {QUERIES} queries", f"median {median_ms(times):.1f} ms",
                 f"p95 {p95_ms(times):.1f} ms", "target p95 10 ms"])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(["peak process memory (all of the above)", f"{rss:.0f} MB", "", ""])
    rows += _accuracy_rows(engine)
    print_table("Matcher benchmark (seeded synthetic city, 2 cores)", ["what", "result", "", "target"], rows)


def _timed(func) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def _accuracy_rows(engine: MatchEngine) -> list[list[str]]:
    try:
        from tests.matching.accuracy import evaluate
    except ImportError:
        return []
    result = evaluate(engine)
    return [["labelled set: top-1 / top-5", f"{result.top1:.0%} / {result.top5:.0%}", f"{result.cases} cases", ""],
            ["labelled set: non-matching pairs above minimum", str(result.false_positives),
             f"of {result.negatives} pairs", "target 0"]]


if __name__ == "__main__":
    main()
