"""factory_boy factories shared by the test suites."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from profiles.models import CandidateProfile, JobListing


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct-horse-battery")


class ReviewerFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def reviewers_group(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.groups.add(Group.objects.get_or_create(name="Reviewers")[0])


class CandidateProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateProfile

    user = factory.SubFactory(UserFactory)
    full_name = factory.Faker("name")
    location = "Austin, TX"
    years_of_experience = 4.0
    career_level = "mid"
    programming_languages = ["Python", "SQL"]
    frameworks_libraries = ["Django"]
    tools_platforms = ["PostgreSQL", "Docker"]
    desired_roles = ["Backend Engineer"]
    preferred_locations = ["Austin, TX"]
    salary_range_min = 110_000
    salary_range_max = 150_000


class JobListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobListing

    title = "Backend Engineer"
    company = factory.Sequence(lambda n: f"Company {n}")
    industry = "software"
    seniority = "mid"
    location = "Austin, TX"
    salary_min = 120_000
    salary_max = 150_000
    salary_currency = "USD"
    required_skills = ["Python", "Django", "PostgreSQL"]
    source = "test"
    external_id = factory.Sequence(lambda n: f"job-{n}")
    posted_at = factory.LazyFunction(timezone.now)
