"""Slots state pay, working time, a fixed term, the school certificate expected and how long
they are published; employers copy a slot as a template and preview it (issue 12)."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from matchmaker.domain import clock
from matchmaker.extensions import db
from matchmaker.models import (
    AuditAction,
    AuditLog,
    GermanLevel,
    PayUnit,
    SchoolCertificate,
    Slot,
    SlotKind,
    SlotStatus,
    WorkingTime,
)
from matchmaker.services import slots as slot_service
from tests.conftest import login
from tests.factories import MatchFactory, SlotFactory, caseworker, district, employer_user


def _form(user, **overrides):
    data = {"title": "Bäcker/in", "kind": "ausbildung", "min_german": "A2", "open_positions": "1",
            "district": str(district("Marxloh").id), "contact_person": str(user.id), "publish": "1"}
    return {**data, **overrides}


def test_pay_and_terms_are_stored_and_caseworkers_read_them(client, login_as, app):
    boss = employer_user()
    login_as(boss)
    until = (clock.today() + timedelta(days=30)).isoformat()
    response = client.post("/employer/slots/new", data=_form(
        boss, pay_from="1000", pay_to="1150", pay_unit="monat", pay_collective="y", working_time="vollzeit",
        fixed_term_months="", school_certificate="hauptschule", publish_until=until))
    assert response.status_code == 302, response.text
    slot = db.session.scalars(sa.select(Slot)).one()
    assert (slot.pay_from, slot.pay_to, slot.pay_unit, slot.pay_collective) == (1000, 1150, PayUnit.MONAT, True)
    assert (slot.working_time, slot.school_certificate) == (WorkingTime.VOLLZEIT, SchoolCertificate.HAUPTSCHULE)
    reader = app.test_client()
    login(reader, caseworker())
    page = reader.get(f"/caseworker/slots/{slot.id}").text
    assert re.search(r'slot-pay">1\.000\s€ – 1\.150\s€ im Monat · nach Tarif<', page)
    assert "Vollzeit" in page and "unbefristet" in page and "Hauptschulabschluss" in page


def test_bad_terms_are_refused_at_their_fields_and_what_was_typed_stays(client, login_as):
    boss = employer_user()
    login_as(boss)
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    response = client.post("/employer/slots/new", data=_form(boss, pay_from="1200", pay_to="900",
                                                             publish_until=yesterday, fixed_term_months="999"))
    assert response.status_code == 422
    for name in ("pay_to", "publish_until", "fixed_term_months"):
        assert f'data-testid="error-{name}"' in response.text, name
    assert 'value="1200"' in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Slot)) == 0
    # The same rule holds in the service, whoever calls it.
    data = slot_service.SlotData(title="x", kind=SlotKind.AUSBILDUNG, min_german=GermanLevel.A2, pay_from=5, pay_to=1)
    try:
        slot_service.create_slot(boss, boss.organisation, data)
    except slot_service.SlotError as error:
        assert "Höchstbetrag" in str(error)
    else:
        raise AssertionError("accepted a pay range that ends below its start")


def test_a_slot_closes_itself_after_its_publish_until_day_and_the_employer_is_told(app, mailbox):
    boss = employer_user()
    today = clock.today()
    ran_out = SlotFactory(organisation=boss.organisation, contact_person=boss, status=SlotStatus.OPEN,
                          title="Bäcker/in", publish_until=today - timedelta(days=1))
    MatchFactory(slot=ran_out)
    runs = SlotFactory(organisation=boss.organisation, status=SlotStatus.OPEN, publish_until=today)
    result = app.test_cli_runner().invoke(args=["slots", "close-expired"])
    assert result.exit_code == 0 and "1 abgelaufene Angebote geschlossen." in result.output
    db.session.expire_all()
    assert (db.session.get(Slot, ran_out.id).status, db.session.get(Slot, runs.id).status) == (
        SlotStatus.CLOSED, SlotStatus.OPEN)
    [mail] = mailbox.to(boss.email)
    assert mail["Subject"] == "Ihr Angebot ist abgelaufen: Bäcker/in"
    assert db.session.scalar(sa.select(AuditLog.action).where(AuditLog.object_id == ran_out.id)) == \
        AuditAction.SLOT_EXPIRE.value
    # a second run finds nothing more to do, and tells nobody twice
    app.test_cli_runner().invoke(args=["slots", "close-expired"])
    assert len(mailbox.to(boss.email)) == 1


def test_reopening_a_slot_that_ran_out_keeps_it_open(client, login_as):
    boss = employer_user()
    slot = SlotFactory(organisation=boss.organisation, status=SlotStatus.CLOSED,
                       publish_until=clock.today() - timedelta(days=3))
    login_as(boss)
    client.post(f"/employer/slots/{slot.id}/reopen")
    db.session.refresh(slot)
    assert (slot.status, slot.publish_until) == (SlotStatus.OPEN, None)


def test_a_slot_is_copied_as_a_template_and_previewed_as_caseworkers_see_it(client, login_as):
    boss = employer_user()
    slot = SlotFactory(organisation=boss.organisation, contact_person=boss, status=SlotStatus.OPEN,
                       title="Verkäufer/in", description="Brot und Brötchen verkaufen.", weekly_hours=20,
                       publish_until=clock.today() + timedelta(days=5))
    MatchFactory(slot=slot)
    login_as(boss)
    page = client.get(f"/employer/slots/{slot.id}").text
    assert f"/employer/slots/new?vorlage={slot.id}" in page and f"/employer/slots/{slot.id}/vorschau" in page
    copy = client.get(f"/employer/slots/new?vorlage={slot.id}").text
    assert 'value="Verkäufer/in"' in copy and "Brot und Brötchen verkaufen." in copy and 'value="20"' in copy
    assert (clock.today() + timedelta(days=5)).isoformat() not in copy  # a copy starts without an end date
    preview = client.get(f"/employer/slots/{slot.id}/vorschau").text
    assert "So sehen Beratungsstellen Ihr Angebot" in preview and "Brot und Brötchen verkaufen." in preview
    assert "Passende Profile" not in preview
    other = SlotFactory()
    assert client.get(f"/employer/slots/new?vorlage={other.id}").status_code == 404
    assert client.get(f"/employer/slots/{other.id}/vorschau").status_code == 404
