"""Reasons for one score that are true of the two texts (the ``local`` job_reasoning writer).

Rules, each held by a test in ``tests/profiles/test_explain.py``:

* matched: a required or nice-to-have skill the resume names, with where the resume names it;
  a skill the resume implies (SQL from MySQL) is matched *as related*, naming the held skill;
* missing: required skills only, neither held nor implied, each with where the posting asks
  for it; nice-to-haves never count as missing;
* a factor is stated only from known inputs: an unknown component yields no factor;
* the next step follows from the weakest known evidence: a required skill you lack, then
  years, then pay; "apply" only when every required skill is met and nothing known is short;
  a posting without a recognisable requirement says so instead of claiming a fit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from profiles.matching.features import CandidateFeatures, JobFeatures, city_of

TOP_MATCHES_FOR_ADVICE = 10
BAND_LABELS = ((85, "Excellent"), (70, "Strong"), (55, "Fair"), (0, "Weak"))
WEAK_COMPONENT = 60.0  # a known component below this is a concern worth naming
GOOD_TITLE = 60.0  # title similarity above which the roles are named as alike
GOOD_TEXT = 50.0
Components = Mapping[str, float | None]


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


def _known(c: Components, name: str) -> float | None:
    value = c.get(name)
    return None if value is None or value != value else float(value)  # NaN is unknown


def skill_lists(
    cand: CandidateFeatures, job: JobFeatures
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(matched, missing): matched held or related skills; missing required skills only."""
    have = set(cand.skills)
    matched, missing = [], []
    nice = [s for s in job.nice_to_have_skills if s not in job.required_skills]
    for kind, skills in (("required", job.required_skills), ("nice to have", nice)):
        for skill in skills:
            if skill in have:
                source = cand.skill_sources.get(skill, "profile")
                matched.append({"skill": skill, "resume": source, "job": kind})
            elif skill in cand.related_skills:
                via = cand.related_skills[skill]
                matched.append({"skill": skill, "resume": f"related: you have {via}",
                                "job": kind, "related": via})  # fmt: skip
            elif kind == "required":
                where = job.skill_sources.get(skill, "the posting")
                missing.append({"skill": skill, "job": kind, "where": where})
    return matched, missing


def top_missing_skill(
    cand: CandidateFeatures, top_jobs: Sequence[JobFeatures]
) -> tuple[str, int, int] | None:
    """The required skill, neither held nor implied, that most of the best matches ask for."""
    have = set(cand.skills) | set(cand.related_skills)
    counts = Counter(s for j in top_jobs for s in j.required_skills if s not in have)
    if not counts:
        return None
    skill, count = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return skill, count, len(top_jobs)


def explain(
    cand: CandidateFeatures,
    job: JobFeatures,
    components: Components,
    compatibility: float,
    advice: tuple[str, int, int] | None,
) -> Explanation:
    matched, missing = skill_lists(cand, job)
    good, bad = _factors(cand, job, components, matched, missing)
    required_missing = [m["skill"] for m in missing]
    next_step = _next_step(cand, job, components, required_missing, advice, matched)
    reasoning = _reasoning(job, compatibility, matched, required_missing, good, bad)
    return Explanation(matched, missing, good, bad, next_step, reasoning)


def _factors(
    cand: CandidateFeatures,
    job: JobFeatures,
    c: Components,
    matched: list[dict[str, str]],
    missing: list[dict[str, str]],
) -> tuple[list[str], list[str]]:
    good: list[str] = []
    bad: list[str] = []
    _skill_factors(job, matched, missing, good, bad)
    _experience_factors(cand, job, good, bad)
    _place_factors(cand, job, c, good, bad)
    _pay_factors(cand, job, c, good, bad)
    _culture_factors(cand, job, good, bad)
    title, text = _known(c, "title"), _known(c, "text")
    if title is not None and title >= GOOD_TITLE:
        good.append(f"Your past roles are close to {job.title}")
    if text is not None and text >= GOOD_TEXT:
        good.append("Your resume covers much of what the posting describes")
    return good, bad


def _skill_factors(
    job: JobFeatures,
    matched: list[dict[str, str]],
    missing: list[dict[str, str]],
    good: list[str],
    bad: list[str],
) -> None:
    required = len(job.required_skills)
    if not required:
        bad.append("The posting names no requirement we could check")
        return
    held = sum(1 for m in matched if m["job"] == "required" and "related" not in m)
    related = sum(1 for m in matched if m["job"] == "required" and "related" in m)
    line = f"You have {held} of {required} required skills"
    line += f" (and {related} related)" if related else ""
    (good if not missing or (held + related) * 2 >= required else bad).append(line)


def _experience_factors(
    cand: CandidateFeatures, job: JobFeatures, good: list[str], bad: list[str]
) -> None:
    if job.min_years is None or cand.years is None:
        return
    if cand.years < job.min_years:
        bad.append(f"Asks for {job.min_years:g}+ years; you have {cand.years:g}")
    elif job.max_years is not None and cand.years > job.max_years + 2:
        bad.append(f"{job.seniority or 'This'} role; your {cand.years:g} years may overqualify")
    else:
        good.append(f"Level fits: {job.seniority or 'this'} role for your {cand.years:g} years")


def _place_factors(
    cand: CandidateFeatures, job: JobFeatures, c: Components, good: list[str], bad: list[str]
) -> None:
    location = _known(c, "location")
    if job.remote:
        (good if cand.open_to_remote else bad).append(
            "Remote" if cand.open_to_remote else "Remote role; you prefer on-site"
        )
    elif location is not None and location >= 100:
        good.append(f"In {job.location}, where you want to work")
    elif location is not None and location < WEAK_COMPONENT:
        bad.append(f"On-site in {job.location}; you prefer {_places(cand)}")


def _pay_factors(
    cand: CandidateFeatures, job: JobFeatures, c: Components, good: list[str], bad: list[str]
) -> None:
    salary = _known(c, "salary")
    if salary is None or cand.salary_min is None:
        return
    top = job.salary_max or job.salary_min
    if salary >= 100:
        good.append(f"Pay up to {_money(top, job.salary_currency)} meets your minimum")
    else:
        bad.append(
            f"Pay tops out at {_money(top, job.salary_currency)}, below your "
            f"{_money(cand.salary_min)} minimum"
        )


def _culture_factors(
    cand: CandidateFeatures, job: JobFeatures, good: list[str], bad: list[str]
) -> None:
    if not cand.preferred_stages or job.company_stage in ("", "unknown"):
        return
    stage = job.company_stage.replace("_", " ").title()
    if job.company_stage in cand.preferred_stages:
        good.append(f"{stage} company, as you prefer")
    else:
        bad.append(f"{stage} company; you prefer others")


def _places(cand: CandidateFeatures) -> str:
    places = [p for p in (cand.location, *cand.preferred_locations) if p]
    unique = list(dict.fromkeys(city_of(p).title() for p in places))
    return ", ".join(unique[:2]) or "another location"


def _next_step(
    cand: CandidateFeatures,
    job: JobFeatures,
    c: Components,
    required_missing: list[str],
    advice: tuple[str, int, int] | None,
    matched: list[dict[str, str]],
) -> str:
    if advice and advice[0] in required_missing:
        skill, count, of = advice
        return f"Add {skill} to your resume if you have it: {count} of your top {of} matches ask"
    if required_missing:
        return f"Add {required_missing[0]} to your resume if you have it: this job requires it"
    experience, salary = _known(c, "experience"), _known(c, "salary")
    if experience is not None and experience < WEAK_COMPONENT:
        return "Apply as a stretch, and lead with your strongest results"
    if salary is not None and salary < WEAK_COMPONENT:
        return "Ask about the pay range before applying: it may sit below your minimum"
    if not job.required_skills:
        return "Read the requirements yourself: the posting names none we could check"
    related = [m for m in matched if m["job"] == "required" and "related" in m]
    if related:
        first = related[0]
        return f"Apply, and name {first['skill']} on your resume: you have {first['related']}"
    return f"Apply: you meet the stated requirements; lead with {matched[0]['skill']}"


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
    held = [m["skill"] for m in matched if "related" not in m]
    related = [f"{m['skill']} (via {m['related']})" for m in matched if "related" in m]
    if held:
        parts.append(f"You bring {', '.join(held[:5])}.")
    if related:
        parts.append(f"Related: {', '.join(related[:3])}.")
    if required_missing:
        parts.append(f"Missing: {', '.join(required_missing[:4])}.")
    extras = [f for f in good if not f.startswith("You have")][:2]
    concerns = [f for f in bad if not f.startswith("You have")][:2]
    if extras:
        parts.append("; ".join(extras) + ".")
    if concerns:
        parts.append("Watch out: " + "; ".join(concerns) + ".")
    return " ".join(parts)
