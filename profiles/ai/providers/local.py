"""The ``local`` provider: deterministic rules, no network, no cost."""

from __future__ import annotations

from datetime import date
from typing import Any

from profiles.ai.providers import Answer
from profiles.matching.engine import COMPONENTS, score_matrix
from profiles.matching.explain import explain
from profiles.matching.features import CandidateFeatures, JobFeatures
from profiles.optimize.rules import Posting, gap_analysis, suggestions
from profiles.parsing.resume import parse_resume

LOCAL_MODEL = "local-rules-v1"


class LocalProvider:
    name = "local"

    def complete(self, task: str, payload: dict[str, Any], *, prompt: str, model: str) -> Answer:
        handler = {
            "resume_parse": _resume_parse,
            "job_score": _job_score,
            "job_reasoning": _job_reasoning,
            "digest_summary": _digest_summary,
            "resume_optimize": _resume_optimize,
        }[task]
        return Answer(handler(payload), LOCAL_MODEL)


def _resume_parse(payload: dict[str, Any]) -> dict[str, Any]:

    today = date.fromisoformat(payload["today"]) if payload.get("today") else date.today()
    return parse_resume(payload["text"], today=today).as_dict()


def _features(payload: dict[str, Any]) -> tuple[Any, Any]:

    cand = dict(payload["candidate"])
    job = dict(payload["job"])
    for key in ("skills", "preferred_locations", "preferred_stages", "industries", "titles"):
        cand[key] = tuple(cand.get(key) or ())
    for key in ("required_skills", "nice_to_have_skills"):
        job[key] = tuple(job.get(key) or ())
    return CandidateFeatures(**cand), JobFeatures(**job)


AI_SCORED_COMPONENTS = ("skills", "experience", "location", "salary", "culture")


def _job_score(payload: dict[str, Any]) -> dict[str, Any]:

    cand, job = _features(payload)
    scores = score_matrix([cand], [job], payload["weights"])
    known = scores.components_at(0, 0)
    total = float(scores.compatibility[0, 0])
    # the job_score answer has no "unknown": an unknown component carried 0 points
    answer = {k: known[k] or 0.0 for k in COMPONENTS if k in AI_SCORED_COMPONENTS}
    return {**answer, "reasoning": explain(cand, job, known, total, None).reasoning}


def _job_reasoning(payload: dict[str, Any]) -> dict[str, Any]:

    cand, job = _features(payload)
    advice = tuple(payload["advice"]) if payload.get("advice") else None
    found = explain(cand, job, payload["components"], payload["compatibility"], advice)
    return {"reasoning": found.reasoning}


def _digest_summary(payload: dict[str, Any]) -> dict[str, Any]:
    name = payload.get("name") or "there"
    new = int(payload.get("new_matches", 0))
    total = int(payload.get("total_matches", 0))
    parts = [f"Hi {name}: {new} new match{'es' if new != 1 else ''} today, {total} in all."]
    best = payload.get("best")
    if best:
        parts.append(f"The best is {best['title']} at {best['company']} ({best['score']:.0f}/100).")
    else:
        parts.append("No new job cleared your match threshold today.")
    skill = payload.get("skill")
    if skill:
        parts.append(
            f"Adding {skill['skill']} would help: {skill['count']} of your top "
            f"{skill['of']} matches ask for it."
        )
    return {"summary": " ".join(parts)}


def _resume_optimize(payload: dict[str, Any]) -> dict[str, Any]:

    text = payload["resume_text"]
    today = date.fromisoformat(payload["today"]) if payload.get("today") else None
    parsed = parse_resume(text, today=today)
    raw = payload["posting"]
    posting = Posting(
        title=raw.get("title", ""),
        required_skills=tuple(raw.get("required_skills") or ()),
        nice_to_have_skills=tuple(raw.get("nice_to_have_skills") or ()),
        skill_sources=dict(raw.get("skill_sources") or {}),
    )
    offered = frozenset(payload.get("offered") or ())
    found = suggestions(parsed, text, posting, offered=offered)
    return {
        "analysis": gap_analysis(parsed, text, posting),
        "suggestions": [s.as_dict() for s in found],
    }
