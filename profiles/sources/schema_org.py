"""Career pages marked up with schema.org ``JobPosting``, as JSON-LD or microdata (``extruct``).

Fields read, with their documented meanings (https://schema.org/JobPosting):
``title``; ``description`` (HTML); ``datePosted``; ``validThrough`` (a date alone means the
end of that day); ``employmentType`` (FULL_TIME, PART_TIME, CONTRACTOR, ..., or a list);
``hiringOrganization`` (an Organization's ``name``, or text); ``jobLocation`` (Places whose
``address`` is a PostalAddress: ``addressLocality``, ``addressRegion``, ``addressCountry``);
``jobLocationType`` (TELECOMMUTE: remote); ``applicantLocationRequirements`` (where a remote
worker may live); ``baseSalary`` (a MonetaryAmount: ``currency`` and a QuantitativeValue with
``minValue``/``maxValue``/``value`` per ``unitText`` HOUR, DAY, WEEK, MONTH or YEAR);
``experienceRequirements`` (text, or ``monthsOfExperience``); ``educationRequirements`` (text,
or an EducationalOccupationalCredential's ``credentialCategory``); ``identifier`` and ``url``.

A page's ``rel="next"`` link on the same host is followed, page after page.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, time
from urllib.parse import urljoin, urlsplit

import extruct
from extruct.jsonld import JsonLdExtractor
from lxml import html as lxml_html

from profiles.sources.base import (
    MAX_PAGES,
    FetchOutcome,
    ItemError,
    Source,
    SourceConfig,
    join_place,
    mapping,
    quarantined,
    text,
    yearly,
)
from profiles.sources.registry import register

REMOTE_TYPE = "telecommute"


@register
class SchemaOrgSource(Source):
    kind = "schema_org"
    label = "schema.org JobPosting page"
    reads = "JobPosting in JSON-LD or microdata of an HTML page, following rel=next pages"
    needs_board = False
    accept = "text/html, application/xhtml+xml;q=0.9"

    def pages(
        self,
        config: SourceConfig,
        validators: Mapping[str, Mapping[str, str]],
        outcome: FetchOutcome,
    ) -> Iterable[list[dict[str, object]]]:
        url: str | None = config.url
        seen: set[str] = set()
        for page in range(MAX_PAGES):
            if url is None or url in seen:
                return
            seen.add(url)
            response = self.get(url, outcome, validators if page == 0 else None)
            if response is None:
                return  # the first page did not change: nor, we take it, did the rest
            document = response.body.decode(_charset(response.headers), errors="replace")
            yield list(self.read_page(document, url, config, outcome))
            url = _next_page(document, url)
        outcome.complete = False

    def read_page(
        self, document: str, url: str, config: SourceConfig, outcome: FetchOutcome
    ) -> Iterator[dict[str, object]]:
        for node in _postings(document, url, outcome):
            try:
                yield _item(node, url, config.company)
            except ItemError as exc:
                outcome.quarantined.append(quarantined(node, str(exc)))


def _charset(headers: Mapping[str, str]) -> str:
    content_type = headers.get("content-type", "")
    for part in content_type.split(";"):
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip('"')
    return "utf-8"


def _next_page(document: str, url: str) -> str | None:
    try:
        tree = lxml_html.fromstring(document)
    except (ValueError, TypeError):
        return None
    for href in tree.xpath('//link[@rel="next"]/@href | //a[@rel="next"]/@href'):
        target = urljoin(url, str(href))
        if urlsplit(target).netloc == urlsplit(url).netloc:
            return target
    return None


def _postings(document: str, url: str, outcome: FetchOutcome) -> Iterator[Mapping[str, object]]:
    yield from _job_nodes(_json_ld(document, url, outcome))
    try:
        found = extruct.extract(document, base_url=url, syntaxes=["microdata"], uniform=True)
    except Exception as exc:  # extruct raises whatever its parser raises
        outcome.quarantined.append(quarantined({"page": url}, f"microdata unreadable: {exc}"))
        return
    yield from _job_nodes(found.get("microdata", []))


def _json_ld(document: str, url: str, outcome: FetchOutcome) -> list[object]:
    """Each JSON-LD block read on its own: one broken block costs only itself."""
    try:
        tree = lxml_html.fromstring(document)
    except (ValueError, TypeError):
        return []
    found: list[object] = []
    for index, script in enumerate(tree.xpath('//script[@type="application/ld+json"]')):
        block = f'<script type="application/ld+json">{script.text or ""}</script>'
        try:
            found.extend(JsonLdExtractor().extract(block, base_url=url))
        except ValueError as exc:
            reason = f"JSON-LD block {index + 1} is not valid JSON: {exc}"[:500]
            outcome.quarantined.append(quarantined({"page": url, "block": index + 1}, reason))
    return found


def _job_nodes(value: object) -> Iterator[Mapping[str, object]]:
    """Every JobPosting in a JSON-LD or microdata tree: top level, ``@graph``, ItemList."""
    if isinstance(value, list):
        for element in value:
            yield from _job_nodes(element)
    elif isinstance(value, Mapping):
        if "JobPosting" in _types(value):
            yield value
            return
        for key in ("@graph", "itemListElement", "item", "mainEntity"):
            if key in value:
                yield from _job_nodes(value[key])


def _types(node: Mapping[str, object]) -> list[str]:
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return [str(n).rsplit("/", 1)[-1] for n in names if n]


def _item(node: Mapping[str, object], page_url: str, company: str) -> dict[str, object]:
    title = text(node.get("title")) or text(node.get("name"))
    if not title:
        raise ItemError("JobPosting has no title")
    url = urljoin(page_url, text(node.get("url"))) if text(node.get("url")) else page_url
    place, remote = _where(node)
    low, high, currency = _salary(node.get("baseSalary") or node.get("estimatedSalary"))
    return {
        "id": _identifier(node) or (url if text(node.get("url")) else _page_id(page_url, title)),
        "title": html.unescape(title),
        "url": url,
        "description": _description(node.get("description")),
        "company": _organization(node.get("hiringOrganization")) or company,
        "location": place,
        "remote": True if remote else None,
        "employment_type": ", ".join(
            text(t) for t in _as_list(node.get("employmentType")) if text(t)
        ),
        "salary_min": low,
        "salary_max": high,
        "salary_currency": currency,
        "posted_at": text(node.get("datePosted")),
        "valid_through": _end_of(text(node.get("validThrough"))),
        "experience_text": _experience(node.get("experienceRequirements")),
        "education_text": _education(node.get("educationRequirements")),
        "qualifications_text": _description(node.get("qualifications") or node.get("skills")),
    }


def _identifier(node: Mapping[str, object]) -> str:
    for entry in _as_list(node.get("identifier")):
        value = text(mapping(entry).get("value")) if isinstance(entry, Mapping) else text(entry)
        if value:
            return value[:255]
    return ""


def _page_id(page_url: str, title: str) -> str:
    return f"{page_url}#{hashlib.sha256(title.encode()).hexdigest()[:12]}"[:255]


def _description(value: object) -> str:
    body = text(value) if not isinstance(value, list) else "\n".join(text(v) for v in value)
    # JSON-LD often carries the HTML escaped once more ("&lt;p&gt;"): unescape to read it.
    return html.unescape(body) if "<" not in body and "&lt;" in body else body


def _organization(value: object) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return text(mapping(value).get("name")) if isinstance(value, Mapping) else text(value)


def _where(node: Mapping[str, object]) -> tuple[str, bool]:
    remote = any(text(t).lower() == REMOTE_TYPE for t in _as_list(node.get("jobLocationType")))
    places = [_place(p) for p in _as_list(node.get("jobLocation"))]
    allowed = [_name(a) for a in _as_list(node.get("applicantLocationRequirements"))]
    allowed_text = ", ".join(a for a in allowed if a)
    place = "; ".join(p for p in places if p)
    if remote:
        place = f"Remote ({allowed_text})" if allowed_text else (place or "Remote")
    return place, remote


def _place(value: object) -> str:
    if not isinstance(value, Mapping):
        return text(value)
    address = value.get("address")
    if isinstance(address, Mapping):
        return join_place(
            address.get("addressLocality"),
            address.get("addressRegion"),
            _name(address.get("addressCountry")),
        )
    return text(address) or text(value.get("name"))


def _name(value: object) -> str:
    return text(mapping(value).get("name")) if isinstance(value, Mapping) else text(value)


def _salary(value: object) -> tuple[int | None, int | None, str]:
    amount = mapping(value[0] if isinstance(value, list) and value else value)
    if not amount:
        return None, None, ""
    quantity = amount.get("value")
    if isinstance(quantity, Mapping):
        unit = text(quantity.get("unitText")) or "YEAR"
        low = quantity.get("minValue", quantity.get("value"))
        high = quantity.get("maxValue", quantity.get("value"))
    else:
        unit, low, high = text(amount.get("unitText")) or "YEAR", quantity, quantity
    return yearly(low, unit), yearly(high, unit), text(amount.get("currency")).upper()[:3]


def _end_of(value: str) -> str:
    """A bare date in ``validThrough`` means the posting is open all that day (UTC)."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    return datetime.combine(day, time.max, tzinfo=UTC).isoformat()


def _experience(value: object) -> str:
    for entry in _as_list(value):
        if isinstance(entry, Mapping):
            months = entry.get("monthsOfExperience")
            if isinstance(months, (int, float, str)) and str(months).replace(".", "", 1).isdigit():
                years = float(months) / 12
                return f"{years:g}+ years of experience"
            described = text(entry.get("description"))
            if described:
                return described
        elif text(entry):
            return text(entry)
    return ""


def _education(value: object) -> str:
    for entry in _as_list(value):
        category = (
            text(mapping(entry).get("credentialCategory")) if isinstance(entry, Mapping) else ""
        )
        statement = category or text(entry)
        if statement:
            return f"{category[:1].upper()}{category[1:]} required" if category else statement
    return ""


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
