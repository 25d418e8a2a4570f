"""Test data builders (factory_boy). Every user shares one password, hashed once."""

from __future__ import annotations

import factory
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from matchmaker.extensions import db
from matchmaker.matching.normalise import fold
from matchmaker.models import (
    Candidate,
    Carrier,
    Chamber,
    Contact,
    ContactStatus,
    DeclineReason,
    District,
    GermanLevel,
    Initiator,
    Match,
    Organisation,
    OrganisationKind,
    Sector,
    Slot,
    SlotKind,
    SlotStatus,
    User,
    WorkPermit,
    utcnow,
)
from matchmaker.services.slots import search_text

PASSWORD = "richtig-gutes-passwort"
_PASSWORD_HASH = generate_password_hash(PASSWORD)  # hashing is slow on purpose; do it once


class _Base(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


def district(name: str) -> District:
    return db.session.scalars(sa.select(District).where(District.name == name)).one()


class EmployerFactory(_Base):
    class Meta:
        model = Organisation

    kind = OrganisationKind.EMPLOYER
    name = factory.Sequence(lambda n: f"Betrieb {n}")
    sector = Sector.HANDWERK
    chamber = Chamber.HWK
    address = factory.Sequence(lambda n: f"Musterstraße {n}, 47051 Duisburg")
    phone = "0203 123456"
    verified_at = factory.LazyFunction(utcnow)

    class Params:
        unverified = factory.Trait(verified_at=None)


class AgencyFactory(_Base):
    class Meta:
        model = Organisation

    kind = OrganisationKind.AGENCY
    name = factory.Sequence(lambda n: f"Beratungsstelle {n}")
    carrier = Carrier.FREI_GEMEINNUETZIG


class CoordinationFactory(_Base):
    class Meta:
        model = Organisation

    kind = OrganisationKind.COORDINATION
    name = factory.Sequence(lambda n: f"Koordinierungsstelle {n}")


class UserFactory(_Base):
    class Meta:
        model = User

    organisation = factory.SubFactory(EmployerFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password_hash = _PASSWORD_HASH


def employer_user(**kwargs) -> User:
    return UserFactory(**kwargs)


def caseworker(**kwargs) -> User:
    kwargs.setdefault("organisation", AgencyFactory())
    return UserFactory(**kwargs)


def coordinator(**kwargs) -> User:
    kwargs.setdefault("organisation", CoordinationFactory())
    return UserFactory(**kwargs)


class SlotFactory(_Base):
    class Meta:
        model = Slot

    organisation = factory.SubFactory(EmployerFactory)
    title = factory.Sequence(lambda n: f"Verkäufer/in {n}")
    kind = SlotKind.PRAKTIKUM
    min_german = GermanLevel.A2
    skills = factory.LazyFunction(lambda: ["Kassieren"])
    status = SlotStatus.OPEN
    search_text = factory.LazyAttribute(lambda o: search_text(o.title, o.skills))


class CandidateFactory(_Base):
    class Meta:
        model = Candidate

    agency = factory.SubFactory(AgencyFactory)
    pseudonym = factory.Sequence(lambda n: f"K-T{n:03d}")
    first_name = factory.Sequence(lambda n: f"Vorname{n}")
    last_initial = "K"
    german_level = GermanLevel.B1
    skills = factory.LazyFunction(lambda: [{"name": "Lager", "years": 2}])
    work_permit = WorkPermit.ERLAUBT
    search_text = factory.LazyAttribute(lambda o: fold(" | ".join([o.first_name, *(s["name"] for s in o.skills)])))


class MatchFactory(_Base):
    """A stored match between a slot and a profile (the engine is not asked)."""

    class Meta:
        model = Match

    slot = factory.SubFactory(SlotFactory)
    candidate = factory.SubFactory(CandidateFactory)
    score = 70.0
    reasons = factory.LazyFunction(list)


class ContactFactory(_Base):
    """A contact on a match; by default an employer's request waiting for the agency."""

    class Meta:
        model = Contact

    slot = factory.SubFactory(SlotFactory)
    candidate = factory.SubFactory(CandidateFactory)
    initiated_by = Initiator.EMPLOYER
    proposed_by = factory.LazyAttribute(lambda o: UserFactory(organisation=o.slot.organisation))
    status = ContactStatus.PROPOSED
    answered_at = factory.LazyAttribute(lambda o: None if o.status is ContactStatus.PROPOSED else utcnow())
    decline_reason = factory.LazyAttribute(
        lambda o: DeclineReason.OTHER if o.status is ContactStatus.DECLINED else None)


class Committed:
    """A service module whose every call is one committed action, as a request makes it:
    `Committed(contacts).start(...)` runs the service, commits, then what waits for the commit."""

    def __init__(self, module):
        self._module = module

    def __getattr__(self, name):
        from matchmaker import transaction

        function = getattr(self._module, name)

        def call(*args, **kwargs):
            try:
                result = function(*args, **kwargs)
            except Exception:
                transaction.rollback()
                raise
            transaction.commit()
            return result

        return call
