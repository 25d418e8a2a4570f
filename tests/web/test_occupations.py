"""Recognised occupations (KldB 2010) are visible while typing and after saving, and a code a
person confirms is stored, checked, and beats the guess."""

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Candidate, GermanLevel, Slot, SlotKind
from matchmaker.services import matching
from matchmaker.services import slots as slot_service
from matchmaker.services.slots import SlotData, SlotError
from tests.factories import CandidateFactory, SlotFactory, caseworker, district, employer_user

SHK = "Anlagenmechaniker SHK (m/w/d)"
SHK_CODE, SHK_TITLE = "34212", "Anlagenmechaniker/in - Sanitär-, Heizungs- und Klimatechnik"
KLEMPNER = "34202"


def _slot_form(user, **overrides):
    data = {"title": SHK, "kind": "ausbildung", "min_german": "A2", "open_positions": "1",
            "district": str(district("Marxloh").id), "contact_person": str(user.id), "publish": "1"}
    data.update(overrides)
    return data


def _profile_form(**overrides):
    data = {"first_name": "Amira", "last_initial": "K", "german_level": "B1", "origin_region": "keine_angabe",
            "work_permit": "erlaubt", "consent": "y", "consent_given_on": "2025-01-02"}
    data.update(overrides)
    return data


# -- the JSON endpoint -------------------------------------------------------------------

def test_suggestions_need_a_signed_in_user(client):
    response = client.get("/occupations/suggest?q=Koch")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("query", ["", "?q=", "?q=%20%20", "?q=" + "x" * 201])
def test_suggestions_without_usable_text_are_a_bad_request_with_a_german_message(client, login_as, query):
    login_as(employer_user())
    response = client.get(f"/occupations/suggest{query}")
    assert response.status_code == 400
    assert "Bitte geben Sie einen Beruf" in response.json["error"]


def test_suggestions_name_the_recognised_title_code_and_confidence_and_offer_others(client, login_as):
    login_as(employer_user())
    answer = client.get("/occupations/suggest", query_string={"q": SHK}).json
    assert answer["query"] == SHK
    recognised = answer["recognised"]
    assert (recognised["code"], recognised["title"], recognised["confirmed"]) == (SHK_CODE, SHK_TITLE, False)
    assert 0 < recognised["confidence"] <= 1
    assert 1 <= len(answer["suggestions"]) <= 6
    for item in answer["suggestions"]:
        assert set(item) == {"code", "title", "confidence", "confirmed"}
        assert len(item["code"]) == 5 and item["code"].isdigit() and item["title"]


def test_a_typed_code_is_read_as_that_occupation(client, login_as):
    login_as(caseworker())
    recognised = client.get(f"/occupations/suggest?q={KLEMPNER}").json["recognised"]
    assert (recognised["code"], recognised["confirmed"]) == (KLEMPNER, True)
    assert recognised["title"] == matching.engine().title_for(KLEMPNER)


def test_odd_text_never_breaks_the_endpoint(client, login_as):
    login_as(caseworker())
    for text in ["%%%", "12", "99999", "<script>", "ÄÖÜß", "a" * 200]:
        response = client.get("/occupations/suggest", query_string={"q": text})
        assert response.status_code == 200, text
        assert response.json["recognised"] is None or response.json["recognised"]["code"].isdigit()


def test_suggestions_are_rate_limited_per_user(client, login_as):
    login_as(employer_user())
    statuses = {client.get("/occupations/suggest?q=Koch").status_code for _ in range(121)}
    assert statuses == {200, 429}


# -- slots -------------------------------------------------------------------------------

def test_the_slot_page_shows_the_occupation_recognised_in_the_title(client, login_as):
    me = employer_user()
    login_as(me)
    response = client.post("/employer/slots/new", data=_slot_form(me))
    [slot] = db.session.scalars(sa.select(Slot)).all()
    assert slot.occupation_code is None
    page = client.get(response.headers["Location"]).text
    assert f"erkannt als: <strong>{SHK_TITLE}</strong> · KldB {SHK_CODE}" in page


def test_the_slot_form_shows_what_is_recognised_without_javascript(client, login_as):
    me = employer_user()
    slot = SlotFactory(organisation=me.organisation, title=SHK)
    login_as(me)
    page = client.get(f"/employer/slots/{slot.id}/edit").text
    assert 'data-testid="occupation-recognised"' in page and 'aria-live="polite"' in page
    assert f"<strong>{SHK_TITLE}</strong> · KldB {SHK_CODE}" in page
    assert 'data-testid="occupation-suggestions"' in page


def test_a_title_naming_no_occupation_says_so_without_javascript_and_still_saves(client, login_as):
    # "Aushilfe" alone names no field (it used to be read as a Schweißlehrer/in).
    def recognised_line(page: str) -> str:
        return page.split('data-testid="occupation-recognised">')[1].split("</p>")[0].strip()

    me = employer_user()
    login_as(me)
    assert recognised_line(client.get("/employer/slots/new").text) == ""  # nothing typed: nothing said
    response = client.post("/employer/slots/new", data=_slot_form(me, title="Aushilfe (m/w/d)"))
    [slot] = db.session.scalars(sa.select(Slot)).all()
    assert response.status_code == 302 and slot.title == "Aushilfe (m/w/d)" and slot.occupation_code is None
    line = recognised_line(client.get(f"/employer/slots/{slot.id}/edit").text)
    assert line == "Kein Beruf aus der Liste erkannt. Wählen Sie einen Vorschlag oder geben Sie den KldB-Code ein."


def test_a_confirmed_code_is_stored_shown_and_offered_again_when_editing(client, login_as):
    me = employer_user()
    login_as(me)
    response = client.post("/employer/slots/new", data=_slot_form(me, occupation_code=f" {KLEMPNER} "))
    assert response.status_code == 302
    [slot] = db.session.scalars(sa.select(Slot)).all()
    assert slot.occupation_code == KLEMPNER
    title = matching.engine().title_for(KLEMPNER)
    assert f"festgelegt: <strong>{title}</strong> · KldB {KLEMPNER}" in client.get(response.headers["Location"]).text
    assert f'value="{KLEMPNER}"' in client.get(f"/employer/slots/{slot.id}/edit").text


def test_a_nine_digit_activity_code_from_the_payroll_keeps_its_first_five_digits(client, login_as):
    me = employer_user()
    login_as(me)
    client.post("/employer/slots/new", data=_slot_form(me, occupation_code="342023112"))
    assert db.session.scalars(sa.select(Slot.occupation_code)).one() == KLEMPNER


def test_emptying_the_code_goes_back_to_the_recognised_occupation(client, login_as):
    me = employer_user()
    slot = SlotFactory(organisation=me.organisation, title=SHK, occupation_code=KLEMPNER)
    login_as(me)
    client.post(f"/employer/slots/{slot.id}/edit", data=_slot_form(me, occupation_code=""))
    db.session.refresh(slot)
    assert slot.occupation_code is None


@pytest.mark.parametrize(("code", "message"), [
    ("3421", "ist kein KldB-Code"),
    ("34a12", "ist kein KldB-Code"),
    ("00000", "gibt es in der Berufsliste der Bundesagentur für Arbeit nicht"),
])
def test_a_bad_code_is_a_german_field_error_and_nothing_is_saved(client, login_as, code, message):
    me = employer_user()
    login_as(me)
    response = client.post("/employer/slots/new", data=_slot_form(me, occupation_code=code))
    assert response.status_code == 422
    assert 'data-testid="error-occupation_code"' in response.text
    assert message in response.text
    assert SHK in response.text  # what was typed stays
    assert db.session.scalars(sa.select(Slot)).first() is None


def test_the_slot_service_refuses_an_unknown_code_itself(app):
    me = employer_user()
    data = SlotData(title=SHK, kind=SlotKind.AUSBILDUNG, min_german=GermanLevel.A2, occupation_code="00000")
    with pytest.raises(SlotError, match="00000"):
        slot_service.create_slot(me, me.organisation, data)
    assert db.session.scalars(sa.select(Slot)).first() is None


def test_a_confirmed_slot_code_reaches_the_matcher(app):
    slot = SlotFactory(title=SHK, occupation_code=KLEMPNER)
    [spec] = matching.open_slot_specs(Slot.id == slot.id)
    assert spec.occupation_code == KLEMPNER


# -- profiles ----------------------------------------------------------------------------

def test_a_profile_keeps_a_confirmed_code_per_prior_occupation(client, login_as):
    login_as(caseworker())
    response = client.post("/caseworker/candidates/new",
                           data=_profile_form(occupations=f"Bäckerin:3, Installateur:2 (KldB {KLEMPNER})"))
    assert response.status_code == 302, response.text
    [candidate] = db.session.scalars(sa.select(Candidate)).all()
    assert candidate.occupations == [{"name": "Bäckerin", "years": 3},
                                     {"name": "Installateur", "years": 2, "kldb": KLEMPNER}]
    page = client.get(response.headers["Location"]).text
    assert f"festgelegt: <strong>{matching.engine().title_for(KLEMPNER)}</strong> · KldB {KLEMPNER}" in page
    assert "Bäckerin: erkannt als: <strong>Bäcker/in</strong> · KldB 29222" in page
    form = client.get(f"/caseworker/candidates/{candidate.id}/edit").text
    assert f"Installateur:2 (KldB {KLEMPNER})" in form


def test_the_code_may_stand_before_the_years_and_without_the_word_kldb(client, login_as):
    login_as(caseworker())
    client.post("/caseworker/candidates/new", data=_profile_form(occupations=f"Installateur ({KLEMPNER}):2"))
    assert db.session.scalars(sa.select(Candidate.occupations)).one() == [
        {"name": "Installateur", "years": 2, "kldb": KLEMPNER}]


def test_a_bad_code_in_the_occupations_is_a_german_field_error(client, login_as):
    login_as(caseworker())
    response = client.post("/caseworker/candidates/new", data=_profile_form(occupations="Bäckerin (KldB 123)"))
    assert response.status_code == 422
    assert 'data-testid="error-occupations"' in response.text
    assert "ist kein KldB-Code" in response.text
    assert db.session.scalars(sa.select(Candidate)).first() is None


def test_the_profile_form_lists_what_each_occupation_is_recognised_as(client, login_as):
    me = caseworker()
    candidate = CandidateFactory(agency=me.organisation, occupations=[{"name": "Koch", "years": 2}])
    login_as(me)
    page = client.get(f"/caseworker/candidates/{candidate.id}/edit").text
    assert 'data-testid="occupation-list"' in page
    assert "Koch: erkannt als: <strong>" in page and "· KldB 29302</li>" in page


def test_work_told_in_the_past_and_a_classification_name_are_recognised_on_the_profile_form(client, login_as):
    """As survey answers and official lists write prior work: the caseworker sees the cleaner and the
    warehouse helper, not an office clerk and nothing."""
    me = caseworker()
    candidate = CandidateFactory(agency=me.organisation, occupations=[
        {"name": "Büros geputzt", "years": 3},
        {"name": "Berufe in der Lagerwirtschaft - Helfer-/Anlerntätigkeiten", "years": 1}])
    login_as(me)
    page = client.get(f"/caseworker/candidates/{candidate.id}/edit").text
    assert "Büros geputzt: erkannt als: <strong>" in page and "· KldB 54101</li>" in page
    assert "· KldB 51311</li>" in page and "KldB 71402" not in page


def test_confirmed_profile_codes_reach_the_matcher(app):
    candidate = CandidateFactory(occupations=[{"name": "Installateur", "years": 2, "kldb": KLEMPNER},
                                              {"name": "Koch", "years": 1}])
    [spec] = matching.active_candidate_specs(Candidate.id == candidate.id)
    assert spec.occupation_codes == (KLEMPNER,)


def test_a_confirmed_profile_code_replaces_the_guess_for_that_occupation(app):
    """"Anlagenmechaniker SHK" confirmed as Klempner (34202) no longer counts as SHK (34212):
    the SHK slot is only related work, the Klempner slot the same occupation."""
    shk = SlotFactory(title="Anlagenmechaniker/in - Sanitär-, Heizungs- und Klimatechnik", skills=[])
    klempner = SlotFactory(title="Klempner/in", skills=[])
    candidate = CandidateFactory(skills=[], occupations=[{"name": "Anlagenmechaniker SHK", "years": 2,
                                                          "kldb": KLEMPNER}])
    matching.refresh_candidate(candidate)
    reasons = {m.slot_id: m.reasons[0][0] for m in db.session.scalars(
        sa.select(matching.Match).where(matching.Match.candidate_id == candidate.id))}
    assert reasons[klempner.id] == "occupation_same"
    assert reasons.get(shk.id) != "occupation_same"


def test_a_role_many_trades_share_is_not_guessed_but_offers_its_titles_to_pick_from(client, login_as):
    """"Werker" alone was read as a horse-farm worker: now nothing is recognised, and the picker
    offers the list's titles with that role, so the employer picks the one meant."""
    login_as(employer_user())
    answer = client.get("/occupations/suggest", query_string={"q": "Werker"}).json
    assert answer["recognised"] is None
    assert answer["suggestions"] and all("werker" in item["title"].casefold() for item in answer["suggestions"])


def test_suggestions_read_a_leader_of_a_field_as_that_fields_managers(client, login_as):
    login_as(employer_user())
    recognised = client.get("/occupations/suggest", query_string={"q": "Abteilungsleiter Einkauf"}).json["recognised"]
    assert (recognised["code"], recognised["title"]) == ("61194", "Leiter/in - Einkauf")  # was 71394
