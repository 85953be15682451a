"""Personio XML job feed: ``GET https://{company}.jobs.personio.de/xml``, one document.

Documented elements read from ``workzag-jobs/position``: ``id``, ``name`` (the title),
``subcompany``, ``office``, ``department``, ``employmentType``, ``schedule``, ``seniority``,
``yearsOfExperience``, ``createdAt`` and ``jobDescriptions/jobDescription`` (``name`` heading,
``value`` HTML). The feed has no job URL: it is ``https://{company}.jobs.personio.de/job/{id}``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from lxml import etree

from profiles.sources.base import (
    FetchOutcome,
    ItemError,
    Quarantined,
    Source,
    SourceConfig,
    section,
)
from profiles.sources.http import SourceError
from profiles.sources.registry import register

RAW_KEPT_CHARS = 4_000


@register
class PersonioSource(Source):
    kind = "personio"
    label = "Personio"
    reads = "{board}.jobs.personio.de/xml (the XML feed of all positions)"
    accept = "application/xml"

    @classmethod
    def endpoint(cls, board: str, base: str = "") -> str:
        root = base.rstrip("/") if base else f"https://{board}.jobs.personio.de"
        return f"{root}/xml"

    @classmethod
    def board_from_url(cls, url: str) -> str:
        host = (urlsplit(url).hostname or "").lower()
        for suffix in (".jobs.personio.de", ".jobs.personio.com"):
            if host.endswith(suffix):
                return host.removesuffix(suffix)
        return ""

    def pages(
        self,
        config: SourceConfig,
        validators: Mapping[str, Mapping[str, str]],
        outcome: FetchOutcome,
    ) -> Iterable[list[dict[str, object]]]:
        response = self.get(config.url, outcome, validators)
        if response is None:
            return
        # No entities, no network, no huge trees: the feed is third-party XML.
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            root = etree.fromstring(response.body, parser=parser)
        except etree.XMLSyntaxError as exc:
            raise SourceError(f"not valid XML: {exc}") from exc
        job_root = f"https://{config.board}.jobs.personio.de/job" if config.board else ""
        items = []
        for position in root.iter("position"):
            try:
                items.append(_item(position, config.company_or_board, job_root))
            except ItemError as exc:
                raw = etree.tostring(position, encoding="unicode")[:RAW_KEPT_CHARS]
                key = _child(position, "id") or hashlib.sha256(raw.encode()).hexdigest()
                outcome.quarantined.append(Quarantined(key=key, reason=str(exc), raw=raw))
        yield items


def _child(node: etree._Element, name: str) -> str:
    found = node.find(name)
    return (found.text or "").strip() if found is not None else ""


def _item(position: etree._Element, company: str, job_root: str) -> dict[str, object]:
    position_id, title = _child(position, "id"), _child(position, "name")
    if not position_id:
        raise ItemError("no id")
    if not title:
        raise ItemError("no name (title)")
    parts = [
        section(_child(d, "name"), _child(d, "value"))
        for d in position.iterfind("jobDescriptions/jobDescription")
    ]
    years = _child(position, "yearsOfExperience")
    return {
        "id": position_id,
        "title": title,
        "url": f"{job_root}/{position_id}" if job_root else "",
        "description": "\n".join(p for p in parts if p),
        "company": _child(position, "subcompany") or company,
        "location": _child(position, "office"),
        "employment_type": " ".join(
            v for v in (_child(position, "employmentType"), _child(position, "schedule")) if v
        ),
        "department": _child(position, "department"),
        "experience_text": f"{years} years of experience" if years and years[0].isdigit() else "",
        "posted_at": _child(position, "createdAt"),
    }
