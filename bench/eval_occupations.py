"""How well the matcher recognises occupation names it never saw, beside plain rapidfuzz WRatio
(run: python -m bench.eval_occupations [--misses N] [--sample N]).

Each name is given as a candidate's only prior occupation and ranked against one slot per KldB
code (see tests/matching/heldout.py). The sets: titles of whole Berufsgruppen held out of the BA
list the engine knows (clean, and made messy as survey answers look); caseworkers' own words
(tests/matching/messy.toml); names written without looking at the engine (blind.toml: European
labels, survey answers, official titles, the classification's own names); and, not held out, for
orientation, the list's own titles and its long forms misspelt, written as male/female pairs and
typed without umlauts. Prints top-1, top-5 and MRR (ranks up to 10) for both, the hand-written
sets per kind of input, and the engine's misses to read.
"""

from __future__ import annotations

import argparse
import time

from bench.common import print_table
from matchmaker.matching import MatchEngine
from matchmaker.matching.occupations import load_titles
from tests.matching.heldout import (
    BLIND_FILE,
    SEED,
    Evaluation,
    by_tag,
    evaluate,
    forms_without_umlauts,
    held_out_split,
    listed_titles,
    load_messy,
    messy_queries,
    misspelt_forms,
    paired_forms,
    sample,
    with_distractors,
)


def _row(name: str, result: Evaluation, seconds: float) -> list[str]:
    e, w = result.engine, result.wratio
    return [name, f"{e.n:,}", f"{e.top1:.2f}", f"{e.top5:.2f}", f"{e.mrr:.2f}",
            f"{w.top1:.2f}", f"{w.top5:.2f}", f"{w.mrr:.2f}", f"{e.top1 - w.top1:+.2f}", f"{seconds:.1f} s"]


def _tag_table(title: str, queries, result: Evaluation) -> None:
    engine_tags, naive_tags = by_tag(queries, result.ranks), by_tag(queries, result.wratio_ranks)
    print_table(title, ["tag", "n", "top-1", "top-5", "MRR", "WRatio top-1", "top-5", "MRR"],
                [[tag, s.n, f"{s.top1:.2f}", f"{s.top5:.2f}", f"{s.mrr:.2f}", f"{naive_tags[tag].top1:.2f}",
                  f"{naive_tags[tag].top5:.2f}", f"{naive_tags[tag].mrr:.2f}"] for tag, s in engine_tags.items()])


def _timed(func):
    started = time.perf_counter()
    result = func()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=20, help="misses to print per set (default 20)")
    parser.add_argument("--sample", type=int, default=0, help="held-out queries per set (default: all)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()

    titles = load_titles()
    split = held_out_split(titles, seed=args.seed)
    clean = split.queries if not args.sample else sample(split.queries, args.sample, args.seed)
    noisy = messy_queries(clean, args.seed)
    engine = MatchEngine(titles=split.remaining)
    hand = load_messy()
    blind = load_messy(BLIND_FILE)
    blind_slots = with_distractors({q.code for q in blind}, titles, seed=args.seed)
    hand_slots = with_distractors({q.code for q in hand}, titles, seed=args.seed)
    listed_slots, listed = listed_titles(titles, seed=args.seed)
    misspelt_slots, misspelt = misspelt_forms(titles, seed=args.seed)
    paired_slots, paired = paired_forms(titles, seed=args.seed)
    plain_slots, plain = forms_without_umlauts(titles, seed=args.seed)

    results = {
        f"held-out groups, clean ({len(split.groups)} of 144 groups)":
            _timed(lambda: evaluate(engine, split.slots, clean)),
        "held-out groups, messy": _timed(lambda: evaluate(engine, split.slots, noisy)),
        "hand-written (messy.toml)": _timed(lambda: evaluate(MatchEngine(), hand_slots, hand)),
        "written blind (blind.toml)": _timed(lambda: evaluate(MatchEngine(), blind_slots, blind)),
        "titles of the list (not held out)": _timed(lambda: evaluate(MatchEngine(), listed_slots, listed)),
        "long forms of the list, misspelt (not held out)": _timed(
            lambda: evaluate(MatchEngine(), misspelt_slots, misspelt)),
        "long forms of the list as male/female pairs (not held out)": _timed(
            lambda: evaluate(MatchEngine(), paired_slots, paired)),
        "long forms of the list typed without umlauts (not held out)": _timed(
            lambda: evaluate(MatchEngine(), plain_slots, plain)),
    }
    pools = f"pools: {len(split.slots)} slots (held out) and {len(hand_slots)} slots (hand-written)"
    print_table(f"Occupation recognition, engine vs WRatio ({pools})",
                ["set", "n", "top-1", "top-5", "MRR", "WRatio top-1", "top-5", "MRR", "gain top-1", "time"],
                [_row(name, result, seconds) for name, (result, seconds) in results.items()])

    clean_result = results[next(iter(results))][0]
    _tag_table("Held-out groups (clean) by the BA's state of the query title (E current, T index, "
               "R outdated, M meta)", clean, clean_result)
    _tag_table("Hand-written set by kind of input", hand, results["hand-written (messy.toml)"][0])
    _tag_table("Set written blind by kind of input", blind, results["written blind (blind.toml)"][0])

    for name, (result, _seconds) in results.items():
        if args.misses and result.misses:
            print_table(f"Misses, {name} (first {args.misses} of {len(result.misses)})",
                        ["query", "expected", "got", "rank"],
                        [[m.query, m.expected, m.got or "-", m.rank or "-"] for m in result.misses[:args.misses]])


if __name__ == "__main__":
    main()
