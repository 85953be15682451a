"""Delete a candidate's account: personal data erased, the rest pseudonymised in place.

The account row stays as a **pseudonym**: its username becomes ``deleted-<random>`` (drawn
so that its holdout memberships stay the same), its name, e-mail, password and tokens go,
and nobody can sign in to it any more. Every row that pointed at it keeps
pointing at it, so the event log's ``user_id``, experiment assignments, applications and
the cohort attributes (years of experience, level) are unchanged and every per-user
aggregate — market figures, cohorts, experiment results, user counts — reads the same
before and after. What identifies the person is erased:

- the account's name and e-mail, its API tokens;
- the profile's personal and free-text fields (name, e-mail, phone, location, LinkedIn,
  summary, employers, schools, descriptions, AI advice about them);
- every resume version's text, parsed data, file name, hash and stored file;
- digests' rendered content and their mails' addresses; match explanations;
- resume optimizations' suggestion texts and analyses; weekly insights and personal
  parameter overrides (per-person outputs no aggregate reads) are deleted;
- AI interactions made for the user, or for their resumes, matches, digests and
  optimizations: inputs and outputs (they hold resume text) replaced by a marker;
- event payloads: free-text fields erased, and any other text holding the person's name,
  e-mail, phone or resume text; event ids holding them are replaced by a hash.

The event log is append-only (``learning.models.Event``: no path updates it); this module is
the one sanctioned exception, erasure, and every such change is recorded in the audit row.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Q
from rest_framework.authtoken.models import Token

from profiles.models import (
    AIInteraction,
    CandidateProfile,
    DailyDigest,
    DigestMail,
    JobScore,
    ResumeOptimization,
    ResumeSuggestion,
    ResumeVersion,
)
from profiles.privacy import PSEUDONYM_PREFIX
from profiles.privacy.hooks import erasing_counts, pseudonym_predicates
from recruitly.eventlog.columns import FAMILY_FIELDS
from recruitly.eventlog.models import Event, EventId, QuarantinedEvent
from recruitly.spine.audit import audit_record
from recruitly.spine.models import ParameterOverride

ERASED = "[erased]"
# Random names tried for one holding the account's holdout memberships: a member of two 5 %
# holdouts needs 400 tries on average; each costs a few microseconds of hashing.
PSEUDONYM_TRIES = 200_000
# Shorter strings (initials, a two-letter name) would match unrelated text everywhere.
MIN_NEEDLE = 4
# A resume line this long is distinctive enough to search for in free text.
MIN_RESUME_LINE = 20
# Payload fields that carry what the candidate wrote or an AI wrote about their resume.
FREE_TEXT_KEYS = frozenset({"suggested_content", "final_content", "comment", "reason"})

PROFILE_BLANK = {
    "full_name": "",
    "email": "",
    "phone": "",
    "location": "",
    "work_authorization": "",
    "linkedin": "",
    "professional_summary": "",
    "ai_profile_summary": "",
    "ai_career_advice": "",
    "experience_descriptions": [],
    "companies": [],
    "institutions": [],
    "job_titles": [],
    "degrees": [],
    "graduation_years": [],
    "relevant_coursework": [],
    "ai_strengths": [],
    "ai_improvement_areas": [],
    "skill_sources": {},
    "preferred_locations": [],
    "digest_emails": False,
}


class AccountDeleteError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message, self.code = message, code


@dataclass(frozen=True)
class Erasure:
    pseudonym: str
    address: str  # where the confirmation goes; "" when the account had none
    counts: dict[str, int]


@dataclass(frozen=True)
class Needles:
    strings: tuple[str, ...]

    def found_in(self, text: str) -> bool:
        folded = text.casefold()
        return any(n in folded for n in self.strings)


def _needles(user: User, profile: CandidateProfile, resume_texts: Iterable[str]) -> Needles:
    found = [
        user.email, profile.email, profile.full_name, profile.phone, profile.linkedin,
        f"{user.first_name} {user.last_name}".strip(),
    ]  # fmt: skip
    if "@" in user.username:
        found.append(user.username)
    digits = "".join(c for c in profile.phone if c.isdigit())
    if len(digits) >= 7:
        found.append(digits)
    for text in resume_texts:
        found.extend(
            line.strip() for line in text.splitlines() if len(line.strip()) >= MIN_RESUME_LINE
        )
    return Needles(tuple({s.casefold() for s in found if len(s.strip()) >= MIN_NEEDLE}))


def _scrub(
    value: Any,
    needles: Needles,
    *,
    keep: frozenset[tuple[str, ...]],
    path: tuple[str, ...] = (),
) -> Any:
    """``value`` with free text and any text holding a needle erased; ``keep`` paths stay."""
    if isinstance(value, dict):
        return {k: _scrub(v, needles, keep=keep, path=(*path, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, needles, keep=keep, path=path) for v in value]
    if not isinstance(value, str):
        return value
    if needles.found_in(value):
        return ERASED
    if path not in keep and FREE_TEXT_KEYS.intersection(path):
        return ERASED
    return value


_ANALYSIS_PATHS = frozenset(p for fields in FAMILY_FIELDS.values() for p in fields.values())


def _event_id(event_id: str, needles: Needles) -> str:
    if not needles.found_in(event_id):
        return event_id
    return "erased-" + hashlib.sha256(event_id.encode()).hexdigest()[:40]


def _events_pseudonymise(user: User, needles: Needles) -> int:
    changed = 0
    rows = Event.objects.filter(Q(user=user) | Q(submitted_by=user)).only(
        "pk", "event_id", "payload"
    )
    for event in rows.iterator(chunk_size=500):
        payload = _scrub(event.payload, needles, keep=_ANALYSIS_PATHS)
        event_id = _event_id(event.event_id, needles)
        if payload != event.payload or event_id != event.event_id:
            # The sanctioned exception to the append-only log (see the module docstring).
            Event.objects.filter(pk=event.pk).update(payload=payload, event_id=event_id)
            if event_id != event.event_id:  # the idempotency key holds the id too
                EventId.objects.filter(event_id=event.event_id).update(event_id=event_id)
            changed += 1
    for row in QuarantinedEvent.objects.filter(submitted_by=user).only("pk", "raw", "event_id"):
        QuarantinedEvent.objects.filter(pk=row.pk).update(
            raw=_scrub(row.raw, needles, keep=frozenset()),
            event_id=_event_id(row.event_id, needles),
        )
    return changed


def _interactions(user: User, profile: CandidateProfile) -> models.QuerySet[AIInteraction]:
    """The AI calls made for the user or about their resumes, matches, digests, optimizations."""
    ids: set[int] = set()
    sources: list[tuple[models.QuerySet[Any], str]] = [
        (ResumeVersion.objects.filter(candidate=profile), "parse_interaction_id"),
        (JobScore.objects.filter(candidate=profile), "reasoning_interaction_id"),
        (DailyDigest.objects.filter(candidate=profile), "summary_interaction_id"),
        (ResumeOptimization.objects.filter(candidate=profile), "interaction_id"),
    ]
    for queryset, column in sources:
        ids.update(i for i in queryset.values_list(column, flat=True) if i is not None)
    return AIInteraction.objects.filter(Q(user=user) | Q(pk__in=ids) | Q(fallback_of__in=ids))


def _resume_data_erase(profile: CandidateProfile) -> dict[str, int]:
    optimizations = ResumeOptimization.objects.filter(candidate=profile)
    return {
        "resume_versions": ResumeVersion.objects.filter(candidate=profile).update(
            text="", parsed_data={}, source_name="", source_hash="", raw_file=None
        ),
        "resume_suggestions": ResumeSuggestion.objects.filter(
            optimization__in=optimizations
        ).update(original=ERASED, suggested=ERASED, final_text="", anchor="", reason=""),
        "resume_optimizations": optimizations.update(analysis={}, rating_comment=""),
    }


def _outputs_erase(user: User, profile: CandidateProfile) -> dict[str, int]:
    digests = DailyDigest.objects.filter(candidate=profile)
    return {
        "ai_interactions": _interactions(user, profile).update(
            input_data={"erased": True}, output=None, error=""
        ),
        "job_scores": JobScore.objects.filter(candidate=profile).update(
            ai_reasoning="", exploration_note=""
        ),
        "digest_mails": DigestMail.objects.filter(digest__in=digests).update(
            address="", last_error=""
        ),
        "digests": digests.update(
            digest_title="", digest_summary="", digest_html="", digest_text=""
        ),
        "parameter_overrides_deleted": ParameterOverride.objects.filter(user=user).delete()[0],
    }


def _pseudonym(username: str) -> str:
    """A fresh ``deleted-<hex>`` name that every app's check accepts (experiments keeps it in
    the same holdouts as ``username``: a pseudonym that fell on the other side would move the
    person's past outcomes to the other arm of every holdout report)."""
    accepts = pseudonym_predicates(username, User)
    for _ in range(PSEUDONYM_TRIES):
        name = PSEUDONYM_PREFIX + secrets.token_hex(8)
        same = all(accept(name) for accept in accepts)
        if same and not User.objects.filter(username=name).exists():
            return name
    raise AccountDeleteError("No pseudonym keeps this account's holdouts.", "no_pseudonym")


def _account_pseudonymise(user: User) -> str:
    pseudonym = _pseudonym(user.username)
    user.username, user.email, user.first_name, user.last_name = pseudonym, "", "", ""
    # ``is_active`` stays: experiment baselines and holdout reports count active candidates,
    # and the unusable password, the deleted tokens and the changed session hash already
    # keep everyone out of the account.
    user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    Token.objects.filter(user=user).delete()
    return pseudonym


@transaction.atomic
def account_delete(*, user: User) -> Erasure:
    """Erase the candidate's personal data and pseudonymise the account (see module doc).

    Raises AccountDeleteError(code ``not_a_candidate``) for staff and accounts without a
    candidate profile, and ``already_deleted`` for an account already erased.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.username.startswith(PSEUDONYM_PREFIX) and not user.has_usable_password():
        raise AccountDeleteError("This account is already deleted.", "already_deleted")
    profile = CandidateProfile.objects.filter(user=user).first()
    if profile is None or user.is_staff or user.is_superuser:
        raise AccountDeleteError(
            "Only a candidate's own account can be deleted here.", "not_a_candidate"
        )
    address = profile.email or user.email
    texts = ResumeVersion.objects.filter(candidate=profile).values_list("text", flat=True)
    needles = _needles(user, profile, texts)
    counts = {"events_pseudonymised": _events_pseudonymise(user, needles)}
    counts.update(_outputs_erase(user, profile))
    counts.update(erasing_counts(user))
    counts.update(_resume_data_erase(profile))
    CandidateProfile.objects.filter(pk=profile.pk).update(**PROFILE_BLANK)
    pseudonym = _account_pseudonymise(user)
    audit_record(
        acting_user=user,
        action="privacy_account_delete",
        target=user,
        reason="The candidate deleted their account: personal data erased, events "
        "pseudonymised (the sanctioned exception to the append-only event log)",
        details={"pseudonym": pseudonym, "counts": counts},
    )
    return Erasure(pseudonym=pseudonym, address=address, counts=counts)


CONFIRM_WORD = "DELETE"
CONFIRMATION_SUBJECT = "Your recruitly account is deleted"
CONFIRMATION_BODY = """Your recruitly account was deleted at your request.

Your name, e-mail address, phone number, resume texts and files, digests and the AI answers
about your resume are erased. What you did on the platform (applications and their
outcomes) stays only under a pseudonym ({pseudonym}) that no longer leads to you, so that
the anonymised market figures stay correct.

This is the last e-mail you get from us. If you did not ask for this, reply to this e-mail.
"""


def account_delete_confirmed(*, user: User, password: str, confirm: str) -> Erasure:
    """Delete the account after the candidate typed ``DELETE`` and their password.

    Raises AccountDeleteError: ``confirmation_required``, ``wrong_password``, or those of
    :func:`account_delete`. The confirmation e-mail goes after the commit.
    """
    if confirm != CONFIRM_WORD:
        raise AccountDeleteError(f"Type {CONFIRM_WORD} to confirm.", "confirmation_required")
    if not user.has_usable_password() or not user.check_password(password):
        raise AccountDeleteError("The password is not right.", "wrong_password")
    with transaction.atomic():
        erasure = account_delete(user=user)
        if erasure.address:
            transaction.on_commit(lambda: _confirmation_send(erasure))
    return erasure


def _confirmation_send(erasure: Erasure) -> None:
    send_mail(
        CONFIRMATION_SUBJECT,
        CONFIRMATION_BODY.format(pseudonym=erasure.pseudonym),
        settings.DEFAULT_FROM_EMAIL,
        [erasure.address],
    )
