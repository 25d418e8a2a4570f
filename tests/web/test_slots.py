"""Employers post slots quickly, keep them current, and never touch another organisation's."""

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import AuditLog, Slot, SlotStatus
from tests.factories import EmployerFactory, SlotFactory, caseworker, coordinator, district, employer_user


def _slots():
    return db.session.scalars(sa.select(Slot).order_by(Slot.id)).all()


def _minimal(user, **overrides):
    data = {"title": "Bäcker/in", "kind": "ausbildung", "min_german": "A2", "open_positions": "1",
            "district": str(district("Marxloh").id), "contact_person": str(user.id), "publish": "1"}
    data.update(overrides)
    return data


def test_a_slot_with_only_the_required_fields_is_published(client, login_as):
    me = employer_user()
    login_as(me)
    response = client.post("/employer/slots/new", data=_minimal(me, skills="Teig kneten, Frühschicht, teig kneten"))
    assert response.status_code == 302
    [slot] = _slots()
    assert (slot.status, slot.title, slot.kind.value) == (SlotStatus.OPEN, "Bäcker/in", "ausbildung")
    assert slot.open_positions == 1
    assert slot.skills == ["Teig kneten", "Frühschicht"]
    assert slot.contact_person_id == me.id
    assert slot.start_date is None  # ab sofort
    assert "Bäcker/in" in client.get(response.headers["Location"]).text


def test_the_new_slot_form_starts_with_sensible_defaults(client, login_as):
    me = employer_user(organisation=EmployerFactory(district=district("Hochfeld")))
    login_as(me)
    page = client.get("/employer/slots/new").text
    assert f'<option selected value="{district("Hochfeld").id}">' in page
    assert f'<option selected value="{me.id}">' in page
    assert 'name="open_positions" type="number" value="1"' in page or 'value="1"' in page


def test_an_unverified_employer_can_only_save_drafts(client, login_as):
    me = employer_user(organisation=EmployerFactory(unverified=True))
    login_as(me)
    assert 'data-testid="draft-only"' in client.get("/employer/slots/new").text
    client.post("/employer/slots/new", data=_minimal(me))
    [slot] = _slots()
    assert slot.status is SlotStatus.DRAFT
    response = client.post(f"/employer/slots/{slot.id}/publish", follow_redirects=True)
    assert "noch nicht freigeschaltet" in response.text
    db.session.refresh(slot)
    assert slot.status is SlotStatus.DRAFT


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("title", "", "Bitte geben Sie an, um welchen Beruf es geht."),
     ("open_positions", "0", "Bitte eine Zahl von 1 bis 500."),
     ("open_positions", "viele", "Keine gültige, ganze Zahl."),
     ("weekly_hours", "99", "Bitte eine Zahl von 1 bis 60."),
     ("start_date", "2026-02-31", "Kein gültiges Datum."),
     ("kind", "zauberei", "Keine gültige Auswahl."),
     ("district", "", "Bitte wählen Sie einen Stadtteil.")],
)
def test_bad_slot_input_gets_a_field_message_and_saves_nothing(client, login_as, field, value, message):
    me = employer_user()
    login_as(me)
    response = client.post("/employer/slots/new", data=_minimal(me, **{field: value}))
    assert response.status_code == 422
    assert f'data-testid="error-{field}"' in response.text
    assert message in response.text
    assert _slots() == []
    assert "Bäcker/in" in response.text or field == "title"  # what was typed stays


def test_the_contact_person_must_be_a_colleague(client, login_as):
    me, stranger = employer_user(), employer_user()
    login_as(me)
    response = client.post("/employer/slots/new", data=_minimal(me, contact_person=str(stranger.id)))
    assert response.status_code == 422
    assert _slots() == []


def test_duration_is_kept_only_for_praktikum_and_eq(client, login_as):
    me = employer_user()
    login_as(me)
    client.post("/employer/slots/new", data=_minimal(me, kind="ausbildung", duration_weeks="8"))
    client.post("/employer/slots/new", data=_minimal(me, kind="eq", duration_weeks="40"))
    assert [s.duration_weeks for s in _slots()] == [None, 40]


def test_editing_changes_the_slot_and_is_audited(client, login_as):
    me = employer_user()
    slot = SlotFactory(organisation=me.organisation, contact_person=me)
    login_as(me)
    form = client.get(f"/employer/slots/{slot.id}/edit").text
    assert slot.title in form
    response = client.post(f"/employer/slots/{slot.id}/edit", data=_minimal(me, title="Fachverkäufer/in Bäckerei"))
    assert response.status_code == 302
    db.session.refresh(slot)
    assert slot.title == "Fachverkäufer/in Bäckerei"
    assert "fachverkaeufer/in baeckerei" in slot.search_text
    assert db.session.scalars(sa.select(AuditLog).where(AuditLog.action == "slot.update")).one()


@pytest.mark.parametrize(
    ("start", "action", "end"),
    [(SlotStatus.OPEN, "pause", SlotStatus.PAUSED), (SlotStatus.PAUSED, "reopen", SlotStatus.OPEN),
     (SlotStatus.OPEN, "fill", SlotStatus.FILLED), (SlotStatus.FILLED, "reopen", SlotStatus.OPEN),
     (SlotStatus.OPEN, "close", SlotStatus.CLOSED), (SlotStatus.CLOSED, "reopen", SlotStatus.OPEN),
     (SlotStatus.DRAFT, "publish", SlotStatus.OPEN)],
)
def test_slots_move_through_their_life(client, login_as, start, action, end):
    me = employer_user()
    slot = SlotFactory(organisation=me.organisation, status=start)
    login_as(me)
    client.post(f"/employer/slots/{slot.id}/{action}")
    db.session.refresh(slot)
    assert slot.status is end


@pytest.mark.parametrize(("start", "action"), [(SlotStatus.CLOSED, "pause"), (SlotStatus.DRAFT, "fill"),
                                               (SlotStatus.OPEN, "publish")])
def test_impossible_status_changes_are_refused_with_a_message(client, login_as, start, action):
    me = employer_user()
    slot = SlotFactory(organisation=me.organisation, status=start)
    login_as(me)
    response = client.post(f"/employer/slots/{slot.id}/{action}", follow_redirects=True)
    assert "kann das nicht" in response.text
    db.session.refresh(slot)
    assert slot.status is start


def test_another_organisations_slot_cannot_be_seen_edited_or_changed(client, login_as):
    theirs = SlotFactory(title="Geheimes Angebot")
    login_as(employer_user())
    assert client.get(f"/employer/slots/{theirs.id}").status_code == 404
    assert client.get(f"/employer/slots/{theirs.id}/edit").status_code == 404
    assert client.post(f"/employer/slots/{theirs.id}/edit", data={"title": "gekapert"}).status_code == 404
    assert client.post(f"/employer/slots/{theirs.id}/close").status_code == 404
    assert "Geheimes Angebot" not in client.get("/employer/slots/").text
    db.session.refresh(theirs)
    assert (theirs.title, theirs.status) == ("Geheimes Angebot", SlotStatus.OPEN)


@pytest.mark.parametrize("make_user", [caseworker, coordinator])
def test_slot_pages_are_for_employers_only(client, login_as, make_user):
    slot = SlotFactory()
    login_as(make_user())
    assert client.get("/employer/slots/").status_code == 403
    assert client.get(f"/employer/slots/{slot.id}").status_code == 403


def test_the_list_filters_by_text_status_kind_level_and_district(client, login_as):
    me = employer_user()
    org = me.organisation
    SlotFactory(organisation=org, title="Bäcker/in", kind="ausbildung", district=district("Marxloh"))
    SlotFactory(organisation=org, title="Maler/in", kind="praktikum", status=SlotStatus.PAUSED,
                district=district("Hochfeld"), min_german="B1")
    login_as(me)

    def titles(query):
        page = client.get(f"/employer/slots/?{query}").text
        return {t for t in ("Bäcker/in", "Maler/in") if t in page}

    assert titles("q=baecker") == {"Bäcker/in"}
    assert titles("q=B%C3%A4CKER") == {"Bäcker/in"}
    assert titles("status=paused") == {"Maler/in"}
    assert titles("kind=ausbildung") == {"Bäcker/in"}
    assert titles("german=B1") == {"Maler/in"}
    assert titles(f"district={district('Hamborn').id}") == {"Bäcker/in"}  # a whole Stadtbezirk
    assert titles(f"district={district('Marxloh').id}") == {"Bäcker/in"}
    assert titles("kind=quatsch&status=nein&page=x") == {"Bäcker/in", "Maler/in"}


def test_the_list_pages_through_many_slots(client, login_as):
    me = employer_user()
    SlotFactory.create_batch(30, organisation=me.organisation)
    login_as(me)
    first = client.get("/employer/slots/").text
    assert "30 Angebote" in first and "Seite 1 von 2" in first


def test_skill_suggestions_come_from_tags_in_use(client, login_as):
    me = employer_user()
    login_as(me)
    client.post("/employer/slots/new", data=_minimal(me, skills="Staplerschein, Kassieren"))
    assert client.get("/skills/suggest?q=stap").json == ["Staplerschein"]
    assert client.get("/skills/suggest?q=s").json == []
    client.post("/logout")
    assert client.get("/skills/suggest?q=stap").status_code == 302
