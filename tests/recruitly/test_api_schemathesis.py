"""Schemathesis against our own OpenAPI schema, through the WSGI app: no 500, no violation.

Every operation of ``/api/schema/`` gets generated requests (bounded and deterministic), as a
candidate acting on themself and as a reviewer (staff) acting on anyone; every answer must
conform to the schema: status code documented, body valid against the documented schema,
content type as documented, and no server error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import ScopedRateThrottle
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from recruitly.wsgi import application
from tests.factories import CandidateProfileFactory, JobListingFactory, ReviewerFactory

# Examples per operation, role and mode: about 25 s for every operation on the 2-core
# machine; deterministic, so CI sends the same requests every time.
MAX_EXAMPLES = 6

COVERAGE = os.environ.get("SCHEMATHESIS_COVERAGE") == "1"

CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
        },
        # The coverage phase adds hundreds of boundary cases per operation (83 s in all, and
        # green): too slow for every CI run, on with SCHEMATHESIS_COVERAGE=1.
        "phases": {"coverage": {"enabled": COVERAGE}, "stateful": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class World:
    candidate_name: str
    candidate_token: str
    reviewer_token: str


@pytest.fixture
def world(db, monkeypatch) -> Iterator[World]:
    # The WSGI handler would close the test's connection at each request (it is inside the
    # test's transaction); Django's own test client disconnects these the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    # Throttles answer 429 (documented) long before the generated examples run out.
    monkeypatch.setattr(
        ScopedRateThrottle,
        "THROTTLE_RATES",
        {scope: "100000/minute" for scope in ScopedRateThrottle.THROTTLE_RATES},
    )
    candidate = CandidateProfileFactory(user__username="cand")
    reviewer = ReviewerFactory(username="rev")
    now = timezone.now()
    for days in range(3):
        JobListingFactory(posted_at=now - timedelta(days=days))
    try:
        yield World(
            candidate_name=candidate.user.username,
            candidate_token=Token.objects.create(user=candidate.user).key,
            reviewer_token=Token.objects.create(user=reviewer).key,
        )
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Every response check stays on (no server error; status code, content type, body and
# headers as documented; auth not ignored), for schema-valid and schema-violating requests.
# Off, as they judge the input, not the answer: "schema-valid data is accepted" (a valid
# body can still be a resume that cannot be read, or a request a business rule refuses:
# documented 400s with a code) and "schema-violating data is rejected" (like DRF, the API
# is lenient where it is harmless: a malformed limit or offset falls back to the default,
# an unknown field is ignored).
EXCLUDED = [positive_data_acceptance, negative_data_rejection]

HYPOTHESIS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@schema.parametrize()
@HYPOTHESIS
def test_the_api_keeps_its_schema_for_a_candidate(case, world: World) -> None:
    if case.path_parameters and "user_id" in case.path_parameters:
        case.path_parameters["user_id"] = world.candidate_name  # their own data
    case.call_and_validate(
        headers={"Authorization": f"Token {world.candidate_token}"}, excluded_checks=EXCLUDED
    )


@schema.parametrize()
@HYPOTHESIS
def test_the_api_keeps_its_schema_for_a_reviewer(case, world: World) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Token {world.reviewer_token}"}, excluded_checks=EXCLUDED
    )
