"""Reasons for one score: matched and missing skills with their sources, mismatch factors,
one next step and a short paragraph (the ``local`` writer of the job_reasoning task)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from profiles.matching.features import CandidateFeatures, JobFeatures, city_of

TOP_MATCHES_FOR_ADVICE = 10
BAND_LABELS = ((85, "Excellent"), (70, "Strong"), (55, "Fair"), (0, "Weak"))


@dataclass(frozen=True)
class Explanation:
    matched_skills: list[dict[str, str]]
    missing_skills: list[dict[str, str]]
    match_factors: list[str]
    mismatch_factors: list[str]
    next_step: str
    reasoning: str
    extra: dict[str, object] = field(default_factory=dict)


def band(score: float) -> str:
    return next(label for floor, label in BAND_LABELS if score >= floor)


def _money(value: int | None, currency: str = "") -> str:
    if value is None:
        return "?"
    symbol = {"USD": "$", "EUR": "€", "GBP": "£", "": "$"}.get(currency, "")
    return f"{symbol}{value:,}" + ("" if symbol else f" {currency}")


def skill_lists(
    cand: CandidateFeatures, job: JobFeatures
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    have = set(cand.skills)
    matched, missing = [], []
    for kind, skills in (
        ("required", job.required_skills),
        ("nice to have", job.nice_to_have_skills),
    ):
        for skill in skills:
            if skill in have:
                source = cand.skill_sources.get(skill, "profile")
                matched.append({"skill": skill, "resume": source, "job": kind})
            else:
                missing.append({"skill": skill, "job": kind})
    return matched, missing


def top_missing_skill(
    cand: CandidateFeatures, top_jobs: Sequence[JobFeatures]
) -> tuple[str, int, int] | None:
    """The required skill the candidate lacks that most of their best matches ask for."""
    have = set(cand.skills)
    counts = Counter(s for j in top_jobs for s in j.required_skills if s not in have)
    if not counts:
        return None
    skill, count = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return skill, count, len(top_jobs)


def explain(
    cand: CandidateFeatures,
    job: JobFeatures,
    components: dict[str, float],
    compatibility: float,
    advice: tuple[str, int, int] | None,
) -> Explanation:
    matched, missing = skill_lists(cand, job)
    good, bad = _factors(cand, job, components, matched, missing)
    required_missing = [m["skill"] for m in missing if m["job"] == "required"]
    next_step = _next_step(job, components, required_missing, advice, matched)
    reasoning = _reasoning(job, compatibility, matched, required_missing, good, bad)
    return Explanation(matched, missing, good, bad, next_step, reasoning)


def _factors(
    cand: CandidateFeatures,
    job: JobFeatures,
    c: dict[str, float],
    matched: list[dict[str, str]],
    missing: list[dict[str, str]],
) -> tuple[list[str], list[str]]:
    good: list[str] = []
    bad: list[str] = []
    required = len(job.required_skills)
    have_required = sum(1 for m in matched if m["job"] == "required")
    if required:
        line = f"You have {have_required} of {required} required skills"
        (good if have_required * 2 >= required else bad).append(line)
    if job.min_years is not None:
        if cand.years < job.min_years:
            bad.append(f"Asks for {job.min_years:g}+ years; you have {cand.years:g}")
        elif job.max_years is not None and cand.years > job.max_years + 2:
            bad.append(f"{job.seniority or 'This'} role; your {cand.years:g} years may overqualify")
        else:
            good.append(f"Level fits: {job.seniority or 'this'} role for your {cand.years:g} years")
    if job.remote:
        (good if cand.open_to_remote else bad).append(
            "Remote" if cand.open_to_remote else "Remote role; you prefer on-site"
        )
    elif c["location"] >= 100:
        good.append(f"In {job.location}, where you want to work")
    elif job.location and c["location"] < 60:
        bad.append(f"On-site in {job.location}; you prefer {_places(cand)}")
    if cand.salary_min is not None and (job.salary_max or job.salary_min):
        top = job.salary_max or job.salary_min
        if c["salary"] >= 100:
            good.append(f"Pay up to {_money(top, job.salary_currency)} meets your minimum")
        else:
            bad.append(
                f"Pay tops out at {_money(top, job.salary_currency)}, below your "
                f"{_money(cand.salary_min)} minimum"
            )
    if cand.preferred_stages and job.company_stage not in ("", "unknown"):
        if job.company_stage in cand.preferred_stages:
            good.append(f"{job.company_stage.replace('_', ' ').title()} company, as you prefer")
        else:
            bad.append(f"{job.company_stage.replace('_', ' ').title()} company; you prefer others")
    return good, bad


def _places(cand: CandidateFeatures) -> str:
    places = [p for p in (cand.location, *cand.preferred_locations) if p]
    unique = list(dict.fromkeys(city_of(p).title() for p in places))
    return ", ".join(unique[:2]) or "another location"


def _next_step(
    job: JobFeatures,
    c: dict[str, float],
    required_missing: list[str],
    advice: tuple[str, int, int] | None,
    matched: list[dict[str, str]],
) -> str:
    if advice and advice[0] in required_missing:
        skill, count, of = advice
        return f"Add {skill} to your resume: {count} of your top {of} matches ask for it"
    if required_missing:
        return f"Add {required_missing[0]} to your resume if you have it: this job requires it"
    if c["salary"] < 60:
        return "Ask about the pay range before applying: it may sit below your minimum"
    if c["experience"] < 60:
        return "Apply as a stretch, and lead with your strongest results"
    if matched:
        return f"Apply: you meet the requirements; lead with {matched[0]['skill']}"
    return "Apply: nothing in the posting rules you out"


def _reasoning(
    job: JobFeatures,
    compatibility: float,
    matched: list[dict[str, str]],
    required_missing: list[str],
    good: list[str],
    bad: list[str],
) -> str:
    parts = [
        f"{band(compatibility)} match ({compatibility:.0f}/100) for {job.title} at {job.company}."
    ]
    if matched:
        names = ", ".join(m["skill"] for m in matched[:5])
        parts.append(f"You bring {names}.")
    if required_missing:
        parts.append(f"Missing: {', '.join(required_missing[:4])}.")
    extras = [f for f in good if not f.startswith("You have")][:2]
    concerns = [f for f in bad if not f.startswith("You have")][:2]
    if extras:
        parts.append("; ".join(extras) + ".")
    if concerns:
        parts.append("Watch out: " + "; ".join(concerns) + ".")
    return " ".join(parts)
