from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import CandidateProfileFactory, ReviewerFactory, UserFactory


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def candidate(db):
    return CandidateProfileFactory()


@pytest.fixture
def reviewer(db):
    return ReviewerFactory(username="reviewer")


@pytest.fixture
def user(db):
    return UserFactory()
