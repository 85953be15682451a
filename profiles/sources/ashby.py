"""Ashby public Job Posting API: ``GET /posting-api/job-board/{board}?includeCompensation=true``.

One response holds the whole board. Documented fields read: ``id``, ``title``, ``jobUrl``,
``descriptionHtml``, ``location``, ``secondaryLocations[].location``, ``isRemote``,
``workplaceType``, ``employmentType`` (FullTime, PartTime, Intern, Contract, Temporary),
``publishedAt``, ``isListed`` (unlisted jobs are skipped) and ``compensation.summaryComponents``
(``compensationType`` Salary, ``interval`` such as "1 YEAR", ``currencyCode``, ``minValue``,
``maxValue``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from profiles.sources.base import (
    FetchOutcome,
    Source,
    SourceConfig,
    as_list,
    join_place,
    mapping,
    required_id,
    required_text,
    text,
    yearly,
)
from profiles.sources.registry import register

API = "https://api.ashbyhq.com"


@register
class AshbySource(Source):
    kind = "ashby"
    label = "Ashby"
    reads = "api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true (one page)"
    board_hosts = ("jobs.ashbyhq.com",)

    @classmethod
    def endpoint(cls, board: str, base: str = "") -> str:
        return f"{(base or API).rstrip('/')}/posting-api/job-board/{board}?includeCompensation=true"

    def pages(
        self,
        config: SourceConfig,
        validators: Mapping[str, Mapping[str, str]],
        outcome: FetchOutcome,
    ) -> Iterable[list[dict[str, object]]]:
        jobs = self.get_list(config, validators, outcome, "jobs")
        if jobs is None:
            return
        listed = [j for j in jobs if not (isinstance(j, Mapping) and j.get("isListed") is False)]
        yield self.read_items(listed, outcome, lambda j: _item(j, config.company_or_board))


def _item(job: Mapping[str, object], company: str) -> dict[str, object]:
    others = [mapping(s).get("location") for s in as_list(job.get("secondaryLocations"))]
    low, high, currency = _salary(mapping(job.get("compensation")))
    workplace = text(job.get("workplaceType")).lower()
    return {
        "id": required_id(job),
        "title": required_text(job, "title"),
        "url": text(job.get("jobUrl")),
        "description": text(job.get("descriptionHtml")) or text(job.get("descriptionPlain")),
        "company": company,
        "location": join_place(job.get("location"), *others),
        "remote": True if job.get("isRemote") is True or workplace == "remote" else None,
        "employment_type": text(job.get("employmentType")),
        "department": text(job.get("department")) or text(job.get("team")),
        "salary_min": low,
        "salary_max": high,
        "salary_currency": currency,
        "posted_at": text(job.get("publishedAt")),
    }


def _salary(compensation: Mapping[str, object]) -> tuple[int | None, int | None, str]:
    for component in as_list(compensation.get("summaryComponents")):
        part = mapping(component)
        if text(part.get("compensationType")).lower() == "salary":
            interval = text(part.get("interval"))
            return (
                yearly(part.get("minValue"), interval),
                yearly(part.get("maxValue"), interval),
                text(part.get("currencyCode")),
            )
    return None, None, ""
