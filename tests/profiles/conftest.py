from __future__ import annotations

import pytest

from tests.factories import CandidateProfileFactory, JobListingFactory


@pytest.fixture
def jobs(db):
    """Four postings around a Python/Django backend candidate in Austin, TX."""
    return [
        JobListingFactory(
            title="Backend Engineer", required_skills=["Python", "Django", "PostgreSQL"],
            company_stage="series_b",
        ),
        JobListingFactory(
            title="Platform Engineer", required_skills=["Python", "Kubernetes", "Docker", "AWS"],
            location="Denver, CO", remote=True,
        ),
        JobListingFactory(
            title="Senior Go Engineer", seniority="senior", required_skills=["Go", "Kubernetes"],
            location="Boston, MA", salary_min=90_000, salary_max=100_000,
        ),
        JobListingFactory(
            title="Registered Nurse", industry="healthcare", required_skills=["Triage", "BLS"],
            location="Miami, FL",
        ),
    ]  # fmt: skip


@pytest.fixture
def backend_candidate(db):
    return CandidateProfileFactory(
        skill_sources={"Python": "skills section", "Django": "work experience"},
        company_size_preference=["series_b"],
    )
