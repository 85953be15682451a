"""Recruitee careers-site API: ``GET https://{company}.recruitee.com/api/offers/``, one page.

Documented fields read from ``offers[]``: ``id``, ``title``, ``careers_url``, ``description``
and ``requirements`` (HTML), ``location`` / ``city`` / ``country``, ``remote``,
``published_at`` ("2026-01-05 09:00:00 UTC"), ``close_at``, ``employment_type_code``,
``company_name`` and ``salary`` (``min``, ``max``, ``currency``, ``period``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from profiles.sources.base import (
    FetchOutcome,
    Source,
    SourceConfig,
    join_place,
    mapping,
    required_id,
    required_text,
    section,
    text,
    yearly,
)
from profiles.sources.registry import register


@register
class RecruiteeSource(Source):
    kind = "recruitee"
    label = "Recruitee"
    reads = "{board}.recruitee.com/api/offers/ (all published offers, one page)"

    @classmethod
    def endpoint(cls, board: str, base: str = "") -> str:
        root = base.rstrip("/") if base else f"https://{board}.recruitee.com"
        return f"{root}/api/offers/"

    @classmethod
    def board_from_url(cls, url: str) -> str:
        host = (urlsplit(url).hostname or "").lower()
        return host.removesuffix(".recruitee.com") if host.endswith(".recruitee.com") else ""

    def pages(
        self,
        config: SourceConfig,
        validators: Mapping[str, Mapping[str, str]],
        outcome: FetchOutcome,
    ) -> Iterable[list[dict[str, object]]]:
        offers = self.get_list(config, validators, outcome, "offers")
        if offers is None:
            return
        yield self.read_items(offers, outcome, lambda o: _item(o, config.company_or_board))


def _item(offer: Mapping[str, object], company: str) -> dict[str, object]:
    salary = mapping(offer.get("salary"))
    period = text(salary.get("period")) or "year"
    return {
        "id": required_id(offer),
        "title": required_text(offer, "title"),
        "url": text(offer.get("careers_url")),
        "description": "\n".join(
            (
                text(offer.get("description")),
                section("Requirements", text(offer.get("requirements"))),
            )
        ).strip(),
        "company": text(offer.get("company_name")) or company,
        "location": text(offer.get("location"))
        or join_place(offer.get("city"), offer.get("country")),
        "remote": True if offer.get("remote") is True else None,
        "employment_type": text(offer.get("employment_type_code")),
        "salary_min": yearly(salary.get("min"), period) if salary else None,
        "salary_max": yearly(salary.get("max"), period) if salary else None,
        "salary_currency": text(salary.get("currency")),
        "posted_at": text(offer.get("published_at")).replace(" UTC", "+00:00"),
        "valid_through": text(offer.get("close_at")).replace(" UTC", "+00:00"),
    }
