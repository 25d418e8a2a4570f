"""The matching engine on a small vocabulary of its own: the rules, the reasons, the interface."""

from datetime import date

import pytest

from matchmaker.matching import CandidateSpec, Match, MatchEngine, SlotSpec, Weights
from matchmaker.matching.normalise import Normaliser
from matchmaker.matching.vocabulary import Field, Occupation, Skill, Vocabulary

TODAY = date(2026, 11, 24)
DISTRICTS = {"Hamborn": None, "Marxloh": "Hamborn", "Neumühl": "Hamborn", "Mitte": None, "Hochfeld": "Mitte"}


def _vocabulary() -> Vocabulary:
    fields = {f.id: f for f in [Field("bau", "Bau und Ausbau"), Field("lebensmittel", "Lebensmittelhandwerk"),
                                Field("kfz", "Fahrzeugtechnik"), Field("gastro", "Gastronomie")]}
    occupations = {o.id: o for o in [
        Occupation("maler", "Maler/in und Lackierer/in", "bau", ("Maler und Lackierer", "Anstreicher", "Maler"),
                   ("objektbeschichter",), ("streichen",)),
        Occupation("objektbeschichter", "Bauten- und Objektbeschichter/in", "bau", ("Objektbeschichter",),
                   ("maler",)),
        Occupation("trockenbauer", "Trockenbaumonteur/in", "bau", ("Trockenbauer",)),
        Occupation("baecker", "Bäcker/in", "lebensmittel", ("Bäcker", "Bäckergeselle"), (), ("teig",)),
        Occupation("kfz", "Kraftfahrzeugmechatroniker/in", "kfz", ("Kfz-Mechaniker", "Kfz-Mechatroniker")),
        Occupation("koch", "Koch/Köchin", "gastro", ("Koch",), ("fachkraft_kueche",)),
        Occupation("fachkraft_kueche", "Fachkraft Küche", "gastro", ("Küchenfachkraft",), ("koch",)),
    ]}
    skills = {s.id: s for s in [Skill("streichen", "Wände streichen", "skill", ("Streichen",)),
                                Skill("teig", "Teig kneten", "skill"),
                                Skill("kassieren", "Kassieren", "skill", ("Kasse",)),
                                Skill("stapler", "Staplerschein", "licence", ("Gabelstaplerschein",))]}
    return Vocabulary(fields, occupations, skills, {"kfz": "Kraftfahrzeug"})


@pytest.fixture(scope="module")
def engine() -> MatchEngine:
    return MatchEngine(vocabulary=_vocabulary(), districts=DISTRICTS, today=TODAY)


def slot(sid="s", title="Maler und Lackierer (m/w/d)", skills=(), kind="ausbildung", min_german="A2",
         support=False, district=None, start=None) -> SlotSpec:
    return SlotSpec(sid, title, list(skills), kind, min_german, support, district, start)


def person(cid="c", skills=("Anstreicher",), german="B1", **kwargs) -> CandidateSpec:
    return CandidateSpec(cid, list(skills), german, **kwargs)


def only(engine, candidate, the_slot) -> Match | None:
    found = engine.rank_slots(candidate, [the_slot], limit=1)
    return found[0] if found else None


@pytest.mark.parametrize("text", ["Bäcker/in", "Bäcker/-in", "Bäcker*in", "Bäcker:in", "BäckerIn", "Bäckerin",
                                  "Bäckerinnen", "Bäcker (m/w/d)", "BAECKER", "baecker", "Bäkcer"])
def test_gender_forms_case_umlauts_and_typos_read_the_same(engine, text):
    match = only(engine, person(skills=[text]), slot(title="Bäcker/in"))
    assert match is not None and "Beruf passt: Bäcker/in" in match.reasons


@pytest.mark.parametrize("text", ["Kfz-Mechaniker", "Kfz Mechaniker", "KFZ-Mechaniker", "Kraftfahrzeugmechatroniker"])
def test_compounds_hyphens_and_abbreviations_read_the_same(engine, text):
    match = only(engine, person(skills=[text]), slot(title="Kraftfahrzeugmechatroniker/in"))
    assert match is not None and match.score > 70


def test_a_title_with_extra_words_still_finds_its_occupation(engine):
    match = only(engine, person(), slot(title="Azubi Maler und Lackierer (m/w/d) für Fassaden gesucht"))
    assert match is not None and match.reasons[0].startswith("Beruf passt")


def test_related_occupations_score_partially(engine):
    exact = only(engine, person(), slot(title="Maler/in"))
    related = only(engine, person(), slot(title="Bauten- und Objektbeschichter/in"))
    assert related is not None and related.score < exact.score
    assert related.reasons[0].startswith("Verwandter Beruf")


def test_unrelated_occupations_do_not_match(engine):
    assert only(engine, person(skills=["Bäcker"]), slot(title="Kraftfahrzeugmechatroniker/in")) is None


def test_text_outside_the_vocabulary_matches_the_other_sides_text(engine):
    match = only(engine, person(skills=["Glasreinigung"]), slot(title="Glasreiniger (m/w/d)"))
    assert match is not None and "Stellenbezeichnung" in match.reasons[0]


def test_language_at_the_minimum_fits(engine):
    match = only(engine, person(german="A2"), slot(min_german="A2"))
    assert "Deutsch A2 erfüllt das Minimum A2" in match.reasons


def test_one_level_below_fits_where_the_workplace_supports_german_and_says_so(engine):
    supported = only(engine, person(german="A2"), slot(min_german="B1", support=True))
    met = only(engine, person(german="B1"), slot(min_german="B1", support=True))
    assert supported is not None and supported.score < met.score
    assert any("eine Stufe unter dem Minimum" in r and "fördert Deutschlernen" in r for r in supported.reasons)


@pytest.mark.parametrize(("german", "support"), [("A2", False), ("A1", True), ("A1", False)])
def test_further_below_or_without_support_is_excluded(engine, german, support):
    assert only(engine, person(german=german), slot(min_german="B1", support=support)) is None


def test_no_work_permit_excludes_and_consent_needed_is_said(engine):
    assert only(engine, person(work_permit="nicht_erlaubt"), slot()) is None
    needed = only(engine, person(work_permit="zustimmung"), slot())
    free = only(engine, person(), slot())
    assert needed.score < free.score
    assert "Für die Beschäftigung ist die Zustimmung der Ausländerbehörde nötig" in needed.reasons


def test_districts_rank_same_ortsteil_then_stadtbezirk_then_other(engine):
    def score(district):
        return only(engine, person(districts=["Marxloh"]), slot(district=district)).score

    assert score("Marxloh") > score("Neumühl") > score("Hochfeld")
    whole = only(engine, person(districts=["Hamborn"]), slot(district="Neumühl"))
    assert "erreichbaren Stadtbezirk Hamborn" in " ".join(whole.reasons)


def test_unknown_district_names_compare_by_equality(engine):
    same = only(engine, person(districts=["Irgendwo"]), slot(district="Irgendwo"))
    other = only(engine, person(districts=["Irgendwo"]), slot(district="Anderswo"))
    assert same.score > other.score


def test_desired_kind_and_availability_move_the_score_with_reasons(engine):
    wanted = only(engine, person(desired_kinds=["ausbildung"]), slot(kind="ausbildung"))
    other = only(engine, person(desired_kinds=["praktikum"]), slot(kind="ausbildung"))
    assert wanted.score > other.score and "Sucht eigentlich ein Praktikum" in other.reasons
    late = only(engine, person(available_from=date(2027, 6, 1)), slot(start=date(2027, 1, 1)))
    assert "Erst ab 01.06.2027 verfügbar" in late.reasons


def test_skills_add_to_the_fit_and_are_named(engine):
    with_skill = only(engine, person(skills=["Anstreicher", "Gabelstaplerschein"]),
                      slot(skills=["Staplerschein", "Teig kneten"]))
    assert "Bringt 1 von 2 gewünschten Fähigkeiten mit: Staplerschein" in with_skill.reasons


def test_origin_age_gender_and_name_are_not_inputs():
    assert set(CandidateSpec.__dataclass_fields__) == {
        "id", "skills", "german", "desired_kinds", "districts", "available_from", "work_permit"}


def test_rank_slots_is_best_first_limited_and_deterministic(engine):
    slots = [slot("b", district="Hochfeld"), slot("a", district="Hochfeld"), slot("c", district="Marxloh"),
             slot("d", title="Koch")]
    first = engine.rank_slots(person(districts=["Marxloh"]), slots, limit=2)
    again = engine.rank_slots(person(districts=["Marxloh"]), engine.pool(slots), limit=2)
    assert [m.slot_id for m in first] == ["c", "a"] == [m.slot_id for m in again]
    assert first == again


def test_rank_candidates_and_match_all_agree(engine):
    slots = [slot("s1"), slot("s2", title="Koch", kind="helfer")]
    people = [person("c1"), person("c2", skills=["Küchenfachkraft"]), person("c3", skills=["Bäcker"])]
    everything = {(m.slot_id, m.candidate_id): m.score for m in engine.match_all(people, slots, min_score=0)}
    assert set(everything) == {("s1", "c1"), ("s2", "c2")}
    ranked = engine.rank_candidates(slots[1], engine.pool(people))
    assert [(m.candidate_id, m.score) for m in ranked] == [("c2", everything[("s2", "c2")])]


def test_scores_stay_between_0_and_100_and_weights_live_in_one_place(engine):
    assert Weights().fit + Weights().language_met + Weights().district_same + Weights().kind_wanted + \
        Weights().available == 100
    match = only(engine, person(skills=["Maler", "Wände streichen"], districts=["Marxloh"],
                                desired_kinds=["ausbildung"]), slot(district="Marxloh", skills=["Streichen"]))
    assert match.score == 100.0


def test_the_normaliser_gives_one_key_for_every_spelling():
    normaliser = Normaliser({"kfz": "Kraftfahrzeug"})
    assert normaliser.keys("KFZ-Mechaniker")[1] == normaliser.keys("Kraftfahrzeugmechaniker")[1]
    assert normaliser.keys("Fachverkäufer im Lebensmittelhandwerk, Bäckerei")[0] == \
        "fachverkaeufer lebensmittelhandwerk baeckerei"


def test_the_slot_side_shortcut_scores_exactly_like_the_candidate_side(engine):
    """rank_candidates for one slot against many profiles takes an inverted-index path."""
    people = [person(f"c{n}", skills=[text], german=level, districts=districts, desired_kinds=kinds)
              for n, (text, level, districts, kinds) in enumerate(
                  [(t, g, d, k) for t in ("Anstreicher", "Objektbeschichter", "Trockenbauer", "Glasreinigung", "Koch")
                   for g in ("A1", "B1") for d in ((), ("Marxloh",)) for k in ((), ("praktikum",))])]
    target = slot(title="Maler/in", skills=["Streichen", "Glasreinigung"], min_german="A2", support=True,
                  district="Neumühl")
    shortcut = {(m.candidate_id, m.score, tuple(m.reasons)) for m in
                engine.rank_candidates(target, engine.pool(people), limit=len(people))}
    direct = {(m.candidate_id, m.score, tuple(m.reasons)) for m in engine.match_all(people, [target], min_score=0)}
    assert len(people) > 8 and shortcut == direct and len(direct) >= 10


def test_the_length_bounded_free_text_link_finds_what_the_full_comparison_finds(engine, monkeypatch):
    from matchmaker.matching import scoring

    words = ["Glasreinigung", "Glasreiniger", "Fensterputzen", "Fensterputzer", "Gebäudereinigung", "Glas",
             "Sehr lange Beschreibung einer Tätigkeit", "Reiniger", "Teppichreinigung", "Glasreinigerin"]
    people = engine.pool([person(f"c{n}", skills=[w, f"{w} extra {n}"]) for n, w in enumerate(words * 3)])
    slots = engine.pool([slot("s", title="Glasreiniger", skills=["Fensterputz", "Teppich reinigen"])])
    assert len(people.text_keys) > scoring.FEW_KEYS
    bounded = scoring.link_free_text(people, slots)
    monkeypatch.setattr(scoring, "FEW_KEYS", 0)
    full = scoring.link_free_text(people, slots)
    assert bounded.nnz > 0 and (bounded != full).nnz == 0
