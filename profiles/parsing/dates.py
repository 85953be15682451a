# ruff: noqa: RUF001, RUF002
"""Date ranges in resumes ("Jan 2019 – Present", "03/2018 - 06/2020", "2015 to 2017")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from profiles.parsing.titles import TITLE_WORDS

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
DATE = (
    rf"(?:{_MONTH}\s*,?\s*{_YEAR}|{_SEASON}\s+{_YEAR}|(?:0?[1-9]|1[0-2])\s*[/.]\s*{_YEAR}"
    rf"|{_YEAR}\s*[-/.]\s*(?:0[1-9]|1[0-2])(?!\d)|{_YEAR}\s*,?\s+{_MONTH}(?![a-z])|{_YEAR})"
)
_NOW = r"(?:present|current(?:ly)?|now|today|ongoing|date)"
# Between the two ends: a dash or a word, or (in exports that lost the dash) only spaces, a
# slash between years, or nothing at all between "Apr 2020" and "Jun 2020".
_SEPARATOR = r"(?:\s*(?:-|–|—|‒|\bto\b|until|till|through|\.\.|→|/)\s*|\s+|(?<=\d)(?=[A-Za-z]))"
RANGE_RE = re.compile(
    rf"(?P<start>{DATE}){_SEPARATOR}(?P<end>{DATE}|{_NOW}\b)",
    re.IGNORECASE,
)
BARE_YEAR_MONTH = 7
_CHAIN_BEFORE_RE = re.compile(rf"{_YEAR}\s*/\s*$")
_CHAIN_AFTER_RE = re.compile(rf"^\s*/\s*{_YEAR}")
# "Exchange 2007/2013", "Windows Server 2003/2008": two versions of a product, not a range.
_PRODUCT_BEFORE_RE = re.compile(r"(?<![\w.])(?P<word>[A-Za-z][\w.+#-]*)\s*$")
_NOT_PRODUCTS = frozenset({"from", "in", "since", "during", "between", "dates", "years", "year"})
_SEASON_MONTH = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


@dataclass(frozen=True)
class Span:
    start: int  # months since year 0
    end: int
    text: str
    ongoing: bool
    precise: bool  # both ends name a month (or "present"), not a bare year
    start_text: str = ""
    end_text: str = ""

    @property
    def months(self) -> int:
        return max(0, self.end - self.start)


def month_index(value: str, *, is_end: bool, today: date) -> int | None:
    """Months since year 0 for one date; a bare year counts from its middle (July).

    "2019 - 2021" may mean 13 or 35 months; mid-year to mid-year makes the error symmetric.
    """
    raw = value.strip().lower()
    if re.fullmatch(_NOW, raw):
        return today.year * 12 + today.month - 1
    year_match = re.search(_YEAR, raw)
    if not year_match:
        return None
    year = int(year_match.group(0))
    month_match = re.search(r"[a-z]+", raw)
    if month_match and month_match.group(0)[:3] in MONTHS:
        month = MONTHS[month_match.group(0)[:3]]
    elif month_match and month_match.group(0) in _SEASON_MONTH:
        month = _SEASON_MONTH[month_match.group(0)]
    else:
        numeric = re.fullmatch(r"(\d{1,2})\s*[/.]\s*\d{4}|\d{4}\s*[-/.]\s*(\d{2})", raw)
        if numeric:
            month = int(numeric.group(1) or numeric.group(2))
        else:
            return year * 12 + BARE_YEAR_MONTH - 1
    return year * 12 + month - 1 + (1 if is_end else 0)


def find_ranges(text: str, *, today: date) -> list[tuple[Span, int, int]]:
    """Every date range in ``text`` with its character offsets."""
    out = []
    for m in RANGE_RE.finditer(text):
        start = month_index(m.group("start"), is_end=False, today=today)
        end = month_index(m.group("end"), is_end=True, today=today)
        if _in_version_chain(text, *m.span()) or _is_version_pair(text, m):
            continue  # "SQL Server 2000/2005/2008": versions, not dates
        ongoing = re.fullmatch(_NOW, m.group("end").strip().lower()) is not None
        if ongoing and start is not None and end is not None:
            end = max(end, start)  # the document dates from no earlier than the job's start
        if start is None or end is None or end < start:
            continue
        precise = not _is_bare_year(m.group("start")) and (
            ongoing or not _is_bare_year(m.group("end"))
        )
        span = Span(start, end, m.group(0), ongoing, precise, m.group("start"), m.group("end"))
        out.append((span, *m.span()))
    return out


_LEADING_DATE_RE = re.compile(rf"^\s*(?P<date>{DATE})(?![\d/.-])", re.IGNORECASE)


def _in_version_chain(text: str, start: int, end: int) -> bool:
    return bool(_CHAIN_BEFORE_RE.search(text[:start]) or _CHAIN_AFTER_RE.match(text[end:]))


def _is_version_pair(text: str, m: re.Match[str]) -> bool:
    """Two bare years joined by a slash right after a product's name."""
    between = text[m.end("start") : m.start("end")].strip()
    if between != "/" or not (_is_bare_year(m.group("start")) and _is_bare_year(m.group("end"))):
        return False
    before = _PRODUCT_BEFORE_RE.search(text[: m.start()])
    if before is None:
        return False
    word = before.group("word").lower()
    if word in _NOT_PRODUCTS or word in TITLE_WORDS:  # "Team Lead 2004/2013" is a tenure
        return False
    return re.fullmatch(_MONTH + "|" + _SEASON, word) is None


def find_split_range(first: str, second: str, *, today: date) -> tuple[Span, str, str] | None:
    """A range written over two lines, each starting with one end ("2012, November ACME" /
    "2022, February Developer"); returns the span and the rest of each line."""
    if RANGE_RE.search(first) or RANGE_RE.search(second):
        return None
    a, b = _LEADING_DATE_RE.match(first), _LEADING_DATE_RE.match(second)
    if a is None or b is None:
        return None
    start = month_index(a.group("date"), is_end=False, today=today)
    end = month_index(b.group("date"), is_end=True, today=today)
    if start is None or end is None or end < start:
        return None
    text = f"{a.group('date')} - {b.group('date')}"
    precise = not _is_bare_year(a.group("date")) and not _is_bare_year(b.group("date"))
    span = Span(start, end, text, False, precise, a.group("date"), b.group("date"))
    return span, first[a.end() :], second[b.end() :]


def _is_bare_year(value: str) -> bool:
    return re.fullmatch(_YEAR, value.strip()) is not None


def merged_months(spans: list[Span]) -> int:
    """Total months covered by ``spans``, counting overlapping jobs once."""
    total, current_start, current_end = 0, None, None
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if current_end is None or span.start > current_end:
            if current_end is not None and current_start is not None:
                total += current_end - current_start
            current_start, current_end = span.start, span.end
        else:
            current_end = max(current_end, span.end)
    if current_end is not None and current_start is not None:
        total += current_end - current_start
    return total


_SINGLE_DATE_RE = re.compile(
    rf"(?<![\d/.-])(?:{_MONTH}\s*,?\s*{_YEAR}|(?:0?[1-9]|1[0-2])\s*/\s*{_YEAR}"
    rf"|{_YEAR}\s*-\s*(?:0[1-9]|1[0-2])(?!\d)|{_SEASON}\s+{_YEAR})(?![\d/])",
    re.IGNORECASE,
)


_LISTED_YEAR_RE = re.compile(rf"(?:[,(|]|\bin|\bsince)\s*({_YEAR})\b(?![/.-]?\d)", re.I)


def document_month(text: str, *, today: date | None) -> int:
    """Months since year 0 of the day the document speaks from: what "Present" means.

    ``today`` when the caller knows it (an upload is written as of its upload day);
    otherwise the newest date the text names: an end of a range or a month-precise date.
    Bare years alone ("Windows 2000", "QuickBooks 2016") are versions as often as dates,
    so they count only as ends of a range or after a comma, bracket or bar ("SQL
    Certificate, 2021"), or when nothing else is dated. A document that
    names no date at all falls back to ``today``, else to the newest bare year.
    """
    if today is not None:
        return today.year * 12 + today.month - 1
    floor = date(1950, 1, 1)
    ranges = [span for span, _, _ in find_ranges(text, today=floor)]
    seen = [span.start for span in ranges]
    for span in (s for s in ranges if not s.ongoing):
        seen.append(month_index(span.end_text, is_end=False, today=floor) or span.start)
    for m in _SINGLE_DATE_RE.finditer(text):
        month = month_index(m.group(0), is_end=False, today=floor)
        if month is not None:
            seen.append(month)
    seen += [int(y) * 12 + BARE_YEAR_MONTH - 1 for y in _LISTED_YEAR_RE.findall(text)]
    if not seen:
        seen = [int(y) * 12 + BARE_YEAR_MONTH - 1 for y in re.findall(rf"\b{_YEAR}\b", text)]
    return max(seen) if seen else floor.year * 12


def reference_date(month: int) -> date:
    """The first day of ``month`` (months since year 0)."""
    return date(month // 12, month % 12 + 1, 1)


# "04/2020" / "to" / "Current" or "September 2019 Senior Team Manager" / "currently working":
# a range that an export spread over two or three lines.
_TRAILING_DATE_RE = re.compile(rf"(?:{DATE})\s*(?P<sep>-|–|—|to)?\s*$", re.IGNORECASE)
_BARE_SEPARATOR_RE = re.compile(r"^\s*(?:-|–|—|to)\s*$", re.IGNORECASE)
_LEADING_END_RE = re.compile(rf"^\s*(?:-|–|—|to)\s*(?:{DATE}|{_NOW}\b)", re.IGNORECASE)
_ONLY_NOW_RE = re.compile(rf"^\s*(?:{_NOW}|currently working)\s*[.,;)]?\s*$", re.IGNORECASE)
_LEADING_DATE_ONLY_RE = re.compile(rf"^\s*(?:{DATE}|{_NOW}\b)", re.IGNORECASE)


def join_split_ranges(lines: list[str]) -> list[str]:
    """Join a line ending in a date with the lines that carry the rest of its range."""
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        if previous and not RANGE_RE.search(previous) and _continues(previous, line):
            out[-1] = f"{previous} {line.strip()}"
            continue
        start = _LEADING_DATE_RE.match(previous) if previous else None
        if start and not RANGE_RE.search(previous) and _ONLY_NOW_RE.match(line):
            # "September 2019 Senior Team Manager" / "currently working"
            out[-1] = f"{start.group('date')} - present{previous[start.end() :]}"
            continue
        out.append(line)
    return out


def _continues(previous: str, line: str) -> bool:
    ending = _TRAILING_DATE_RE.search(previous)
    if ending is None:
        return False
    if _BARE_SEPARATOR_RE.match(line) or _LEADING_END_RE.match(line) or _ONLY_NOW_RE.match(line):
        return True
    return ending.group("sep") is not None and bool(_LEADING_DATE_ONLY_RE.match(line))
