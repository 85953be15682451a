"""Creating candidates: sign-up on the web, or first contact through the API."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from profiles.models import CandidateProfile


@transaction.atomic
def candidate_sign_up(*, username: str, email: str, password: str) -> CandidateProfile:
    """Create a user with a usable password and their empty candidate profile."""
    user = get_user_model().objects.create_user(username=username, email=email, password=password)
    return CandidateProfile.objects.create(user=user, email=email)


@transaction.atomic
def candidate_get_or_create(*, username: str) -> tuple[CandidateProfile, bool]:
    """The candidate called ``username``, creating user and profile when missing.

    The user gets an unusable password: they sign in after a reset, or through the API.
    """
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model(username=username)
        user.set_unusable_password()
        user.save()
    profile = CandidateProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile, False
    return CandidateProfile.objects.create(user=user, email=user.email or ""), True


def candidate_for_user(*, user: User) -> CandidateProfile:
    """The profile of a signed-in user, created empty on first visit."""
    profile = CandidateProfile.objects.select_related("user").filter(user=user).first()
    if profile is None:
        profile = CandidateProfile.objects.create(user=user, email=getattr(user, "email", ""))
    return profile
