"""The matcher's vocabulary: the bundled file is complete and valid; broken files are refused with a clear message."""

import re
from collections import Counter

import pytest

from matchmaker.matching.normalise import fold
from matchmaker.matching.vocabulary import VocabularyError, load_vocabulary

VOCABULARY = load_vocabulary()


def _lookup_key(text):
    # The file leaves gender forms to the normaliser: "Produktionshelfer/in" also stands for "Produktionshelfer".
    return fold(re.sub(r"/in\b", "", text))


def _alias_index():
    return {_lookup_key(text): entry_id for text, entry_id, _ in VOCABULARY.aliases()}


# --- the bundled file ----------------------------------------------------------


def test_the_bundled_vocabulary_loads_when_no_path_is_given():
    assert VOCABULARY.fields and VOCABULARY.occupations and VOCABULARY.skills and VOCABULARY.abbreviations


def test_the_bundled_vocabulary_has_at_least_250_occupations_and_150_skills():
    assert len(VOCABULARY.occupations) >= 250
    assert len(VOCABULARY.skills) >= 150


@pytest.mark.parametrize(
    "field_id",
    ["hochbau_tiefbau", "ausbau", "lebensmittel", "handel", "gastronomie", "hotel", "logistik", "lager",
     "reinigung", "pflege", "kinderbetreuung", "metall", "elektro", "kfz"],
)
def test_every_field_the_issue_names_holds_several_occupations(field_id):
    assert Counter(o.field for o in VOCABULARY.occupations.values())[field_id] >= 3


def test_nearly_every_occupation_lists_older_or_colloquial_titles():
    with_synonyms = [o for o in VOCABULARY.occupations.values() if len(o.synonyms) >= 2]
    assert len(with_synonyms) >= 0.95 * len(VOCABULARY.occupations)


def test_every_alias_names_exactly_one_entry_after_folding():
    owners = {}
    for text, entry_id, _ in VOCABULARY.aliases():
        assert owners.setdefault(fold(text), entry_id) == entry_id, text


def test_related_occupations_and_fields_are_symmetric_after_loading():
    for occupation in VOCABULARY.occupations.values():
        for other in occupation.related:
            assert occupation.id in VOCABULARY.occupations[other].related
    for field in VOCABULARY.fields.values():
        for other in field.related:
            assert field.id in VOCABULARY.fields[other].related


@pytest.mark.parametrize(
    ("one", "other"), [("maler_lackierer", "bauten_objektbeschichter"), ("koch", "fachkraft_kueche")]
)
def test_the_required_related_pairs_are_linked_both_ways(one, other):
    assert other in VOCABULARY.occupations[one].related
    assert one in VOCABULARY.occupations[other].related


@pytest.mark.parametrize(
    ("word", "entry_id"),
    [
        ("Anstreicher", "maler_lackierer"),
        ("Maler und Lackierer", "maler_lackierer"),
        ("Bäcker", "baecker"),
        ("Baecker", "baecker"),
        ("Kfz-Mechaniker", "kfz_mechatroniker"),
        ("Kfz-Mechatroniker", "kfz_mechatroniker"),
        ("Kraftfahrzeugmechatroniker", "kfz_mechatroniker"),
        ("Elektriker", "elektroniker_energie_gebaeude"),
        ("Elektroniker für Energie- und Gebäudetechnik", "elektroniker_energie_gebaeude"),
        ("Verkäufer", "verkaeufer"),
        ("Bäckereifachverkäufer", "baeckereifachverkaeufer"),
        ("Reinigungskraft", "reinigungskraft"),
        ("Küchenhilfe", "kuechenhelfer"),
        ("Produktionshelfer", "produktionshelfer"),
        ("Umzugshelfer", "umzugshelfer"),
        ("Servicekraft", "servicekraft_gastronomie"),
        ("Kommissionierer", "kommissionierer"),
        ("Zusteller", "zusteller"),
        ("Pflegehelfer", "pflegehelfer"),
        ("Sozialassistent", "sozialassistent"),
        ("Staplerschein", "staplerschein"),
        ("Kassieren", "kassieren"),
        ("Trockenbau", "trockenbau"),
        ("Schweißen", "schweissen"),
        ("Führerschein Klasse B", "fuehrerschein_b"),
        ("HACCP", "haccp"),
    ],
)
def test_words_caseworkers_and_employers_use_are_aliases_of_the_right_entry(word, entry_id):
    assert _alias_index()[_lookup_key(word)] == entry_id


def test_aliases_give_the_title_or_name_before_the_synonyms():
    baecker = [alias for alias in VOCABULARY.aliases() if alias[1] == "baecker"]
    stapler = [alias for alias in VOCABULARY.aliases() if alias[1] == "staplerschein"]
    assert baecker[0] == ("Bäcker/in", "baecker", "occupation")
    assert stapler[0] == ("Staplerschein", "staplerschein", "skill")
    assert ("Gabelstaplerschein", "staplerschein", "skill") in stapler


def _implied(skill_id):
    """Everything a skill implies, directly or through what it implies."""
    found, pending = set(), list(VOCABULARY.skills[skill_id].implies)
    while pending:
        skill = pending.pop()
        if skill not in found:
            found.add(skill)
            pending += VOCABULARY.skills[skill].implies
    return found


@pytest.mark.parametrize(
    ("higher", "lower"),
    [("fuehrerschein_ce", "fuehrerschein_c"), ("fuehrerschein_ce", "fuehrerschein_b"),
     ("fuehrerschein_c", "fuehrerschein_b"), ("ms_office", "word"), ("ms_office", "excel"),
     ("schweissen_mag", "schweissen"), ("schweissen_wig", "schweissen")],
)
def test_licences_and_tools_imply_what_they_contain_and_not_the_other_way(higher, lower):
    assert lower in _implied(higher)
    assert higher not in _implied(lower)


def test_implied_skills_are_known_and_no_skill_implies_itself():
    for skill in VOCABULARY.skills.values():
        assert set(skill.implies) <= set(VOCABULARY.skills), skill.id
        assert skill.id not in _implied(skill.id), skill.id


def test_abbreviations_are_folded_single_words_with_plain_expansions():
    assert VOCABULARY.abbreviations["kfz"] == "Kraftfahrzeug"
    assert all(key == fold(key) and " " not in key for key in VOCABULARY.abbreviations)


# --- validation of other files -------------------------------------------------

VALID = """\
[abbreviations]
kfz = "Kraftfahrzeug"

[[field]]
id = "lebensmittel"
name = "Lebensmittelhandwerk"

[[field]]
id = "gastronomie"
name = "Gastronomie"
related = ["lebensmittel"]

[[occupation]]
id = "baecker"
title = "Bäcker/in"
field = "lebensmittel"
synonyms = ["Bäckergeselle"]
related = ["konditor"]
skills = ["backen"]

[[occupation]]
id = "konditor"
title = "Konditor/in"
field = "lebensmittel"

[[skill]]
id = "backen"
name = "Backen"
kind = "skill"
"""


def _write(tmp_path, text):
    path = tmp_path / "vocabulary.toml"
    path.write_text(text, "utf-8")
    return path


def test_a_small_valid_file_loads_and_its_related_links_become_symmetric(tmp_path):
    vocabulary = load_vocabulary(str(_write(tmp_path, VALID)))
    assert vocabulary.occupations["konditor"].related == ("baecker",)
    assert vocabulary.fields["lebensmittel"].related == ("gastronomie",)
    assert vocabulary.skills["backen"].field is None
    assert vocabulary.abbreviations == {"kfz": "Kraftfahrzeug"}


IMPLYING = """
[[skill]]
id = "meisterbrief"
name = "Meisterbrief Bäcker"
kind = "licence"
implies = ["backen"]
"""


def test_a_skill_may_imply_other_skills_and_implies_nothing_by_default(tmp_path):
    vocabulary = load_vocabulary(_write(tmp_path, VALID + IMPLYING))
    assert vocabulary.skills["meisterbrief"].implies == ("backen",)
    assert vocabulary.skills["backen"].implies == ()


@pytest.mark.parametrize(
    ("new", "message"),
    [('implies = ["brot_backen"]', "skill 'meisterbrief': unknown implied skill 'brot_backen'"),
     ('implies = "backen"', "skill 'meisterbrief': 'implies' must be a list of texts"),
     ('implies = [""]', "skill 'meisterbrief': 'implies' holds an empty text")],
    ids=["unknown-implied-skill", "text-instead-of-list", "empty-implied-skill"],
)
def test_a_broken_implies_is_refused_with_a_message_naming_the_skill(tmp_path, new, message):
    with pytest.raises(VocabularyError, match=re.escape(message)):
        load_vocabulary(_write(tmp_path, VALID + IMPLYING.replace('implies = ["backen"]', new)))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('synonyms = ["Bäckergeselle"]', 'synonym = ["Bäckergeselle"]', "occupation 'baecker': unknown key 'synonym'"),
        ('title = "Konditor/in"\nfield = "lebensmittel"\n', 'title = "Konditor/in"\n',
         "occupation 'konditor': missing required key 'field'"),
        ('synonyms = ["Bäckergeselle"]', 'synonyms = "Bäckergeselle"',
         "occupation 'baecker': 'synonyms' must be a list of texts"),
        ('skills = ["backen"]', 'skills = ["backen", 3]', "occupation 'baecker': 'skills' must be a list of texts"),
        ('name = "Backen"', "name = 3", "skill 'backen': 'name' must be a text"),
        ('id = "konditor"', 'id = "Konditor"', "occupation 'Konditor': id must be lower-case ascii"),
        ('id = "backen"', 'id = "baecker"', "occupation or skill 'baecker': duplicate id"),
        ('id = "gastronomie"', 'id = "lebensmittel"', "field 'lebensmittel': duplicate id"),
        ('title = "Konditor/in"\nfield = "lebensmittel"', 'title = "Konditor/in"\nfield = "baeckerei"',
         "occupation 'konditor': unknown field 'baeckerei'"),
        ('related = ["konditor"]', 'related = ["konditorin"]',
         "occupation 'baecker': unknown related occupation 'konditorin'"),
        ('skills = ["backen"]', 'skills = ["brot_backen"]', "occupation 'baecker': unknown skill 'brot_backen'"),
        ('related = ["lebensmittel"]', 'related = ["kueche"]', "field 'gastronomie': unknown related field 'kueche'"),
        ('kind = "skill"', 'kind = "skill"\nfield = "bau"', "skill 'backen': unknown field 'bau'"),
        ('kind = "skill"', 'kind = "language"', "skill 'backen': kind must be one of skill, licence"),
        ('kind = "skill"', 'kind = "skill"\nsynonyms = ["Baeckergeselle"]',
         "skill 'backen': alias 'Baeckergeselle' already names 'baecker' (as 'Bäckergeselle')"),
        ('title = "Konditor/in"', 'title = "  "', "occupation 'konditor': 'title' holds an empty text"),
        ('synonyms = ["Bäckergeselle"]', 'synonyms = [""]', "occupation 'baecker': 'synonyms' holds an empty text"),
        ("[abbreviations]", "version = 2\n[abbreviations]", "unknown top-level key 'version'"),
        ("[[skill]]", "[skill]", "skill: write each entry as [[skill]], not [skill]"),
        ('kfz = "Kraftfahrzeug"', 'KFZ = "Kraftfahrzeug"', "abbreviation 'KFZ': write the key as one lower-case word"),
        ('kfz = "Kraftfahrzeug"', 'kfz = ""', "abbreviation 'kfz': the expansion must be a non-empty text"),
        ('kind = "skill"', 'kind = "skill"\n[[occupation]', "not valid TOML"),
    ],
    ids=[
        "unknown-key", "missing-key", "text-instead-of-list", "list-of-non-texts", "number-instead-of-text",
        "bad-id", "duplicate-id", "duplicate-field-id", "unknown-field", "unknown-related", "unknown-skill",
        "unknown-related-field", "unknown-skill-field", "unknown-kind", "duplicate-alias", "empty-title",
        "empty-synonym", "unknown-top-level-key", "table-instead-of-array", "abbreviation-not-lower-case",
        "empty-abbreviation", "not-toml",
    ],
)
def test_a_broken_file_is_refused_with_a_message_naming_the_entry_and_the_problem(tmp_path, old, new, message):
    assert VALID.count(old) == 1, "the broken variant must differ from the valid file"
    with pytest.raises(VocabularyError, match=re.escape(message)):
        load_vocabulary(_write(tmp_path, VALID.replace(old, new)))
