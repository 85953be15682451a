"""The digest's "Market this week", narrowed to the candidate's occupations.

Each posting of the last two weeks is read once per run (its title's occupation and family,
``profiles.occupations``); each candidate then sees the postings of their own occupations:
a marketing candidate reads about marketing skills, not Cerner and IV therapy. When their
occupations had fewer than ``MIN_POSTINGS`` postings this week the scope widens to their
occupation families, then to the last four weeks, then to every posting; the digest says
which scope and window it shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from profiles.models import CandidateProfile, JobListing
from profiles.occupations import (
    FAMILY_PREFIX,
    occupation_label,
    title_occupations,
    top_occupations,
)

WEEK = timedelta(days=7)
# Windows tried, shortest first: a quiet week in a small occupation reads the last four.
WINDOW_WEEKS = (1, 4)
TREND_SKILLS = 8
TOP_INDUSTRIES = 5
# Below this many postings this week, skill counts say little (one posting moves a skill up
# the list): widen the scope.
MIN_POSTINGS = 5
OCCUPATIONS_PER_CANDIDATE = 3
FAMILIES_PER_CANDIDATE = 2


@dataclass(frozen=True)
class Posting:
    keys: frozenset[str]  # the title's top occupation code and its family key
    skills: tuple[str, ...]
    remote: bool
    industry: str
    age: timedelta  # how long before the run it was posted


def _keys(title: str) -> frozenset[str]:
    vector = title_occupations(title)
    codes = [code for code, _ in top_occupations(vector, k=1)]
    families = [k for k in vector if k.startswith(FAMILY_PREFIX)]
    return frozenset([*codes, *families])


def _summary(postings: Sequence[Posting], scope: str, label: str, weeks: int) -> dict[str, Any]:
    """Skills and postings of the last ``weeks`` against the ``weeks`` before them."""
    this_week: Counter[str] = Counter()
    last_week: Counter[str] = Counter()
    industries: Counter[str] = Counter()
    window = weeks * WEEK
    recent = [p for p in postings if p.age < window]
    before = [p for p in postings if window <= p.age < 2 * window]
    for p in recent:
        this_week.update(p.skills)
    for p in before:
        last_week.update(p.skills)
    industries.update(p.industry for p in recent if p.industry)
    top = sorted(this_week.items(), key=lambda kv: (-kv[1], kv[0]))[:TREND_SKILLS]
    return {
        "scope": scope,
        "scope_label": label,
        "weeks": weeks,
        "postings_this_week": len(recent),
        "postings_last_week": len(before),
        "remote_share": round(sum(p.remote for p in recent) / max(len(recent), 1), 3),
        "top_skills": [
            {"skill": s, "postings": n, "change": n - last_week.get(s, 0)} for s, n in top
        ],
        "top_industries": [
            {"industry": i, "postings": n}
            for i, n in sorted(industries.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_INDUSTRIES]
        ],
    }


@dataclass
class Market:
    """The run's postings, and the summary per scope (memoised: candidates share scopes)."""

    postings: list[Posting]
    _seen: dict[tuple[tuple[str, ...], int], dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def read(cls, *, now: datetime) -> Market:
        since = now - 2 * max(WINDOW_WEEKS) * WEEK
        rows = JobListing.objects.filter(posted_at__gte=since).values_list(
            "title", "required_skills", "remote", "industry", "posted_at"
        )
        return cls(
            [
                Posting(_keys(title), tuple(skills or ()), remote, industry, now - at)
                for title, skills, remote, industry, at in rows
            ]
        )

    def overall(self) -> dict[str, Any]:
        return self._scoped(("*",), "all", "all postings", WINDOW_WEEKS[0])

    def for_occupations(self, vector: dict[str, float]) -> dict[str, Any]:
        """The market of the heaviest occupations of ``vector``, else of their families, this
        week, else over four weeks, else of every posting."""
        codes = tuple(c for c, _ in top_occupations(vector, k=OCCUPATIONS_PER_CANDIDATE))
        ranked = sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))
        families = tuple(k for k, _ in ranked if k.startswith(FAMILY_PREFIX))[
            :FAMILIES_PER_CANDIDATE
        ]
        for weeks in WINDOW_WEEKS:
            for scope, keys in (("occupations", codes), ("families", families)):
                if not keys:
                    continue
                label = "; ".join(_label(k) for k in keys)
                summary = self._scoped(keys, scope, label, weeks)
                if summary["postings_this_week"] >= MIN_POSTINGS:
                    return summary
        return self.overall()

    def _scoped(self, keys: tuple[str, ...], scope: str, label: str, weeks: int) -> dict[str, Any]:
        if (keys, weeks) not in self._seen:
            wanted = set(keys)
            chosen = (
                self.postings if keys == ("*",) else [p for p in self.postings if p.keys & wanted]
            )
            self._seen[keys, weeks] = _summary(chosen, scope, label, weeks)
        return self._seen[keys, weeks]


def _label(key: str) -> str:
    try:
        return occupation_label(key)
    except KeyError:
        return key.removeprefix(FAMILY_PREFIX)


def candidate_occupations(
    profile: CandidateProfile, resume_occupations: dict[str, float] | None
) -> dict[str, float]:
    """What the candidate does: the occupations read from their newest resume at upload,
    plus those of the titles they hold and want (edited on their profile)."""
    vector: Counter[str] = Counter(resume_occupations or {})
    titles: Iterable[str] = dict.fromkeys([*profile.desired_roles, *profile.job_titles])
    for title in titles:
        vector.update(title_occupations(str(title)))
    return dict(vector)
