"""The matching engine on a small vocabulary of its own and the BA's list: the rules, the reasons, the interface."""

import json
from dataclasses import fields as dataclass_fields
from dataclasses import replace
from datetime import date

import pytest

from matchmaker.matching import CandidateSpec, Match, MatchEngine, SlotSpec, Weights
from matchmaker.matching.normalise import Normaliser
from matchmaker.matching.reasons import TEMPLATES, render
from matchmaker.matching.vocabulary import Field, Occupation, Skill, Vocabulary

TODAY = date(2026, 11, 24)
DISTRICTS = {"Hamborn": None, "Marxloh": "Hamborn", "Neumühl": "Hamborn", "Mitte": None, "Hochfeld": "Mitte"}
# KldB 2010 codes of the BA's list, as the tests rely on them.
BAECKER, KOCH, MALER, TISCHLER = "29222", "29302", "33212", "22342"
MAURER, HELFER_HOCHBAU, ZIMMERER = "32122", "32101", "33322"


def _vocabulary() -> Vocabulary:
    fields = {f.id: f for f in [Field("bau", "Bau und Ausbau"), Field("lebensmittel", "Lebensmittelhandwerk"),
                                Field("kfz", "Fahrzeugtechnik"), Field("gastro", "Gastronomie"),
                                Field("logistik", "Logistik"), Field("buero", "Büro")]}
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
    skills = {s.id: s for s in [
        Skill("streichen", "Wände streichen", "skill", ("Streichen",)),
        Skill("teig", "Teig kneten", "skill"),
        Skill("kassieren", "Kassieren", "skill", ("Kasse",)),
        Skill("stapler", "Staplerschein", "licence", ("Gabelstaplerschein",)),
        Skill("fuehrerschein_b", "Führerschein Klasse B", "licence", ("Führerschein B",), "logistik"),
        Skill("fuehrerschein_c", "Führerschein Klasse C", "licence", ("Führerschein C",), "logistik",
              ("fuehrerschein_b",)),
        Skill("fuehrerschein_ce", "Führerschein Klasse CE", "licence", ("Führerschein CE",), "logistik",
              ("fuehrerschein_c",)),
        Skill("word", "Word", "skill", (), "buero"),
        Skill("excel", "Excel", "skill", (), "buero"),
        Skill("ms_office", "MS Office", "skill", ("Microsoft Office",), "buero", ("word", "excel")),
    ]}
    return Vocabulary(fields, occupations, skills, {"kfz": "Kraftfahrzeug"})


@pytest.fixture(scope="module")
def engine() -> MatchEngine:
    return MatchEngine(vocabulary=_vocabulary(), districts=DISTRICTS, today=TODAY)


@pytest.fixture(scope="module")
def bundled() -> MatchEngine:
    """The bundled vocabulary, layer and list: for readings that need their own words and titles."""
    return MatchEngine()


def slot(sid="s", title="Maler und Lackierer (m/w/d)", skills=(), kind="ausbildung", min_german="A2",
         support=False, district=None, start=None, occupation_code=None) -> SlotSpec:
    return SlotSpec(sid, title, list(skills), kind, min_german, support, district, start, occupation_code)


def person(cid="c", skills=("Anstreicher",), german="B1", **kwargs) -> CandidateSpec:
    return CandidateSpec(cid, list(skills), german, **kwargs)


def only(engine, candidate, the_slot) -> Match | None:
    found = engine.rank_slots(candidate, [the_slot], limit=1)
    return found[0] if found else None


def occupation_reason(match: Match) -> tuple[str, dict] | None:
    """The reason about occupations (or the likeness of the titles), if the match has one."""
    return next(((code, params) for code, params in match.reason_codes
                 if code.startswith("occupation_") or code == "title_similar"), None)


# --- reading occupations -------------------------------------------------------------


@pytest.mark.parametrize("text", ["Bäcker/in", "Bäcker/-in", "Bäcker*in", "Bäcker:in", "BäckerIn", "Bäckerin",
                                  "Bäckerinnen", "Bäcker (m/w/d)", "BAECKER", "baecker", "Bäkcer"])
def test_gender_forms_case_umlauts_and_typos_read_the_same(engine, text):
    assert engine.resolve(text).code == BAECKER
    match = only(engine, person(skills=[text]), slot(title="Bäcker/in"))
    assert match is not None
    assert occupation_reason(match) == ("occupation_same", {"wanted": "Bäcker/in", "code": BAECKER})
    assert "Beruf passt: Bäcker/in (KldB 29222)" in match.reasons


@pytest.mark.parametrize("text", ["Kfz-Mechaniker", "Kfz Mechaniker", "KFZ-Mechaniker", "Kraftfahrzeugmechatroniker"])
def test_compounds_hyphens_and_abbreviations_read_the_same(engine, text):
    match = only(engine, person(skills=[text]), slot(title="Kraftfahrzeugmechatroniker/in"))
    assert match is not None and match.score > 70
    assert occupation_reason(match)[0] == "occupation_same"


def test_a_title_with_extra_words_still_finds_its_occupation(engine):
    match = only(engine, person(), slot(title="Azubi Maler und Lackierer (m/w/d) für Fassaden gesucht"))
    assert match is not None and match.reason_codes[0][0] == "occupation_same"
    assert match.reason_codes[0][1]["code"] == MALER
    assert match.reasons[0].startswith("Beruf passt")


@pytest.mark.parametrize(("text", "gruppe"), [
    ("Reinigungskraft für Büros", "541"), ("Koch im Restaurant", "293"), ("Verkäuferin Supermarkt Kasse", "621"),
])
def test_loose_words_beside_a_title_say_where_not_another_occupation(engine, text, gruppe):
    # Before: "Büros" was read as office work too, so a cleaner was proposed for office slots.
    assert [r.code[:3] for r in engine.resolve_all(text)] == [gruppe]


@pytest.mark.parametrize(("text", "code"), [
    ("Gebäudereinigung", "54112"), ("GEBAEUDEREINIGUNG", "54112"), ("Kinderbetreuung", "83111"),
    ("Erfahrung in Gebäudereinigung", "54112"), ("Schneiderei", "28222"), ("Tischlerei", "22342"),
    ("Malerarbeiten", "33212"), ("Autowerkstatt", "25212"), ("Friseursalon", "82312"),
    # The first, second, third and last were nothing ("…tätigkeiten", a worker ending in "-arbeiter",
    # "-assistenz" for the "-assistent/in"); "Lagerarbeiten" reads through our own word for the place.
    ("Hausmeistertätigkeiten", "34102"), ("Fliesenarbeiten", "33112"), ("Sozialarbeit", "83124"),
    ("Lagerarbeiten", "51311"), ("Pflegeassistenz", "81302"),
])
def test_the_work_names_its_worker_where_the_list_has_that_title(engine, text, code):
    assert [r.code for r in engine.resolve_all(text)] == [code]


def test_a_slot_skill_read_only_as_work_asks_for_no_occupation(engine):
    # "Gruppenleitung" under an Erzieher slot's skills once became a required occupation
    # (Gruppenleiter/in) that no Erzieherin brings, and sank the right slot.
    erzieherin = person(skills=["Erzieherin"])
    tagged = only(engine, erzieherin, slot(title="Erzieher (m/w/d)", skills=["Gruppenleitung"], kind="fachkraft"))
    bare = only(engine, erzieherin, slot(title="Erzieher (m/w/d)", kind="fachkraft"))
    assert tagged is not None and bare is not None and tagged.score == bare.score


@pytest.mark.parametrize("text", ["Aushilfe", "Hilfsarbeiter", "Helferin", "Aushilfskraft", "Hilfskraft (m/w/d)",
                                  "Arbeiter/in"])
def test_a_helper_word_alone_names_no_field(engine, text):
    # Before: "Aushilfe" was read as a Schweißlehrer/in, "Hilfsarbeiter" as farm work.
    assert engine.resolve_all(text) == ()


def test_a_helper_compound_inside_a_longer_title_is_the_helper_of_its_field(engine):
    assert [r.code for r in engine.resolve_all("Produktionshelfer (m/w/d) im Dreischichtbetrieb")] == \
        [r.code for r in engine.resolve_all("Produktionshelfer")] != []


@pytest.mark.parametrize(("text", "gruppe"), [
    ("Maurerhelferin", "321"), ("Kochhilfe", "293"), ("Helfer/in - Reinigung", "541"),
    ("Kraftfahrzeugmechanikerhelfer", "252"), ("Glaserhelfer", "333"), ("Kindergartenhelferin", "831"),
])
def test_helper_forms_resolve_to_the_helfer_code_of_their_field(engine, text, gruppe):
    found = engine.resolve(text)
    assert found is not None and found.code[:3] == gruppe and found.code[4] == "1", found


@pytest.mark.parametrize(("text", "code"), [
    ("Arbeiter im Straßenbau", "32201"), ("Aushilfe Straßenbau", "32201"),
    ("Arbeiter in der Abfallwirtschaft/Arbeiterin in der Abfallwirtschaft", "34301"),
    ("Arbeiter in einer Bäckerei", "29201"),
])
def test_a_worker_or_a_helper_of_a_field_is_that_fields_helper(engine, text, code):
    """"Arbeiter/in in der …" (as in the European list's labels and in survey answers) is unskilled
    work in that field, like "Helfer/in"; where the BA's list has "Helfer/in - <field>", that title."""
    found = engine.resolve(text)
    assert found is not None and found.code == code, found


def test_a_short_word_is_not_likened_to_a_much_longer_title(engine):
    # "Schule" (a survey answer naming a workplace) was read as "Schnittmeister/in (Fachschule)":
    # both begin with "sch" and end in "schule".
    assert engine.resolve_all("Schule") == ()
    assert engine.resolve("Fliesenleher").code == engine.resolve("Fliesenleger").code  # typos still are


def test_a_helper_named_by_the_field_of_the_list_is_that_fields_helper_and_says_so(engine):
    """The list names fields after a title's dash ("Fachkraft - Lagerlogistik"); a helper named by
    one is that field's helper, shown by its Helfer title. "Helferin" alone names no field: it
    once fell on a sales helper."""
    for text in ("Helfer in der Lagerlogistik/Helferin in der Lagerlogistik", "Helferin in der Lagerlogistik"):
        found = engine.resolve_all(text)
        assert [(r.code, r.title) for r in found] == [("51311", "Helfer/in - Lagerwirtschaft, Transport")], found
    assert engine.resolve("Helferin") is None
    assert engine.title_for("51311") == "Helfer/in - Lagerwirtschaft, Transport"  # a typed code shows it too


def test_typos_are_corrected_into_the_lists_words_not_into_our_own(engine):
    """"Pakete packen" was read as a misspelt "backen": a baker."""
    found = engine.resolve("Pakete packen")
    assert found is None or found.code[:3] != "292"


@pytest.mark.parametrize(("text", "not_code"), [
    ("Werker", "11302"),  # Werker/in - Pferdewirtschaft
    ("Bediener", "26322"),  # Bediener/in - Bedampfungsanlagen (Mikroelektronik)
    ("Hersteller", "23413"),  # Hersteller/in (Druck)
    ("Lehrkraft", "84213"),  # Lehrkraft - Altenpflegeschulen
    ("Lehrkraft für Deutsch als Fremdsprache", "84213"),
    ("Analytiker", "41384"),  # Analytiker/in - Chemie
    ("Handscanner bedienen", "26322"),
    ("Pflegerin", "83123"),  # Pfleger/in (Sozialpfleger/in), while "Pfleger" was nothing
])
def test_a_role_many_trades_share_is_not_the_one_trade_that_writes_it_alone(engine, text, not_code):
    """The list writes some roles alone only for one rare trade ("Werker/in - Pferdewirtschaft",
    "Bediener/in - Bedampfungsanl."), while the role ends titles of many groups ("Produktionswerker",
    "Maschinenbediener"): alone it names none of them, and a text naming it names the rest."""
    found = engine.resolve(text)
    assert found is None or found.code != not_code
    teacher = engine.resolve("Lehrer - Deutsch als Fremdsprache").code
    assert engine.resolve("Lehrkraft für Deutsch als Fremdsprache").code == teacher
    assert engine.resolve("Werker in der Produktion").code == engine.resolve("Produktionshelfer").code


@pytest.mark.parametrize(("text", "same_as"), [
    # Passed before (the list's "Fahrer/in (Baufahrzeuge)" has the code): they keep it.
    ("Fahrer", "Berufskraftfahrer"),
    ("als Fahrer gearbeitet", "Berufskraftfahrer"),
    ("Pfleger", "Gesundheits- und Krankenpfleger"),
    ("Pflegerin", "Gesundheits- und Krankenpfleger"),
    ("Wirtin", "Gastwirt"),  # passed before: "Wirt/in (Gastwirt/in)"
    ("Wirt", "Gastwirt"),
    ("SCHICHTARBEITER", "Fließbandarbeiter"),  # was a Schachtarbeiter/in: a word the list lacks, "corrected"
    # A job ad's "Aushilfe im Service" serves guests: it was an electrician's helper (the list's field
    # "Service" of two telecommunications titles).
    ("Aushilfe (m/w/d) im Service", "Helfer/in - Gastgewerbe"),
])
def test_a_shared_role_said_alone_is_the_one_people_mean(engine, text, same_as):
    assert engine.resolve(text).code == engine.resolve(same_as).code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Assistent der Geschäftsführung", "Assistent/in - Geschäftsleitung"),  # was a Geschäftsführer/in
    ("Meister ür Kunststoffspritzerei", "Meister/in - Kunststoffspritzerei"),  # was a Kunststoffspritzer/in
    ("Techniker für Möbeblau und Raumgestaltung", "Techniker/in - Möbelbau und Raumgestaltung"),
    # A title of the list that begins the text is narrowed by the field after it, misspelt or not
    # (they were the Industriemeister/in, Tierpfleger/in, Restaurator/in of no field: other groups).
    ("Industriemeister Fachrichhtung Gießerei", "Industriemeister/in - Gießerei"),
    ("Tierpfleger Fachrichtung Zooo", "Tierpfleger/in - Zoo"),
    ("Restauratorin für Wndmalereu", "Restaurator/in - Wandmalerei"),
])
def test_a_role_named_before_the_work_is_not_the_works_worker(engine, text, same_as):
    """The work after a role named its worker ("…führung": Geschäftsführer/in) before the role was
    looked at: the titles of the role that name that work come first."""
    assert engine.resolve(text).code == engine.resolve(same_as).code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Hausmeisterdienst", "Hausmeister"),  # the list's title names the worker
    ("Sicherheitsdienst GmbH", "Wachmann"),  # inside a longer text: our layer's word, as before
    ("Hausmeisterservice", "Hausmeister"),  # the list's title
    ("Reinigungsservice", "Reinigungskraft"),  # our own word, the joint s dropped
    ("Küchenarbeit", "Küchenhilfe"),  # our own "Küche", the joint n dropped
    ("Kassentätigkeit", "Kassierer"),
])
def test_a_service_or_the_work_of_a_place_names_its_worker(engine, text, same_as):
    """"…dienst" and "…service" name their worker as "…arbeit" does; a joint between the place
    and the work no longer hides our own word for the place. All were nothing."""
    assert engine.resolve(text).code == engine.resolve(same_as).code


def test_a_worker_the_list_names_beside_a_title_of_the_list_stays(engine):
    """Beside a title of the list, the worker of the work after it was dropped with our own loose
    words: "Sachbearbeiterin Lohnbuchhaltung" was a clerk only, no payroll accountant. The work
    comes first: it is what the person does (a clerk's title leads only where nothing else is read)."""
    codes = [r.code for r in engine.resolve_all("Sachbearbeiterin Lohnbuchhaltung")]
    assert codes == [engine.resolve("Lohnbuchhalter").code, engine.resolve("Sachbearbeiter").code]
    assert [r.code for r in engine.resolve_all("Reinigungskraft für Büros")] == [engine.resolve("Reinigungskraft").code]


@pytest.mark.parametrize("text", ["Büros putzen", "BUEROS REINIGEN", "Reinigung von Büros", "Büroreinigung",
                                  "7 Jahre Büros putzen"])
def test_cleaning_offices_is_cleaning_work_not_office_work(engine, text):
    """The plural "Büros" missed our layer's "Büro reinigen": the office was read as a second
    occupation (Bürokaufmann/-frau, first), beside or instead of the cleaning."""
    assert [r.code for r in engine.resolve_all(text)] == [engine.resolve("Reinigungskraft").code]


@pytest.mark.parametrize(("text", "same_as"), [
    ("Büros geputzt", "Büros putzen"),  # was a Bürokaufmann/-frau: "Büro" of our layer, the verb lost
    ("Zeitungen ausgetragen", "Zeitung austragen"),  # the rest were nothing
    ("alte Leute gepflegt", "alte Menschen pflegen"),
    ("Regale eingeräumt", "Regale einräumen"),
    ("Autos repariert", "Autos reparieren"),
    ("Brot gebacken", "Brot backen"),
    ("Wäsche gebügelt", "Bügeln"),  # was a Textilreiniger/in, likened
    ("Haare geschnitten", "Haare schneiden"),
    ("sauber gemacht", "sauber machen"),
])
def test_work_told_in_the_past_tense_is_the_work(engine, text, same_as):
    """Survey answers tell what people did: a past participle of a verb our layer knows is that
    verb ("geputzt", "ausgetragen" with its prefix, "repariert", "geschnitten" of a strong verb)."""
    assert [r.code for r in engine.resolve_all(text)] == [r.code for r in engine.resolve_all(same_as)]


@pytest.mark.parametrize(("text", "same_as"), [
    ("ich fahre LKW", "LKW fahren"),  # was nothing
    ("putze abends Büros für eine Reinigungsfirma", "Büros putzen"),  # was a Bürokaufmann/-frau
    ("er putzt Büros", "Büros putzen"),  # was nothing
    ("Wände streiche", "Wände streichen"),  # was nothing
    ("Kasse machen und Büros putze", "Kasse machen / Büros putzen"),  # the second was a Bürokaufmann/-frau
    ("Kinder betreue und Handys reparieren", "Kinder betreuen / Handys reparieren"),  # passed before
])
def test_work_told_in_the_present_tense_is_the_work(engine, text, same_as):
    """"ich putze", "er putzt": a verb our layer knows, in the first or the third person, is that
    verb; told before the thing it is done with ("fahre LKW"), it is read after it, as "LKW fahren"."""
    assert [r.code for r in engine.resolve_all(text)] == [r.code for r in engine.resolve_all(same_as)]


@pytest.mark.parametrize(("text", "same_as"), [
    ("13 Jahre Bau", "Bau"),  # was nothing: "13" was a word of the text
    ("Bau (11 J.)", "Bau"),  # was nothing
    ("10 Jahre Gastro", "Gastronomie"),  # was nothing ("Gastro" was no word of our layer)
    ("Koch 2010-2015", "Koch"),  # passed before, as a title inside a longer text
    ("seit 2015 Lagerarbeiter", "Lagerarbeiter"),  # passed before, likewise
    ("in Afghanistan Schneiderei", "Schneiderei"),  # was nothing
    ("hab in Bosnien auf dem Bau gearbeitet", "auf dem Bau"),  # was nothing
    ("Kfz gelernt in dem Iran", "Kfz"),  # was nothing
    ("2 years driver", "driver"),  # passed before
    ("3-D-Designer", "3-D-Designer/in"),  # a number that is part of a title stays: passed before
])
def test_how_long_since_when_and_in_which_country_someone_worked_name_no_occupation(bundled, text, same_as):
    """Survey answers say how long and where someone did a job ("13 Jahre Bau", "Koch (5 J.)",
    "in Afghanistan Schneiderei"): the job is read as if they were not there."""
    assert [r.code for r in bundled.resolve_all(text)] == [r.code for r in bundled.resolve_all(same_as)] != []


@pytest.mark.parametrize(("text", "same_as"), [
    ("Reinigungsfirma", "Reinigung"),  # all were nothing
    ("bei einer Baufirma", "Bau"),
    ("Fleischereibetrieb", "Fleischerei"),
    ("Umzugsunternehmen", "Umzug"),
    ("Malerbetrieb", "Maler"),
    ("Aushilfe in einer Reinigungsfirma", "Reinigungskraft"),  # was the helper of a Schweißlehrer/in
])
def test_the_firm_someone_worked_for_names_its_trades_worker(bundled, text, same_as):
    assert [r.code for r in bundled.resolve_all(text)] == [r.code for r in bundled.resolve_all(same_as)] != []


@pytest.mark.parametrize(("text", "same_as"), [
    ("Erziehrin im Kindergarten", "Erzieherin"),  # was a Kinderbetreuer/in (our own "Kindergarten")
    ("Staplerfaher im Lager", "Staplerfahrer"),  # was a Lagerhelfer/in
    ("Verkeuferin im Supermarkt", "Verkäuferin"),  # was the sales helper (our own "Supermarkt")
    ("Nachtwahce - Pflege", "Nachtwache - Pflege"),  # was the care helper
    ("Döner machen und Lager", "Döner machen / Lager"),  # passed before: our own words, no misspelt title
    ("kellnern und Regale einräumen", "kellnern / Regale einräumen"),  # passed before: verbs
])
def test_a_misspelt_title_beside_our_own_word_for_its_place_is_that_title(bundled, text, same_as):
    assert [r.code for r in bundled.resolve_all(text)] == [r.code for r in bundled.resolve_all(same_as)] != []


@pytest.mark.parametrize(("text", "same_as"), [
    ("Schuhe verkauft bei Deichmann", "Fachverkäuferin für Schuhe"),  # was any Verkäufer/in
    ("auf dem Wochenmarkt Obst und Gemüse verkauft", "Gemüseverkäufer"),  # likewise
    ("Brot verkauft", "Verkäuferin"),  # passed before: bread names no seller of the list
])
def test_the_goods_someone_sold_say_which_seller(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Vorarbeiter Malerarbeiten", "Maler"),  # was the Vorarbeiter/in of production first
    ("Vorarbeiter Tischlerei", "Tischler"),  # likewise
    ("Vorarbeiter Hochbau", "Vorarbeiter/in (Hochbau)"),  # passed before: a title of the list
    ("Vorarbeiterin", "Vorarbeiter/in"),  # passed before
])
def test_a_trades_foreman_is_coded_as_the_trade_as_the_list_does(bundled, text, same_as):
    assert [r.code for r in bundled.resolve_all(text)] == [r.code for r in bundled.resolve_all(same_as)]


@pytest.mark.parametrize(("text", "same_as"), [
    ("Kfz-Mech.", "Kfz-Mechaniker"),  # was nothing: "Kfz" is no short word alone
    ("Konstruktionsmech. Stahlbau", "Konstruktionsmechaniker"),  # was nothing
    ("FK Lebensmitteltechnik", "Fachkraft - Lebensmitteltechnik"),  # was nothing
    ("Produktionshelfer Metall (Zeitarbeit)", "Produktionshelfer/in - Metall"),  # was the generic helper
    ("Qualitätskontrolle", "Qualitätskontrolleur"),  # was nothing
    ("Staatlich geprüfter Bautechniker", "Bautechniker"),  # was a Landbautechniker/in, likened
    ("Autorin", "Schriftstellerin"),  # was nothing
    ("Ing.", "Ing."),  # passed before: a short word cut short alone says too little (nothing)
])
def test_survey_answers_of_a_fourth_round(bundled, text, same_as):
    assert [r.code for r in bundled.resolve_all(text)] == [r.code for r in bundled.resolve_all(same_as)]
    assert bundled.resolve_all(text) or text == "Ing."


@pytest.mark.parametrize(("text", "same_as"), [
    # European labels (all were nothing or another occupation)
    ("Bediener von Holzbearbeitungsmaschinen/Bedienerin von Holzbearbeitungsmaschinen",
     "Holzbearbeitungsmaschinenführer"),
    ("Bediener einer Papiermaschine/Bedienerin einer Papiermaschine", "Papiermaschinenführer"),
    ("Maschinenbediener in der Glasherstellung", "Glasmaschinenführer"),  # was any Maschinenbediener/in
    ("Bediener von Schweißanlagen", "Schweißanlagenführer"),  # was a Bediener/in - Beschichtungsanlagen
    ("Leiter IKT/Leiterin IKT", "Leiter/in - IT"),
    ("IKT-Sicherheitstechniker/IKT-Sicherheitstechnikerin", "IT-Sicherheitstechniker"),
    ("Bedienerin von Stanzmaschinen", "Stanzmaschinenbediener"),  # passed before: the list's own compound
])
def test_an_operator_is_named_for_the_machines_and_ikt_is_it(bundled, text, same_as):
    assert [r.code for r in bundled.resolve_all(text)] == [r.code for r in bundled.resolve_all(same_as)] != []


@pytest.mark.parametrize(("text", "same_as"), [
    ("in einer Papierfabrik", "Helfer/in - Papier, Verpackung"),  # all were nothing
    ("Chemiefabrik", "Helfer/in - Chemie, Pharmazie, Kunststoff"),
    ("Pflege im Altenheim als Helferin, Bewohner gewaschen", "Altenpflegehelferin"),  # was the helper of
    ("im Altenheim (4 J.)", "Altenpflegehelferin"),  # stationäre Pflege, or nothing
    ("Koch im Altenheim", "Koch"),  # passed before: beside a title, the place says where
    ("in einer Fabrik", "Fließbandarbeiter"),  # passed before: no field named
])
def test_the_factory_or_the_home_someone_worked_in_names_the_work(bundled, text, same_as):
    assert [r.code for r in bundled.resolve_all(text)][:1] == [r.code for r in bundled.resolve_all(same_as)]


@pytest.mark.parametrize(("text", "same_as"), [
    ("Assistenz der Geschäftsleitung (m/w/d)", "Assistent/in - Geschäftsleitung"),  # was a Geschäftsleiter/in
    ("Assistentin der Geschäftsführung", "Geschäftsführerassistentin"),  # was a film's assistant, likened
    ("Mitarbeiter im Reinigungsdienst", "Reinigungskraft"),  # was nothing
    ("Mitarbeiter im Pflegedienst", "Pflegehelferin"),  # was the Leiter/in - Pflegedienst
    ("Aushilfe an der Tankstelle in der Nachtschicht", "Aushilfe an der Tankstelle"),  # was the trained seller
    ("Mitarbeiter im Sicherheitsdienst", "Security"),  # passed before
    ("Lehrkraft für Mathematik", "Mathematiklehrer"),  # was nothing
    ("Berater für IKT-Systeme/Beraterin für IKT-Systeme", "IT-Berater"),  # was nothing
    ("Sachbearbeiter für Personalwesen", "Personalsachbearbeiter"),  # was any Sachbearbeiter/in
    ("Elektroniker Fachrichtung Energie- und Gebäudetechnil", "Elektroniker für Energie- und Gebäudetechnik"),
    # passed before (the first word of the field is no field: no Energieelektroniker/in)
    ("Lehrkraft im Sekundarbereich (Gymnasium)", "Lehrer"),  # was nothing
])
def test_a_role_before_its_field_and_a_generic_worker_in_a_service(bundled, text, same_as):
    assert [r.code for r in bundled.resolve_all(text)] == [r.code for r in bundled.resolve_all(same_as)] != []


@pytest.mark.parametrize(("text", "code"), [
    # All were nothing, or an insurance's Oberinspektor/in (the last).
    ("Steuerinspektor (m/w/d) im gehobenen Dienst der Finanzverwaltung", "73233"),
    ("Steuersekretäranwärter (m/w/d) – mittlerer Dienst der Steuerverwaltung", "73232"),
    ("Stadtinspektoranwärter/in – gehobener nichttechnischer Dienst in der Kommunalverwaltung", "73203"),
    ("Brandmeisteranwärter (m/w/d) – mittlerer feuerwehrtechnischer Dienst", "53132"),
    ("Justizsekretärin", "73252"),
    ("Polizeimeister", "53212"),
    ("Vermessungsoberinspektor (m/w/d) – gehobener vermessungstechnischer Verwaltungsdienst", "31213"),
    ("Beamter im mittleren Wetterdienst", "42142"),  # was the general mittlerer technischer Dienst, likened
    ("Beamter/Beamtin im gehobenen vermessungstechnischen Dienst", "31213"),  # likewise
    ("Beamter bei Behörden des Bundes (mittlerer nichttechnischer Dienst)", "73202"),  # passed before
    ("Sekretärin", "71402"),  # passed before: no career named
    ("Küchenmeister", "29393"),  # passed before: a Meister serves in the public service only as its ranks say
])
def test_a_civil_servants_career_is_named_by_its_field_and_level(bundled, text, code):
    assert bundled.resolve(text).code == code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Geschichte studiert (Master)", "Historiker"),  # all were nothing or another occupation
    ("Soziale Arbeit studiert (Diplom), Jugendamt", "Sozialarbeiter"),
    ("Philosophie studiert", "Philosoph"),
    ("Mathe studiert, Master", "Master of Science - Mathematik"),
    ("Bachelor BWL", "Bachelor of Arts - Betriebswirtschaftslehre"),
    ("Architekturstudium in Damaskus", "Architekt"),
    ("Master of Science Civil Engineering", "Master of Science - Bauingenieurwesen"),
    ("Rechtsanwalt (Jura-Studium Kabul)", "Rechtsanwalt"),  # passed before: a title beside the study stays
    ("Dozent an der Uni, Vorlesungen in Chemie", "Dozent an der Uni"),  # passed before: "Uni" is where one works
])
def test_what_someone_studied_names_its_graduate(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Einzelhandelskaufmann bei REWE", "Einzelhandelskaufmann"),  # was a Diät- und Reformwaren seller, likened
    ("Sachbearbeiter bei einer Versicherung", "Sachbearbeiter/in - Versicherung"),  # passed before: read whole
    ("im reisebüro gearbeitet", "Reiseverkehrskaufmann"),  # was nothing
    ("medical doctor (general practitioner)", "Arzt"),  # was an army General
    ("primary school teacher", "Lehrer/in - Grundschulen (Primarstufe)"),  # was any Lehrer/in
    ("FISI", "Fachinformatiker/in - Systemintegration"),  # was nothing
    ("nach der Realschule Ausbildung zur Medizinischen Fachangestellten", "Medizinische Fachangestellte"),  # likewise
    ("Polier auf dem Bau (Maurerpolier)", "Polier"),  # was a Polier/in - Baumaschinen: another title named
    ("Produktionshelfer Kunststoff (Spritzguss)", "Helfer/in - Kunststoff, Kautschuk"),  # was the generic helper
    ("Mitarbeiter im Bestattungswesen", "Bestattungsfachkraft"),  # was the Meister/in - Bestattungswesen
    ("Stallarbeit auf Bauernhof", "Helfer/in - Nutztierhaltung"),  # was nothing
    # was nothing: a verb inside; since the fifteenth session the language school says which teacher (84454)
    ("Englisch unterrichtet in einer Sprachschule", "Sprachlehrer"),
    ("Straßen gefegt bei der Stadtreinigung", "Straßenfeger"),  # likewise
])
def test_survey_answers_of_the_fifth_and_sixth_rounds(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


def test_a_verb_is_no_declined_noun():
    """A guard: passed before. "Pflanzen pflegen" is no care of the old ("Pflege")."""
    assert MatchEngine().resolve_all("Pflanzen pflegen") == ()


@pytest.mark.parametrize("text", ["Familienbetrieb", "Handwerksbetrieb"])
def test_a_firm_named_for_no_trade_names_no_occupation(bundled, text):
    """A guard: passed before."""
    assert bundled.resolve_all(text) == ()


@pytest.mark.parametrize(("text", "same_as"), [
    ("Staatlich geprüft Fotodesignerin", "Staatlich geprüfte Fotodesignerin"),
    ("Geprüft Bildeinrahmerin", "Bildeinrahmerin"),
    ("gelernter Maurer", "Maurer"),
])
def test_a_participle_that_qualifies_a_title_stays_a_qualifier(engine, text, same_as):
    """"geprüft" is no activity "prüfen" (our layer knows "Qualität prüfen"): the title beside it is
    read as before. A guard: these passed before, and the first failed on the way."""
    assert engine.resolve(text).code == engine.resolve(same_as).code


@pytest.mark.parametrize(("text", "code"), [
    # All were nothing or another level, but for the Altenpflege helper (passed before, as a helper).
    ("Berufe in der Lagerwirtschaft - Helfer-/Anlerntätigkeiten", "51311"),
    ("Berufe in der Lagerwirtschaft - fachlich ausgerichtete Tätigkeiten", "51312"),
    ("BERUFE IN DER LAGERWIRTSCHAFT – HELFER-/ANLERNTAETIGKEITEN", "51311"),
    ("Berufe in der Kraftfahrzeugtechnik - fachlich ausgerichtete Tätigkeiten", "25212"),
    ("Berufe in der Kraftfahrzeugtechnik - komplexe Spezialistentätigkeiten", "25213"),
    ("Berufe in der Altenpflege (ohne Spezialisierung) - fachlich ausgerichtete Tätigkeiten", "82102"),
    ("Berufe in der Altenpflege (ohne Spezialisierung) - Helfer-/Anlerntätigkeiten", "82101"),
    ("Köche/Köchinnen (ohne Spezialisierung) - fachlich ausgerichtete Tätigkeiten", "29302"),
    ("Berufe im Friseurgewerbe - fachlich ausgerichtete Tätigkeiten", "82312"),
    ("Berufe in der Softwareentwicklung - hoch komplexe Tätigkeiten", "43414"),
    ("Berufe in der Hauswirtschaft - Helfer-/Anlerntätigkeiten", "83211"),
    ("Aufsichtskräfte - Lagerwirtschaft, Post und Zustellung, Güterumschlag", "51393"),
    ("Führungskräfte - Lagerwirtschaft, Post und Zustellung, Güterumschlag", "51394"),
    ("Führungskräfte - Einkauf und Vertrieb", "61194"),
    # The list names these fields only for their supervisors (the first was the Meister/in's 11793,
    # the others nothing): the group's code at the level stated whose title is most alike.
    ("Berufe in der Jagdwirtschaft - fachlich ausgerichtete Tätigkeiten", "11732"),
    ("Berufe in der Digital- und Printmediengestaltung - fachlich ausgerichtete Tätigkeiten", "23212"),
])
def test_the_classifications_own_names_are_read_at_the_level_they_state(engine, text, code):
    """Official lists and statistics name the KldB's Berufsgattungen: a field and its level after a
    dash, or the field's supervisors and managers. The field says the Untergruppe, the name its level."""
    found = engine.resolve(text)
    assert (found.code, found.how) == (code, "classification")


@pytest.mark.parametrize(("text", "code"), [
    # The field read as a text where that is sure (a Fleischverarbeiter/in, not the food group's own
    # 29202; a Kosmetiker/in, not a Drogist/in selling cosmetics; "(außer …)" names what it is not).
    ("Berufe in der Fleischverarbeitung - fachlich ausgerichtete Tätigkeiten", "29232"),
    ("Berufe in der Kosmetik - fachlich ausgerichtete Tätigkeiten", "82322"),
    ("Berufe in der Nutztierhaltung (außer Geflügelhaltung) - fachlich ausgerichtete Tätigkeiten", "11212"),
    # A teacher's field is the subject taught: "Lehrer/in - Ergotherapie" names no therapist's group.
    ("Berufe in der Ergotherapie - komplexe Spezialistentätigkeiten", "81723"),
    # The list writes the adjective as a title's field does: "Öffentliche Verwaltung".
    ("Berufe in der öffentlichen Verwaltung (ohne Spezialisierung) - fachlich ausgerichtete Tätigkeiten", "73202"),
    ("Berufe in der Zimmerei - fachlich ausgerichtete Tätigkeiten", "33322"),
])
def test_the_field_of_a_classification_name_is_its_work_not_a_neighbours(engine, text, code):
    assert engine.resolve(text).code == code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Zimmerei", "Zimmerer"),  # was nothing: "-erei" made "Zimmer"
    ("Physiotherapie", "Physiotherapeut"),  # was nothing
    ("Ergotherapie", "Ergotherapeut"),
])
def test_a_workshop_or_a_therapy_names_its_worker(engine, text, same_as):
    assert engine.resolve(text).code == engine.resolve(same_as).code


def test_a_therapy_inside_a_longer_text_names_no_therapist(engine):
    """"Gymnastiklehrer für Bewegungstherapie", misspelt, stays a teacher of gymnastics (a guard: it
    became a physiotherapist on the way)."""
    assert engine.resolve("Gymnastilkehrer/in - Bewegungstherapie").code == engine.resolve("Gymnastiklehrer").code


@pytest.mark.parametrize(("text", "same_as"), [
    ("GLASSER", "Glaser"),  # was nothing: corrected to "Gläser", same length, before "Glaser"
    ("Tischller", "Tischler"),  # passed before
    ("PODOLOGIN", "Podologe"),  # was nothing: the list writes "Podologe/Podologin"
    ("Podologin mit eigener Praxis", "Podologe"),  # was a boat owner ("Eigner/in (Fischerei)")
    ("Biologin", "Biologe"),  # passed before (a long form of the list)
])
def test_a_doubled_letter_an_ogin_and_an_own_practice_are_read_as_meant(engine, text, same_as):
    assert engine.resolve(text).code == engine.resolve(same_as).code


def test_a_doubled_letter_is_undone_only_where_that_makes_a_title(engine):
    """"Maschinne bedienen" is "Maschinen bedienen" (a guard: it became nothing on the way)."""
    assert engine.resolve("Maschinne bedienen").code == engine.resolve("Maschinen bedienen").code


@pytest.mark.parametrize(("text", "code"), [
    ("Krankenpflegehelferin im Krankenhaus", "81301"),  # was "Krankenpflegehelfer/in - Altenpflege"
    ("Bootsbauer (onhe Facrichtungen)", "33322"),  # was the "Bootsbauer/in - Technik" of 25242
    ("Industrietechnologin Fachrichtnug Nachrichtentechnik", "26312"),  # was the field-less 26122
    ("Tierpfleger Fachrchtung Zoo", "11522"),  # passed before: a misspelt word beside the field
    ("Disponentin - Laher", "51312"),  # passed before: a misspelt field
])
def test_a_title_of_a_role_is_chosen_by_its_field_not_by_the_role_alone(engine, text, code):
    """A role named first is likened to the titles of that role only where the words after it meet
    the title's field; a feminine "-ogin" is the role the list writes as "-oge"."""
    assert engine.resolve(text).code == code


@pytest.mark.parametrize(("text", "same_as"), [
    # All were nothing, but for "Gabelstapler fahren" (any Stapler/in, the compound's head) and
    # "Obst gepflückt" (nothing; "Obst pflücken" was likened to the title, as it still is).
    ("Estrich legen", "Estrichleger"),
    ("Estrich gelegt", "Estrichleger"),
    ("Parkett verlegt", "Parkettleger"),  # the prefix "ver" dropped: the list writes "Parkettleger/in"
    ("Dächer decken", "Dachdecker"),  # the plural's umlaut undone
    ("Gerüste aufgebaut", "Gerüstbauer"),
    ("Bagger fahren", "Baggerfahrer"),
    ("Gabelstapler fahren", "Gabelstaplerfahrer"),
    ("Obst gepflückt", "Obstpflücker"),
    # The verb's doer that is no "-er" of its stem, and the thing nearest the verb (all were nothing).
    ("Traktoren und Landmaschinen repariert", "Landmaschinenmechaniker"),
    ("Fahrräder repariert", "Fahrradmechaniker"),
    ("Kran gefahren", "Kranführer"),
    ("Busse gefahren", "Busfahrer"),
])
def test_a_thing_and_what_is_done_with_it_name_the_one_who_does_it(engine, text, same_as):
    """Activities as survey answers write them, in the present or the past: where the list has the
    compound of the thing and the doer of the verb, that is the title."""
    assert engine.resolve(text).code == engine.resolve(same_as).code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Pflegehelferin im Altenheim", "Pflegehelfer/in - Altenpflege"),  # both were the hospital's helper
    ("Pflegehelferin für Behinderzenpflege", "Pflegehelfer/in - Behindertenpflege"),
    ("Pflegehelfer im Krankenhaus", "Pflegehelfer/in - stationäre Pflege"),  # passed before
])
def test_the_field_after_a_helpers_role_says_which_of_its_titles(engine, text, same_as):
    """The list writes "Pflegehelfer/in - <field>" for several fields: the words after the role choose,
    as they do for a role that is no helper's ("Tierpfleger Fachrichtung Zoo")."""
    assert engine.resolve(text).code == engine.resolve(same_as).code


def test_two_jobs_told_as_two_things_done_stay_two_jobs(engine):
    """Words before the thing and its verb that name a job of their own keep it: the compound of
    the last thing and verb is not the whole text. (Passed before.)"""
    found = [r.code for r in engine.resolve_all("Gabelstapler fahren und Dach decken")]
    assert engine.resolve("Dachdecker").code in found and engine.resolve("Staplerfahrer").code in found


@pytest.mark.parametrize(("text", "same_as"), [
    ("MTA im Labor", "Medizinisch-technische Laboratoriumsassistentin"),  # was nothing
    ("MTRA im Krankenhaus", "Radiologieassistentin"),  # was nothing
    ("TFA in einer Kleintierpraxis", "Tiermedizinische Fachangestellte"),  # was nothing
    ("PTA in der Apotheke", "Pharmazeutisch-technische Assistentin"),  # was a PKA (our layer's "Apotheke")
    ("MFA beim Hausarzt, Blut abgenommen", "Medizinische Fachangestellte"),  # was the Hausarzt/-ärztin
    ("HEP in einer Wohngruppe", "Heilerziehungspfleger"),  # passed before (the last resort)
])
def test_the_health_professions_acronyms_name_them_in_a_longer_text(bundled, text, same_as):
    """The list's own acronym titles ("MTA (…)", "PTA (…)") and the bundled vocabulary's abbreviations."""
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


def test_short_words_written_apart_are_no_acronym_of_the_list(bundled):
    """"at a" run together is "ata", the list's ATA (Anästhesietechnische/r Assistent/in): an acronym
    counts only as one word as written. (Was an ATA.)"""
    assert bundled.resolve("English teacher at a high school").code == bundled.resolve("Lehrer").code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Produktionsarbeiter", "Produktionshelfer"),  # was a Produktionsleiter/in, likened
    ("PRODUKTIONSARBEITERIN", "Produktionshelfer"),
    ("Küchenarbeiter", "Küchenhilfe"),  # was a Küchenleiter/in, likened (the joint n)
    ("Küchenmitarbeiterin", "Küchenhilfe"),  # was a Fachberater/in - Küchen (Einzelhandel)
    ("Sozialarbeiter", "Sozialarbeiter/in"),  # passed before: a title of the list keeps its level
    ("Lebensmittelfacharbeiter", "Fachkraft - Lebensmitteltechnik"),  # passed before: skilled
])
def test_a_labourer_of_a_field_the_list_names_no_title_for_is_its_helper(engine, text, same_as):
    assert engine.resolve(text).code == engine.resolve(same_as).code


@pytest.mark.parametrize(("text", "code"), [
    ("Führungskräfte - Human- und Zahnmedizin", "81494"),  # was a Führungskraft - Qualitätsmanagement
    ("Berufe in der Informatik (ohne Spezialisierung) - hoch komplexe Tätigkeiten", "43104"),  # passed before
    ("Berufe in der Floristik - fachlich ausgerichtete Tätigkeiten", "12202"),  # passed before
])
def test_a_classification_field_named_by_its_science_is_the_one_working_in_it(engine, text, code):
    assert engine.resolve(text).code == code


@pytest.mark.parametrize("text", ["Messtechnik", "Steuerungstechnik", "Schweißtechnik"])
def test_a_science_or_craft_alone_is_a_skill_not_its_technician(engine, text):
    """Only inside a name of the classification: as a skill, "Messtechnik" is no Messtechniker/in
    (a guard: a rule for every text made these technicians on the way)."""
    found = engine.resolve(text)
    assert found is None or found.code != engine.resolve(text + "er").code


@pytest.mark.parametrize(("text", "same_as"), [
    # Were nothing (but the last): the list names the field by what is made, not by its making.
    ("Hilfsarbeiter in der Keramikherstellung/Hilfsarbeiterin in der Keramikherstellung", "Helfer/in - Keramik"),
    ("Hilfsarbeiter in der Schuhherstellung", "Helfer/in - Pelz, Leder, Schuhe"),
    ("Helfer Kunststoffverarbeitung", "Helfer/in - Kunststoff, Kautschuk"),  # passed before (the field)
    # The works where it is made: were the "Schuhfabrik" helper (likened), any production helper, nothing.
    ("Helfer in einer Papierfabrik", "Helfer/in - Papier, Verpackung"),
    ("Produktionshelfer in einer Glashütte", "Helfer/in - Glas, Keramik"),
    ("Aushilfe in einer Möbelfabrik", "Helfer/in - Holz, Flechtwaren"),
    ("Helfer Lebensmittelproduktion, Fleischfabrik", "Helfer/in - Lebensmittelherstellung"),  # was nothing
])
def test_a_helper_of_a_fields_making_is_the_fields_helper(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "same_as"), [
    # was the helper of his field (Au-pair); written with "Bachelor" before a stated degree set the level
    # (the list's Bachelor of social work is 83123, its Sozialpädagoge/-pädagogin 83124)
    ("Sozialpädagoge in der Jugendhilfe, Diplom", "Sozialpädagoge"),
    ("Koch Aushilfe", "Küchenhilfe"),  # passed before: a helper's word of its own makes a helper
    ("Maurer Helfer", "Maurerhelfer"),  # passed before
])
def test_a_helpers_ending_on_the_field_after_a_title_names_that_field(engine, text, same_as):
    """"Jugendhilfe", "Behindertenhilfe" are fields of social work: after a title, no helper's ending."""
    assert engine.resolve(text).code == engine.resolve(same_as).code


@pytest.mark.parametrize(("text", "same_as"), [
    # As the training regulations name the master's title; were a tradesman, or a Feinoptiker's master.
    ("Meister im Elektrotechniker-Handwerk", "Elektrotechnikermeister"),
    ("Meisterin im Augenoptiker-Handwerk", "Augenoptikermeisterin"),
    ("Meisterin im Installateur- und Heizungsbauer-Handwerk", "Installateur- und Heizungsbauermeister"),
    ("Meister Lager", "Lagermeister"),  # passed before
])
def test_a_master_of_a_trades_handwerk_is_that_trades_master(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Aushilfe im Supermarkt, Ware verräumt", "Helfer/in - Verkauf"),  # all were nothing
    ("Traktor gefahren auf einem großen Bauernhof", "Traktorist"),
    ("Allgemeinmediziner/Allgemeinmedizinerin", "Arzt/Ärztin"),
    ("Bergarbeiter unter Tage", "Bergmann"),
    # Everyday words for titles the list writes otherwise: were nothing, a Kitter/in, a Musikdirektor/in.
    ("Schulleiterin an einer Grundschule", "Schulleiter/in - allgemeinbildende Schulen"),
    ("KITALEITERIN", "Kindertagesstättenleiterin"),
    ("Museumsdirektor/Museumsdirektorin", "Museumsleiter"),
    ("Kontrolliere Fahrkarten in der S-Bahn", "Fahrkartenkontrolleur"),
    ("Nachhilfe gegeben", "Nachhilfelehrer"),
])
def test_our_layer_knows_the_words_people_use_for_these_titles(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "same_as"), [
    ("veterinarian", "Tierarzt"), ("midwife", "Hebamme"), ("chimney sweep", "Schornsteinfeger"),
    ("forklift operator", "Staplerfahrer"),  # all were nothing
])
def test_more_english_titles_migrants_give(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "code"), [
    # All were any seller's 6210x (the goods' sellers are other Untergruppen of the sales group).
    ("Berufe im Verkauf von Lebensmitteln (ohne Spezialisierung) - Helfer-/Anlerntätigkeiten", "62301"),
    ("Berufe im Verkauf von Back- und Konditoreiwaren - fachlich ausgerichtete Tätigkeiten", "62312"),
    ("Berufe im Verkauf von Bekleidung, Sportartikeln, Lederwaren und Schuhen - fachlich ausgerichtete Tätigkeiten",
     "62212"),
    ("Berufe im Verkauf (ohne Produktspezialisierung) - fachlich ausgerichtete Tätigkeiten", "62102"),  # passed before
])
def test_a_classification_name_for_selling_goods_is_those_goods_sellers(bundled, text, code):
    assert bundled.resolve(text).code == code


@pytest.mark.parametrize(("text", "same_as"), [
    # Were any seller's Verkäufer/in, or the seller of the food trade in general (and a butcher's seller).
    ("Verkäuferin in einem Schuhgeschäft in der Innenstadt", "Fachverkäufer/in - Schuhe"),
    ("Verkäufer im Baumarkt (OBI)", "Fachverkäufer/in - Baubedarf"),
    ("Verkäuferin im Möbelhaus", "Verkäufer/in - Möbel"),  # passed before, likened
    ("Fachverkäufer im Lebensmittelhandwerk Scwerpunkt Fleischerei", "Fleischereifachverkäuferin"),
    ("Fachverkäuferin im Nahrungsmittelhandwerk Schwerpunkt Böckerei/Konditorei", "Bäckereifachverkäuferin"),
    ("Verkäuferin in einer Bäckerei", "Bäckereifachverkäuferin"),  # passed before: a title of the list
    ("Verkäuferin bei Edeka", "Verkäuferin"),  # passed before: an employer names no goods
])
def test_the_goods_or_the_shop_after_a_seller_say_which_seller(engine, text, same_as):
    assert engine.resolve(text).code == engine.resolve(same_as).code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Produktionshelfer (m/w/d) Kunststoff", "Helfer/in - Kunststoff, Kautschuk"),  # were the generic
    ("Fertigungshelfer Elektro", "Helfer/in - Elektro"),  # was an electrician (our layer's "Elektro")
    ("Produktionsmitarbeiter Lebensmittel", "Helfer/in - Lebensmittelherstellung"),  # was a Produktionsingenieur/in,
    # likened, then the generic production helper
    ("Produktionshelferin Lebensmittel", "Helfer/in - Lebensmittelherstellung"),
    ("Produktionshelfer im Dreischichtbetrieb", "Produktionshelfer"),  # passed before
])
def test_the_field_after_a_production_helpers_role_says_which_helper(bundled, text, same_as):
    found = bundled.resolve(text)
    assert found.code == bundled.resolve(same_as).code and found.code.endswith("1")


@pytest.mark.parametrize(("text", "code"), [
    ("Führungskräfte - Allgemeinbildende Schulen", "84194"),  # was a Führungskraft - Qualitätsmanagement
    ("Berufe im Bibliothekswesen - hoch komplexe Tätigkeiten", "73324"),  # was nothing
])
def test_a_classification_field_named_nowhere_is_the_group_of_the_title_most_alike(bundled, text, code):
    assert bundled.resolve(text).code == code


def test_a_title_of_the_list_that_names_a_level_is_the_title(engine):
    """"Elektrofachkraft für festgelegte Tätigkeiten" is a title of the list as it stands."""
    found = engine.resolve("Elektrofachkraft für festgelegte Tätigkeiten")
    assert (found.code, found.how) == ("26212", "exact")


@pytest.mark.parametrize("text", ["Gemüse schneiden", "Bart schneiden", "Pflanzen pflegen", "Stoffe schneiden"])
def test_a_verb_many_trades_use_is_no_misspelt_worker(engine, text):
    """"schneiden" is one letter from "Schneider", "pflegen" from "Pfleger": the vegetables were cut
    by a tailor ("Pflanzen pflegen" was nothing before, and would have been a nurse with "Pfleger"
    in our layer). Other verbs still name their worker; "Gemüse schneiden" is our layer's Küchenhilfe."""
    found = engine.resolve(text)
    assert found is None or (text == "Gemüse schneiden" and found.code == "29301")
    assert engine.resolve("tapezieren").code == engine.resolve("Tapezierer").code
    assert engine.resolve("Obst pflücken").code == engine.resolve("Obstpflücker").code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Verkeuferin", "Verkäuferin"), ("Erzieherinn", "Erzieherin"), ("Tischlerrin", "Tischlerin"),
    ("Verkäuferinn", "Verkäufer"), ("Kosmetikermeisteirn", "Kosmetikermeisterin"), ("Bäckrin", "Bäckerin"),
])
def test_a_misspelt_feminine_form_is_corrected_through_its_stem(engine, text, same_as):
    """The list's words are masculine stems ("verkaeufer"): a typo in a feminine form, or in its
    ending, was two edits from every known word, and the text resolved to nothing."""
    found = engine.resolve(text)
    assert found is not None, text
    assert (found.code, found.how) == (engine.resolve(same_as).code, "fuzzy")


@pytest.mark.parametrize(("text", "same_as"), [
    ("Meidzinische Laborantin", "Medizinische Laborantin"),
    ("Medientechnologin Siebdrick", "Medientechnologe Siebdruck"),
])
def test_a_feminine_form_spelt_right_stays_feminine_beside_a_misspelt_word(engine, text, same_as):
    """The stem correction must not touch a feminine form spelt right: "Laborantin" beside
    "Medizinische" names the list's long form; "Technologin" is a Technologe, not a "Technologein"."""
    assert engine.resolve(text).code == engine.resolve(same_as).code


def test_a_misspelt_compound_is_read_whole_before_its_head_alone(engine):
    """"Farhzeuglackierer" was any Lackierer/in (the head of the compound); spelt right, the whole
    word is a title of the list. A head still stands where the corrected text names nothing more."""
    assert engine.resolve("Farhzeuglackierer").code == engine.resolve("Fahrzeuglackierer/in").code
    assert engine.resolve("Industriebäcker").how == "head"
    assert engine.resolve("Medizin") is None and engine.resolve("Zucchini") is None


@pytest.mark.parametrize(("text", "same_as"), [
    ("Helfer für Lagerwirtschaft, Transport / Helferin für Lagerwirtschaft, Transport",
     "Helfer/in - Lagerwirtschaft, Transport"),
    ("Fachverkäufer für Möbel/Polsterwaren / Fachverkäuferin für Möbel/Polsterwaren",
     "Fachverkäufer/in - Möbel/Polsterwaren"),
    ("Techniker für Windenergietechnik/Technikerin für Windenergietechnik", "Techniker/in - Windenergietechnik"),
    ("Gesundheitsaufseher/Hygienekontrolleur / Gesundheitsaufseherin/Hygienekontrolleurin",
     "Gesundheitsaufseher/in / Hygienekontrolleur/in"),
])
def test_a_pair_of_whole_phrases_names_one_occupation(engine, text, same_as):
    """Classifications write the male and the female phrase side by side. Read slash by slash,
    "Lagerwirtschaft, Transport / Helferin" split the text in the middle: a farm helper and a
    sports trainer, where the list has the title itself."""
    assert [r.code for r in engine.resolve_all(text)] == [engine.resolve(same_as).code]
    two = engine.resolve_all("Elektroniker für Betriebstechnik/Elektroniker für Gebäudetechnik")
    assert len({r.code for r in two}) == 2  # two occupations stay two


@pytest.mark.parametrize(("text", "same_as"), [
    ("Köche", "Koch"), ("Ärzte", "Arzt"), ("Reinigungskräfte", "Reinigungskraft"), ("Friseure", "Friseur"),
    ("Lageristen", "Lagerist"), ("Köchinnen", "Köchin"), ("Hebammen", "Hebamme"), ("Umzüge", "Umzug"),
])
def test_plurals_name_the_occupation(engine, text, same_as):
    """Official lists name groups in the plural ("Köche", "Reinigungskräfte"), people list what
    they did in it ("Umzüge"): "Köche" was a kitchen helper, the others nothing."""
    assert engine.resolve(text).code == engine.resolve(same_as).code
    assert [r.code for r in engine.resolve_all("kellnern und security")] == [
        engine.resolve("kellnern").code, engine.resolve("security").code]  # a verb is no plural


def test_a_first_part_cut_short_is_completed_where_both_make_titles(engine):
    """"Alten- und Krankenpfleger" names two occupations; read as one text it was a nurse only. A
    title of the list written this way stays one ("Fliesen-, Platten- und Mosaikleger/in"), and so
    does one misspelt ("Mosiakleger")."""
    codes = [r.code for r in engine.resolve_all("Alten-, Kranken- und Kinderpfleger")]
    assert codes == [engine.resolve(t).code for t in ("Altenpfleger", "Krankenpfleger", "Kinderpfleger")]
    assert len(engine.resolve_all("Taxi- und Busfahrer")) == 2
    assert len(engine.resolve_all("Fliesen-, Platten- und Mosaikleger/in")) == 1
    assert len(engine.resolve_all("Fliesen-, Platten- und Mosiakleger/in")) == 1


def test_an_occupation_after_bei_is_the_employer_once_the_words_before_name_one(engine):
    """"Reinigungskraft bei Firma Müller" cleans: Müller is the firm, no miller. Where nothing
    before "bei" names an occupation, what follows it does; a title of the list keeps its "bei"."""
    assert engine.resolve_all("Reinigungskraft bei Firma Müller") == engine.resolve_all("Reinigungskraft")
    assert len(engine.resolve_all("REINIGUNGSKRAFT BEI FIRMA MUELLER")) == 1  # as survey answers are typed
    # One occupation, a seller's: of a bakery's goods (the Verkäufer/in titles narrowed by the words
    # after them), no baker.
    found = engine.resolve_all("Verkäuferin bei einem Bäcker")
    assert len(found) == 1 and found[0].code[:2] == engine.resolve("Verkäufer").code[:2] == "62"
    assert engine.resolve("Aushilfe bei einem Bäcker").code[4] == "1"  # a helper in the bakery trade
    assert "Polizei" in engine.resolve("Ausbildungsbeamtin bei der Polizei").title


@pytest.mark.parametrize(("text", "same_as"), [
    ("MFA", "Medizinische Fachangestellte"), ("ZFA", "Zahnmedizinische Fachangestellte"),
    ("BKF", "Berufskraftfahrer"),
])
def test_an_abbreviation_of_the_vocabulary_is_spelt_out_where_nothing_else_is_named(text, same_as):
    engine = MatchEngine()  # the bundled vocabulary's abbreviations
    assert engine.resolve(text).code == engine.resolve(same_as).code
    assert engine.resolve("Kfz").how == "colloquial"  # our own word first


def test_a_title_likened_to_a_text_keeps_the_title_its_first_word_names(engine):
    """"Filialleiter im Einzelhandel" begins and ends like "Filialmitarbeiter/in (Einzelhandel)":
    the likeness made a branch manager a shop assistant. Where the list shortens the first word
    ("Verfahrensmech."), the likened title still stands."""
    assert engine.resolve("Filialleiter im Einzelhandel").code == engine.resolve("Filialleiter").code
    found = engine.resolve("Verfahrensmechaniker in der Hütten- und Halbzeuindustrie")
    assert found.code == engine.resolve("Verfahrensmechaniker/in - Hütten- und Halbzeugindustrie").code


def test_a_long_shared_beginning_keeps_the_title_only_where_its_first_word_shortens_the_texts(bundled):
    """"Industriemechaniker Instandhaltung" shares ten letters with "Industriemeister/in -
    Instandhaltung" (it was that master): a title whose own first word is another counts no more.
    The list's "Verfahrensmech.-Kunststoff-/Kautschukt." still shortens (a guard: passed before)."""
    assert bundled.resolve("Industriemechaniker (m/w/d) Instandhaltung").code == bundled.resolve(
        "Industriemechaniker").code
    found = bundled.resolve(
        "Verfahrensmechaniker für Kunststoff- und Kautschuktechmik Fachrictung Faserverbundtechnologie")
    assert found.code == bundled.resolve("Verfahrensmechaniker für Kunststoff- und Kautschuktechnik").code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Leiter Produktion", "Leiter/in - Produktion/Fertigung"), ("Verkäufer Schmuck", "Verkäufer/in - Schmuck/Uhren"),
    ("Helfer Lagerwirtschaft", "Helfer/in - Lagerwirtschaft, Transport"),
])
def test_each_alternative_of_a_titles_field_names_the_title(engine, text, same_as):
    """"Leiter/in - Produktion/Fertigung" is a Leiter Produktion: read as one, "Leiter Produktion"
    was the production line's helper (our own word "Produktion" beside a word of no title)."""
    assert (engine.resolve(text).code, engine.resolve(text).how) == (engine.resolve(same_as).code, "exact")


@pytest.mark.parametrize(("text", "same_as"), [
    ("Leiter Lager", "Lagerleiter"), ("Leiter Küche", "Küchenleiter"), ("Referent Personal", "Personalreferent"),
    ("Fachkraft Pflege", "Pflegefachkraft"), ("Manager Marketing", "Marketingmanager"),
    ("Leiter einer Bankfiliale", "Bankfilialleiter"), ("Leiter des Lagers", "Lagerleiter"),  # the joint's e and s go
    ("Fachkraft im Bereich Pflege", "Pflegefachkraft"),  # "im Bereich" says nothing
    ("Leitung (m/w/d) für unsere Kindertagesstätte", "Kindertagesstättenleiterin"),  # was any Kinderbetreuer/in
    # A field named by its making: the compound names what is made (was any Maschinenbediener/in).
    ("Maschinenbediener Holzverarbeitung/Maschinenbedienerin Holzverarbeitung", "Holzmaschinenbediener"),
])
def test_a_role_before_its_field_is_the_compound_the_list_writes(engine, text, same_as):
    """"Leiter Lager" was a Lagerhelfer/in (our word "Lager" beside a role that is no title alone):
    a manager read as a helper."""
    assert engine.resolve(text).code == engine.resolve(same_as).code


def test_a_gender_ending_after_a_slash_is_no_word_of_its_own(engine):
    """"Fachangestellte/r" and the misspelt "/n" for "/in": the "r" and the "n" had been words, and
    "Medizinisce/r Fachangestellte/r" a Fachangestellte/r - Archiv ("r" + "Fachangestellte")."""
    assert engine.resolve("Medizinisce/r Fachangestellte/r").code == engine.resolve("Medizinische Fachangestellte").code
    assert engine.resolve("Helfer/n - Elektro").code == engine.resolve("Helfer/in - Elektro").code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Backer", "Bäcker"), ("Backerin", "Bäckerin"), ("Burokauffrau", "Bürokauffrau"), ("Gerustbauer", "Gerüstbauer"),
    ("Backereifachverkauferin", "Bäckereifachverkäuferin"), ("Techniker fur Schweißtechnik", "Schweißtechniker"),
])
def test_umlauts_typed_without_their_e_are_restored(engine, text, same_as):
    """On a keyboard without umlauts "Bäcker" becomes "Backer": one letter from "Packer", and
    "Bäckereifachverkäuferin" two letters from any word of the list; "fur" is "für"."""
    assert engine.resolve(text).code == engine.resolve(same_as).code
    assert engine.resolve("Glaserin").how == "exact"  # spelt right: no umlaut is put in


def test_the_english_worker_is_no_misspelt_german_werker(engine):
    """"social worker" and "laundry worker" were read as "Werker/in - Pferdewirtschaft"."""
    assert engine.resolve("social worker").code == engine.resolve("Sozialarbeiter").code
    assert engine.resolve("laundry worker").code == engine.resolve("Textilreiniger").code
    assert engine.resolve("worker") is None
    # The German word names the work beside it ("Werker" alone is many trades' role: see
    # test_a_role_many_trades_share_is_not_the_one_trade_that_writes_it_alone).
    assert engine.resolve("Werker in der Produktion").code == engine.resolve("Produktionshelfer").code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Mitarbeiter Lager", "Lagerhelfer"), ("Mitarbeiterin in der Produktion", "Produktion"),
    ("Produktionsmitarbeiterin", "Produktion"), ("Angestellte im Einzelhandel", "Verkäuferin"),
])
def test_a_word_for_someone_working_somewhere_leaves_the_occupation_to_the_words_beside_it(engine, text, same_as):
    """"Mitarbeiter" names no occupation: it used to make every "Mitarbeiter im …" a sales job,
    and "Produktionsmitarbeiter" a production manager (Produktionsleiter/in: -arbeiter ends like -leiter)."""
    assert engine.resolve(text).code == engine.resolve(same_as).code
    assert engine.resolve("Produktionsmitarbeiter").code[4] != "4"


def test_a_shortened_title_counts_only_where_the_titles_beginning_with_it_are_one_work(engine):
    """"Fachangestellte/r" shortens only "Fachangestellte/r - Archiv", but the titles beginning
    with it are a dozen kinds of work ("… für Bäderbetriebe", "… für Bürokommunikation"): a
    misspelt "Medizinische Fachangestellte" became an archivist, "Metall bearbeiten" a shoemaker's
    "Bearbeiter/in" and "Radlader fahren" a "Lader/in (Transport)"."""
    assert engine.resolve("Fachangestellte") is None
    assert engine.resolve("Metall bearbeiten") is None or "Schuh" not in engine.resolve("Metall bearbeiten").title
    assert engine.resolve("Substitut").title == "Substitut/in (Warenhandel)"  # one work: stays


@pytest.mark.parametrize(("text", "work"), [
    ("Polizeibeamter", "5321"), ("Justizbeamter", "7325"), ("Steuerbeamtin", "7323"), ("Feuerwehrmann", "5313"),
    ("Beamter im Archivdienst", "7331"),
])
def test_a_title_without_its_level_is_the_works_skilled_level(engine, text, work):
    """The list writes a civil servant's work once per career level ("Polizeibeamt(er/in) (mittl.
    Dienst)", "(geh. Dienst)", "(höh. Dienst)"): shortened, no one code had most titles, so
    "Polizeibeamter" and "Feuerwehrmann" were nothing and "Justizbeamter" a prison officer (5324)."""
    found = engine.resolve(text)
    assert (found.code[:4], found.code[4], found.how) == (work, "2", "exact")
    assert engine.resolve("Grafikdesignerin").code == engine.resolve("Grafikdesigner/in").code  # the title stays


def test_a_word_of_the_list_is_likened_only_to_titles_that_keep_its_end(engine):
    """"Pfleger" begins like "Pflasterleger/in" and ends like it in five letters: a carer was read
    as a paver. A word the list uses, spelt right, keeps its last seven letters in a likened title."""
    for text in ("Pfleger", "Labortechniker", "Studienleiter"):
        found = engine.resolve(text)
        assert found is None or found.how != "similar", (text, found)
    assert engine.resolve("Verwaltungsangestellte").code == engine.resolve("Verwaltungsfachangestellte").code


@pytest.mark.parametrize(("text", "same_as"), [
    ("techn. Zeichner", "Technischer Zeichner"), ("med. Fachangestellte", "Medizinische Fachangestellte"),
    ("Industriekfm.", "Industriekaufmann"), ("Bankkfm.", "Bankkaufmann"), ("Elektroinst.", "Elektroinstallateur"),
    ("Kfm. Angestellte", "Kaufmännische Angestellte"),
])
def test_words_cut_short_are_spelt_out_where_that_makes_a_title(engine, text, same_as):
    """People write as the list does: "techn.", "kaufm.", "Kfm."; these were nothing. A shortened
    word stands for a word of the list it begins, else for one that keeps its letters in order."""
    found = engine.resolve(text)
    assert (found.code, found.how) == (engine.resolve(same_as).code, "abbreviation")
    for short in ("Ing.", "Verw.", "Dipl.-Ing."):  # too short to say which
        assert engine.resolve(short) is None, short


def test_each_of_two_names_of_one_occupation_names_it(engine):
    """"Betreuungskraft / Alltagsbegleiter/in" is one title of the list with two names; neither name
    alone was anything."""
    title = engine.resolve("Betreuungskraft / Alltagsbegleiter/in")
    assert engine.resolve("Betreuungskraft").code == engine.resolve("Alltagsbegleiterin").code == title.code


def test_a_helper_of_two_trades_with_one_helper_code_is_named_once(engine):
    """"Helfer im Garten- und Landschaftsbau" names a gardener and a landscape gardener: their
    helper code is one, and was listed twice."""
    found = engine.resolve_all("Helfer im Garten- und Landschaftsbau")
    assert len(found) == len({r.code for r in found}) == 1 and found[0].code[4] == "1"


def test_a_persons_text_naming_a_skill_inside_an_occupation_names_the_occupation_too():
    """"Alnagentechnikerin für EDV-Wartung" names the skill EDV inside it: read as that skill alone,
    the misspelt technician was no technician (the occupation, recognised by correcting a typo,
    did not count), and ranked a farmer first. A text that is a skill and nothing else stays a skill."""
    engine = MatchEngine()  # the bundled vocabulary, which knows EDV
    text = "Alnagentechnikerin für EDV-Wartung"
    assert engine.resolve(text).how == "fuzzy"
    match = only(engine, person(skills=[text]), slot(title="Anlagentechniker/in - EDV-Wartung"))
    assert match is not None and occupation_reason(match)[0] == "occupation_same"
    licence = only(engine, person(skills=["Staplerschein"]), slot(title="Gabelstaplerfahrer/in"))
    assert licence is None or (occupation_reason(licence) or ("",))[0] != "occupation_same"


def test_a_role_named_first_is_likened_to_the_titles_of_that_role(engine):
    """Classifications name the role first and the field after it, in words of their own:
    "Techniker für Windenergieanlagen an Land" was nothing (the likeness anchors on a text's last
    letters, here the field's). A helper's field is no near miss: "Lagerwirtschaft" is no "Landwirtschaft"."""
    found = engine.resolve("Techniker für Windenergieanlagen an Land/Technikerin für Windenergieanlagen an Land")
    assert found.code == engine.resolve("Techniker/in - Windenergietechnik").code
    assert engine.resolve("Techniker für Lebensmitteltechnologie").code == engine.resolve(
        "Techniker/in - Lebensmitteltechnik").code
    assert engine.resolve("Helfer Lagerwirtschaft").code != engine.resolve("Helfer/in - Landwirtschaft").code


@pytest.mark.parametrize(("text", "same_as"), [
    ("alte Menschen pflegen", "Altenpflegehelfer"), ("Auto reparieren", "Kfz-Mechatroniker"),
    ("Bäume schneiden", "Baumpfleger"), ("KÜHE MELKEN", "Melker"),
])
def test_an_activity_as_caseworkers_write_it_names_its_occupation(engine, text, same_as):
    """Our own layer's activities: these were nothing, and "Bäume schneiden" a tailor (the verb
    corrected into "Schneider", one letter away)."""
    assert (engine.resolve(text).code, engine.resolve(text).how) == (engine.resolve(same_as).code, "colloquial")


def test_a_misspelt_feminine_form_is_corrected_into_a_person_not_a_field(engine):
    """"Altenpflegrin" lacks the e of "Altenpflegerin": its stem was corrected into "Altenpflege"
    (a field, a helper's), and "Busfahrein" (no r) was nothing. Where no other letter is missing,
    "Technologin" stays the feminine of Technologe."""
    assert engine.resolve("Altenpflegrin").code == engine.resolve("Altenpflegerin").code
    assert engine.resolve("Busfahrein").code == engine.resolve("Busfahrerin").code
    assert engine.resolve("Technologin") is None or engine.resolve("Technologin").how != "fuzzy"


@pytest.mark.parametrize("text", ["Hausfrau und Mutter", "HAUSFRAU", "Rentnerin", "Student", "arbeitslos"])
def test_no_employment_names_no_occupation(engine, text):
    """Survey answers name no employment too: "Hausfrau und Mutter" was a Cutter/in ("Mutter"
    one letter from "Cutter")."""
    assert engine.resolve(text) is None
    assert engine.resolve("Tagesmutter").how == "exact"  # a title of the list stays


def test_an_owner_names_no_occupation_of_its_own(engine):
    """"Inhaber" alone was "Inhaber/in - Bauzeichenbüro", the one title of the list it shortens, so
    every owner of a restaurant or a salon drew architectural drawings."""
    assert engine.resolve("Inhaber") is None and engine.resolve("Mitarbeiter") is None
    assert engine.resolve("Inhaberin Friseursalon").code == engine.resolve("Friseurin").code
    assert engine.resolve("Inhaber/in - Bauzeichenbüro") is not None  # the title itself stays
    # As official lists write a group: "Berufe in der …", "(ohne Spezialisierung)", "ohne nähere Tätigkeitsangabe".
    group = engine.resolve("Berufe in der Reinigung (ohne Spezialisierung)")
    assert group.code == engine.resolve("Reinigungskraft").code
    assert engine.resolve("Hilfsarbeiter ohne nähere Tätigkeitsangabe") is None  # a helper of no field


@pytest.mark.parametrize(("text", "same_as"), [
    ("Industriekoch/Industrieköchin", "Koch"), ("Industrieköchin", "Industriekoch"), ("Zimmerin", "Zimmerer"),
    ("Zimmerer/Zimmerin", "Zimmerer"), ("Putzmann", "Putzfrau"), ("Putzmann", "Reinigungskraft"),
])
def test_gender_pairs_and_gendered_word_endings_resolve(engine, text, same_as):
    found = engine.resolve(text)
    assert found is not None, text
    assert found.code == engine.resolve(same_as).code
    # The text names one occupation and finds itself.
    match = only(engine, person(skills=[text]), slot(title=text))
    assert match is not None and occupation_reason(match)[0] == "occupation_same"


@pytest.mark.parametrize(("text", "head", "code"), [("Natursteinmaurer", "Maurer/in", MAURER),
                                                    ("Bauzimmerer", "Zimmerer/in", ZIMMERER)])
def test_compounds_resolve_to_the_code_of_their_head_word(engine, text, head, code):
    assert engine.resolve(text).code == engine.resolve(head).code == code


def test_a_fuzzy_reading_never_changes_the_head_word(engine):
    assert engine.resolve("Holzschneider").code != engine.resolve("Maßschneider/in").code
    magd = engine.resolve("Magd")
    assert magd is None or magd.code[:3] != engine.resolve("Schweißer/in").code[:3]
    assert engine.resolve("Maurerhelferin").code[:3] != MALER[:3]
    tailor = only(engine, person(skills=["Holzschneider"]), slot(title="Maßschneider/in"))
    assert tailor is None or occupation_reason(tailor)[0] != "occupation_same"


def test_a_title_naming_two_occupations_resolves_to_both_and_the_reason_names_the_one_that_matched(engine):
    codes = [r.code for r in engine.resolve_all("Maler und Lackierer / Tischler")]
    assert sorted(codes) == sorted([MALER, TISCHLER])
    both = slot(title="Maler und Lackierer / Tischler")
    tischler = only(engine, person(skills=["Tischler"]), both)
    maler = only(engine, person(skills=["Maler"]), both)
    assert occupation_reason(tischler) == ("occupation_same", {"wanted": "Tischler/in", "code": TISCHLER})
    assert occupation_reason(maler)[0] == "occupation_same" and occupation_reason(maler)[1]["code"] == MALER
    assert "Beruf passt: Tischler/in (KldB 22342)" in tischler.reasons


def test_the_occupation_a_text_names_first_ranks_before_one_it_names_after_it(bundled):
    """"Bestatter, davor Tischler": the first is what the person does. Both slots met exactly, and
    the closer text decided (a second occupation's slot came first for 82 of the 6,035 names written
    blind); now a slot for an occupation named after another in the same text counts NAMED_LATER,
    and its reason says so."""
    bestatter, tischler = slot("b", title="Bestatter/in"), slot("t", title="Tischler/in")
    ranked = bundled.rank_slots(person(skills=["Bestatter, davor Tischler"]), [tischler, bestatter], limit=2)
    assert [m.slot_id for m in ranked] == ["b", "t"]
    assert occupation_reason(ranked[0])[0] == "occupation_same"
    assert occupation_reason(ranked[1]) == ("occupation_named_later", {"wanted": "Tischler/in", "code": TISCHLER})
    assert "Beruf passt zu einer weiteren genannten Tätigkeit: Tischler/in (KldB 22342)" in ranked[1].reasons
    # From the slot's side, and in a whole city's run, alike.
    first = person("first", skills=["Tischler, davor Bestatter"])
    later = person("later", skills=["Bestatter, davor Tischler"])
    assert [m.candidate_id for m in bundled.rank_candidates(tischler, [later, first], limit=2)] == ["first", "later"]
    scores = {m.candidate_id: m.score for m in bundled.match_all([later, first], [tischler], min_score=0)}
    assert scores["first"] > scores["later"] == ranked[1].score


def test_every_occupation_named_first_leads(bundled):
    """Occupations in texts of their own, a confirmed code, and the two occupations one slot title
    names all lead: only a text's own later occupations count less (passed before: a guard)."""
    tischler = slot(title="Tischler/in")
    assert occupation_reason(only(bundled, person(skills=["Bestatter", "Tischler"]), tischler))[0] == "occupation_same"
    confirmed = person(skills=["Bestatter, davor Tischler"], occupation_codes=[TISCHLER])
    assert occupation_reason(only(bundled, confirmed, tischler))[0] == "occupation_same"
    both = slot(title="Maler und Lackierer / Tischler")
    assert occupation_reason(only(bundled, person(skills=["Tischler"]), both))[0] == "occupation_same"


# --- graded similarity ---------------------------------------------------------------


def test_related_occupations_score_partially_through_the_kldb_hierarchy(engine):
    """Maurer/in (32122): same Berufsgruppe 321 as the Helfer slot of the Hochbau and as Beton- und
    Stahlbetonbauer/in (32112); another Hauptgruppe than the Zimmerer (333)."""
    exact = only(engine, person(skills=["Maurer"]), slot(title="Maurer/in"))
    helper_slot = only(engine, person(skills=["Maurer"]), slot(title="Helfer/in - Hochbau"))
    related = only(engine, person(skills=["Maurer"]), slot(title="Beton- und Stahlbetonbauer/in"))
    assert exact is not None and helper_slot is not None and related is not None
    assert exact.score > helper_slot.score > related.score > 0
    assert occupation_reason(exact) == ("occupation_same", {"wanted": "Maurer/in", "code": MAURER})
    assert occupation_reason(helper_slot) == ("occupation_helper", {"own": "Maurer/in",
                                                                    "wanted": "Helfer/in - Hochbau", "code": "321"})
    assert occupation_reason(related) == ("occupation_gruppe", {"own": "Maurer/in",
                                                                "wanted": "Beton- und Stahlbetonbauer/in",
                                                                "code": "321"})
    assert related.reasons[0] == ("Verwandter Beruf in derselben Berufsgruppe: Maurer/in zu "
                                  "Beton- und Stahlbetonbauer/in (KldB 321…)")


def test_the_same_hauptgruppe_scores_less_than_the_same_gruppe(engine):
    gruppe = only(engine, person(skills=["Koch"]), slot(title="Küchenfachkraft"))
    haupt = only(engine, person(skills=["Koch"]), slot(title="Bäcker/in"))
    assert gruppe is not None and haupt is not None and gruppe.score > haupt.score
    assert occupation_reason(haupt) == ("occupation_hauptgruppe", {"own": "Koch/Köchin", "wanted": "Bäcker/in",
                                                                   "code": "29"})


def test_unrelated_occupations_do_not_match(engine):
    assert only(engine, person(skills=["Bäcker"]), slot(title="Kraftfahrzeugmechatroniker/in")) is None
    assert only(engine, person(skills=["Maurer"]), slot(title="Zimmerer/in")) is None


def test_text_outside_any_list_still_ranks_by_trigram_likeness(engine):
    assert engine.resolve_all("Glasreinigerzunft") == ()
    match = only(engine, person(skills=["Glasreinigerzunft"]), slot(title="Glasreiniger (m/w/d)"))
    assert match is not None and match.reason_codes[0][0] == "title_similar"
    assert match.reason_codes[0][1]["title"] == "Glasreiniger (m/w/d)"
    assert "Stellenbezeichnung „Glasreiniger (m/w/d)“" in match.reasons[0]
    # The closer title ranks first, whatever the ids say.
    ranked = engine.rank_slots(person(skills=["Glasreinigerzunft"]),
                               [slot("a", title="Gebäudereiniger (m/w/d)"), slot("b", title="Glasreiniger (m/w/d)")])
    assert [m.slot_id for m in ranked] == ["b", "a"] and ranked[0].score > ranked[1].score


def test_text_on_neither_list_meets_text_on_neither_list(engine):
    assert engine.resolve_all("Escape-Room-Betreuung") == ()
    match = only(engine, person(skills=["Escape-Room-Betreuung"]), slot(title="Escape-Room-Betreuung"))
    assert match is not None and match.reason_codes[0][0] == "title_similar"


def test_ties_between_slots_of_one_code_are_broken_by_the_likeness_of_the_title_not_by_id(engine):
    assert engine.resolve("Maler/in").code == engine.resolve("Bauten- und Objektbeschichter/in").code
    # The better-fitting title has the higher id, so an id tie-break would put it second.
    slots = [slot("a", title="Bauten- und Objektbeschichter/in"), slot("b", title="Maler/in")]
    ranked = engine.rank_slots(person(skills=["Maler"]), slots)
    assert [m.slot_id for m in ranked] == ["b", "a"]
    assert ranked[0].score >= ranked[1].score
    assert [occupation_reason(m)[0] for m in ranked] == ["occupation_same", "occupation_same"]
    # The same from the other side: two people of one code, the closer text first.
    people = [person("a", skills=["Objektbeschichter"]), person("b", skills=["Maler"])]
    assert [m.candidate_id for m in engine.rank_candidates(slot(title="Maler/in"), people)] == ["b", "a"]


# --- confirmed codes -----------------------------------------------------------------


def test_a_confirmed_slot_code_beats_the_guess_from_the_title(engine):
    confirmed = slot(title="Koch", occupation_code=BAECKER)
    baecker = only(engine, person(skills=["Bäcker"]), confirmed)
    koch = only(engine, person(skills=["Koch"]), confirmed)
    assert occupation_reason(baecker) == ("occupation_same", {"wanted": "Bäcker/in", "code": BAECKER})
    assert koch is None or occupation_reason(koch)[0] != "occupation_same"
    assert koch is None or koch.score < baecker.score
    # Without the confirmed code, the title decides.
    assert occupation_reason(only(engine, person(skills=["Koch"]), slot(title="Koch")))[0] == "occupation_same"


def test_a_candidates_confirmed_codes_count(engine):
    assert only(engine, person(skills=[]), slot(title="Bäcker/in")) is None
    match = only(engine, person(skills=[], occupation_codes=(BAECKER,)), slot(title="Bäcker/in"))
    assert match is not None and match.score >= 50
    assert occupation_reason(match) == ("occupation_same", {"wanted": "Bäcker/in", "code": BAECKER})


# --- skills --------------------------------------------------------------------------


def test_skills_add_to_the_fit_and_are_named(engine):
    with_skill = only(engine, person(skills=["Anstreicher", "Gabelstaplerschein"]),
                      slot(skills=["Staplerschein", "Teig kneten"]))
    without = only(engine, person(skills=["Anstreicher"]), slot(skills=["Staplerschein", "Teig kneten"]))
    assert with_skill.score > without.score
    assert ("skills_brought", {"count": 1, "total": 2, "names": ["Staplerschein"]}) in with_skill.reason_codes
    assert "Bringt 1 von 2 gewünschten Fähigkeiten mit: Staplerschein" in with_skill.reasons


def test_all_required_skills_without_an_occupation_reach_a_proposal(engine):
    four = ["Teig kneten", "Staplerschein", "Word", "Führerschein Klasse B"]
    # Everything else as unfavourable as still admissible: another kind wanted, another district, late.
    candidate = person(skills=four, desired_kinds=["praktikum"], districts=["Hochfeld"],
                       available_from=date(2028, 1, 1))
    target = slot(title="Bäcker/in", skills=four, district="Marxloh", start=TODAY)
    match = only(engine, candidate, target)
    assert match is not None and match.score >= 50
    assert occupation_reason(match) is None
    brought = [params for code, params in match.reason_codes if code == "skills_brought"]
    assert brought and brought[0]["count"] == brought[0]["total"] == 4 and set(brought[0]["names"]) == set(four)
    assert [m.score for m in engine.match_all([candidate], [target], min_score=50)] == [match.score]


@pytest.mark.parametrize(("has", "asked"), [("Führerschein CE", "Führerschein Klasse B"),
                                            ("Führerschein C", "Führerschein B"),
                                            ("MS Office", "Word"), ("Microsoft Office", "Excel")])
def test_a_higher_licence_or_a_suite_satisfies_what_it_contains(engine, has, asked):
    match = only(engine, person(skills=[has]), slot(title="Bäcker/in", skills=[asked]))
    assert match is not None and match.score >= 50
    brought = [params for code, params in match.reason_codes if code == "skills_brought"]
    assert brought and brought[0]["count"] == brought[0]["total"] == 1


@pytest.mark.parametrize(("has", "asked"), [("Führerschein B", "Führerschein Klasse CE"), ("Word", "MS Office")])
def test_a_lesser_licence_or_a_part_does_not_satisfy_the_whole(engine, has, asked):
    assert only(engine, person(skills=[has]), slot(title="Bäcker/in", skills=[asked])) is None


# --- language, permit, district, kind, availability ----------------------------------


def test_language_at_the_minimum_fits(engine):
    match = only(engine, person(german="A2"), slot(min_german="A2"))
    assert ("language_met", {"german": "A2", "minimum": "A2"}) in match.reason_codes
    assert "Deutsch A2 erfüllt das Minimum A2" in match.reasons


def test_one_level_below_fits_where_the_workplace_supports_german_and_says_so(engine):
    supported = only(engine, person(german="A2"), slot(min_german="B1", support=True))
    met = only(engine, person(german="B1"), slot(min_german="B1", support=True))
    assert supported is not None and supported.score < met.score
    assert ("language_one_below", {"german": "A2", "minimum": "B1"}) in supported.reason_codes
    assert any("eine Stufe unter dem Minimum" in r and "fördert Deutschlernen" in r for r in supported.reasons)


@pytest.mark.parametrize(("german", "support"), [("A2", False), ("A1", True), ("A1", False)])
def test_further_below_or_without_support_is_excluded(engine, german, support):
    assert only(engine, person(german=german), slot(min_german="B1", support=support)) is None


def test_no_work_permit_excludes_and_consent_needed_is_said(engine):
    assert only(engine, person(work_permit="nicht_erlaubt"), slot()) is None
    needed = only(engine, person(work_permit="zustimmung"), slot())
    free = only(engine, person(), slot())
    assert needed.score < free.score
    assert ("permit_consent", {}) in needed.reason_codes
    assert "Für die Beschäftigung ist die Zustimmung der Ausländerbehörde nötig" in needed.reasons


def test_districts_rank_same_ortsteil_then_stadtbezirk_then_other(engine):
    def score(district):
        return only(engine, person(districts=["Marxloh"]), slot(district=district)).score

    assert score("Marxloh") > score("Neumühl") > score("Hochfeld")
    whole = only(engine, person(districts=["Hamborn"]), slot(district="Neumühl"))
    assert ("district_whole_bezirk", {"district": "Neumühl", "bezirk": "Hamborn"}) in whole.reason_codes
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
    assert ("available_later", {"date": "01.06.2027"}) in late.reason_codes
    assert "Erst ab 01.06.2027 verfügbar" in late.reasons


# --- reasons -------------------------------------------------------------------------


def test_reasons_render_identically_from_their_codes_also_after_storing_them(engine):
    people = [person("c1", german="A2", work_permit="zustimmung", desired_kinds=["praktikum"],
                     districts=["Hamborn"], available_from=date(2027, 6, 1)),
              person("c2", skills=["Maurer", "Gabelstaplerschein"], work_permit="ungeklaert"),
              person("c3", skills=["Glasreinigerzunft", "MS Office"], districts=["Irgendwo"]),
              person("c4", skills=[], occupation_codes=(BAECKER,), desired_kinds=["ausbildung"])]
    slots = [slot("s1", min_german="B1", support=True, district="Neumühl", start=date(2027, 1, 1),
                  skills=["Streichen", "Staplerschein"]),
             slot("s2", title="Beton- und Stahlbetonbauer/in", skills=["Staplerschein", "Word"], district="Mitte"),
             slot("s3", title="Glasreiniger (m/w/d)", skills=["Word"]),
             slot("s4", title="Bäcker/in", kind="ausbildung")]
    matches = list(engine.match_all(people, slots, min_score=0))
    seen = set()
    assert len(matches) >= 4
    for match in matches:
        codes = match.reason_codes
        assert codes and all(code in TEMPLATES for code, _ in codes)
        assert match.reasons == [render(code, params) for code, params in codes]
        stored = json.loads(json.dumps(codes))  # what the app keeps
        assert [render(code, params) for code, params in stored] == match.reasons
        seen.update(code for code, _ in codes)
    assert {"occupation_gruppe", "occupation_same", "title_similar", "skills_brought", "language_one_below",
            "district_whole_bezirk", "kind_other", "available_later", "permit_consent", "permit_unclear"} <= seen


def test_stored_reason_text_is_the_reason_codes_for_every_match_of_a_run(engine):
    people = [person(f"c{n}", german=german, work_permit=permit, desired_kinds=kinds, districts=districts,
                     skills=skills, available_from=available)
              for n, (german, permit, kinds, districts, skills, available) in enumerate([
                  ("A2", "zustimmung", ["praktikum"], ["Hamborn"], ["Bäcker", "MS Office"], date(2027, 6, 1)),
                  ("B1", "ungeklaert", [], [], ["Maurer", "Gabelstaplerschein"], None),
                  ("B2", "erlaubt", ["ausbildung"], ["Neumühl"], ["Glasreinigerzunft"], date(2026, 12, 10)),
                  ("C1", "erlaubt", ["helfer"], ["Irgendwo"], ["Maler", "Word"], None)])]
    slots = [slot("s1", min_german="B1", support=True, district="Neumühl", start=date(2027, 1, 1),
                  skills=["Streichen", "Staplerschein"]),
             slot("s2", title="Beton- und Stahlbetonbauer/in", skills=["Staplerschein", "Word"], district="Mitte"),
             slot("s3", title="Glasreiniger (m/w/d)", skills=["Word"]),
             slot("s4", title="Bäcker/in", kind="ausbildung"),
             slot("s5", title="Maler und Lackierer / Tischler", kind="helfer", district="Hamborn")]
    texts = [match.reason_json for match in engine.match_all(people, slots, min_score=0)]
    codes = [match.reason_codes for match in engine.match_all(people, slots, min_score=0)]
    assert len(texts) == len(codes) >= 10
    # The text made once per distinct reason is the JSON of each match's own codes.
    assert [json.loads(text) for text in texts] == [json.loads(json.dumps(c)) for c in codes]


def test_reasons_remembered_for_many_pairs_are_handed_out_as_copies(engine):
    people = [person("c1", skills=["Bäcker"]), person("c2", skills=["Bäcker"])]
    first, second = engine.match_all(people, [slot("s1", title="Bäcker/in", district="Neumühl")], min_score=0)
    params = dict(first.reason_codes)["language_met"]
    params["german"] = "X9"
    assert dict(second.reason_codes)["language_met"]["german"] == "B1"
    again = next(iter(engine.match_all(people[:1], [slot("s1", title="Bäcker/in", district="Neumühl")], 0)))
    assert dict(again.reason_codes)["language_met"]["german"] == "B1"


def test_a_match_built_from_reason_codes_equals_the_engines(engine):
    found = only(engine, person(), slot())
    rebuilt = Match(found.slot_id, found.candidate_id, found.score, list(found.reason_codes))
    assert rebuilt == found and rebuilt.reasons == found.reasons


# --- interface -----------------------------------------------------------------------


def test_origin_age_gender_and_name_are_not_inputs():
    assert {f.name for f in dataclass_fields(CandidateSpec)} == {
        "id", "skills", "german", "desired_kinds", "districts", "available_from", "work_permit", "occupation_codes"}
    banned = {"origin", "nationality", "country", "age", "birth", "born", "gender", "sex", "name", "religion"}
    for spec in (CandidateSpec, SlotSpec):
        assert not banned & {word for f in dataclass_fields(spec) for word in f.name.split("_")}, spec.__name__


def test_rank_slots_is_best_first_limited_and_deterministic(engine):
    slots = [slot("b", district="Hochfeld"), slot("a", district="Hochfeld"), slot("c", district="Marxloh"),
             slot("d", title="Koch")]
    first = engine.rank_slots(person(districts=["Marxloh"]), slots, limit=2)
    again = engine.rank_slots(person(districts=["Marxloh"]), engine.pool(slots), limit=2)
    assert [m.slot_id for m in first] == ["c", "a"] == [m.slot_id for m in again]
    assert first == again


def test_rank_candidates_and_match_all_agree(engine):
    slots = [slot("s1"), slot("s2", title="Koch", kind="helfer")]
    people = [person("c1"), person("c2", skills=["Küchenfachkraft"]), person("c3", skills=["Bäcker"]),
              person("c4", skills=["Kraftfahrzeugmechatroniker"])]
    everything = {(m.slot_id, m.candidate_id): m.score for m in engine.match_all(people, slots, min_score=0)}
    # c3 (Bäcker) meets the Koch slot only in the Hauptgruppe 29; c4 meets neither slot.
    assert set(everything) == {("s1", "c1"), ("s2", "c2"), ("s2", "c3")}
    assert everything[("s2", "c2")] > everything[("s2", "c3")]
    pool = engine.pool(people)
    for the_slot in slots:
        ranked = [(m.candidate_id, m.score) for m in engine.rank_candidates(the_slot, pool)]
        assert ranked == sorted(((c, s) for (sid, c), s in everything.items() if sid == the_slot.id),
                                key=lambda pair: -pair[1])
    proposed = {(m.slot_id, m.candidate_id) for m in engine.match_all(people, slots)}
    assert proposed == {pair for pair, score in everything.items() if score >= 50}


def test_scores_stay_between_0_and_100_and_weights_live_in_one_place(engine):
    w = Weights()
    assert w.fit + w.language_met + max(w.district_same, w.district_whole_bezirk) + w.kind_wanted + w.available == 100
    match = only(engine, person(skills=["Maler und Lackierer", "Wände streichen"], districts=["Marxloh"],
                                desired_kinds=["ausbildung"]),
                 slot(title="Maler und Lackierer", district="Marxloh", skills=["Streichen"]))
    assert match.score == 100.0
    people = [person(f"c{n}", skills=skills, german=german, districts=districts, work_permit=permit)
              for n, (skills, german, districts, permit) in enumerate(
                  [(s, g, d, p) for s in (["Maler", "Wände streichen"], ["Glasreinigerzunft"], ["Koch"], ["Word"])
                   for g in ("A2", "C2") for d in ((), ("Marxloh",)) for p in ("erlaubt", "ungeklaert")])]
    slots = [slot("s1", district="Marxloh", skills=["Streichen"]), slot("s2", title="Glasreiniger", support=True),
             slot("s3", title="Koch", kind="helfer", skills=["Word"])]
    scores = [m.score for m in engine.match_all(people, slots, min_score=0)]
    assert scores and all(0.0 <= s <= 100.0 for s in scores)


def test_weights_change_the_score_from_their_one_place(engine):
    # The same vocabulary object, so the occupation index built for the fixture is reused.
    lighter = MatchEngine(vocabulary=engine.vocabulary, districts=DISTRICTS, today=TODAY,
                          weights=Weights(language_met=0.0))
    assert only(engine, person(), slot()).score - only(lighter, person(), slot()).score == pytest.approx(
        Weights().language_met)


def test_the_normaliser_gives_one_key_for_every_spelling():
    normaliser = Normaliser({"kfz": "Kraftfahrzeug"})
    assert normaliser.keys("KFZ-Mechaniker")[1] == normaliser.keys("Kraftfahrzeugmechaniker")[1]
    assert normaliser.keys("Fachverkäufer im Lebensmittelhandwerk, Bäckerei")[0] == \
        "fachverkaeufer lebensmittelhandwerk baeckerei"


def test_the_slot_side_shortcut_scores_exactly_like_the_candidate_side(engine):
    """rank_candidates for one slot against many profiles takes an inverted-index path."""
    people = [person(f"c{n}", skills=[text], german=level, districts=districts, desired_kinds=kinds)
              for n, (text, level, districts, kinds) in enumerate(
                  [(t, g, d, k)
                   for t in ("Anstreicher", "Objektbeschichter", "Trockenbauer", "Glasreinigerzunft", "Koch")
                   for g in ("A1", "B1") for d in ((), ("Marxloh",)) for k in ((), ("praktikum",))])]
    target = slot(title="Maler/in", skills=["Streichen", "Glasreinigung"], min_german="A2", support=True,
                  district="Neumühl")
    shortcut = {(m.candidate_id, m.score, tuple(m.reasons)) for m in
                engine.rank_candidates(target, engine.pool(people), limit=len(people))}
    direct = {(m.candidate_id, m.score, tuple(m.reasons)) for m in engine.match_all(people, [target], min_score=0)}
    assert len(people) > 8 and shortcut == direct and len(direct) >= 10


def test_match_all_in_blocks_and_threads_gives_every_pair_once_as_one_at_a_time_would(engine, monkeypatch):
    from matchmaker.matching import engine as engine_module

    titles = ["Maler und Lackierer (m/w/d)", "Bäcker/in", "Koch/Köchin", "Reinigungskraft", "Fliesenleger"]
    slots = [slot(sid=f"s{n}", title=titles[n % len(titles)]) for n in range(6)]
    people = [person(cid=f"c{n}", skills=(titles[(n * 2) % len(titles)], "Führerschein B")) for n in range(11)]
    expected = sorted((m.candidate_id, m.slot_id, m.score) for p in people
                      for m in engine.match_all([p], slots, min_score=40))
    monkeypatch.setattr(engine_module, "BLOCK_ROWS", 2)  # six blocks of two, the last of one
    found = [(m.candidate_id, m.slot_id, m.score) for m in engine.match_all(people, slots, min_score=40)]
    assert expected and sorted(found) == expected
    assert [c for c, _, _ in found] == sorted((c for c, _, _ in found), key=lambda c: int(c[1:]))  # blocks in order


def test_match_all_looks_only_at_slots_that_admit_a_blocks_german_and_finds_what_ranking_each_person_finds(
        engine, monkeypatch):
    """match_all scores people in blocks by German level, each block against the slots that admit
    its best German (one level below where the workplace supports learning it), and leaves out
    people who may not work: every pair that ranking each person against every slot proposes,
    with the same score and reasons, and no other."""
    import random

    from matchmaker.matching import engine as engine_module
    from matchmaker.matching.specs import KINDS, LEVELS, PERMITS

    rng = random.Random(11)
    titles = ["Maler und Lackierer", "Bäcker/in", "Koch", "Reinigungskraft", "Bauhelfer", "Lagerhelfer", "Konditor"]
    slots = [slot(sid=f"s{n}", title=rng.choice(titles), kind=rng.choice(KINDS), min_german=rng.choice(LEVELS),
                  support=rng.random() < 0.5, skills=rng.sample(["Führerschein B", "Word", "Staplerschein"],
                                                                rng.randint(0, 2))) for n in range(60)]
    people = [person(cid=f"c{n}", skills=(rng.choice(titles), rng.choice(["Word", "Staplerschein", "Spülen"])),
                     german=rng.choice(LEVELS), work_permit=rng.choice(PERMITS)) for n in range(40)]
    monkeypatch.setattr(engine_module, "BLOCK_ROWS", 3)  # blocks of mixed levels too
    found = [(m.candidate_id, m.slot_id, m.score, tuple(m.reasons)) for m in engine.match_all(people, slots, 30)]
    each = [(m.candidate_id, m.slot_id, m.score, tuple(m.reasons)) for p in people
            for m in engine.rank_slots(p, slots, limit=len(slots)) if m.score >= 30]
    assert sorted(found) == sorted(each) and len(found) > 100
    assert {p.german for p in people if any(c == p.id for c, *_ in found)} == set(LEVELS)
    assert not any(c == p.id for p in people if p.work_permit == "nicht_erlaubt" for c, *_ in found)
    levels = [LEVELS.index(next(p.german for p in people if p.id == c)) for c, *_ in found]
    assert levels == sorted(levels)  # blocks by German level, the beginners first


def test_ranking_drops_hopeless_pairs_early_but_returns_what_scoring_every_pair_would(engine, monkeypatch):
    import random

    from matchmaker.matching import engine as engine_module
    from matchmaker.matching.specs import KINDS, LEVELS

    rng = random.Random(7)
    titles = ["Maler und Lackierer", "Bäcker/in", "Koch", "Reinigungskraft", "Fliesenleger", "Bauhelfer",
              "Lagerhelfer", "Verkäuferin", "Kfz-Mechaniker", "Elektriker", "Malerhelfer", "Konditor"]
    places = [None, *DISTRICTS]
    slots = [slot(sid=f"s{n}", title=rng.choice(titles), kind=rng.choice(KINDS), min_german=rng.choice(LEVELS[:4]),
                  support=rng.random() < 0.5, district=rng.choice(places), skills=rng.sample(["Führerschein B",
                  "Word", "Staplerschein", "Teig kneten"], rng.randint(0, 2))) for n in range(150)]
    people = [person(cid=f"c{n}", skills=(rng.choice(titles), rng.choice(["Word", "Staplerschein", "Spülen"])),
                     german=rng.choice(LEVELS[1:5]), desired_kinds=rng.sample(KINDS, rng.randint(0, 2)),
                     districts=rng.sample(list(DISTRICTS), rng.randint(0, 2)),
                     work_permit=rng.choice(["erlaubt", "zustimmung", "ungeklaert"])) for n in range(25)]

    def ranked():
        return [[(m.slot_id, m.score) for m in engine.rank_slots(p, slots, limit=5)] for p in people] + \
            [[(m.candidate_id, m.score) for m in engine.rank_candidates(s, people, limit=3)] for s in slots[:40]]

    pruned = ranked()
    original = engine_module.score_block
    monkeypatch.setattr(engine_module, "score_block", lambda *args, top=None, **kwargs: original(*args, **kwargs))
    assert pruned == ranked()
    assert sum(len(found) for found in pruned) > 150


def test_district_bits_hold_more_than_64_districts_and_unknown_ones_are_never_members():
    import numpy as np

    from matchmaker.matching.features import _bit_words
    from matchmaker.matching.scoring import _member

    words = _bit_words(np.array([0, 0, 0, 0, 2]), np.array([0, 63, 64, 130, 5]), 3, 131)
    rows = np.array([0, 0, 0, 0, 0, 1, 2, 2, 0, 0])
    cols = np.array([0, 63, 64, 130, 1, 64, 5, 6, 500, -1])
    assert _member(words, rows, cols).tolist() == [True, True, True, True, False, False, True, False, False, False]


def test_a_large_pool_prepared_in_two_processes_is_the_pool_one_process_prepares(engine, monkeypatch):
    """A large pool's second half is read and prepared in a forked copy: districts nobody knew
    (numbered as they come) and texts both halves share included, the split must change nothing."""
    from matchmaker.matching import features

    texts = ["Anstreicher", "Maler/in", "KOCH", "Glasreinigerzunft", "Wände streichen", "Führerschein CE",
             "Kochhilfe", "Malerhelfer", "Staplerschein", "hab auf dem Bau gearbeitet", "Excel", "Reinigung"]
    places = ["Neudorf-Nord", "Nirgendwo", "Hochfeld", "Irgendwo-Süd", None]
    people = [person(f"c{n}", skills=[text, texts[(n + 3) % len(texts)]],
                     districts=[place for place in places[n % 3:][:2] if place]) for n, text in enumerate(texts * 3)]
    # A district and a text known to the second halves only
    people[-1] = replace(people[-1], districts=["Ganz-Woanders", "Hochfeld"], skills=["Fliesenleger", "Excel"])
    # Written otherwise than the people's texts: new texts, so that the slots' pool is split too.
    slots = [slot(f"s{n}", title=f"{text} (m/w/d)", skills=[texts[(n + 5) % len(texts)].lower()],
                  district=places[n % len(places)]) for n, text in enumerate(texts * 2)]
    slots[-1] = replace(slots[-1], district="Sonstwo", title="Dachdeckerin")
    halves = []

    class Counted(features.ProcessPoolExecutor):
        def submit(self, fn):
            halves.append(len(features._FORKED[2][0]))  # the items the forked copy is given
            return super().submit(fn)

    monkeypatch.setattr(features, "ProcessPoolExecutor", Counted)

    def run(limit: int) -> tuple:
        monkeypatch.setattr(features, "PARALLEL_TEXTS", limit)
        fresh = MatchEngine(vocabulary=engine.vocabulary, districts=DISTRICTS, today=TODAY)
        candidate_pool, slot_pool = fresh.pool(people), fresh.pool(slots)
        found = [(m.slot_id, m.candidate_id, m.score, tuple(m.reasons))
                 for m in fresh.match_all(candidate_pool, slot_pool, 0)]
        matrices = [pool.occupations.text for pool in (candidate_pool, slot_pool)] + [
            candidate_pool.features, candidate_pool.said, slot_pool.required,
            *candidate_pool.occupations.depth.values(), *slot_pool.occupations.depth.values()]
        arrays = [candidate_pool.listed, candidate_pool.bezirke, slot_pool.district, slot_pool.bezirk,
                  candidate_pool.occupations.haupt, slot_pool.occupations.helper, slot_pool.stated]
        return (found, [(m.indptr.tolist(), m.indices.tolist(), m.data.tolist()) for m in matrices],
                [a.tolist() for a in arrays], candidate_pool.occupations.resolutions,
                slot_pool.occupations.resolutions, fresh.index.districts,
                dict(fresh._resolved), fresh.mapper.known(fresh._resolved))  # what the forked copy read is kept

    split = run(2)
    forked = [size - features.parent_share(size) for size in (len(people), len(slots))]
    assert halves == forked  # one fork per pool
    assert split == run(10**9) and split[0]


def test_a_city_whose_two_sides_are_prepared_in_two_processes_gets_the_same_matches(engine, monkeypatch):
    """match_all on plain lists prepares the slots in a forked copy while this process prepares
    the people: districts nobody knew (numbered as they come) and texts both sides share included,
    the matches, their reasons, the districts' numbers and what the engine has read afterwards are
    those of one process."""
    from matchmaker.matching import features

    texts = ["Anstreicher", "Maler/in", "KOCH", "Wände streichen", "Führerschein CE", "Kochhilfe", "Malerhelfer",
             "Staplerschein", "hab auf dem Bau gearbeitet", "Excel", "Reinigung", "Elektroniker 26111"]
    places = ["Neudorf-Nord", "Nirgendwo", "Hochfeld", "Irgendwo-Süd", None]
    people = [person(f"c{n}", skills=[text, texts[(n + 3) % len(texts)]],
                     districts=[place for place in places[n % 3:][:2] if place]) for n, text in enumerate(texts * 2)]
    slots = [slot(f"s{n}", title=text, skills=[texts[(n + 5) % len(texts)]], district=places[(n + 1) % len(places)])
             for n, text in enumerate(texts)]
    forks = []

    class Counted(features.ProcessPoolExecutor):
        def submit(self, fn):
            forks.append(features._FORKED[1].__name__)
            return super().submit(fn)

    monkeypatch.setattr(features, "ProcessPoolExecutor", Counted)

    def run(limit: int):
        monkeypatch.setattr(features, "PARALLEL_TEXTS", limit)
        fresh = MatchEngine(vocabulary=engine.vocabulary, districts=DISTRICTS, today=TODAY)
        found = [(m.slot_id, m.candidate_id, m.score, tuple(m.reasons)) for m in fresh.match_all(people, slots, 0)]
        return found, fresh.index.districts, dict(fresh._resolved), fresh.mapper.known(fresh._resolved)

    split = run(2)
    assert forks == ["_pool_in_child"]  # one fork, for the slots; the people's pool not split again
    assert split == run(10**9) and split[0]


def test_the_fuzzy_pass_finds_each_texts_best_alias_as_comparing_it_with_every_alias_would():
    """`_best_of` compares a text only with aliases of a length that can reach the cutoff: the
    best score and the first alias scoring it are those of cdist over all aliases, ties included."""
    import random

    import numpy as np
    from rapidfuzz import fuzz
    from rapidfuzz.process import cdist

    from matchmaker.matching.mapping import FUZZY_CUTOFF, _best_of, _Lengths

    aliases = ["koch", "kochen", "backen", "baecker", "baeckerin", "maler", "maler lackierer", "lackieren",
               "staplerschein", "gabelstapler fahren", "fenster putzen", "putzen", "reinigung", "ms office",
               "excel", "word", "kassieren", "kasse", "lager", "lagerarbeit", "kommissionieren", "schweissen",
               "mag schweissen", "wig schweissen", "fuehrerschein ce", "fuehrerschein b", "erste hilfe"]
    rng = random.Random(3)
    texts = []
    for _ in range(600):  # slips, ends added and cut, two aliases run together, strings of any length
        a, b = rng.choice(aliases), rng.choice(aliases)
        k = rng.randrange(len(a))
        noise = "".join(rng.choice("abcdefgh ") for _ in range(rng.randrange(1, 40)))
        texts.append(rng.choice([a, a[:k] + a[k + 1:], a[:k] + "x" + a[k:], a + "en", a[:k] or "x", f"{a} {b}",
                                 a.replace(" ", ""), noise]))
    for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
        every = cdist(texts, aliases, scorer=scorer, score_cutoff=FUZZY_CUTOFF, workers=1)
        top, at = _best_of(texts, _Lengths(aliases), scorer, 1)
        assert (every.max(axis=1) > 0).sum() > 100  # many texts meet an alias
        assert np.array_equal(top, every.max(axis=1))
        assert np.array_equal(at, every.argmax(axis=1))


# -- the seventh round of names written blind -----------------------------------------------------

@pytest.mark.parametrize(("text", "code"), [
    ("Elektroingenieur in der Entwicklung (Hardware)", "26304"),  # was nothing
    ("Elektroingenieur in der Entwicklung", "26304"),  # was an Elektrotechniker/in, likened without the role
    ("Facharzt für Innere Medizin", "81424"),  # passed before: a title of the list as it stands
])
def test_a_role_the_list_names_only_with_fields_names_its_group(bundled, text, code):
    """"Elektroingenieur/in" stands in the list only before a field ("- Energietechnik", "- Elektronik"),
    and most of those titles are one group: a text naming the role and a field the list does not
    names that group's commonest code."""
    assert bundled.resolve(text).code == code


@pytest.mark.parametrize(("text", "code"), [
    ("Hilfsarbeiter in Porzellanfabrik", "21411"),  # were nothing
    ("Helfer in Plastikfabrik (Plastiktüten)", "22101"),
    ("am Fließband in einer Textilfabrik", "28101"),  # was only the generic Fließbandarbeiter/in
    ("Reifenfabrik", "22101"),  # was an Automobilkaufmann/-frau: a factory sells nothing
])
def test_a_factory_named_for_its_goods_is_its_fields_helper(bundled, text, code):
    assert bundled.resolve(text).code == code


def test_a_factorys_line_work_is_its_fields_helper_and_two_jobs_stay_two(bundled):
    # Was the generic Fließbandarbeiter/in first and the food helper second.
    assert [r.code for r in bundled.resolve_all("fließband in konservenfabrik")] == ["29201"]
    # A guard (passed before): production and a kitchen are two jobs.
    assert [r.code for r in bundled.resolve_all("Produktion und Küche")] == ["25101", "29301"]


@pytest.mark.parametrize(("text", "same_as"), [
    ("Kfz-Mech. in einer freien Werkstatt", "Kfz-Mechaniker"),  # were nothing
    ("Industriekfm. bei Thyssen", "Industriekaufmann"),
    ("BTA in einem Forschungslabor", "Biologisch-technische/r Assistent/in"),
    ("Stfa beim Steuerberater", "Steuerfachangestellte"),  # was the Steuerberater/in
])
def test_a_title_cut_short_or_abbreviated_before_where_it_was_worked(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "code"), [
    ("Polizeiobermeister, Schutzpolizei (mittlerer Dienst)", "53212"),  # was an Obermeister/in (Industrie)
    ("Polizeihauptkommissar", "53213"),  # was nothing
    ("Industrieobermeister", "27393"),  # passed before: no civil servant
])
def test_a_civil_servants_rank_with_ober_or_haupt_says_the_level(bundled, text, code):
    assert bundled.resolve(text).code == code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Head of HR", "Personalleiter"),  # were nothing
    ("Head of Marketing", "Marketingleiter"),
    ("Head of Sales", "Vertriebsleiter"),
    ("Leiter einer Verkaufsstelle für Sportartikel", "Verkaufsstellenleiter"),  # a leader's place before its goods
    ("Rektor einer Grundschule", "Schulleiter/in - allgemeinbildende Schulen"),  # our layer from here
    ("Studienrat (m/w/d) – Lehramt an Gymnasien", "Gymnasiallehrer"),
    ("Decksmann/Decksfrau", "Matrose"),  # was a Binnenschiffer/in
    ("Techniker für Windkraftanlagen", "Techniker/in - Windenergietechnik"),
    ("Medizinischer Technologe für Radiologie (m/w/d)", "Medizinisch-technische/r Radiologieassistent/in"),
    ("SAP-Berater (ERP-Consultant)", "ERP-Berater/in - ERP-Consultant"),
])
def test_leaders_in_english_and_titles_the_list_writes_otherwise(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "code"), [
    ("Verkäufer Autoteile / Reifen (m/w/d)", "62272"),  # were any Verkäufer/in (62102)
    ("Fachverkäufer für Computer und Zubehör", "62242"),
    ("Verkauf im Handyladen, Verträge gemacht", "62242"),
    ("Verkäuferin in einem Kleidungsgeschäft", "62212"),
    ("Verkäufer im Elektromarkt", "62242"),  # was a seller of electrical installation goods
])
def test_goods_as_people_name_them_say_which_seller(bundled, text, code):
    assert bundled.resolve(text).code == code


def test_selling_and_another_activity_stay_two_jobs_and_a_title_beside_a_factory_says_the_work(bundled):
    """Guards: passed before."""
    assert [r.code for r in bundled.resolve_all("Verkauf und Möbel aufbauen")] == ["62102", "22342"]
    assert bundled.resolve("Nährerin Textilfabrik Istanbul").code == "28222"  # a misspelt Näherin
    assert bundled.resolve("Näherin in einer Textilfabrik").code == "28222"
    assert bundled.resolve("Erf. als Maler u. Lackierer (Heimatland)").code == "33212"  # "Erf." is no title


@pytest.mark.parametrize(("text", "code"), [
    ("Maschinenbediener Spritzguss", "22102"),  # were any Maschinenbediener/in (25122)
    ("Maschinenbediener (m/w/d) Kunststoffspritzguss", "22102"),
    ("Spritzgießmaschinenbediener/Spritzgießmaschinenbedienerin", "22102"),  # was a Gießmaschinenbediener/in
    ("Bediener von Extrusionsanlagen/Bedienerin von Extrusionsanlagen", "22102"),  # was nothing
    ("Maschinenbediener Holzverarbeitung", "22302"),  # passed before: the list's compound
])
def test_an_operator_in_a_field_named_by_its_work_does_that_work(bundled, text, code):
    assert bundled.resolve(text).code == code


def test_a_titles_own_feminine_form_is_no_typo(bundled):
    """"Logopädin" is a form the list writes for the Logopäde/Logopädin (was corrected to "Logopädie"
    and read, beside the Kindergarten, as a Kinderbetreuer/in)."""
    assert bundled.resolve("Logopädin im Kindergarten").code == "81733"


@pytest.mark.parametrize(("text", "same_as"), [
    # The eighth round's survey answers: were nothing, a Supporter/in (26382) or any Lehrer/in.
    ("Frontend Developer (React)", "Web-Entwickler"),
    ("Backend Developer Java", "Softwareentwickler"),
    ("QA Engineer (manual testing), EPAM", "Softwaretester"),
    ("Helpdesk / IT Support", "IT-Kundenbetreuer"),
    ("Advokat, eigene Kanzlei in Kischinau", "Rechtsanwalt"),
    ("FaMI Fachr. Bibliothek, Stadtbücherei", "Fachangestellte für Medien- und Informationsdienste"),
    ("SaZ 4 J. Bundeswehr, Mannschaftsdienstgrad", "Soldat auf Zeit"),
    ("Spritzgussmaschinen bestückt im Kunststoffwerk, angel., 3-Schicht", "Helfer/in - Kunststoff, Kautschuk"),
    ("DaF-Lehrerin in Integrationskursen (Honorarbasis)", "Fremdsprachenlehrer"),
    ("Deutschlehrerin DaF", "Fremdsprachenlehrer"),
])
def test_our_layer_knows_it_titles_in_english_and_caseworkers_abbreviations(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "code"), [
    ("Ingenieur Wasserwerk (Wodokanal)", "34314"),  # were nothing
    ("Ingenieur-Technologe Fertigungstechnik im Maschinenbauwerk", "27304"),
    ("Ingenieur KIPiA (Messtechnik und Automatisierung), Raffinerie Mosyr", "26124"),
    ("Ingenieur Fertigungstechnik", "27304"),  # passed before: a title of the list as it stands
])
def test_a_role_and_a_field_among_other_words_name_the_roles_title_for_it(bundled, text, code):
    assert bundled.resolve(text).code == code


@pytest.mark.parametrize(("text", "codes"), [
    ("Quality Engineer, Automobilzulieferer in Kaunas", ["27314"]),  # was a Maschinenbauingenieur and a Lieferer/in
    ("Lagerhelfer (m/w/d) – Quereinsteiger willkommen", ["51311"]),  # was a Lagerhelfer/in and a Steiger/in
])
def test_a_supplier_and_a_job_ads_welcome_name_no_occupation(bundled, text, codes):
    assert [r.code for r in bundled.resolve_all(text)] == codes


@pytest.mark.parametrize(("text", "same_as"), [
    # The ninth round's answers in learners' German, French and English: all were nothing or another job.
    ("agriculteur, ich hatte eigene farm mit kühe und mais in Guinea", "Landwirt"),
    ("plombier, Wasser Rohre und Bad installieren", "Anlagenmechaniker/in - Sanitär-, Heizungs- und Klimatechnik"),
    ("menuisier", "Tischler"),
    ("auf feld gearbeitet, tomaten und gurken ernten", "Helfer/in - Landwirtschaft"),
    ("Elektrika, Strom in Haus machen", "Elektriker"),
    ("arbeit in Kläranlage, abwasser", "Fachkraft - Abwassertechnik"),
    ("petroleum engineer bei Ölfirma in Basra", "Erdölingenieur"),
    ("SaZ 4 J. Bundeswehr, Mannschaftsdienstgrad", "Soldat auf Zeit"),  # through "Bundeswehr": "Saz" is a lute
    ("Solarmodule montieren", "Solarteur"),  # was a Montierer/in
])
def test_our_layer_knows_french_titles_and_newcomers_words_for_farming(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "same_as"), [
    ("musikinstrumente bauen (oud, saz)", "Musikinstrumentenbauer"),  # was nothing ("saz" no Soldat auf Zeit)
    ("Metall schleifen geernt in Italien", "Metallschleifer"),  # was nothing (a misspelt word after the verb)
    ("Pakete sortieren (6 Jare)", "Paketsortierer"),  # was any Sortierer/in, likened
])
def test_a_thing_and_a_verb_before_other_words_name_the_doer(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "codes"), [
    # the work first (it leads in scoring), the clerk after it
    ("Sachbearbeiterin Kreditoren", ["72213", "71302"]),  # was any Sachbearbeiter/in (71302) only
    ("Sachbearbeiterin Lohnbuchhaltung", ["72213", "71302"]),  # passed before
    ("ReNo-Fachangestellte", ["73112"]),  # were nothing, or a Heimleiter/in of social work
    ("Heimleitung Seniorenheim", ["82194"]),
])
def test_a_clerk_of_a_field_named_by_its_work_does_that_work_too(bundled, text, codes):
    assert [r.code for r in bundled.resolve_all(text)] == codes


def test_a_word_typed_without_its_umlauts_beside_a_place_says_the_work(bundled):
    # Was only the Restaurantfachmann/-frau of the place: "kuche" is "Küche" typed without its umlaut
    # (the place, after the work, is where it was done: no second occupation).
    assert [r.code for r in bundled.resolve_all("kuche helfen im Restaurant")] == ["29301"]


@pytest.mark.parametrize(("text", "codes"), [
    ("Kurierfahrer Paketdienst (Sprinter, Subunternehmer DPD), ca. 2 J.", ["52182"]),  # and a Subunternehmer/in
    ("Lehrerin für Grundklassen", ["84114"]),  # was any Lehrer/in
    ("Feldscher, Schnelle Hilfe (Rettungsdienst) Gomel", ["81342"]),  # was nothing
    ("in einer Kanzlei gearbeitet", ["73112"]),  # was a Kanzler/in (Hochschule), likened
])
def test_the_eighth_rounds_words_for_employment_and_titles_of_the_former_soviet_union(bundled, text, codes):
    assert [r.code for r in bundled.resolve_all(text)] == codes


@pytest.mark.parametrize(("text", "codes"), [
    ("Fliesen verlegt in Bädern, ohne Ausbildung", ["33101"]),  # was the Fliesenleger/in
    ("in einer Bäckerei Teig geknetet, war Helfer", ["29201"]),  # was the Bäcker/in
    ("Maurer, nicht gelernt, nur mitgeholfen", ["32101"]),  # was the Maurer/in
    ("Küche, ohne Berufsausbildung", ["29301"]),  # and a Berufsausbilder/in
    ("Kieferorthopädische Helferin", ["81112"]),  # passed before: a title of the list as it stands
    ("Helfer/in - Elektroinstallation", ["26301"]),  # passed before: a title of the list as it stands
    ("Arzthelferin", ["81102"]),  # passed before: a helper's ending is no helper said in words
])
def test_a_helper_said_anywhere_in_a_text_makes_its_occupations_a_helpers(bundled, text, codes):
    assert [r.code for r in bundled.resolve_all(text)] == codes


@pytest.mark.parametrize(("text", "code"), [
    ("Tiefbau", "32202"),  # was nothing: the list has a Tiefbauer/in
    ("im Hochbau gearbeitet", "32102"),  # was nothing: the list's Hochbaufacharbeiter/in
    ("Gleisbau", "32232"),
    ("Tiefbau, Hilfsarbeit", "32201"),  # and a helper said
])
def test_a_trade_ending_in_bau_names_its_builder(bundled, text, code):
    assert bundled.resolve(text).code == code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Treppenhausreinigung in Wohnblocks", "Reinigungskraft"),  # was nothing
    ("Pizza ausliefern mit Roller", "Kurierfahrer"),  # was nothing
    ("Hochzeitsfotos und Passbilder gemacht", "Fotograf"),  # was nothing
    ("Handys repariert, eigener Laden in Aleppo", "Mobilfunkelektroniker"),  # was nothing
    ("im Steinbruch gearbeitet", "Helfer Naturstein- und Mineralaufbereitung, Baustoffherstellung"),  # was nothing
    ("Klimaanlagen montiert und gewartet", "Anlagenmechaniker SHK"),  # was a Monteur/in of any field
    ("24h Betreuung bei einer Familie in Köln", "Altenpflegehelfer"),  # was nothing
    ("fahre Linienbus im Schichtdienst", "Busfahrer"),  # was nothing
    ("Sattelzug fahren", "Berufskraftfahrer"),  # was nothing
    ("Regierungsdirektorin in einer Landesbehörde", "Beamtin Allgemeine Innere Verwaltung höherer Dienst"),
    ("Studiendirektor", "Gymnasiallehrer"),  # was nothing
    ("Gemüse schneide gelernt in Kroatien", "Küchenhilfe"),  # was a Schneider/in
    ("Backstube, Nachtschicht", "Bäcker"),  # was nothing
    ("Wertstoffhof", "Müllsortierer"),  # was nothing
    ("Arbeiter im Sägewerk", "Helfer Holz"),  # was nothing
    # The work newcomers explain in German after a word of their own language.
    ("usta - Steckdosen und Lampen montiert", "Elektroinstallateur"),  # was nothing
    ("Schuhe reparieren im Bazar", "Schuhmacher"),  # was nothing
    ("Gewächshaus mit Gurken", "Gemüsegärtner"),  # was nothing
    ("Physiotherapie nach Sportverletzungen", "Physiotherapeut"),  # was nothing
    # The thirteenth to eighteenth rounds (fifteenth session).
    ("Schlachthof, Zerlegung am Band", "Helfer Fleischverarbeitung"),  # was nothing
    ("Hotelreinigung in Athen, Flure und Lobby", "Reinigungskraft"),  # was nothing
    ("Kohlebergwerk Zonguldak, Kohle schaufeln", "Helfer Bergbau"),  # was nothing
    ("Marktfrau auf dem Wochenmarkt, Obst und Gemüse", "Marktverkäufer"),  # was nothing
    ("Kondukteur bei der SBB", "Zugbegleiter"),  # was likened to a Konstrukteur/in
    ("Tramführerin in Zürich", "Straßenbahnfahrer"),  # was nothing
    ("Sprach- und Kulturmittler, Tigrinya", "Sprachmittler"),  # passed before (a first part completed)
    ("Bestattungsunternehmen, Trauerfeiern vorbereiten", "Bestattungsfachkraft"),  # was nothing
    ("Solarmonteur, Module aufs Dach", "Fachkraft Solartechnik"),  # was a Dachdecker/in
    ("Erdarbeiten mit Schaufel", "Helfer Tiefbau"),  # was nothing
    ("repariere Heizungen, Kundendienst für Gasthermen", "Anlagenmechaniker SHK"),  # was a Servicetechniker/in
    ("Militärdienst Eritrea, 9 Jahre", "Soldat auf Zeit Mannschaften"),  # was nothing
    ("Shisha Bar, Getränke bringen", "Helfer Gastgewerbe"),  # was nothing
    # Titles of the GDR and of older days (seventeenth round).
    ("Zootechniker/Mechanisator Milchproduktion, LPG", "Tierwirt Rinderhaltung"),  # was a Landwirt/in
    ("KADERLEITERIN", "Personalleiterin"),  # was nothing
    ("Gütekontrolleurin TKO", "Qualitätsprüferin"),  # was nothing
    ("HAEUER IM STEINKOHLENBERGBAU", "Bergmann"),  # was nothing
    ("habe bei Krupp am Hochofen gearbeitet", "Hochofenarbeiter"),  # was nothing
])
def test_our_layer_knows_the_everyday_words_of_the_tenth_to_eighteenth_rounds(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


def test_a_clerks_employer_names_the_clerks_field_and_a_helpers_compound_its_place(bundled):
    """"Sachbearbeiterin bei der Krankenkasse" was any clerk (the second occupation after "bei" was
    taken for the employer); a firm's name stays the employer. "Tankstellenaushilfe" beside other
    words was nothing (its field read as "Tankstellenaus")."""
    assert [r.code for r in bundled.resolve_all("Sachbearbeiterin bei der Krankenkasse")] == ["73212", "71302"]
    assert [r.code for r in bundled.resolve_all("Sachbearbeiter bei der Firma Müller")] == ["71302"]  # passed before
    assert bundled.resolve("Tankstellenaushilfe nachts neben dem Studium").code.startswith("62")


@pytest.mark.parametrize(("text", "same_as"), [
    ("Mechanikr", "Mechaniker"),  # was nothing: corrected to "Mechanik", the field, not the one working in it
    ("Elektrikr", "Elektriker"),  # was nothing
    ("Hörgeräteakustikr", "Hörgeräteakustiker"),  # was nothing
    ("Körperpflegee", "Körperpfleger"),  # passed before: as long a word first
])
def test_a_misspelt_word_keeps_its_last_letter_where_a_word_as_long_would_do(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Fahrad Mechaniker in Asmara", "Fahrradmechaniker"),  # was any Mechaniker/in: the town's name was a word
    ("FAHRAD MECHANIKER IN ASMARA", "Fahrradmechaniker"),  # was any Mechaniker/in: typed in capitals
    ("HANDWERKSMEISTERIN IN DER MUELLEREI", "Handwerksmeister Müllerei"),  # passed before: a field, no town
    ("Krankenschwster in Aleppo", "Krankenschwester"),  # passed before
    ("Verkäufer in Bäckrei", "Bäckereiverkäufer"),  # passed before: a misspelt word is no town
])
def test_a_town_after_in_is_no_word_of_the_title(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "same_as"), [
    ("verkaufen Brötchen in einer Bäckerei", "Bäckereiverkäufer"),  # was any Verkäufer/in and the Bäcker/in
    ("ich verkaufen Schuhe", "Fachverkäufer Schuhe"),  # was any Verkäufer/in
    ("Schuhe verkauft bei Deichmann", "Fachverkäufer Schuhe"),  # passed before: told in the past
])
def test_selling_named_by_its_verb_before_the_goods_says_which_seller(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize("text", ["Geschirr spülen", "Spülkraft in der Kantine", "dishwasher", "Abwasch"])
def test_washing_up_in_our_words_is_a_kitchens_help(bundled, text):
    # The labelled set's dishwasher is best placed in a Küchenhilfe slot: our words for washing up read
    # as its 29301 ("Abwasch" was nothing); the list's own titles stay the list's 63301 (passed before).
    assert bundled.resolve(text).code == "29301"
    assert bundled.resolve("Tellerwäscher").code == bundled.resolve("Geschirrspüler").code == "63301"


@pytest.mark.parametrize(("text", "same_as"), [
    ("kaufm. Angest.", "Kaufmännische Angestellte"),  # was nothing: several words alone cut short
    ("Med. Fachang.", "Medizinische Fachangestellte"),  # was nothing
    ("VERW.-FACHANG.", "Verwaltungsfachangestellte"),  # was nothing: the joint's "s" the list writes
    ("Dipl.-Sozialpäd. in einer Beratungsstelle", "Sozialpädagoge"),  # was nothing: a place after the cut title
    ("Steuerfachang.", "Steuerfachangestellte"),  # passed before
])
def test_several_words_cut_short_spell_out_one_title(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize("text", ["Ing.", "Verw.", "Dr. med."])
def test_words_cut_short_that_say_too_little_name_nothing(bundled, text):
    assert bundled.resolve(text) is None  # passed before


def test_a_verb_our_layer_knows_is_no_misspelt_word(bundled):
    # Was a Schneider/in: "schneide" corrected to "Schneider" (and "mache" to "Masche").
    assert [r.code for r in bundled.resolve_all("Gemüse schneide, Salat mache")] == ["29301"]


@pytest.mark.parametrize(("text", "same_as"), [
    ("ich trage Zeitungen aus", "Zeitungen austragen"),  # was nothing: "trage" alone is no verb our layer knows
    ("fahre Pakete aus für Hermes", "Pakete ausfahren"),  # was nothing
    ("fahre Pakete aus", "Pakete ausfahren"),  # passed before
])
def test_a_separable_verbs_particle_after_the_thing_joins_its_verb(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "code"), [
    ("Beamtin mittl. Dienst im Landratsamt", "73202"),  # was nothing: the office names no career's field
    ("Beamter im gehobenen Dienst, Rathaus", "73203"),  # passed before, likened to a technical career
])
def test_a_towns_offices_name_the_kommunalverwaltung(bundled, text, code):
    assert bundled.resolve(text).code == code


@pytest.mark.parametrize(("text", "codes"), [
    ("ich fahre Bagger", ["52522"]),  # was nothing: told before the thing, a verb names its doer
    ("ich fahre Kran auf der Baustelle", ["52532"]),  # was the Bauhelfer/in of the place
    ("fahre Gabelstapler, 3 Jahre Lager", ["52531"]),  # was nothing
])
def test_a_verb_told_before_its_thing_names_the_doer_the_list_has(bundled, text, codes):
    assert [r.code for r in bundled.resolve_all(text)] == codes


@pytest.mark.parametrize(("text", "codes"), [
    ("Erzieherin, 5 J. Kita", ["83112"]),  # was a Kinderbetreuer/in too: the place where she worked
    ("Koch, 3 Jahre Restaurant", ["29302"]),  # was a Restaurantfachmann/-frau too
    ("Pflegeheim, Grundpflege, Nachtwache", ["82101", "81302"]),  # passed before: the place first names the work
    ("Kabel verlegen und Lager", ["26262", "51311"]),  # a place in a list of jobs is a job (was the Lager only)
])
def test_a_workplace_beside_an_occupation_is_where_it_was_worked(bundled, text, codes):
    assert [r.code for r in bundled.resolve_all(text)] == codes


@pytest.mark.parametrize(("text", "codes"), [
    ("Koch ohne Ausbildung", ["29301"]),  # was the Koch/Köchin: the words saying so are no part of the title
    ("Maler, o. Ausb.", ["33211"]),  # was the Maler/in: "ohne Ausbildung" cut short
    ("Trockenbau, nur Helfertätigkeiten", ["33301"]),  # was the Trockenbaumonteur/in
    # A skilled reading without a helper of its own field stays: the group's (a Gabelstaplerfahrer/in) does other work.
    ("Traktor gefahren auf dem Feld, helfen beim Bauer", ["52512", "11101"]),  # was a Bauer/Bäuerin
    ("Zahnärztliche Helferin", ["81112"]),  # passed before: a title of the list as it stands
])
def test_more_ways_of_saying_the_work_was_a_helpers(bundled, text, codes):
    assert [r.code for r in bundled.resolve_all(text)] == codes


@pytest.mark.parametrize(("text", "codes"), [
    ("Vertriebsmitarbeiterin, Anlagenbau", ["61122"]),  # was an Anlagenbauer/in too: the sector
    ("Buchhalter, Baufirma", ["72213"]),  # was a Bauhelfer/in too
    ("Tiefbau, Hilfsarbeit", ["32201"]),  # passed before: the sector first is the work
    ("Koch, Gebäudereinigung", ["29302", "54112"]),  # passed before: two jobs
])
def test_a_sector_after_an_occupation_is_where_it_was_worked(bundled, text, codes):
    assert [r.code for r in bundled.resolve_all(text)] == codes


@pytest.mark.parametrize(("text", "codes"), [
    ("Servicekraft in der Gastronomie", ["63302"]),  # was a Helfer/in - Gastgewerbe too: the place
    ("Fleischereifachverkäuferin im Supermarkt", ["62322"]),  # was a Helfer/in - Verkauf too
    ("LKW fahren, Lager", ["52122", "51311"]),  # passed before: in a list of activities, another job
])
def test_a_place_said_as_one_after_an_activity_is_where_it_was_done(bundled, text, codes):
    assert [r.code for r in bundled.resolve_all(text)] == codes


@pytest.mark.parametrize(("text", "code"), [
    ("Kaufmann im Großhandel (Sanitär)", "61212"),  # was the Anlagenmechaniker/in of "Sanitär"
    ("Heizungs-/Sanitärkauffrau (Handel)", "61282"),  # passed before
    ("Fußpfleger (kosmetisch)", "82322"),  # passed before: the list's own words in brackets narrow the title
])
def test_a_title_before_what_our_words_read_in_brackets_is_the_title(bundled, text, code):
    assert bundled.resolve(text).code == code


@pytest.mark.parametrize(("text", "code"), [
    ("Betriebswirtin (Bachelor BWL, Universität Sofia)", "71303"),  # was 71302, the trained Betriebswirt/in
    ("Ingenieur-Mechaniker, Hochschulabschluss (Ukraine)", "25104"),  # was 25102, a Mechaniker/in
    ("Grafikdesignerin (Diplom), Agentur", "23224"),  # was 23223
    ("FK Pflege, Anerk. läuft", "81302"),  # was 81301, the helper
    ("Fachkraft üfr Altenpflege", "82102"),  # was 82101 (a text of the benchmark's city)
    ("Fachkraft für Arbeitssicherheit", "53123"),  # a title naming the level itself keeps its code (passed before)
    ("Produktionshelfer, angelernt, kein Facharbeiter", "25101"),  # a helper said stays one (passed before)
])
def test_a_degree_or_qualification_stated_beside_the_occupation_sets_its_level(bundled, text, code):
    """The Untergruppe read, at the Anforderungsniveau the text states: Bachelor 3; Master, Diplom,
    Hochschulabschluss 4; Fachkraft, examiniert, Facharbeiter 2."""
    assert bundled.resolve(text).code == code


@pytest.mark.parametrize(("text", "codes"), [
    ("früher Bäcker, jetzt Lagerarbeiter", ["51311", "29222"]),  # was the Bäcker/in first
    ("gelernte Friseurin, arbeite aber als Verkäuferin", ["62102", "82312"]),  # was the Friseur/in first
    ("Maurer, seit Unfall Pförtner", ["53112", "32122"]),  # was the Maurer/in first
    ("Schlosser, seit 2 Jahren Kranfahrer im Stahlwerk", ["52532", "24412"]),  # "seit" went with the duration
    ("Bestatter, davor Tischler", ["82402", "22342"]),  # passed before: what came before stays after
    ("Hausfrau, vorher Verkäuferin im Textilhaus", ["62212"]),  # was any Verkäufer/in: "vorher" hid the shop
])
def test_what_a_person_does_now_leads_and_words_of_time_name_nothing(bundled, text, codes):
    """Survey answers name the job they had before and the one they have now; the one now leads
    (it counts fully in scoring, `NAMED_LATER`)."""
    assert [r.code for r in bundled.resolve_all(text)] == codes


@pytest.mark.parametrize(("text", "same_as"), [
    ("Packetzusteller", "Paketzusteller"),  # was nothing: a misspelt word of our layer
    ("Aushilfe im Supermakt (Schülerjob)", "Aushilfe im Supermarkt"),  # was nothing
    ("Büroreniigung", "Reinigungskraft"),  # was nothing
    ("Felischerin", "Fleischerin"),  # passed before: of words one edit away, the list's before our layer's
    ("Elektrikerlehrling", "Elektriker"),  # was nothing: a trainee trains for the trade
    ("SCHREINERLEHRE IM 3. LEHRJAHR", "Schreiner"),  # was nothing
    ("Werkstudent im Einkauf", "Mitarbeiter im Einkauf"),  # was nothing: a working student works in the field
    ("Babysitten für mehrere Familien", "Kinderbetreuer"),  # was nothing
    ("fahre für Uber und Bolt", "Taxifahrer"),  # was nothing
    ("Postdoc an der Uni", "Wissenschaftliche Mitarbeiterin Hochschule"),  # was nothing
])
def test_misspelt_words_of_our_layer_trainees_and_students_are_read(bundled, text, same_as):
    """Typos are corrected to our layer's long single words too (8 letters or more), not only to
    the list's words; a trainee's compound names the trade; a working student is a worker of the field."""
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "codes"), [
    ("ich betreue Jugendliche in einer Wohngruppe, Erzieher", ["83112", "83142"]),  # was the Betreuer/in first
    ("ich verkaufe Brillen und mache Sehtests, Augenoptikerin", ["82522", "62102"]),  # was any Verkäufer/in first
    ("MUSIKER, HAUPTBERUFLICH MUSIKLEHRER AN DER MUSIKSCHULE", ["84412", "94114"]),  # the main job first
    ("ich putze Büros, Küche", ["54101", "29301"]),  # passed before: two activities keep their order
])
def test_a_title_after_what_a_person_does_told_in_the_first_person_leads(bundled, text, codes):
    assert [r.code for r in bundled.resolve_all(text)] == codes


@pytest.mark.parametrize(("text", "same_as"), [
    ("Klavierunterricht geben (Musikstudentin)", "Klavierlehrer"),  # was nothing: lessons are a teacher's work
    ("Deutschunterricht für Flüchtlinge", "Deutschlehrer"),  # was nothing
    ("Referendarin am Gymnasium", "Lehrerin am Gymnasium"),  # was nothing: a teacher in training
    ("Werkstudentin Personalabteilung", "Personalsachbearbeiterin"),  # was nothing
    ("IT security specialist (Pentesting)", "IT-Sicherheitstechniker"),  # was a security guard
])
def test_lessons_trainee_teachers_and_departments_name_their_occupation(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "same_as"), [
    ("Verw.-Fachangestellte bei der Stadtverwaltung, Bürgerbüro", "Verwaltungsfachangestellte"),  # was nothing
    ("Verwaltungsangestellte in der Stadtverwaltung Vidin, Meldeamt, 14 Jahre", "Verwaltungsfachangestellte"),
    ("Kfz gelernt in Syrienn", "Kfz"),  # was nothing: a misspelt country spoilt the whole
])
def test_a_text_that_names_nothing_whole_is_read_by_what_it_begins_with(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


def test_a_likened_beginning_of_several_words_is_no_last_resort(bundled):
    """"Staatlich geprüfte Gestalterin" likens to some field's Gestalter/in: too little to go by
    (passed before: a guard)."""
    assert bundled.resolve_all("Staatlich geprüfte Gestalterin im Hadnwerk") == ()


@pytest.mark.parametrize(("text", "code"), [
    ("Büroangestellte, Teilzeit 20 Std.", "71402"),  # was likened to a Büchereiangestellte/r (73322)
    ("Fachverk. Bäckerei", "62302"),  # was any Fachverkäufer/in (62102): the words after narrow the title
    ("Industriekfm. bei Thyssen", "71302"),  # passed before: a firm after the title stays the employer
    ("HEILERZ.-PFLEGER", "83132"),  # was likened to 81752: a word cut short is spelt out before a likeness
    ("KFFR. F. BUEROMANAGEMENT", "71402"),  # was nothing: "Kffr." and "Kfm." are spelt out as words too
    ("Kfm. im Einzelhandel", "62102"),  # passed before
])
def test_an_office_worker_and_words_cut_short_spelt_out_and_narrowed(bundled, text, code):
    assert bundled.resolve(text).code == code


@pytest.mark.parametrize(("text", "same_as"), [
    ("BANKKFFR.", "Bankkauffrau"),  # was nothing: a compound cut short at its end
    ("LAGERLTR.", "Lagerleiter"),  # was nothing
    ("PAKETZUST.", "Paketzusteller"),  # was nothing: our layer names the compound spelt out
    ("RESTAURANTFACHFR.", "Restaurantfachfrau"),  # was nothing
    ("Techn. Zeichner", "Technischer Zeichner"),  # passed before
])
def test_a_compound_cut_short_at_its_end_is_spelt_out(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "code"), [
    ("Pflegehilfskraft (m/w/d) in der Altenpflege", "82101"),  # was 81301 first: the role said as "Hilfskraft"
    ("Pflegehilfskraft im Altenheim", "82101"),  # was 81301
    ("Pflegehilfskraft", "81301"),  # passed before: no field after it, the role as the list has it
])
def test_a_helpers_role_said_with_another_helpers_word_is_narrowed_by_its_field(bundled, text, code):
    assert bundled.resolve(text).code == code


@pytest.mark.parametrize(("text", "code"), [
    ("Abteilungsleiter Einkauf", "61194"),  # was 71394, the Abteilungsleiter/in of Unternehmensorganisation
    ("Abteilungsleiterin Buchhaltung", "72294"),  # was 71394
    ("Abteilungsleiter Konstruktion", "27294"),  # was 41194, a department head of statistics, likened
    ("Schichtführer Lager", "51393"),  # was 27393, the production's Schichtführer/in
    ("Leiter Haustechnik Klinikum", "34193"),  # was nothing
    ("Teamleiter IT-Support", "43294"),  # was 71393, a Teamleiter/in of Unternehmensorganisation
    ("Betriebsleiter Ackerbaubetrieb", "11194"),  # was 12193, likened
    ("Teamleiter Kundenservice Callcenter", "92123"),  # the list's role with that field (passed before)
    ("Gruppenleiter in einer Werkstatt für behinderte Menschen", "83133"),  # passed before, likened to the role
    ("Schichtleiter Produktion", "27393"),  # production as such is the role's own field (passed before)
    ("Leiter Einkauf", "61194"),  # the list's compound, Einkaufsleiter/in (passed before)
])
def test_a_leader_of_a_field_is_read_as_that_fields_supervisor_or_manager(bundled, text, code):
    """A leader's role before a field: the list's title for the two where it has one, else the
    supervisors (…93: shift, team, group) or managers (…94: department, area, Leiter) of the group
    the field names."""
    assert bundled.resolve(text).code == code


def test_a_leader_found_by_the_field_is_shown_with_a_title_that_names_the_field(bundled):
    assert bundled.resolve("Teamleiter Einkauf").title == "Leiter/in - Einkauf"  # was Abteilungsleiter/in


@pytest.mark.parametrize(("text", "code"), [
    ("Bankkaufrau", "72112"),  # was nothing: the list writes only Bankkaufmann as one word
    ("Einzelhandelskaufrau", "62102"),  # was nothing
    ("Industriekauffau bei Bosch", "71302"),  # was an Industriekeramiker/in
    ("Bankkaufman", "72112"),  # the man's form misspelt (passed before)
])
def test_a_misspelt_womans_form_of_a_mann_title_is_corrected_to_it(bundled, text, code):
    assert bundled.resolve(text).code == code


@pytest.mark.parametrize(("text", "code"), [
    ("Ind.-Mech.", "25102"),  # was nothing: "Ind." begins too many words to spell each way
    ("Gesundh.- u. Krankenpfl.", "81302"),  # was nothing
    ("GES.-U.KRANKENPFL.", "81302"),  # was a Krankenpflegehelfer/in, likened
    ("FA F. ALLG.-MED.", "81404"),  # was nothing
    ("Zahntechn.-Mstr.", "82593"),  # was nothing: "Mstr." keeps the letters of Meister in order
    ("Ergoth.", "81723"),  # was nothing: a word cut short alone, beginning the titles of one Untergruppe
    ("techn. Zeichner Maschinenbau", "27212"),  # was a Techniker/in, likened: the field after the title narrows none
    ("Verw.", None),  # a word cut short alone that begins many occupations' titles names none (passed before)
    ("REG.-RAT", None),  # was nothing; few letters in all say too little (a Registrator/in, held in order)
    ("DIPL.-ING. (FH), KONSTRUKTIONSINGENIEUR IM MASCHINENBAU", "27224"),  # a title of the list stays (passed before)
])
def test_words_cut_short_as_registers_write_them_read_as_the_title_holding_them_in_order(bundled, text, code):
    found = bundled.resolve(text)
    assert (found.code if found else None) == code


@pytest.mark.parametrize(("text", "same_as"), [
    ("M.Sc. Informatik", "Master Informatik"),  # was a Techniker/in - Informatik, likened
    ("B.Eng. Bauingenieurwesen", "Bachelor Bauingenieurwesen"),  # was a Hochbauingenieur/in, likened
    ("M.A. Germanistik", "Master Germanistik"),  # was nothing
    ("M. Sc. Chemie", "Master Chemie"),  # was nothing
    ("MSc Informatik", "Master Informatik"),  # passed before
])
def test_a_degree_written_with_its_letters_and_dots_is_read_as_the_degree(bundled, text, same_as):
    assert bundled.resolve(text).code == bundled.resolve(same_as).code


@pytest.mark.parametrize(("text", "code"), [
    ("ich mache Fliesen in Bad und Küche, 7 Jahre", "33112"),  # was a Fliesenmacher/in, who makes tiles
    ("Fliesen gemacht", "33112"),  # our layer reads the past too (passed before)
    ("ich habe Kran bedient im Hafen", "52532"),  # was a Hafenführer/in: the crane is what was operated
    ("Schuhe machen", "28332"),  # our layer's words for the work (passed before)
    ("ich fahre Bagger", "52522"),  # a verb before its thing (passed before)
])
def test_a_thing_and_a_verb_that_only_says_it_was_done_name_the_things_work(bundled, text, code):
    assert bundled.resolve(text).code == code


@pytest.mark.parametrize(("text", "code"), [
    ("Patienten gewaschen und Essen angereicht im Krankenhaus, ohne Ausbildung", "81301"),  # all were nothing
    ("Programme geschrieben (Java) für eine Firma", "43423"),  # or another occupation, likened
    ("Steuererklärungen gemacht für Mandanten", "72302"),
    ("ich habe Möbel gemacht aus Holz, Schrank, Tisch", "22342"),
    ("Ich habe Fisch gefangen mit Boot auf Meer", "11422"),
    ("Passagiere kontrolliert an der Sicherheitskontrolle am Flughafen", "53112"),
    ("Blut abgenommen", "81102"),  # a strong verb's participle after a separable particle: "ab-ge-nommen"
    ("Zeitungen ausgetragen", "51321"),  # passed before
    ("Englisch unterrichtet in einer Sprachschule", "84454"),  # the subject's teacher stays (passed before)
])
def test_work_told_as_what_was_done_with_what_names_its_occupation(bundled, text, code):
    assert bundled.resolve(text).code == code


@pytest.mark.parametrize(("text", "code"), [
    ("agricultural engineer", "11104"),  # all were nothing or likened to another occupation
    ("dental technician", "82542"),
    ("Tax advisor", "72304"),
    ("Police officer", "53212"),
    ("financial advisor", "72123"),
    ("customs officer", "73242"),
    ("civil engineer", "31104"),  # our layer's own words (passed before)
])
def test_an_english_title_of_a_field_and_a_role_reads_as_the_lists_compound(bundled, text, code):
    assert bundled.resolve(text).code == code


@pytest.mark.parametrize(("text", "code"), [
    ("SACHBEARBEITERIN BEI DER KRANKENKASSE (AOK)", "73212"),  # was 71302, the clerk alone
    ("Sachbearbeiterin bei der Krankenkasse", "73212"),  # passed before
    ("Koch (TR)", "29302"),  # a title as it stands stays (passed before)
])
def test_an_employers_or_countrys_letters_in_brackets_are_no_words_of_the_work(bundled, text, code):
    assert bundled.resolve(text).code == code


@pytest.mark.parametrize(("text", "code"), [
    ("Sozialarbeiterin (B.A.)", "83124"),  # was 83123: a Bachelor stated lowered the profession the list places at 4
    ("Softwareentwickler (B.Sc. Informatik)", "43414"),  # was 43413
    ("Betriebswirtin (Bachelor BWL, Universität Sofia)", "71303"),  # a degree above the title still raises it
])
def test_a_degree_below_a_named_professions_own_level_leaves_it_there(bundled, text, code):
    assert bundled.resolve(text).code == code
