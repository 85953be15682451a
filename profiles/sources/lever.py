"""Lever Postings API: ``GET /v0/postings/{site}?mode=json&skip=N&limit=100``, paged.

Documented fields read: ``id``, ``text`` (the title), ``hostedUrl``, ``createdAt`` (ms since
the epoch), ``categories`` (``location``, ``commitment``, ``team``, ``department``,
``allLocations``), ``description``, ``lists[]`` (``text`` heading and ``content`` HTML items,
where the requirements usually are), ``additional``, ``workplaceType`` and ``salaryRange``
(``min``, ``max``, ``currency``, ``interval`` such as ``per-year-salary``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from profiles.sources.base import (
    MAX_PAGES,
    FetchOutcome,
    Source,
    SourceConfig,
    as_list,
    epoch_ms,
    json_body,
    mapping,
    required_id,
    required_text,
    section,
    text,
    yearly,
)
from profiles.sources.http import SourceError
from profiles.sources.registry import register

API = "https://api.lever.co"
PAGE_SIZE = 100  # Lever's documented largest ``limit``


@register
class LeverSource(Source):
    kind = "lever"
    label = "Lever"
    reads = "api.lever.co/v0/postings/{board}?mode=json, 100 a page (skip/limit)"
    board_hosts = ("jobs.lever.co", "jobs.eu.lever.co")

    @classmethod
    def endpoint(cls, board: str, base: str = "") -> str:
        return f"{(base or API).rstrip('/')}/v0/postings/{board}?mode=json"

    def pages(
        self,
        config: SourceConfig,
        validators: Mapping[str, Mapping[str, str]],
        outcome: FetchOutcome,
    ) -> Iterable[list[dict[str, object]]]:
        company = config.company_or_board
        for page in range(MAX_PAGES):
            response = self.get(f"{config.url}&skip={page * PAGE_SIZE}&limit={PAGE_SIZE}", outcome)
            assert response is not None  # no validators sent, so never a 304
            postings = json_body(response)
            if not isinstance(postings, list):
                raise SourceError("Lever answer is not a list of postings")
            yield self.read_items(postings, outcome, lambda p: _item(p, company))
            if len(postings) < PAGE_SIZE:
                return
        outcome.complete = False  # more pages than we read


def _item(posting: Mapping[str, object], company: str) -> dict[str, object]:
    categories = mapping(posting.get("categories"))
    lists = "\n".join(
        section(text(mapping(block).get("text")), f"<ul>{text(mapping(block).get('content'))}</ul>")
        for block in as_list(posting.get("lists"))
        if isinstance(block, Mapping)
    )
    salary = mapping(posting.get("salaryRange"))
    interval = text(salary.get("interval"))
    workplace = text(posting.get("workplaceType")).lower()
    return {
        "id": required_id(posting),
        "title": required_text(posting, "text"),
        "url": text(posting.get("hostedUrl")),
        "description": "\n".join(
            part
            for part in (text(posting.get("description")), lists, text(posting.get("additional")))
            if part
        ),
        "company": company,
        "location": text(categories.get("location")),
        "remote": True if workplace == "remote" else None,
        "employment_type": text(categories.get("commitment")),
        "department": text(categories.get("department")) or text(categories.get("team")),
        "salary_min": yearly(salary.get("min"), interval) if salary else None,
        "salary_max": yearly(salary.get("max"), interval) if salary else None,
        "salary_currency": text(salary.get("currency")),
        "posted_at": epoch_ms(posting.get("createdAt")),
    }
