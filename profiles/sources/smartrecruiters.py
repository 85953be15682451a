"""SmartRecruiters Posting API: ``GET /v1/companies/{id}/postings?offset=N&limit=100``, paged.

The list (``offset``, ``limit``, ``totalFound``, ``content[]``) carries ``id``, ``name`` (the
title), ``releasedDate``, ``company.name``, ``location`` (``city``, ``region``, ``country``,
``remote``), ``typeOfEmployment.label`` and ``experienceLevel.label``; the advert itself is in
each posting's detail, ``GET /v1/companies/{id}/postings/{postingId}``: ``jobAd.sections``
(``jobDescription``, ``qualifications``, ``additionalInformation``, each ``title`` and
``text``) and ``postingUrl``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from profiles.sources.base import (
    MAX_PAGES,
    FetchOutcome,
    ItemError,
    Source,
    SourceConfig,
    join_place,
    json_body,
    mapping,
    required_id,
    required_text,
    section,
    text,
)
from profiles.sources.http import SourceError
from profiles.sources.registry import register

API = "https://api.smartrecruiters.com"
PAGE_SIZE = 100  # the API's largest ``limit``
SECTIONS = ("jobDescription", "qualifications", "additionalInformation")  # not the company blurb


@register
class SmartRecruitersSource(Source):
    kind = "smartrecruiters"
    label = "SmartRecruiters"
    reads = (
        "api.smartrecruiters.com/v1/companies/{board}/postings, 100 a page (offset/limit), "
        "then each posting's detail for its advert"
    )
    board_hosts = ("jobs.smartrecruiters.com", "careers.smartrecruiters.com")

    @classmethod
    def endpoint(cls, board: str, base: str = "") -> str:
        return f"{(base or API).rstrip('/')}/v1/companies/{board}/postings"

    def pages(
        self,
        config: SourceConfig,
        validators: Mapping[str, Mapping[str, str]],
        outcome: FetchOutcome,
    ) -> Iterable[list[dict[str, object]]]:
        for page in range(MAX_PAGES):
            offset = page * PAGE_SIZE
            response = self.get(f"{config.url}?offset={offset}&limit={PAGE_SIZE}", outcome)
            assert response is not None  # no validators sent, so never a 304
            document = mapping(json_body(response))
            content = document.get("content")
            if not isinstance(content, list):
                raise SourceError('SmartRecruiters answer has no "content" list')
            yield self.read_items(content, outcome, lambda p: self._item(config, p))
            total = document.get("totalFound")
            if not content or not isinstance(total, int) or offset + len(content) >= total:
                return
        outcome.complete = False

    def _item(self, config: SourceConfig, posting: Mapping[str, object]) -> dict[str, object]:
        posting_id = required_id(posting)
        title = required_text(posting, "name")
        try:
            detail = mapping(json_body(self.client.get(f"{config.url}/{posting_id}")))
        except SourceError as exc:
            if exc.transient:
                raise  # the board is having trouble: fail the fetch, retry it whole later
            raise ItemError(f"its detail could not be read: {exc}") from exc
        sections = mapping(mapping(detail.get("jobAd")).get("sections"))
        location = mapping(posting.get("location"))
        return {
            "id": posting_id,
            "title": title,
            "url": text(detail.get("postingUrl")),
            "description": "\n".join(
                section(
                    text(mapping(sections.get(n)).get("title")),
                    text(mapping(sections.get(n)).get("text")),
                )
                for n in SECTIONS
            ).strip(),
            "company": text(mapping(posting.get("company")).get("name")) or config.company_or_board,
            "location": join_place(
                location.get("city"), location.get("region"), location.get("country")
            ),
            "remote": True if location.get("remote") is True else None,
            "employment_type": text(mapping(posting.get("typeOfEmployment")).get("label")),
            "experience_level": text(mapping(posting.get("experienceLevel")).get("label")),
            "posted_at": text(posting.get("releasedDate")),
        }
