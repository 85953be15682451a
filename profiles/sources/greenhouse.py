"""Greenhouse Job Board API: ``GET /v1/boards/{token}/jobs?content=true``, one page per board.

Documented fields read: ``id``, ``title``, ``absolute_url``, ``location.name``, ``updated_at``,
``first_published``, ``company_name``, ``content`` (the description as HTML-escaped HTML),
``departments[].name`` and ``metadata[]`` (custom fields such as an employment type). The
board's display name comes from ``GET /v1/boards/{token}`` when jobs do not carry it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

from profiles.sources.base import (
    FetchOutcome,
    Source,
    SourceConfig,
    json_body,
    mapping,
    required_id,
    required_text,
    text,
)
from profiles.sources.http import SourceError
from profiles.sources.registry import register

API = "https://boards-api.greenhouse.io"


@register
class GreenhouseSource(Source):
    kind = "greenhouse"
    label = "Greenhouse"
    reads = "boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true (all jobs, one page)"
    board_hosts = ("boards.greenhouse.io", "job-boards.greenhouse.io")

    @classmethod
    def endpoint(cls, board: str, base: str = "") -> str:
        return f"{(base or API).rstrip('/')}/v1/boards/{board}/jobs?content=true"

    def pages(
        self,
        config: SourceConfig,
        validators: Mapping[str, Mapping[str, str]],
        outcome: FetchOutcome,
    ) -> Iterable[list[dict[str, object]]]:
        jobs = self.get_list(config, validators, outcome, "jobs")
        if jobs is None:
            return
        company = config.company or self._board_name(config) or config.company_or_board
        yield self.read_items(jobs, outcome, lambda job: _item(job, company))

    def _board_name(self, config: SourceConfig) -> str:
        board_url = config.url.split("/jobs", 1)[0]
        try:
            response = self.client.get(board_url, accept=self.accept)
        except SourceError:
            return ""  # the jobs carry company_name on current boards; the name is a nicety
        return text(mapping(json_body(response)).get("name"))


def _item(job: Mapping[str, object], company: str) -> dict[str, object]:
    departments = [text(mapping(d).get("name")) for d in _list(job.get("departments"))]
    return {
        "id": required_id(job),
        "title": required_text(job, "title"),
        "url": text(job.get("absolute_url")),
        # Greenhouse escapes the HTML once more ("&lt;p&gt;"): unescape to get the HTML back.
        "description": html.unescape(text(job.get("content"))),
        "company": text(job.get("company_name")) or company,
        "location": text(mapping(job.get("location")).get("name")),
        "industry": "",
        "department": ", ".join(d for d in departments if d),
        "employment_type": _metadata(job, "employment type"),
        "posted_at": text(job.get("first_published")) or text(job.get("updated_at")),
    }


def _metadata(job: Mapping[str, object], name: str) -> str:
    for field in _list(job.get("metadata")):
        entry = mapping(field)
        if text(entry.get("name")).lower() == name:
            value = entry.get("value")
            return ", ".join(map(text, value)) if isinstance(value, list) else text(value)
    return ""


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []
