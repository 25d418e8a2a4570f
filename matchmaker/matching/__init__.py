"""The matching engine: pure Python (numpy, scipy, rapidfuzz), no Flask or database imports.

    from matchmaker.matching import MatchEngine, SlotSpec, CandidateSpec, Match
    engine = MatchEngine()
    pool = engine.pool(slots)
    engine.rank_slots(candidate, pool, limit=10)
    engine.rank_candidates(slot, candidates, limit=10)
    engine.match_all(candidates, slots, min_score=50.0)

The names are loaded on first use, so importing `matchmaker.matching.normalise` alone stays light.
"""

from importlib import import_module

_EXPORTS = {
    "MatchEngine": ".engine",
    "SlotSpec": ".specs",
    "CandidateSpec": ".specs",
    "Match": ".specs",
    "Weights": ".weights",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
