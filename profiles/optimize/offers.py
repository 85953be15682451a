"""Which optional suggestions a candidate is offered: randomised once per candidate, logged.

The learning engine's resume-edit analysis uses the offer as an instrument (seed 002 §4.5.1):
it must be independent of anything about the candidate, and stable, so a candidate sees the
same arm at every optimization. A SHA-256 of a fixed salt, the edit type and the username
gives a bucket 0-9999; buckets under ``OFFER_SHARE`` get the suggestion. Every optimization
stores the arm and bucket it used (``ResumeOptimization.offers``).
"""

from __future__ import annotations

import hashlib

# Edit types offered only to a random half: the ones the engine measures the effect of.
OPTIONAL_EDIT_TYPES = ("added_metrics",)
OFFER_SHARE = 0.5
BUCKETS = 10_000
SALT = "resume-optimize-offer-v1"  # a new salt is a new randomisation: never change it quietly


def offer_bucket(user_key: str, edit_type: str) -> int:
    digest = hashlib.sha256(f"{SALT}:{edit_type}:{user_key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % BUCKETS


def offers_for(user_key: str) -> dict[str, dict[str, object]]:
    """{edit type: {"offered": bool, "bucket": int, "salt": str}} for one candidate."""
    out: dict[str, dict[str, object]] = {}
    for edit_type in OPTIONAL_EDIT_TYPES:
        bucket = offer_bucket(user_key, edit_type)
        out[edit_type] = {"offered": bucket < OFFER_SHARE * BUCKETS, "bucket": bucket, "salt": SALT}
    return out


def offered_types(offers: dict[str, dict[str, object]]) -> frozenset[str]:
    return frozenset(kind for kind, arm in offers.items() if arm.get("offered"))
