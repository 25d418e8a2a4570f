"""Accuracy of the matcher on the labelled set: top-1, top-5, and non-matching pairs that
score at or above the minimum. Used by the tests and printed by the benchmark."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from matchmaker.matching import MatchEngine

from .labelled import load_labelled

MIN_SCORE = 50.0


@dataclass
class Accuracy:
    cases: int = 0
    top1: float = 0.0
    top5: float = 0.0
    negatives: int = 0
    false_positives: int = 0
    misses: list[str] = field(default_factory=list)
    wrong_pairs: list[str] = field(default_factory=list)
    by_tag: dict[str, tuple[int, int]] = field(default_factory=dict)


def evaluate(engine: MatchEngine) -> Accuracy:
    slots, cases = load_labelled()
    pool = engine.pool(slots)
    result, hits1, hits5 = Accuracy(), 0, 0
    tag_total, tag_hit = Counter(), Counter()
    for case in cases:
        ranked = engine.rank_slots(case.candidate, pool, limit=len(slots))
        scores = {m.slot_id: m.score for m in ranked}
        for slot_id in case.never:
            result.negatives += 1
            if scores.get(slot_id, 0.0) >= MIN_SCORE:
                result.false_positives += 1
                result.wrong_pairs.append(f"{case.id} ~ {slot_id}: {scores[slot_id]}")
        if not case.best:
            continue
        result.cases += 1
        top = [m.slot_id for m in ranked[:5]]
        hit1 = bool(top) and top[0] in case.best
        hit5 = any(s in case.best or s in case.good for s in top)
        hits1 += hit1
        hits5 += hit5
        for tag in case.looseness:
            tag_total[tag] += 1
            tag_hit[tag] += hit1
        if not hit1:
            result.misses.append(f"{case.id}: wanted {case.best}, got {top[:3]}")
    result.top1 = hits1 / max(1, result.cases)
    result.top5 = hits5 / max(1, result.cases)
    result.by_tag = {tag: (tag_hit[tag], tag_total[tag]) for tag in sorted(tag_total)}
    return result
