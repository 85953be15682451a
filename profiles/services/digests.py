"""Daily digests: new matches since the last digest, totals, market trends, skill advice."""

from __future__ import annotations

import secrets
import time
from collections import Counter
from datetime import date, datetime
from typing import Any

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from profiles.ai import ai_run
from profiles.models import CandidateProfile, DailyDigest, JobScore
from profiles.privacy import is_erased
from profiles.services.digest_market import Market, candidate_occupations
from profiles.services.digest_outbox import digest_mails_create
from profiles.services.mail_preferences import unsubscribe_token
from profiles.services.scoring import resume_texts
from profiles.signals import digest_mails_created

TOP_JOBS = 10


def digests_generate(
    *,
    day: date,
    after_id: int = 0,
    limit: int | None = None,
    send: bool = False,
    now: datetime | None = None,
) -> int | None:
    """Build the day's digest for candidates after ``after_id``; return the cursor or None.

    Safe to run twice: the (candidate, day) unique key lets only one run create each digest.
    With ``send``, each new digest's mail is queued in the outbox in the same transaction and
    handed to the sending task after the commit (``digest_outbox``).
    """
    now = now or timezone.now()
    query = CandidateProfile.objects.select_related("user").filter(pk__gt=after_id).order_by("pk")
    chunk = list(query[:limit] if limit is not None else query)
    if not chunk:
        return None
    # Deleted accounts get no digest; the chunk (and the cursor) still counts them, so chunks
    # keep the boundaries they were fanned out with.
    candidates = [c for c in chunk if not is_erased(c.user)]
    market = Market.read(now=now)
    resumes = resume_texts(candidates)
    built: list[DailyDigest] = []
    # One transaction per batch: SQLite pays a disk sync per commit, which was 90 % of the
    # cost when every digest committed alone (bench/digest_bench.py).
    with transaction.atomic():
        last_digest = dict(
            DailyDigest.objects.filter(candidate__in=candidates, digest_date__lt=day)
            .values("candidate")
            .annotate(at=Max("created_at"))
            .values_list("candidate", "at")
        )
        totals = dict(
            JobScore.objects.filter(candidate__in=candidates)
            .values("candidate")
            .annotate(n=Count("id"))
            .values_list("candidate", "n")
        )
        done = set(
            DailyDigest.objects.filter(candidate__in=candidates, digest_date=day).values_list(
                "candidate", flat=True
            )
        )
        for candidate in candidates:
            if candidate.pk in done:
                continue
            occupations = candidate_occupations(candidate, resumes.get(candidate.pk, ("", None))[1])
            digest = digest_build(
                candidate=candidate,
                day=day,
                since=last_digest.get(candidate.pk),
                market=market.for_occupations(occupations),
                total_matches=totals.get(candidate.pk, 0),
            )
            if digest is not None:
                built.append(digest)
        if send:
            _queue_mails(built)
    return chunk[-1].pk if limit is not None and len(chunk) == limit else None


def digest_build(
    *,
    candidate: CandidateProfile,
    day: date,
    since: datetime | None,
    market: dict[str, Any],
    total_matches: int | None = None,
) -> DailyDigest | None:
    """Create the candidate's digest for ``day``; None when another run already made it.

    ``market`` is the week's market in the candidate's occupations (``digest_market``).
    """
    started = time.perf_counter()
    scores = JobScore.objects.filter(candidate=candidate)
    new = scores.filter(created_at__gt=since) if since else scores
    top = list(
        new.select_related("job")
        .only(*_TOP_FIELDS)
        .order_by("-compatibility_score", "job_id")[:TOP_JOBS]
    )
    total_new = new.count() if len(top) == TOP_JOBS else len(top)
    if total_matches is None:
        total_matches = scores.count()
    advice = _skill_advice(top)
    best = top[0] if top else None
    best_item = (
        {"title": best.job.title, "company": best.job.company, "score": best.compatibility_score}
        if best
        else None
    )
    summary = ai_run(
        task="digest_summary",
        payload={
            "name": candidate.full_name.split(" ")[0] if candidate.full_name else "",
            "new_matches": total_new,
            "total_matches": total_matches,
            "best": best_item,
            "skill": advice[0] if advice else None,
        },
        user=candidate.user,
        target_type="digest",
        target_id=f"{candidate.pk}:{day.isoformat()}",
    )
    digest = DailyDigest(
        candidate=candidate,
        digest_date=day,
        digest_title=f"{total_new} new match{'es' if total_new != 1 else ''} for {day:%b %-d}",
        digest_summary=summary.output["summary"],
        top_jobs=[_job_item(s) for s in top],
        total_new_jobs=total_new,
        total_matches=total_matches,
        market_trends=market,
        skill_recommendations=advice,
        tracking_token=secrets.token_hex(16),
        summary_interaction=summary.interaction,
    )
    digest.digest_html = digest_email_html(digest)
    digest.generation_time_seconds = round(time.perf_counter() - started, 4)
    try:
        with transaction.atomic():
            digest.save(force_insert=True)
    except IntegrityError:
        return None  # a concurrent run made today's digest first
    return digest


_TOP_FIELDS = (
    "id", "job_id", "compatibility_score", "next_step", "missing_skills", "candidate_id",
    "job__id", "job__title", "job__company", "job__location", "job__url",
)  # fmt: skip


def _job_item(score: JobScore) -> dict[str, Any]:
    return {
        "job_id": score.job_id,
        "score_id": score.pk,
        "title": score.job.title,
        "company": score.job.company,
        "location": score.job.location,
        "score": score.compatibility_score,
        "next_step": score.next_step,
        "url": score.job.url,
    }


def _skill_advice(top: list[JobScore]) -> list[dict[str, Any]]:
    counts = Counter(
        m["skill"] for s in top for m in s.missing_skills if m.get("job") == "required"
    )
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    return [{"skill": skill, "count": n, "of": len(top)} for skill, n in ranked]


def _links(digest: DailyDigest) -> dict[str, Any]:
    base = settings.SITE_URL.rstrip("/")
    token = digest.tracking_token
    click_urls = {
        item["job_id"]: base + reverse("profiles:digest_click", args=[token, item["job_id"]])
        for item in digest.top_jobs
    }
    unsubscribe = unsubscribe_token(candidate=digest.candidate)
    return {
        "site_url": base,
        "open_pixel": base + reverse("profiles:digest_open", args=[token]),
        "click_urls": click_urls,
        "jobs": [{**item, "link": click_urls[item["job_id"]]} for item in digest.top_jobs],
        "page_url": base + reverse("profiles:digest_page", args=[token]),
        "unsubscribe_url": base + reverse("profiles:unsubscribe", args=[unsubscribe]),
        "preferences_url": base + reverse("profiles:preferences"),
    }


# Styles are written once in the template's <style> and copied onto each element, since
# several mail clients drop <style>; media queries stay in a <style> for those that keep it.
# Nothing is fetched: the template links no stylesheet.
_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


def digest_email_html(digest: DailyDigest) -> str:
    """The digest as an HTML e-mail with inline styles (the candidate must be set)."""
    context = {"digest": digest, "candidate": digest.candidate, **_links(digest)}
    return _INLINER.inline(render_to_string("profiles/digest_email.html", context))


def digest_email_text(digest: DailyDigest) -> str:
    """The same content as plain text: every match with its link, skills, market, links."""
    context = {"digest": digest, "candidate": digest.candidate, **_links(digest)}
    text = render_to_string("profiles/digest_email.txt", context)
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"


def _queue_mails(digests: list[DailyDigest]) -> None:
    # a candidate who unsubscribed keeps their digest on the site but gets no mail row
    wanted = [d for d in digests if d.candidate.digest_emails]
    mail_ids = [m.pk for m in digest_mails_create(digests=wanted) if m.pk is not None]
    if mail_ids:
        digest_mails_created.send(sender=DailyDigest, mail_ids=mail_ids)


def digest_deliver(digest: DailyDigest, address: str) -> None:
    """Compose and hand one digest's e-mail to the mail backend (raises on SMTP errors).

    The Message-ID is derived from the digest, so a re-send after a crash mid-exchange
    carries the same id and receivers can de-duplicate it. ``List-Unsubscribe`` with
    ``List-Unsubscribe-Post`` (RFC 8058) lets a mail client unsubscribe in one click.
    """
    links = _links(digest)
    message = EmailMultiAlternatives(
        subject=f"recruitly: {digest.digest_title}",
        body=digest_email_text(digest),
        to=[address],
        headers={
            "Message-ID": f"<digest-{digest.pk}-{digest.tracking_token}@recruitly>",
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(digest_email_html(digest), "text/html")
    message.send()


def digest_track_open(*, token: str) -> bool:
    return bool(DailyDigest.objects.filter(tracking_token=token).update(email_opened=True))


@transaction.atomic
def digest_track_click(*, token: str, job_id: int) -> DailyDigest | None:
    digest = DailyDigest.objects.select_for_update().filter(tracking_token=token).first()
    if digest is None:
        return None
    clicked = list(digest.jobs_clicked)
    if job_id not in clicked:
        clicked.append(job_id)
    DailyDigest.objects.filter(pk=digest.pk).update(
        email_clicked=True, email_opened=True, jobs_clicked=clicked
    )
    digest.jobs_clicked = clicked
    return digest


def digest_mark_viewed(*, digest: DailyDigest) -> None:
    if not digest.user_viewed:
        DailyDigest.objects.filter(pk=digest.pk).update(
            user_viewed=True, user_viewed_at=timezone.now()
        )
        digest.user_viewed = True
