"""Property-based tests made from the OpenAPI document (schemathesis): every operation, for each
role's token, with generated parameters and bodies against a seeded database. No answer may be a
5xx, and every answer must match the document (status, content type, body schema)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks

from matchmaker.models import ContactStatus, Initiator
from tests.factories import CandidateFactory, ContactFactory, MatchFactory, SlotFactory, caseworker, coordinator

from .helpers import token_for

# What the issue asks of every answer: no 5xx, and everything as documented. (Not "every
# schema-valid request is accepted": a service rule such as "pay from ≤ pay to" or "this
# contact was answered already" refuses some with a documented 409 or 422.)
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_headers_conformance, checks.response_schema_conformance]

ROLES = ("employer", "agency", "coordinator")
EXAMPLES = 12  # per operation and role: enough to find a 5xx, small enough for make test


def _seed(role: str) -> str:
    """A small city: an employer's slots, an agency's profiles, matches and a contact; the token of `role`."""
    slot = SlotFactory()
    boss_user = slot.organisation
    worker = caseworker()
    people = [CandidateFactory(agency=worker.organisation) for _ in range(2)]
    for person in people:
        MatchFactory(slot=slot, candidate=person)
    ContactFactory(slot=slot, candidate=people[0], initiated_by=Initiator.CASEWORKER, proposed_by=worker,
                   status=ContactStatus.PROPOSED)
    from tests.factories import UserFactory

    user = {"employer": lambda: UserFactory(organisation=boss_user), "agency": lambda: worker,
            "coordinator": coordinator}[role]()
    return token_for(user, name=f"schemathesis {role}")


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_as_documented(app, role):
    """(pytest-parametrize per role; hypothesis per operation, so one failing operation names itself)"""
    app.config["API_RATE_LIMIT"] = "100000 per minute"
    headers = {"Authorization": f"Bearer {_seed(role)}"}
    operations = _operations(app)
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            check()
        except Exception as error:
            raise AssertionError(f"{role}: {operation.label}") from error
