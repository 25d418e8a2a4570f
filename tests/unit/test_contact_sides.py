"""A contact keeps its two sides' organisations (`employer_id`, `agency_id`) for the access rules
to find an organisation's contacts from an index: they must be the slot's employer and the
profile's agency, however the contact was made, or someone sees another organisation's contacts."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import sqlalchemy as sa

from matchmaker import access
from matchmaker.extensions import db
from matchmaker.models import Contact, Initiator
from matchmaker.services import contacts as contact_service
from tests.factories import AgencyFactory, CandidateFactory, EmployerFactory, MatchFactory, SlotFactory, caseworker

MIGRATION = Path(__file__).parents[2] / "migrations" / "versions" / "0019_contacts_sides.py"


def _sides(contact: Contact) -> tuple[int, int]:
    db.session.expire(contact)
    return contact.employer_id, contact.agency_id


def test_every_way_of_making_a_contact_gives_it_the_slot_s_employer_and_the_profile_s_agency(app):
    employer, agency, stranger = EmployerFactory(), AgencyFactory(), AgencyFactory()
    slot, person = SlotFactory(organisation=employer), CandidateFactory(agency=agency)
    expected = (employer.id, agency.id)
    MatchFactory(slot=slot, candidate=person)
    db.session.commit()

    proposed = contact_service.start(caseworker(organisation=agency), slot, person, "Hallo")
    db.session.commit()
    by_ids = Contact(slot_id=slot.id, candidate_id=CandidateFactory(agency=agency).id,
                     initiated_by=Initiator.EMPLOYER)
    # what a caller passes is overwritten: the sides are the slot's and the profile's
    lying = Contact(slot=SlotFactory(organisation=employer), candidate=CandidateFactory(agency=agency),
                    initiated_by=Initiator.EMPLOYER, employer_id=stranger.id, agency_id=stranger.id)
    lying_by_ids = Contact(slot_id=SlotFactory(organisation=employer).id,
                           candidate_id=CandidateFactory(agency=agency).id,
                           initiated_by=Initiator.EMPLOYER, employer_id=stranger.id, agency_id=stranger.id)
    db.session.add_all([by_ids, lying, lying_by_ids])
    db.session.commit()

    assert [_sides(c) for c in (proposed, by_ids, lying, lying_by_ids)] == [expected] * 4
    # ... and so the stranger's caseworkers see none of them, the agency's see all
    assert db.session.scalars(access.visible_contacts(caseworker(organisation=stranger))).all() == []
    assert len(db.session.scalars(access.visible_contacts(caseworker(organisation=agency))).all()) == 4


def test_the_migration_gives_existing_contacts_their_sides_from_slot_and_profile(app):
    contacts = [Contact(slot=SlotFactory(), candidate=CandidateFactory(), initiated_by=Initiator.CASEWORKER)
                for _ in range(3)]
    db.session.add_all(contacts)
    db.session.commit()
    right = {c.id: (c.slot.organisation_id, c.candidate.agency_id) for c in contacts}
    # as if the columns held something else (they are NOT NULL; the migration fills them on creation)
    db.session.execute(sa.update(Contact).values(employer_id=Contact.agency_id, agency_id=Contact.employer_id))
    db.session.commit()
    assert {c.id: _sides(c) for c in contacts} != right

    spec = importlib.util.spec_from_file_location("contact_sides_migration", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with db.engine.begin() as conn:
        module.backfill(conn)

    assert {c.id: _sides(c) for c in contacts} == right
