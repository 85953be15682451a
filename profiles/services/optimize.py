"""Resume optimization: run the three stages, record the candidate's decisions, emit events.

Accepting or editing a suggestion writes a new ``ResumeVersion`` (through the ordinary
resume service, so it is parsed, scored and the matches refreshed) and emits
``RESUME_REWRITTEN`` with the resume score before and after, and ``SUGGESTION_ACCEPTED`` or
``SUGGESTION_EDITED``; rejecting emits ``SUGGESTION_REJECTED``. Each event's id is derived
from the suggestion, so a retried request stores it once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from profiles.ai import ai_run
from profiles.ai.feedback import ai_interaction_rate
from profiles.models import (
    CandidateProfile,
    JobListing,
    ResumeOptimization,
    ResumeSuggestion,
    ResumeVersion,
    SuggestionStatus,
)
from profiles.optimize.offers import offered_types, offers_for
from profiles.optimize.rules import PLACEHOLDER_RE, Posting, apply, invented
from profiles.optimize.scores import validation_scores
from profiles.parsing.documents import ResumeDocumentError
from profiles.parsing.resume import ParsedResume, parse_resume
from profiles.privacy.scrub import unscrub
from profiles.services.event_emit import event_emit
from profiles.services.resumes import resume_text_parse
from recruitly.spine.audit import audit_record

DECISIONS = ("accept", "edit", "reject")
MAX_FINAL_TEXT = 4000
EVENT_TYPE = {"accept": "SUGGESTION_ACCEPTED", "edit": "SUGGESTION_EDITED"}
STATUS = {
    "accept": SuggestionStatus.ACCEPTED,
    "edit": SuggestionStatus.EDITED,
    "reject": SuggestionStatus.REJECTED,
}
KINDS = ("bullet", "summary", "section")


class OptimizeError(ValueError):
    """A request the optimizer refuses; ``code`` says why, ``status`` the HTTP answer."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def posting_of(job: JobListing) -> Posting:
    return Posting(
        title=job.title,
        required_skills=tuple(job.required_skills or ()),
        nice_to_have_skills=tuple(job.nice_to_have_skills or ()),
        skill_sources=dict(job.skill_sources or {}),
    )


def _parsed(version: ResumeVersion) -> ParsedResume:
    return parse_resume(version.text, today=version.created_at.date())


def _scores(version: ResumeVersion, posting: Posting) -> dict[str, float | None]:
    return validation_scores(_parsed(version), version.text, posting).as_dict()


def _kept(raw: list[Any], text: str, offered: frozenset[str]) -> list[dict[str, Any]]:
    """The provider's suggestions that quote the resume and invent nothing.

    The provider read the resume scrubbed of contact details (``profiles.ai.privacy``): a
    quote holding a token (``[NAME]``) is mapped back to the resume's own words first."""
    kept = []
    for item in raw:
        if not isinstance(item, dict) or item.get("kind") not in KINDS:
            continue
        original, suggested = str(item.get("original") or ""), str(item.get("suggested") or "")
        mapped = unscrub(original, text, suggested) if original else ("", suggested)
        anchor = unscrub(str(item.get("anchor") or ""), text) if item.get("anchor") else ("",)
        if mapped is None or anchor is None:
            continue
        original, suggested = mapped
        item = {**item, "original": original, "suggested": suggested, "anchor": anchor[0]}
        if not suggested.strip() or (original and original not in text):
            continue
        if item.get("optional") and item.get("edit_type") not in offered:
            continue  # an arm the candidate was not randomised to
        if invented(original, suggested, text):
            continue
        kept.append(item)
    return kept


@transaction.atomic
def resume_optimization_create(
    *,
    candidate: CandidateProfile,
    job: JobListing,
    acting_user: User,
    resume_version: ResumeVersion | None = None,
) -> ResumeOptimization:
    """Run stages 1-3 for ``candidate``'s resume (the newest unless given) and ``job``.

    Raises OptimizeError(no_resume) when the candidate has no resume, (not_found) for a
    version of another candidate.
    """
    started = time.perf_counter()
    version = resume_version or candidate.resume_versions.order_by("-version").first()
    if version is None:
        raise OptimizeError("no_resume", "Upload a resume first: there is nothing to optimize.")
    if version.candidate_id != candidate.pk:
        raise OptimizeError("not_found", "No such resume version for this candidate.", 404)
    posting = posting_of(job)
    offers = offers_for(candidate.user.get_username())
    offered = offered_types(offers)
    result = ai_run(
        task="resume_optimize",
        payload={
            "resume_text": version.text,
            "posting": {**posting.__dict__, "description": job.requirements_text},
            "offered": sorted(offered),
            "today": version.created_at.date().isoformat(),
        },
        user=candidate.user,
        target_type="job",
        target_id=str(job.pk),
    )
    interaction = result.interaction
    scores = _scores(version, posting)
    optimization = ResumeOptimization.objects.create(
        candidate=candidate, job=job, source_version=version, interaction=interaction,
        provider=interaction.provider, model=interaction.model,
        prompt_version=interaction.prompt_version, analysis=result.output.get("analysis", {}),
        offers=offers, scores_before=scores, scores_after=scores,
        cost_usd=interaction.cost_usd,
    )  # fmt: skip
    for position, item in enumerate(_kept(result.output["suggestions"], version.text, offered)):
        ResumeSuggestion.objects.create(
            optimization=optimization, position=position, kind=item["kind"],
            edit_type=str(item.get("edit_type") or "")[:20], original=item.get("original") or "",
            suggested=item["suggested"], reason=item.get("reason") or "",
            anchor=item.get("anchor") or "", needs_input=bool(item.get("needs_input")),
            optional=bool(item.get("optional")),
        )  # fmt: skip
    optimization.processing_ms = round((time.perf_counter() - started) * 1000, 2)
    optimization.save(update_fields=["processing_ms", "updated_at"])
    return optimization


@dataclass(frozen=True)
class Decision:
    suggestion: ResumeSuggestion
    version: ResumeVersion | None  # the new resume version (accept, edit)
    event_ids: tuple[str, ...]


def _final_text(suggestion: ResumeSuggestion, decision: str, text: str) -> str:
    if decision == "accept":
        if suggestion.needs_input:
            raise OptimizeError(
                "needs_input",
                "This suggestion has a bracketed placeholder only you can fill: edit it "
                "with your own figure, or reject it.",
            )
        return suggestion.suggested
    text = text.strip()
    if not text:
        raise OptimizeError("text_required", "An edit needs the text you want to keep.")
    if len(text) > MAX_FINAL_TEXT:
        raise OptimizeError("too_long", f"The text is longer than {MAX_FINAL_TEXT} characters.")
    if PLACEHOLDER_RE.search(text):
        raise OptimizeError("needs_input", "Replace the bracketed placeholder with your text.")
    return text


@transaction.atomic
def resume_suggestion_decide(
    *, suggestion: ResumeSuggestion, decision: str, text: str = "", acting_user: User
) -> Decision:
    """Accept, edit or reject one suggestion; raises OptimizeError (invalid_decision,
    already_decided 409, needs_input, text_required, stale 409)."""
    if decision not in DECISIONS:
        raise OptimizeError("invalid_decision", "decision must be accept, edit or reject")
    suggestion = ResumeSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.PENDING:
        raise OptimizeError(
            "already_decided", f"This suggestion was already {suggestion.status}.", 409
        )
    optimization = suggestion.optimization
    candidate = optimization.candidate
    suggestion.status, suggestion.decided_at = STATUS[decision], timezone.now()
    suggestion.decided_by = acting_user if acting_user.is_authenticated else None
    if decision == "reject":
        suggestion.final_text = ""
        suggestion.save()
        event_id = _emit_feedback(suggestion, "SUGGESTION_REJECTED", acting_user, text)
        return Decision(suggestion, None, (event_id,))
    final = _final_text(suggestion, decision, text)
    before, version = _rewrite(optimization, suggestion, final, acting_user)
    suggestion.final_text, suggestion.resulting_version = final, version
    suggestion.save()
    ids = (
        _emit_rewritten(optimization, suggestion, before, version, acting_user),
        _emit_feedback(suggestion, EVENT_TYPE[decision], acting_user, ""),
    )
    candidate.refresh_from_db()
    return Decision(suggestion, version, ids)


def _rewrite(
    optimization: ResumeOptimization, suggestion: ResumeSuggestion, final: str, acting_user: User
) -> tuple[ResumeVersion, ResumeVersion]:
    """(the version rewritten, the new version)."""
    current = optimization.result_version or optimization.source_version
    new_text = apply(current.text, {"original": suggestion.original,
                                    "anchor": suggestion.anchor}, final)  # fmt: skip
    if new_text is None:
        raise OptimizeError(
            "stale", "The resume no longer contains the text this suggestion rewrites.", 409
        )
    try:
        version = resume_text_parse(
            candidate=optimization.candidate, text=new_text, acting_user=acting_user
        )
    except ResumeDocumentError as exc:
        raise OptimizeError(exc.code, exc.message) from exc
    version.edit_types = [suggestion.edit_type]
    version.source_name = f"optimization {optimization.pk}, suggestion {suggestion.position + 1}"
    version.save(update_fields=["edit_types", "source_name", "updated_at"])
    optimization.result_version = version
    optimization.scores_after = _scores(version, posting_of(optimization.job))
    optimization.save(update_fields=["result_version", "scores_after", "updated_at"])
    return current, version


def _emit_rewritten(
    optimization: ResumeOptimization,
    suggestion: ResumeSuggestion,
    before: ResumeVersion,
    version: ResumeVersion,
    acting_user: User,
) -> str:
    before_score, after_score = float(before.resume_score or 0), float(version.resume_score or 0)
    return event_emit(
        user=optimization.candidate.user,
        event_type="RESUME_REWRITTEN",
        payload={
            "resume_version_id": str(version.pk),
            "rewrite_type": suggestion.kind,
            "edit_type": suggestion.edit_type,
            "before_score": before_score,
            "after_score": after_score,
            "score_delta": round(after_score - before_score, 2),
            "gaps_addressed": [suggestion.edit_type],
            "user_accepted": True,
        },
        submitted_by=acting_user,
        event_id=f"resume-rewritten-{suggestion.pk}",
    )


def _emit_feedback(
    suggestion: ResumeSuggestion, event_type: str, acting_user: User, reason: str
) -> str:
    optimization = suggestion.optimization
    payload: dict[str, Any] = {
        "suggestion_type": "rewrite",
        "suggestion_id": f"opt-{optimization.pk}-s{suggestion.pk}",
        "suggested_content": {
            "edit_type": suggestion.edit_type,
            "kind": suggestion.kind,
            "original": suggestion.original,
            "text": suggestion.suggested,
            "optional": suggestion.optional,
            "optimization_id": optimization.pk,
            "job_id": optimization.job_id,
            "prompt_version": optimization.prompt_version,
            "model": optimization.model,
        },
    }
    if event_type == "SUGGESTION_EDITED":
        payload["final_content"] = {
            "edit_type": suggestion.edit_type,
            "text": suggestion.final_text,
        }
    if event_type == "SUGGESTION_REJECTED" and reason.strip():
        payload["rejection_reason"] = reason.strip()[:500]
    return event_emit(
        user=optimization.candidate.user,
        event_type=event_type,
        payload=payload,
        submitted_by=acting_user,
        event_id=f"suggestion-{suggestion.pk}",
    )


def accepted_share(optimization: ResumeOptimization) -> float | None:
    """Share of decided suggestions the candidate kept (accepted or edited); None if none."""
    statuses = [s.status for s in optimization.suggestions.all()]
    decided = [s for s in statuses if s != SuggestionStatus.PENDING]
    if not decided:
        return None
    kept = sum(s in (SuggestionStatus.ACCEPTED, SuggestionStatus.EDITED) for s in decided)
    return round(kept / len(decided), 3)


@transaction.atomic
def resume_optimization_rate(
    *, optimization: ResumeOptimization, stars: int, comment: str, acting_user: User
) -> ResumeOptimization:
    """The candidate's 1-5 stars; 4-5 count as a thumbs up and 1-2 as a thumbs down of the
    optimize answer (AI_RESPONSE_RATED), 3 as neither. Raises OptimizeError(invalid_rating)."""

    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise OptimizeError("invalid_rating", "Rate from 1 to 5 stars.")
    optimization.rating, optimization.rating_comment = stars, comment[:2000]
    optimization.save(update_fields=["rating", "rating_comment", "updated_at"])
    interaction = optimization.interaction
    if interaction is not None and stars != 3 and interaction.user_id == acting_user.pk:
        ai_interaction_rate(
            user=acting_user, interaction=interaction, rating="up" if stars >= 4 else "down",
            comment=comment,
        )  # fmt: skip
    return optimization


CALLBACK_ACTION = "optimization.callback_reported"


@transaction.atomic
def resume_optimization_callback_report(
    *, optimization: ResumeOptimization, callback: bool, acting_user: User
) -> ResumeOptimization:
    """The candidate's later report: an interview invitation (callback) came for the posting
    this resume was optimized for, or not. A report may be corrected; each one is an audit row
    (``optimization.callback_reported``) with the previous value. Raises
    OptimizeError(invalid_callback) for anything but a boolean."""
    if not isinstance(callback, bool):
        raise OptimizeError("invalid_callback", "Say whether a callback came: yes or no.")
    previous = optimization.callback_reported
    optimization.callback_reported = callback
    optimization.save(update_fields=["callback_reported", "updated_at"])
    audit_record(
        acting_user=acting_user,
        action=CALLBACK_ACTION,
        target=optimization,
        reason="The candidate reported " + ("a callback" if callback else "no callback")
        + " after this optimization",
        details={"callback": callback, "previous": previous, "job_id": optimization.job_id},
    )  # fmt: skip
    return optimization
