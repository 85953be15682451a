"""The ``text`` part of the truth file: what each resume and posting really says.

A parser benchmark reads the stored resume versions and postings, parses them, and compares
with these canonical facts: per candidate the skills, years, positions and education, plus
how their text was made messy; per posting the required and nice-to-have skills, the years
asked and how the requirements are written. ``noise`` states the planted shares and
``observed`` what this world drew.
"""

from __future__ import annotations

from typing import Any

from learning.simulation import catalog, noise, postings
from learning.simulation.jobs import Job
from learning.simulation.people import Candidate
from learning.simulation.world import World

FAMILY = {t.key: t.family for t in catalog.TRACKS}
NOISE_SHARES = {
    "skill_variant_spelling": noise.VARIANT_SHARE,
    "lower_case_candidates": noise.LOWER_CASE_SHARE,
    "pdf_resumes": noise.PDF_SHARE,
    "split_dates_among_pdf": noise.SPLIT_DATES_SHARE,
    "page_furniture_among_pdf": noise.PAGE_FURNITURE_SHARE,
    "two_columns_among_pdf": noise.TWO_COLUMN_SHARE,
    "letter_spaced_among_pdf": noise.LETTER_SPACED_SHARE,
    "posting_requirement_shapes": postings.REQUIREMENT_SHAPES,
    "posting_formats": postings.FORMATS,
    "posting_blurb": postings.BLURB_SHARE,
    "posting_nice_to_have": postings.NICE_SHARE,
    "posting_benefits": postings.BENEFITS_SHARE,
}


def text_truth(world: World) -> dict[str, Any]:
    return {
        "noise": NOISE_SHARES,
        "observed": observed_shares(world),
        "resumes": [_resume(c) for c in world.candidates],
        "postings": [_posting(j) for j in world.jobs],
    }


def observed_shares(world: World) -> dict[str, float]:
    """Shares drawn in this world (candidates, their skill mentions, postings)."""
    people = world.candidates
    skills = sum(len(c.skills) + len(c.soft_skills) for c in people)
    styles = [c.style for c in people]
    return {
        "non_tech_candidates": _share([FAMILY[c.track] != "tech" for c in people]),
        "non_canonical_skills": sum(len(s.spellings) for s in styles) / max(skills, 1),
        "pdf_resumes": _share([s.pdf for s in styles]),
        "split_dates": _share([s.split_dates for s in styles]),
        "page_furniture": _share([s.page_lines > 0 for s in styles]),
        "two_columns": _share([s.two_columns for s in styles]),
        "letter_spaced": _share([s.letter_spaced for s in styles]),
        "postings_without_requirement_section": _share(
            [j.requirements in ("prose", "unstated") for j in world.jobs]
        ),
        "non_tech_postings": _share([FAMILY[j.track] != "tech" for j in world.jobs]),
    }


def _share(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 4) if flags else 0.0


def _resume(c: Candidate) -> dict[str, Any]:
    style = c.style
    return {
        "username": c.username,
        "track": c.track,
        "family": FAMILY[c.track],
        "seniority": c.seniority,
        "skills": list(c.skills),
        "soft_skills": list(c.soft_skills),
        "written_as": dict(style.spellings),
        "years_of_experience": c.years_of_experience,
        "location": c.location,
        "positions": [
            {
                "title": p.title,
                "company": p.company,
                "start": p.start.isoformat(),
                "end": p.end.isoformat() if p.end else None,
            }
            for p in c.positions
        ],
        "education": [
            {"degree": e.degree, "institution": e.institution, "year": e.graduation_year}
            for e in c.education
        ],
        "layout_noise": {
            "pdf": style.pdf,
            "split_dates": style.split_dates,
            "page_furniture": style.page_lines > 0,
            "two_columns": style.two_columns,
            "letter_spaced": style.letter_spaced,
        },
    }


def _posting(job: Job) -> dict[str, Any]:
    return {
        "external_id": job.external_id,
        "track": job.track,
        "required_skills": list(job.required_skills),
        "preferred_skills": list(job.preferred_skills),
        "years_required": job.years_required,
        "years_stated": job.years_stated,
        "salary_min": job.salary_min,
        "salary_max": job.salary_max,
        "requirements": job.requirements,
        "text_format": job.text_format,
    }
