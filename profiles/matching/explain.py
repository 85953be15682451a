"""Reasons for one score that are true of the two texts (the ``local`` job_reasoning writer).

Rules, each held by a test in ``tests/profiles/test_matching.py``:

* matched: a required or nice-to-have skill the resume names, with where the resume names it;
  a skill the resume implies (SQL from MySQL) is matched *as related*, naming the held skill;
* missing: required skills only, neither held nor implied, each with where the posting asks
  for it; nice-to-haves never count as missing;
* a factor is stated only from known inputs: an unknown component yields no factor;
* the next step follows from the weakest known evidence: a required skill you lack, then
  years, then pay; "apply" only when every required skill is met and nothing known is short;
  a posting without a recognisable requirement says so instead of claiming a fit.

Many pairs share a job (a run explains the best 100 jobs of every candidate): what an
explanation says of a job alone, whoever reads it, is worked out once per job and what it says
of a candidate once per candidate (``Explainer``); ``explain`` is one pair.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from profiles.matching.components import COMPONENTS
from profiles.matching.engine import ScoreMatrix
from profiles.matching.features import CandidateFeatures, JobFeatures, city_of

TOP_MATCHES_FOR_ADVICE = 10
BAND_LABELS = ((85, "Excellent"), (70, "Strong"), (55, "Fair"), (0, "Weak"))
WEAK_COMPONENT = 60.0  # a known component below this is a concern worth naming
GOOD_TITLE = 60.0  # title similarity above which the roles are named as alike
GOOD_TEXT = 50.0
Components = Mapping[str, float | None]


class Explanation(NamedTuple):
    matched_skills: list[dict[str, str]]
    missing_skills: list[dict[str, str]]
    match_factors: list[str]
    mismatch_factors: list[str]
    next_step: str
    reasoning: str


def band(score: float) -> str:
    for floor, label in BAND_LABELS:
        if score >= floor:
            return label
    return BAND_LABELS[-1][1]  # NaN


def _money(value: int | None, currency: str = "") -> str:
    if value is None:
        return "?"
    symbol = {"USD": "$", "EUR": "€", "GBP": "£", "": "$"}.get(currency, "")
    return f"{symbol}{value:,}" + ("" if symbol else f" {currency}")


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
    """The explanation of one pair."""
    return Explainer([job]).explain(cand, 0, components, compatibility, advice)


REQUIRED, NICE = "required", "nice to have"
_EXPERIENCE, _LOCATION, _SALARY, _TEXT, _TITLE = (
    COMPONENTS.index(name) for name in ("experience", "location", "salary", "text", "title")
)
_explanation = tuple.__new__  # an Explanation from a ready tuple, without keyword handling
NO_REQUIREMENT = "The posting names no requirement we could check"


@dataclass(slots=True)
class _JobWords:
    """What an explanation says of one job, whoever the candidate."""

    # (skill, its entry in missing_skills; None for a nice-to-have): the required skills,
    # then the nice-to-haves that are not also required. An entry is one dict for every
    # explanation of the job: read explanations, never change them.
    skills: tuple[tuple[str, dict[str, str] | None], ...]
    required: int
    header: str  # " for <title> at <company>."
    near_title: str
    in_place: str
    onsite: str  # "On-site in <location>; you prefer "
    min_years: float | None
    over_years: float | None  # above this many years a candidate may be overqualified
    short: str  # "Asks for <n>+ years; you have "
    over: str
    fits: str
    pay_good: str
    pay_short: str  # "Pay tops out at <top>, below your "
    remote: bool
    stage: str  # the company stage; "" when unknown
    stage_good: str
    stage_bad: str

    @classmethod
    def of(cls, job: JobFeatures) -> _JobWords:
        sources = job.skill_sources
        required = tuple(
            (s, {"skill": s, "job": REQUIRED, "where": sources.get(s, "the posting")})
            for s in job.required_skills
        )
        nice = tuple((s, None) for s in job.nice_to_have_skills if s not in job.required_skills)
        top = _money(job.salary_max or job.salary_min, job.salary_currency)
        stage = "" if job.company_stage in ("", "unknown") else job.company_stage
        label = stage.replace("_", " ").title()
        level = job.seniority or "this"
        return cls(
            skills=required + nice,
            required=len(required),
            header=f" for {job.title} at {job.company}.",
            near_title=f"Your past roles are close to {job.title}",
            in_place=f"In {job.location}, where you want to work",
            onsite=f"On-site in {job.location}; you prefer ",
            min_years=job.min_years,
            over_years=None if job.max_years is None else job.max_years + 2,
            short=f"Asks for {job.min_years or 0:g}+ years; you have ",
            over=f"{job.seniority or 'This'} role; your ",
            fits=f"Level fits: {level} role for your ",
            pay_good=f"Pay up to {top} meets your minimum",
            pay_short=f"Pay tops out at {top}, below your ",
            remote=job.remote,
            stage=stage,
            stage_good=f"{label} company, as you prefer",
            stage_bad=f"{label} company; you prefer others",
        )


# How a candidate stands with one skill a posting names, worked out once per candidate:
# (state, its matched_skills entry when the posting requires it, when it is a nice-to-have,
# the words the sentence uses for it).
_HELD, _RELATED, _ABSENT = 0, 1, 2
_Mark = tuple[int, dict[str, str], dict[str, str], str]
_NOT_HELD: _Mark = (_ABSENT, {}, {}, "")  # its entries are never used


@dataclass(slots=True)
class _CandidateWords:
    """What an explanation says of one candidate, whatever the job. Its entries are shared
    by the candidate's explanations: read explanations, never change them."""

    cand: CandidateFeatures
    have: frozenset[str]
    years: str  # the years as written ("4.5"); "" when unknown
    places: str
    minimum: str  # "<minimum> minimum"
    marks: dict[str, _Mark]  # by skill, filled as the postings name them

    @classmethod
    def of(cls, cand: CandidateFeatures) -> _CandidateWords:
        return cls(
            cand=cand,
            have=frozenset(cand.skills),
            years="" if cand.years is None else f"{cand.years:g}",
            places=_places(cand),
            minimum=f"{_money(cand.salary_min)} minimum",
            marks={},
        )

    def mark(self, skill: str) -> _Mark:
        """How the candidate stands with ``skill`` (remembered)."""
        found: _Mark
        if skill in self.have:
            where = self.cand.skill_sources.get(skill, "profile")
            found = (
                _HELD,
                {"skill": skill, "resume": where, "job": REQUIRED},
                {"skill": skill, "resume": where, "job": NICE},
                skill,
            )
        elif skill in self.cand.related_skills:
            via = self.cand.related_skills[skill]
            found = (
                _RELATED,
                {"skill": skill, "resume": f"related: you have {via}", "job": REQUIRED,
                 "related": via},
                {"skill": skill, "resume": f"related: you have {via}", "job": NICE,
                 "related": via},
                f"{skill} (via {via})",
            )  # fmt: skip
        else:
            found = _NOT_HELD
        self.marks[skill] = found
        return found


class Explainer:
    """Explanations of many candidates against one list of jobs (a scoring run's).

    A job's words are worked out the first time one of its pairs is explained; a
    candidate's when their first pair is (explain a candidate's pairs one after another).
    Explanations of one job share the dicts of its missing skills: treat an explanation as
    read-only (the service serialises it at once).
    """

    def __init__(self, jobs: Sequence[JobFeatures]) -> None:
        self.jobs = jobs
        self._jobs: list[_JobWords | None] = [None] * len(jobs)
        self._me: _CandidateWords | None = None
        self._heads: dict[float, str] = {}  # "<band> match (<score>/100)" by score

    def explain(
        self,
        cand: CandidateFeatures,
        j: int,
        c: Components,
        compatibility: float,
        advice: tuple[str, int, int] | None,
    ) -> Explanation:
        """The explanation of ``cand`` with job ``j`` (its index in ``jobs``)."""
        values = tuple(c.get(name) for name in COMPONENTS)
        return self.explain_values(cand, j, values, compatibility, advice)

    def explain_values(
        self,
        cand: CandidateFeatures,
        j: int,
        c: Sequence[float | None],
        compatibility: float,
        advice: tuple[str, int, int] | None,
    ) -> Explanation:
        """``explain`` with the components as values in ``COMPONENTS`` order."""
        words = self._jobs[j]
        if words is None:
            words = self._jobs[j] = _JobWords.of(self.jobs[j])
        me = self._me
        if me is None or me.cand is not cand:
            me = self._me = _CandidateWords.of(cand)
        marks, mark = me.marks, me.mark
        matched: list[dict[str, str]] = []
        missing: list[dict[str, str]] = []
        held_names: list[str] = []
        related_names: list[str] = []
        required_missing: list[str] = []
        held = implied = 0  # required skills held, and implied
        first_related: dict[str, str] | None = None
        for skill, absent in words.skills:
            state, if_required, if_nice, name = marks.get(skill) or mark(skill)
            if state == _ABSENT:
                if absent is not None:  # a nice-to-have is never missing
                    missing.append(absent)
                    required_missing.append(skill)
                continue
            matched.append(if_nice if absent is None else if_required)
            if state == _HELD:
                held_names.append(name)
                held += absent is not None
            else:
                related_names.append(name)
                if absent is not None:
                    implied += 1
                    first_related = first_related or if_required
        good: list[str] = []
        bad: list[str] = []
        # skills: the one line that starts "You have", first in its list when there is one
        required = words.required
        skill_good = skill_bad = False
        if required:
            line = f"You have {held} of {required} required skills"
            if implied:
                line += f" (and {implied} related)"
            if not missing or (held + implied) * 2 >= required:
                good.append(line)
                skill_good = True
            else:
                bad.append(line)
                skill_bad = True
        else:
            bad.append(NO_REQUIREMENT)
        # experience, only when both sides are known
        years = cand.years
        if words.min_years is not None and years is not None:
            if years < words.min_years:
                bad.append(words.short + me.years)
            elif words.over_years is not None and years > words.over_years:
                bad.append(f"{words.over}{me.years} years may overqualify")
            else:
                good.append(f"{words.fits}{me.years} years")
        # an unknown component is None or NaN; NaN fails every comparison below
        location = c[_LOCATION]
        if words.remote:
            if cand.open_to_remote:
                good.append("Remote")
            else:
                bad.append("Remote role; you prefer on-site")
        elif location is not None and location >= 100:
            good.append(words.in_place)
        elif location is not None and location < WEAK_COMPONENT:
            bad.append(words.onsite + me.places)
        salary = c[_SALARY]
        if salary is not None and salary == salary and cand.salary_min is not None:
            if salary >= 100:
                good.append(words.pay_good)
            else:
                bad.append(words.pay_short + me.minimum)
        if words.stage and cand.preferred_stages:
            if words.stage in cand.preferred_stages:
                good.append(words.stage_good)
            else:
                bad.append(words.stage_bad)
        title = c[_TITLE]
        if title is not None and title >= GOOD_TITLE:
            good.append(words.near_title)
        text = c[_TEXT]
        if text is not None and text >= GOOD_TEXT:
            good.append("Your resume covers much of what the posting describes")
        # the next step
        experience = c[_EXPERIENCE]
        if advice and advice[0] in required_missing:
            skill, count, of = advice
            step = (f"Add {skill} to your resume if you have it: "
                    f"{count} of your top {of} matches ask")  # fmt: skip
        elif required_missing:
            step = f"Add {required_missing[0]} to your resume if you have it: this job requires it"
        elif experience is not None and experience < WEAK_COMPONENT:
            step = "Apply as a stretch, and lead with your strongest results"
        elif salary is not None and salary < WEAK_COMPONENT:
            step = "Ask about the pay range before applying: it may sit below your minimum"
        elif not required:
            step = "Read the requirements yourself: the posting names none we could check"
        elif first_related:
            step = (f"Apply, and name {first_related['skill']} on your resume: "
                    f"you have {first_related['related']}")  # fmt: skip
        else:
            step = f"Apply: you meet the stated requirements; lead with {matched[0]['skill']}"
        # the sentence
        head = self._heads.get(compatibility)
        if head is None:
            head = self._heads[compatibility] = (
                f"{band(compatibility)} match ({compatibility:.0f}/100)"
            )
        parts = [head + words.header]
        if held_names:
            parts.append(f"You bring {', '.join(held_names[:5])}.")
        if related_names:
            parts.append(f"Related: {', '.join(related_names[:3])}.")
        if required_missing:
            parts.append(f"Missing: {', '.join(required_missing[:4])}.")
        extras = good[1:3] if skill_good else good[:2]
        concerns = bad[1:3] if skill_bad else bad[:2]
        if extras:
            parts.append("; ".join(extras) + ".")
        if concerns:
            parts.append("Watch out: " + "; ".join(concerns) + ".")
        return _explanation(Explanation, (matched, missing, good, bad, step, " ".join(parts)))


def _places(cand: CandidateFeatures) -> str:
    places = [p for p in (cand.location, *cand.preferred_locations) if p]
    unique = list(dict.fromkeys(city_of(p).title() for p in places))
    return ", ".join(unique[:2]) or "another location"


class Stored(NamedTuple):
    """One candidate's stored pairs of a scored batch, best first."""

    row: int  # the candidate's row in the batch
    cols: list[int]  # the jobs' columns
    totals: list[float]  # compatibility
    confidence: list[float]
    components: list[tuple[float | None, ...]]  # in ``COMPONENTS`` order; None where unknown
    explanations: list[Explanation]


def stored_pairs(
    matrix: ScoreMatrix,
    cands: Sequence[CandidateFeatures],
    explainer: Explainer,
    threshold: float,
    cap: int,
) -> Iterator[Stored]:
    """Every candidate's best pairs of a batch (at least ``threshold``, at most ``cap``), with
    their components and explanations: what a scoring run stores.

    One candidate at a time, so a caller that turns each candidate's pairs into rows before
    asking for the next keeps few explanations alive. Each pair makes some 20 short-lived
    objects: run a batch inside ``recruitly.gcpause.gc_paused`` (the scoring service does).
    """
    best = matrix.best(threshold, cap)
    rows = np.repeat(np.arange(len(best), dtype=np.intp), [len(b) for b in best])
    cols = np.concatenate(best) if best else np.empty(0, dtype=np.intp)
    values = matrix.component_values(rows, cols)
    columns = [values[name] for name in COMPONENTS]
    totals = matrix.compatibility[rows, cols].tolist()
    confidence = matrix.confidence[rows, cols].tolist()
    jobs, explain, at = explainer.jobs, explainer.explain_values, 0
    for row, (cand, keep) in enumerate(zip(cands, best, strict=True)):
        picked, end = keep.tolist(), at + len(keep)
        advice = top_missing_skill(cand, [jobs[j] for j in picked[:TOP_MATCHES_FOR_ADVICE]])
        comps = list(zip(*(column[at:end] for column in columns), strict=True))
        scores = totals[at:end]
        why = [
            explain(cand, j, c, score, advice)
            for j, c, score in zip(picked, comps, scores, strict=True)
        ]
        yield Stored(row, picked, scores, confidence[at:end], comps, why)
        at = end
