"""Reads of job sources for the reviewer pages, with open, closed and quarantined counts."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from profiles.models import FeedSource


def feed_source_list() -> QuerySet[FeedSource]:
    return FeedSource.objects.annotate(
        open_jobs=Count("jobs", filter=Q(jobs__is_active=True), distinct=True),
        closed_jobs=Count("jobs", filter=Q(jobs__is_active=False), distinct=True),
        quarantine_rows=Count("quarantined", distinct=True),
    ).order_by("name")


def feed_source_detail() -> QuerySet[FeedSource]:
    return feed_source_list()
