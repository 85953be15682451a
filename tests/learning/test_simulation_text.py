# ruff: noqa: RUF001 -- PDF text holds typographic dashes
"""The simulated text is messy in the documented shares, deterministic, and truthful.

One 800-candidate world is generated for the module (no database). The shares are checked
within four binomial standard errors of the constants in :mod:`learning.simulation.noise`
and :mod:`learning.simulation.postings`.
"""

from __future__ import annotations

import math
import re
from datetime import date

import pytest

from learning.simulation import catalog, noise, postings, resumes, spellings
from learning.simulation.text_truth import text_truth
from learning.simulation.world import WorldConfig, generate_world

END = date(2026, 11, 1)
CONFIG = WorldConfig(candidates=800, jobs=2000, months=6, seed=11, end_date=END)
FAMILY = {t.key: t.family for t in catalog.TRACKS}
NON_TECH_SHARE = sum(t.share for t in catalog.TRACKS if t.family != "tech")
SPLIT_DATE_RE = re.compile(
    r"(\d{2}/\d{4}|[A-Z][a-z]+ \d{4}|\b\d{4})\n(to|-|–)\n(Current|Present|Now|current|\S+ ?\d{4})"
)
REQUIREMENT_HEADINGS = tuple(f"{h}:" for h in postings.REQUIREMENT_HEADINGS)


@pytest.fixture(scope="module")
def world():
    return generate_world(CONFIG)


def _close(observed: float, expected: float, n: int) -> bool:
    return abs(observed - expected) <= 4 * math.sqrt(expected * (1 - expected) / n)


def _types_in_lower_case(candidate) -> bool:
    return any(
        w == s.lower() and w not in spellings.variants(s) for s, w in candidate.style.spellings
    )


def _first_versions(world):
    first = {}
    for version in world.resume_versions:
        first.setdefault(version.candidate, version)
    return [(world.candidates[c], v) for c, v in sorted(first.items())]


def test_skills_with_other_spellings_are_written_in_one_of_them_in_the_documented_share(world):
    # given every (candidate, skill) pair whose skill people write in several ways
    pairs = [
        (c.style.spell(s), s)
        for c in world.candidates
        if not _types_in_lower_case(c)
        for s in (*c.skills, *c.soft_skills)
        if spellings.variants(s)
    ]
    # then about VARIANT_SHARE of them are written otherwise, always in a listed spelling
    varied = [written for written, skill in pairs if written != skill]
    assert _close(len(varied) / len(pairs), noise.VARIANT_SHARE, len(pairs))
    assert all(w in spellings.variants(s) for w, s in pairs if w != s)
    observed = text_truth(world)["observed"]["non_canonical_skills"]
    assert 0.25 < observed < 0.45


def test_resume_text_carries_the_variant_spellings_and_not_the_canonical_ones(world):
    checked, canonical_left = 0, 0
    for c, version in _first_versions(world):
        if c.style.two_columns or c.style.page_lines:
            continue  # a sidebar or a footer may split a spelling over two rows
        flat = " ".join(version.text.split())
        for canonical, written in c.style.spellings:
            assert written in flat
            if canonical.lower() in written.lower():
                continue
            checked += 1
            # the canonical name is gone, unless a title or degree says it ("B.A. Visual
            # Communication")
            canonical_left += bool(re.search(rf"\b{re.escape(canonical)}\b", flat))
    assert checked > 500
    assert canonical_left / checked < 0.03


def test_layout_noise_follows_the_documented_shares_and_spares_markdown(world):
    styles = [c.style for c in world.candidates]
    pdf = [s for s in styles if s.pdf]
    assert _close(len(pdf) / len(styles), noise.PDF_SHARE, len(styles))
    for flag, share in (
        (lambda s: s.split_dates, noise.SPLIT_DATES_SHARE),
        (lambda s: s.page_lines > 0, noise.PAGE_FURNITURE_SHARE),
        (lambda s: s.two_columns, noise.TWO_COLUMN_SHARE),
    ):
        assert _close(sum(map(flag, pdf)) / len(pdf), share, len(pdf))
    assert any(s.letter_spaced for s in pdf)
    assert not any(s.split_dates or s.two_columns or s.page_lines for s in styles if not s.pdf)
    for _c, version in _first_versions(world):
        if version.state.layout == "markdown":
            assert "\f" not in version.text and "\n## Experience\n" in version.text


def test_pdf_resumes_split_dates_break_lines_add_page_furniture_and_columns(world):
    seen = set()
    for c, version in _first_versions(world):
        style, text = c.style, version.text
        if not style.pdf or version.state.layout in ("markdown", "compact"):
            continue
        if style.split_dates and not style.two_columns:
            assert SPLIT_DATE_RE.search(text), text
            seen.add("dates")
        if style.page_lines:
            pages = text.count("\f") + 1
            assert text.splitlines()[-1] == style.footer.format(k=pages, n=pages, name=c.full_name)
            seen.add("pages")
        if style.letter_spaced:
            assert re.search(r"^(?:[A-Z] ){3,}", text, flags=re.MULTILINE)
            seen.add("spaced")
        if style.two_columns:
            # a sidebar line and a main-column line share a row of the extracted text
            assert re.search(rf"^\S.{{0,{noise.GUTTER - 2}}}\s{{2,}}\S", text, re.MULTILINE)
            seen.add("columns")
    assert seen == {"dates", "pages", "spaced", "columns"}


def test_most_candidates_and_postings_work_outside_software_in_their_own_words(world):
    people, jobs = world.candidates, world.jobs
    non_tech = [c for c in people if FAMILY[c.track] != "tech"]
    assert _close(len(non_tech) / len(people), NON_TECH_SHARE, len(people))
    assert _close(
        sum(FAMILY[j.track] != "tech" for j in jobs) / len(jobs), NON_TECH_SHARE, len(jobs)
    )
    assert {c.track for c in non_tech} >= {
        "accounting", "hr", "sales", "design", "teaching", "hospitality", "construction"
    }  # fmt: skip
    written = {c.style.spell(s) for c in non_tech for s in c.skills}
    assert {"A/R", "ServSafe certified", "OSHA 30", "MS Excel", "Adobe PS"} & written


def test_postings_come_with_blurbs_benefits_inline_headings_and_sometimes_no_requirements(world):
    jobs = world.jobs
    for shape, share in postings.REQUIREMENT_SHAPES.items():
        observed = sum(j.requirements == shape for j in jobs) / len(jobs)
        assert _close(observed, share, len(jobs)), shape
    texts = [j.description for j in jobs]
    assert sum(t.count("About ") > 0 for t in texts) / len(jobs) > 0.6
    assert sum("401(k)" in t for t in texts) > 0.1 * len(jobs)
    assert sum(t.startswith("<p>") for t in texts) > 0.05 * len(jobs)
    assert sum("\n" not in t for t in texts) > 0.2 * len(jobs)  # one-line and HTML
    for job in jobs:
        if job.requirements in ("prose", "unstated"):
            assert not any(
                re.search(rf"(?<![A-Za-z] ){re.escape(h)}", job.description)
                for h in REQUIREMENT_HEADINGS
            )
        assert not set(job.preferred_skills) & set(job.required_skills)


def test_a_blurbs_skills_are_never_the_jobs_requirements(world):
    template = re.escape(postings.BLURB_SKILL_LINE)
    line = re.compile(template.replace(r"\{a\}", "(.+?)").replace(r"\{b\}", "(.+?)"))
    named = 0
    for job in world.jobs:
        found = line.search(job.description.replace("&amp;", "&"))
        if not found:
            continue
        named += 1
        track = catalog.TRACKS[catalog.TRACK_KEYS.index(job.track)]
        canonical = {s: s for s in track.skills} | {
            v: s for s in track.skills for v in spellings.variants(s)
        }
        for written in found.groups():
            assert canonical[written] not in (*job.required_skills, *job.preferred_skills)
    assert named > 0.2 * len(world.jobs)


def test_the_truth_file_lists_each_candidates_and_postings_true_facts(world):
    truth = text_truth(world)
    first = truth["resumes"][0]
    c = world.candidates[0]
    assert (
        first["skills"] == list(c.skills) and first["years_of_experience"] == c.years_of_experience
    )
    assert first["written_as"] == dict(c.style.spellings)
    assert [p["title"] for p in first["positions"]] == [p.title for p in c.positions]
    assert len(truth["postings"]) == len(world.jobs)
    assert truth["postings"][0]["required_skills"] == list(world.jobs[0].required_skills)
    assert truth["noise"]["pdf_resumes"] == noise.PDF_SHARE


def test_the_text_is_deterministic_and_its_noise_never_changes_what_happens(monkeypatch):
    small = WorldConfig(candidates=150, jobs=400, months=4, seed=5, end_date=END)
    first, again = generate_world(small), generate_world(small)
    assert [v.text for v in first.resume_versions] == [v.text for v in again.resume_versions]
    assert [j.description for j in first.jobs] == [j.description for j in again.jobs]
    # when the text is written without any noise
    for name in ("VARIANT_SHARE", "LOWER_CASE_SHARE", "PDF_SHARE"):
        monkeypatch.setattr(noise, name, 0.0)
    monkeypatch.setattr(postings, "BLURB_SHARE", 0.0)
    clean = generate_world(small)
    # then the texts differ but every application and outcome is the same
    assert [v.text for v in clean.resume_versions] != [v.text for v in first.resume_versions]
    assert [j.description for j in clean.jobs] != [j.description for j in first.jobs]
    assert clean.applications == first.applications
    assert clean.candidates[0].skills == first.candidates[0].skills


def test_spellings_rename_only_the_worlds_skills_and_each_names_one_skill():
    known = {*catalog.CANONICAL_SKILLS, *catalog.SOFT_SKILLS}
    assert set(spellings.SPELLINGS) <= known
    owners: dict[str, str] = {}
    for skill, written in spellings.SPELLINGS.items():
        assert skill not in written
        for variant in written:
            assert owners.setdefault(variant.lower(), skill) == skill, variant


def test_a_hand_made_candidate_writes_plain_canonical_text():
    style = noise.PLAIN_STYLE
    assert not style.pdf and style.spell("PostgreSQL") == "PostgreSQL"
    lines = ["EXPERIENCE", "• Built things with Postgres"]
    spaced = noise.WritingStyle(wrap_width=20, letter_spaced=True, glyph="●")
    assert {"EXPERIENCE"} <= resumes.HEADINGS
    text = noise.pdf_text(
        lines, spaced, headings=resumes.HEADINGS, sidebar=resumes.SIDEBAR, name="A", email="a@b"
    )
    assert text == "E X P E R I E N C E\n● Built things with\nPostgres\n"
