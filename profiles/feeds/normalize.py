"""Turn a raw feed entry into a normalised posting: salary, remote, seniority, skills."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import cast

from profiles.feeds.dedupe import dedupe_key
from profiles.parsing.postings import ParsedPosting, parse_posting
from profiles.parsing.postings.facts import MAX_ANNUAL, MIN_ANNUAL, parse_salary, seniority_of_title
from profiles.parsing.postings.text import html_to_text

__all__ = ["Posting", "normalize", "parse_salary", "plain_text", "seniority_of", "skills_of"]

FEED_SKILLS_LABEL = "Feed skills"  # where skills the feed listed itself came from


@dataclass
class Posting:
    external_id: str
    title: str
    company: str
    url: str = ""
    description: str = ""
    location: str = ""
    remote: bool = False
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str = ""
    seniority: str = ""
    industry: str = ""
    company_stage: str = ""
    company_size: str = ""
    required_skills: list[str] = field(default_factory=list)
    nice_to_have_skills: list[str] = field(default_factory=list)
    skill_sources: dict[str, str] = field(default_factory=dict)
    min_years: float | None = None
    max_years: float | None = None
    education_requirement: str = ""
    requirements_text: str = ""
    posted_at: datetime | None = None
    content_hash: str = ""
    employment_type: str = ""
    valid_through: datetime | None = None
    dedupe_key: str = ""


def plain_text(value: str) -> str:
    text = html_to_text(value or "")
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()).strip()


def seniority_of(title: str) -> str:
    """The level a title names; "" when it names none (a plain "Data Engineer" says nothing)."""
    return seniority_of_title(title)


def skills_of(title: str, description: str) -> tuple[list[str], list[str]]:
    """(required, nice to have) skills of a posting, as ``parse_posting`` reads them."""
    parsed = parse_posting(title=title, description=description)
    return parsed.required_skills, parsed.nice_to_have_skills


def content_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(p.strip().lower() for p in parts).encode()).hexdigest()


def normalize(raw: dict[str, object]) -> Posting | None:
    """Build a Posting from loosely named fields; None when title or id is missing."""
    title = plain_text(str(raw.get("title") or "")).strip()
    description = _with_stated_requirements(
        plain_text(str(raw.get("description") or raw.get("summary") or "")), raw
    )
    url = str(raw.get("url") or raw.get("link") or "").strip()
    external_id = str(raw.get("id") or raw.get("guid") or raw.get("external_id") or url).strip()
    if not title or not external_id:
        return None
    company = str(raw.get("company") or raw.get("author") or "").strip() or "Unknown company"
    location = str(raw.get("location") or "").strip()
    parsed = parse_posting(title=title, description=description, company=company, location=location)
    remote = _remote(raw.get("remote"), parsed.remote)
    low, high, currency = _salary(raw, parsed)
    required, sources = _with_feed_skills(parsed, raw.get("skills"))
    posting = Posting(
        external_id=external_id[:255],
        title=title[:255],
        company=company[:255],
        url=url[:500],
        description=description,
        location=location[:255] or ("Remote" if remote else ""),
        remote=remote,
        salary_min=low,
        salary_max=high,
        salary_currency=currency,
        seniority=str(raw.get("seniority") or "") or parsed.seniority,
        industry=str(raw.get("industry") or "")[:100],
        company_stage=str(raw.get("company_stage") or ""),
        company_size=str(raw.get("company_size") or "")[:30],
        required_skills=required,
        nice_to_have_skills=[s for s in parsed.nice_to_have_skills if s not in required],
        skill_sources=sources,
        min_years=parsed.min_years,
        max_years=parsed.max_years,
        education_requirement=parsed.education_requirement,
        requirements_text=parsed.requirements_text,
        posted_at=_when(raw.get("posted_at") or raw.get("published") or raw.get("date")),
        employment_type=str(raw.get("employment_type") or "")[:50],
        valid_through=_when(raw.get("valid_through")),
    )
    posting.content_hash = content_hash(
        posting.title, posting.company, posting.location, description
    )
    posting.dedupe_key = dedupe_key(posting.company, posting.title, posting.location)
    return posting


# Requirements a source states in fields of their own (schema.org experienceRequirements,
# Personio yearsOfExperience, ...): written into the text as a section, so the one parser
# reads them and a later re-parse of the stored text finds them again.
STATED_REQUIREMENT_FIELDS = ("experience_text", "education_text", "qualifications_text")


def _with_stated_requirements(description: str, raw: dict[str, object]) -> str:
    stated = [plain_text(str(raw.get(name) or "")) for name in STATED_REQUIREMENT_FIELDS]
    lines = [f"- {line.lstrip('- ')}" for block in stated for line in block.splitlines() if line]
    if not lines:
        return description
    return "\n\n".join(p for p in (description, "Requirements:\n" + "\n".join(lines)) if p)


def _salary(raw: dict[str, object], parsed: ParsedPosting) -> tuple[int | None, int | None, str]:
    """The board's structured pay (already yearly) first, then a salary text, then the body."""
    low, high = _amount(raw.get("salary_min")), _amount(raw.get("salary_max"))
    if low is not None or high is not None:
        low, high = (low or high), (high or low)
        currency = str(raw.get("salary_currency") or "").upper()[:3]
        return min(low, high), max(low, high), currency  # type: ignore[type-var]
    salary_text = str(raw.get("salary") or "")
    if salary_text:
        return parse_salary(salary_text)
    return parsed.salary_min, parsed.salary_max, parsed.salary_currency


def _amount(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if MIN_ANNUAL <= value <= MAX_ANNUAL else None


def _remote(value: object, parsed: bool) -> bool:
    """The feed's own flag when it has one, else what the title, location and text say."""
    if isinstance(value, bool):
        return value
    if value not in (None, ""):
        return str(value).strip().lower() in ("true", "1", "yes", "remote")
    return parsed


def _with_feed_skills(parsed: ParsedPosting, listed: object) -> tuple[list[str], dict[str, str]]:
    """Required skills plus the ones the feed lists itself ("skills": [...] or "a;b")."""
    required, sources = list(parsed.required_skills), dict(parsed.skill_sources)
    if isinstance(listed, list):
        for skill in (str(s).strip() for s in cast("list[object]", listed)):
            if skill and skill not in required:
                required.append(skill)
                sources.setdefault(skill, FEED_SKILLS_LABEL)
    return required, sources


def _when(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, tuple) and len(value) >= 6:  # feedparser's time.struct_time
        return datetime(*cast("tuple[int, int, int, int, int, int]", value[:6]), tzinfo=UTC)
    if isinstance(value, str) and value.strip():
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            try:
                parsed = parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None
