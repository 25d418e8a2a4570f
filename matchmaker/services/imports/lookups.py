"""What validating an import needs from the database, loaded once per file, not once per row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from ...domain import clock
from ...extensions import db
from ...matching.normalise import fold
from ...models import District, LabelledEnum, Organisation, User
from .. import matching


def enum_key(text: str) -> str:
    """Loose spelling of an enum label: case, umlauts, dashes and the spaces around them."""
    return fold(text).replace("–", "-").replace(" - ", "-")


def _label_keys(member: LabelledEnum) -> set[str]:
    label = str(member.label)
    short = label.split(" (")[0]  # "Einstiegsqualifizierung (EQ)" may be written without the bracket
    return {enum_key(text) for text in (member.value, member.value.replace("_", " "), label, short)}


@dataclass
class Lookups:
    today: date
    districts: dict[str, int]  # folded name -> id; a Stadtbezirk name stands for itself
    district_names: dict[int, str]
    contacts: dict[str, int]  # lower-case email -> id of an active member of the organisation
    default_contact_id: int | None
    title_for: Callable[[str], str | None] | None = None  # the matcher's KldB titles, to check codes
    _enum_keys: dict[type, dict[str, LabelledEnum]] = field(default_factory=dict)

    def enum_keys(self, enum_cls: type[LabelledEnum]) -> dict[str, LabelledEnum]:
        """Every accepted spelling of the enum's stored values and German labels."""
        if enum_cls not in self._enum_keys:
            self._enum_keys[enum_cls] = {key: member for member in enum_cls for key in _label_keys(member)}
        return self._enum_keys[enum_cls]


def load_lookups(actor: User, organisation: Organisation) -> Lookups:
    districts = db.session.execute(sa.select(District.id, District.name)).all()
    members = db.session.execute(
        sa.select(User.id, User.email)
        .where(User.organisation_id == organisation.id, User.active.is_(True))
        .order_by(User.id)
    ).all()
    # A coordinator importing for an employer is nobody's contact there; the employer's first person is.
    default = actor.id if actor.organisation_id == organisation.id else (members[0].id if members else None)
    return Lookups(
        today=clock.today(),
        districts={fold(name): district_id for district_id, name in districts},
        district_names=dict(districts),
        contacts={email.lower(): user_id for user_id, email in members},
        default_contact_id=default,
        title_for=matching.engine().title_for,
    )
