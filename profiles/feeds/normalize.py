# ruff: noqa: RUF001
"""Turn a raw feed entry into a normalised posting: salary, remote, seniority, skills."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import cast

from profiles.skills import extract_matches

_K = r"(?:k|K)"
_NUM = r"\d{1,3}(?:[,.\s]\d{3})+|\d+(?:\.\d+)?"
SALARY_RE = re.compile(
    rf"(?P<cur>[$€£]|USD|EUR|GBP)?\s?(?P<low>{_NUM})\s?(?P<lowk>{_K})?"
    rf"(?:\s*(?:-|–|—|to)\s*(?P<cur2>[$€£]|USD|EUR|GBP)?\s?(?P<high>{_NUM})\s?(?P<highk>{_K})?)?"
    rf"\s*(?P<cur3>USD|EUR|GBP)?"
    r"(?:\s*(?:per|a|/)\s*(?P<period>year|yr|annum|hour|hr|month|mo))?",
)
CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "USD": "USD", "EUR": "EUR", "GBP": "GBP"}
HOURS_PER_YEAR, MONTHS_PER_YEAR = 2080, 12
PERIOD_FACTOR = {
    "hour": HOURS_PER_YEAR,
    "hr": HOURS_PER_YEAR,
    "month": MONTHS_PER_YEAR,
    "mo": MONTHS_PER_YEAR,
}
MIN_ANNUAL, MAX_ANNUAL = 5_000, 2_000_000  # outside this a number is not a yearly salary
SENIORITY_WORDS = (
    ("intern", r"\b(intern|internship|trainee|apprentice)\b"),
    ("executive", r"\b(vp|vice president|chief|cto|cfo|ceo|coo|head of|director)\b"),
    ("lead", r"\b(lead|principal|staff|manager)\b"),
    ("senior", r"\b(senior|sr\.?)\b"),
    ("entry", r"\b(junior|jr\.?|entry[- ]level|graduate|associate)\b"),
)
REMOTE_RE = re.compile(r"\b(remote|work from home|wfh|distributed|anywhere)\b", re.IGNORECASE)
NICE_HEADINGS = re.compile(
    r"^\s*(nice to have|bonus points|preferred|pluses|good to have)", re.IGNORECASE
)
REQUIRED_HEADINGS = re.compile(
    r"^\s*(requirements|required|qualifications|minimum qualifications|basic qualifications|"
    r"what you bring|what you.ll need|what we.re looking for|must[- ]haves?|you have|"
    r"about you|who you are|skills|required skills|your skills|you bring)",
    re.IGNORECASE,
)
HEADING_MAX = 40  # characters: a longer line ending in ":" is a sentence, not a heading
_TAG_RE = re.compile(r"<[^>]+>")


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
    posted_at: datetime | None = None
    content_hash: str = ""


def plain_text(value: str) -> str:
    text = re.sub(r"<\s*(br|/p|/li|/h\d|/div)\s*/?>", "\n", value or "", flags=re.IGNORECASE)
    text = re.sub(r"<\s*li\s*>", "\n- ", text, flags=re.IGNORECASE)
    text = html.unescape(_TAG_RE.sub("", text))
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()).strip()


def _number(raw: str, thousands: bool) -> float:
    digits = re.sub(r"[,\s]", "", raw)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):  # "50.000" written the European way
        digits = digits.replace(".", "")
    value = float(digits)
    return value * 1000 if thousands else value


def parse_salary(text: str) -> tuple[int | None, int | None, str]:
    """(min, max, currency) per year from "$120k-$160k", "€50,000 per year", "$45/hour"."""
    for m in SALARY_RE.finditer(text or ""):
        currency = CURRENCY.get(m.group("cur") or m.group("cur2") or m.group("cur3") or "", "")
        has_k = bool(m.group("lowk") or m.group("highk"))
        if not currency and not has_k and not m.group("period"):
            continue  # a bare number is not a salary
        # "120-160k": the k on the upper bound applies to a small lower bound too
        low_k = bool(m.group("lowk")) or (
            bool(m.group("highk")) and _number(m.group("low"), False) < 1000
        )
        low = _number(m.group("low"), low_k)
        high = _number(m.group("high"), bool(m.group("highk"))) if m.group("high") else low
        period = (m.group("period") or "year").lower()
        factor = PERIOD_FACTOR.get(period, 1)
        low, high = low * factor, high * factor
        if not (MIN_ANNUAL <= low <= MAX_ANNUAL and MIN_ANNUAL <= high <= MAX_ANNUAL):
            continue
        low, high = sorted((low, high))
        return round(low), round(high), currency or "USD"
    return None, None, ""


def seniority_of(title: str) -> str:
    lower = title.lower()
    for level, pattern in SENIORITY_WORDS:
        if re.search(pattern, lower):
            return level
    return "mid"


def skills_of(title: str, description: str) -> tuple[list[str], list[str]]:
    """(required, nice to have) skills of a posting.

    When the description has a requirements block ("What you bring:", "Requirements:"), only
    that block and the title count as required: duties and the company blurb name things the
    candidate need not have ("our logistics team", "drive pricing"). Skills under a "Nice to
    have" heading are optional. Soft skills are ignored: every posting asks for them.
    """
    blocks: dict[str, list[str]] = {"required": [title], "nice": [], "other": [], "any": []}
    current = "any"
    for line in description.splitlines():
        label, sep, rest = line.partition(":")
        if sep and len(label) <= HEADING_MAX and not rest.strip():
            current = _block_of(label)
            continue
        if sep and len(label) <= HEADING_MAX and _block_of(label) == "other" and label.istitle():
            continue  # "Compensation: $90k" is a field, not skills
        blocks[current].append(line)
    required_lines = blocks["required"] + ([] if len(blocks["required"]) > 1 else blocks["any"])
    required = _skills(required_lines)
    nice = [s for s in _skills(blocks["nice"]) if s not in required]
    return required, nice


def _block_of(label: str) -> str:
    if NICE_HEADINGS.match(label):
        return "nice"
    if REQUIRED_HEADINGS.match(label):
        return "required"
    return "other"


def _skills(lines: list[str]) -> list[str]:
    found: dict[str, None] = {}
    for line in lines:
        for match in extract_matches(line):
            if match.category != "soft":
                found.setdefault(match.skill, None)
    return list(found)


def content_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(p.strip().lower() for p in parts).encode()).hexdigest()


def normalize(raw: dict[str, object]) -> Posting | None:
    """Build a Posting from loosely named fields; None when title or id is missing."""
    title = plain_text(str(raw.get("title") or "")).strip()
    description = plain_text(str(raw.get("description") or raw.get("summary") or ""))
    url = str(raw.get("url") or raw.get("link") or "").strip()
    external_id = str(raw.get("id") or raw.get("guid") or raw.get("external_id") or url).strip()
    if not title or not external_id:
        return None
    company = str(raw.get("company") or raw.get("author") or "").strip() or "Unknown company"
    location = str(raw.get("location") or "").strip()
    remote = _remote(raw.get("remote"), f"{title} {location}")
    salary_text = str(raw.get("salary") or "")
    low, high, currency = parse_salary(salary_text) if salary_text else parse_salary(description)
    required, nice = skills_of(title, description)
    if isinstance(raw.get("skills"), list):
        skills = cast("list[object]", raw["skills"])
        required = list(dict.fromkeys([*required, *[str(s) for s in skills]]))
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
        seniority=str(raw.get("seniority") or "") or seniority_of(title),
        industry=str(raw.get("industry") or "")[:100],
        company_stage=str(raw.get("company_stage") or ""),
        company_size=str(raw.get("company_size") or "")[:30],
        required_skills=required,
        nice_to_have_skills=nice,
        posted_at=_when(raw.get("posted_at") or raw.get("published") or raw.get("date")),
    )
    posting.content_hash = content_hash(
        posting.title, posting.company, posting.location, description
    )
    return posting


def _remote(value: object, text: str) -> bool:
    if isinstance(value, bool):
        return value
    if value not in (None, ""):
        return str(value).strip().lower() in ("true", "1", "yes", "remote")
    return bool(REMOTE_RE.search(text))


def _when(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, tuple) and len(value) >= 6:  # feedparser's time.struct_time
        return datetime(*cast("tuple[int, int, int, int, int, int]", value[:6]), tzinfo=UTC)
    if isinstance(value, str) and value.strip():
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            from email.utils import parsedate_to_datetime

            try:
                parsed = parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None
