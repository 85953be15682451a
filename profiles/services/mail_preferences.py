"""Which e-mails a candidate gets, and the signed one-click unsubscribe link of the digest.

The link carries the candidate's id signed with the site's secret (``django.core.signing``,
its own salt), so it works without signing in, for as long as the secret stays, and cannot
be forged for someone else. RFC 8058: a mail client POSTs ``List-Unsubscribe=One-Click`` to
it; a person who opens it sees a confirmation button first, so a link scanner's GET never
unsubscribes anyone.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core import signing
from django.db import transaction

from profiles.models import CandidateProfile
from profiles.services.digest_outbox import digest_mails_cancel

UNSUBSCRIBE_SALT = "profiles.digest-unsubscribe"


def unsubscribe_token(*, candidate: CandidateProfile) -> str:
    return unsubscribe_token_of(candidate.pk)


def unsubscribe_token_of(candidate_id: int) -> str:
    """The token of the candidate with this id (a batch of mails needs no profile rows)."""
    return _signed(settings.SECRET_KEY, candidate_id)


@functools.lru_cache(maxsize=20_000)
def _signed(secret: str, candidate_id: int) -> str:
    # deterministic for a key and id: a digest's build (its links) and its send (the
    # List-Unsubscribe header) sign each candidate once per process, not twice per mail
    return signing.dumps(candidate_id, key=secret, salt=UNSUBSCRIBE_SALT, compress=True)


def candidate_for_unsubscribe_token(*, token: str) -> CandidateProfile | None:
    """The candidate a token was signed for; None when it is forged, damaged or unknown."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return CandidateProfile.objects.filter(pk=pk).first()


@transaction.atomic
def candidate_digest_emails_set(*, candidate: CandidateProfile, enabled: bool) -> bool:
    """Turn the digest e-mail on or off; True when that changed anything (idempotent)."""
    changed = (
        CandidateProfile.objects.filter(pk=candidate.pk)
        .exclude(digest_emails=enabled)
        .update(digest_emails=enabled)
    )
    candidate.digest_emails = enabled
    if not enabled:
        digest_mails_cancel(candidate_id=candidate.pk)
    return bool(changed)


@transaction.atomic
def candidate_preferences_update(
    *,
    candidate: CandidateProfile,
    digest_emails: bool,
    experimentation_opt_out: bool,
    market_insights_opt_out: bool,
) -> CandidateProfile:
    """Save the candidate's e-mail and consent choices (read at the next digest, assignment
    or market analysis)."""
    candidate.digest_emails = digest_emails
    candidate.experimentation_opt_out = experimentation_opt_out
    candidate.market_insights_opt_out = market_insights_opt_out
    candidate.save(
        update_fields=[
            "digest_emails", "experimentation_opt_out", "market_insights_opt_out", "updated_at"
        ]
    )  # fmt: skip
    if not digest_emails:
        digest_mails_cancel(candidate_id=candidate.pk)
    return candidate
