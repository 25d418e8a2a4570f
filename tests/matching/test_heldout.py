"""The matcher on occupation names it never saw: whole KldB groups of the BA list held out (clean and
made messy) and caseworkers' own words (messy.toml), each against plain rapidfuzz WRatio."""

import re

import pytest

from matchmaker.matching import MatchEngine
from matchmaker.matching.occupations import load_titles

from .heldout import (
    BLIND_FILE,
    by_tag,
    evaluate,
    forms_without_umlauts,
    held_out_groups,
    held_out_split,
    key,
    listed_titles,
    load_messy,
    messy,
    messy_queries,
    misspelt_forms,
    paired_forms,
    sample,
    with_distractors,
)

SAMPLE = 200  # queries per held-out set; the bench runs all of them (about 5,000)
# Floors sit a little below what was measured when they were set (engine of c8761f2/8d2ab7d);
# the margins are how far the engine must stay ahead of plain WRatio on top-1.
HELD_OUT_TOP1, HELD_OUT_TOP5 = 0.17, 0.32  # measured 0.21 / 0.37 (WRatio 0.10 / 0.14)
MESSY_TOP1, MESSY_TOP5 = 0.16, 0.30  # measured 0.20 / 0.34 (WRatio 0.10 / 0.26)
HAND_TOP1, HAND_TOP5 = 0.75, 0.83  # measured 0.80 / 0.88 (WRatio 0.34 / 0.46)
HELD_OUT_MARGIN, HAND_MARGIN = 0.05, 0.35
LISTED_TOP1 = 0.97  # measured 1.00 (WRatio 0.12): a title of the list is recognised as it stands
MISSPELT_TOP1, MISSPELT_TOP5 = 0.86, 0.91  # measured 0.92 / 0.95 on 400 codes (WRatio 0.33 / 0.48; 0.85 / 0.91 before
# misspelt feminine forms were corrected through their stems)
UMLAUTS_TOP1, UMLAUTS_TOP5 = 0.92, 0.94  # measured 0.97 / 0.98 (WRatio 0.28 / 0.45; 0.89 / 0.93 before)
# Written without looking at the engine (blind.toml, 8,356 inputs in twenty-one rounds; each round's sets were
# measured once, then their misses were worked on, 2026-12-07): measured 0.94 / 0.96 (WRatio 0.26 /
# 0.38); by kind 0.97 European labels, 0.93 survey answers, 0.98 official titles, 0.88 classification names.
BLIND_TOP1 = {"esco": 0.94, "survey": 0.89, "official": 0.90, "kldb": 0.80}
BLIND_TOP5 = 0.92
PAIRED_TOP1 = 0.96  # measured 1.00 on 400 codes (WRatio 0.27; 0.98 before a pair of whole phrases was read as one)


@pytest.fixture(scope="module")
def titles():
    return load_titles()


@pytest.fixture(scope="module")
def split(titles):
    return held_out_split(titles)


@pytest.fixture(scope="module")
def held_out_engine(split):
    return MatchEngine(titles=split.remaining)


@pytest.fixture(scope="module")
def clean(held_out_engine, split):
    return evaluate(held_out_engine, split.slots, sample(split.queries, SAMPLE))


@pytest.fixture(scope="module")
def noisy(held_out_engine, split):
    return evaluate(held_out_engine, split.slots, sample(messy_queries(split.queries), SAMPLE))


@pytest.fixture(scope="module")
def hand(titles):
    queries = load_messy()
    slots = with_distractors({q.code for q in queries}, titles)
    return evaluate(MatchEngine(), slots, queries)


@pytest.fixture(scope="module")
def blind(titles):
    queries = load_messy(BLIND_FILE)
    slots = with_distractors({q.code for q in queries}, titles)
    return queries, evaluate(MatchEngine(), slots, queries)


def _misses(result) -> str:
    return "\n".join(f"{m.query!r} -> {m.expected!r}, got {m.got!r}" for m in result.misses[:30])


# -- the evaluation itself is honest ---------------------------------------------------------------

def test_no_query_text_reaches_the_engine_in_the_held_out_split(split):
    known = {key(t.title) for t in split.remaining}
    assert split.queries
    assert not [q.text for q in split.queries if key(q.text) in known]


def test_every_code_of_a_held_out_group_has_a_slot_and_only_its_slot_title_stays_known(split):
    held = {s.code for s in split.slots if s.code[:3] in split.groups}
    slot_titles = {s.title for s in split.slots}
    assert {q.code for q in split.queries} <= held
    assert all(t.title in slot_titles for t in split.remaining if t.code in held)


def test_the_pool_is_of_realistic_size_with_one_slot_per_code(split):
    codes = [s.code for s in split.slots]
    assert len(codes) == len(set(codes)) >= 400


def test_the_same_seed_holds_out_the_same_groups_and_another_seed_others(titles, split):
    assert held_out_groups(titles) == split.groups
    assert held_out_groups(titles, seed=7) != split.groups


def test_a_messy_variant_is_deterministic_and_differs_from_the_title(split):
    for query in split.queries[:200]:
        assert messy(query) == messy(query)
        assert messy(query).text != query.text


def test_the_hand_written_set_has_150_inputs_with_codes_from_the_ba_list(titles):
    queries = load_messy()
    codes = {t.code for t in titles}
    assert len(queries) >= 150
    assert all(re.fullmatch(r"\d{5}", q.code) and q.code in codes for q in queries)
    assert len({q.text for q in queries}) == len(queries)


# -- the engine on names it never saw ---------------------------------------------------------------

def test_held_out_titles_mostly_find_their_occupation_first(clean):
    assert clean.engine.top1 >= HELD_OUT_TOP1, _misses(clean)


def test_held_out_titles_find_their_occupation_among_the_first_five(clean):
    assert clean.engine.top5 >= HELD_OUT_TOP5, _misses(clean)


def test_on_held_out_titles_the_engine_beats_plain_wratio(clean):
    assert clean.engine.top1 >= clean.wratio.top1 + HELD_OUT_MARGIN
    assert clean.engine.mrr > clean.wratio.mrr


def test_messy_held_out_titles_mostly_find_their_occupation_first(noisy):
    assert noisy.engine.top1 >= MESSY_TOP1, _misses(noisy)


def test_messy_held_out_titles_find_their_occupation_among_the_first_five(noisy):
    assert noisy.engine.top5 >= MESSY_TOP5, _misses(noisy)


def test_on_messy_held_out_titles_the_engine_beats_plain_wratio(noisy):
    assert noisy.engine.top1 >= noisy.wratio.top1 + HELD_OUT_MARGIN
    assert noisy.engine.mrr > noisy.wratio.mrr


def test_caseworkers_words_mostly_find_their_occupation_first(hand):
    assert hand.engine.top1 >= HAND_TOP1, _misses(hand)


def test_caseworkers_words_find_their_occupation_among_the_first_five(hand):
    assert hand.engine.top5 >= HAND_TOP5, _misses(hand)


def test_on_caseworkers_words_the_engine_beats_plain_wratio(hand):
    assert hand.engine.top1 >= hand.wratio.top1 + HAND_MARGIN
    assert hand.engine.mrr > hand.wratio.mrr


def test_the_set_written_blind_has_each_kind_with_codes_from_the_ba_list(titles):
    queries = load_messy(BLIND_FILE)
    codes = {t.code for t in titles}
    rounds = {"held back", *(f"held back {n}" for n in range(2, 22))}
    assert {tag for q in queries for tag in q.tags} == {*BLIND_TOP1, *rounds}
    assert all(q.code in codes for q in queries)
    assert len({q.text for q in queries}) == len(queries) >= 600


def test_names_written_blind_find_their_occupation_first_in_each_kind(blind):
    queries, result = blind
    engine, naive = by_tag(queries, result.ranks), by_tag(queries, result.wratio_ranks)
    for kind, floor in BLIND_TOP1.items():
        assert engine[kind].top1 >= floor, (kind, _misses(result))
        assert engine[kind].top1 >= naive[kind].top1 + HAND_MARGIN, kind
    assert result.engine.top5 >= BLIND_TOP5


def test_titles_of_the_list_find_their_own_code_first(titles):
    slots, queries = listed_titles(titles, codes=150)
    result = evaluate(MatchEngine(), slots, queries)
    assert result.engine.top1 >= LISTED_TOP1, _misses(result)
    assert result.engine.top1 >= result.wratio.top1 + HAND_MARGIN


def test_misspelt_long_forms_of_the_list_find_their_code(titles):
    """The BA's own long forms ("Verkäuferin", "Fahrzeuglackierer") with one letter dropped or
    swapped, as hurried survey answers have them."""
    slots, queries = misspelt_forms(titles, codes=150)
    result = evaluate(MatchEngine(), slots, queries)
    assert result.engine.top1 >= MISSPELT_TOP1, _misses(result)
    assert result.engine.top5 >= MISSPELT_TOP5, _misses(result)
    assert result.engine.top1 >= result.wratio.top1 + HAND_MARGIN


def test_long_forms_of_the_list_written_as_male_female_pairs_find_their_code(titles):
    """The BA's male and female long forms in one text, as classifications and job ads write them
    ("Helfer für Lagerwirtschaft, Transport/Helferin für Lagerwirtschaft, Transport")."""
    slots, queries = paired_forms(titles, codes=150)
    result = evaluate(MatchEngine(), slots, queries)
    assert result.engine.top1 >= PAIRED_TOP1, _misses(result)
    assert result.engine.top1 >= result.wratio.top1 + HAND_MARGIN


def test_long_forms_of_the_list_typed_without_umlauts_find_their_code(titles):
    """The BA's long forms as typed on a keyboard without umlauts: "Backerin", "Techniker fur
    Schweißtechnik"."""
    slots, queries = forms_without_umlauts(titles, codes=150)
    result = evaluate(MatchEngine(), slots, queries)
    assert result.engine.top1 >= UMLAUTS_TOP1, _misses(result)
    assert result.engine.top5 >= UMLAUTS_TOP5, _misses(result)
    assert result.engine.top1 >= result.wratio.top1 + HAND_MARGIN
