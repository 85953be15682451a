"""Daily digests: new matches since the last digest, totals, market trends, skill advice."""

from __future__ import annotations

import logging
import secrets
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, NamedTuple
from urllib.parse import quote

import css_inline
import orjson
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Max, Q, Window
from django.db.models.functions import RowNumber
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from profiles.ai import ai_run
from profiles.models import (
    EXPLORATION_LABEL,
    AIInteraction,
    CandidateProfile,
    DailyDigest,
    JobListing,
    JobScore,
)
from profiles.privacy import is_erased
from profiles.services.bulk import rows_insert
from profiles.services.digest_market import Market, candidate_occupations
from profiles.services.digest_outbox import digest_mails_create, digest_mails_due
from profiles.services.mail_preferences import unsubscribe_token_of
from profiles.services.scoring import resume_occupations
from profiles.services.template_code import Renderer, Unsupported, compile_template
from profiles.signals import digest_mails_created
from recruitly.spine.resolver import Resolved, resolver_snapshot

logger = logging.getLogger(__name__)
TOP_JOBS = 10
SUMMARY_PROMPT = "prompts.digest_summary"


# What a digest reads of its candidate and their account (the profile's twenty JSON fields
# are not decoded for it): the name, addresses and mail preference, the titles that place the
# candidate in occupations, and what tells an erased account.
_DIGEST_CANDIDATE_FIELDS = (
    "full_name", "email", "digest_emails", "desired_roles", "job_titles",
    "user__username", "user__password", "user__email", "user__first_name", "user__last_name",
)  # fmt: skip


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
    query = (
        CandidateProfile.objects.select_related("user")
        .only(*_DIGEST_CANDIDATE_FIELDS)
        .filter(pk__gt=after_id)
        .order_by("pk")
    )
    chunk = list(query[:limit] if limit is not None else query)
    if not chunk:
        return None
    # Deleted accounts get no digest; the chunk (and the cursor) still counts them, so chunks
    # keep the boundaries they were fanned out with.
    candidates = [c for c in chunk if not is_erased(c.user)]
    market = Market.read(now=now)
    ids = [c.pk for c in candidates]
    resumes = resume_occupations(ids)
    # The run's prompt for everyone in two queries instead of four per digest.
    prompts = resolver_snapshot((SUMMARY_PROMPT,), users=[c.user for c in candidates])
    urls = _Urls()
    built: list[DailyDigest] = []
    log: list[AIInteraction] = []  # the summaries' AI log rows, inserted with the batch
    # One transaction per batch: SQLite pays a disk sync per commit, which was 90 % of the
    # cost when every digest committed alone (bench/digest_bench.py).
    with transaction.atomic():
        last_digest = dict(
            DailyDigest.objects.filter(candidate_id__in=ids, digest_date__lt=day)
            .values("candidate")
            .annotate(at=Max("created_at"))
            .values_list("candidate", "at")
        )
        totals = dict(
            JobScore.objects.filter(candidate_id__in=ids)
            .values("candidate")
            .annotate(n=Count("id"))
            .values_list("candidate", "n")
        )
        done = set(
            DailyDigest.objects.filter(candidate_id__in=ids, digest_date=day).values_list(
                "candidate", flat=True
            )
        )
        todo = [c for c in candidates if c.pk not in done]
        tops, new_counts = _new_matches(todo, last_digest)
        drafts = []
        for candidate in todo:
            occupations = candidate_occupations(candidate, resumes.get(candidate.pk))
            drafts.append(
                _digest_draft(
                    candidate=candidate,
                    day=day,
                    top=tops.get(candidate.pk, []),
                    total_new=new_counts.get(candidate.pk, 0),
                    market=market.for_occupations(occupations),
                    total_matches=totals.get(candidate.pk, 0),
                    prompt=prompts.resolve(SUMMARY_PROMPT, candidate.user),
                    urls=urls,
                    log=log,
                )
            )
        built = _digests_store(drafts, log)
        if send:
            # a batch delivered again after its worker died mid-send finds its digests made:
            # their mails still due (pending, or claimed by the dead process) go out with it
            made = [c.pk for c in candidates if c.pk in done]
            _queue_mails(built, leftover=made and _mails_left(made, day, now))
    return chunk[-1].pk if limit is not None and len(chunk) == limit else None


class _Match(NamedTuple):
    """One stored match as a digest lists it (a row, not a model instance: a batch of 500
    digests reads about 10,000 of them)."""

    id: int
    job_id: int
    compatibility_score: float
    next_step: str
    missing_skills: list[dict[str, Any]]
    exploration_note: str
    title: str
    company: str
    location: str
    url: str

    @property
    def exploration(self) -> dict[str, str] | None:
        """As ``JobScore.exploration``: the label and why for a match exploration added."""
        if not self.exploration_note:
            return None
        return {"label": EXPLORATION_LABEL, "why": self.exploration_note}


_MATCH_FIELDS = (
    "id", "job_id", "compatibility_score", "next_step", "missing_skills", "exploration_note",
    "job__title", "job__company", "job__location", "job__url",
)  # fmt: skip


def _new_matches(
    candidates: list[CandidateProfile], since: dict[int, datetime]
) -> tuple[dict[int, list[_Match]], dict[int, int]]:
    """Each candidate's best new matches (at most TOP_JOBS) and how many new ones there are,
    in one query: new means stored after their last digest (everything without one)."""
    if not candidates:
        return {}, {}
    first = [c.pk for c in candidates if since.get(c.pk) is None]
    batch = JobScore.objects.filter(candidate_id__in=[c.pk for c in candidates])
    if len(first) < len(candidates):
        # (the planner takes a repeated IN list for two conditions and guesses a tiny share
        # of the rows, then scans the table: only the candidates with a last digest add one)
        new = Q(candidate_id__in=first)
        for c in candidates:
            if since.get(c.pk) is not None:
                new |= Q(candidate_id=c.pk, created_at__gt=since[c.pk])
        batch = batch.filter(new)
    # Ranked on the narrow columns first (id, candidate, score, job): sorting every new match
    # of 500 candidates with their JSON and job columns spilled to disk on PostgreSQL; the
    # wide columns are then read for the ranked ids only.
    ranked = (
        # the IN list first: it lets the planner read only the batch's rows by the (candidate,
        # job) key; an OR of per-candidate time conditions alone scans every stored match
        batch.annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("candidate_id"),
                order_by=[F("compatibility_score").desc(), F("job_id").asc()],
            ),
            new_total=Window(Count("id"), partition_by=F("candidate_id")),
        )
        .filter(rank__lte=TOP_JOBS)
        .order_by("candidate_id", "rank")
        .values_list("id", "candidate_id", "new_total")
    )
    order = list(ranked)
    wide = {match.id: match for match in _matches_by_id([pk for pk, _, _ in order])}
    tops: dict[int, list[_Match]] = {}
    counts: dict[int, int] = {}
    for pk, candidate_id, new_total in order:
        tops.setdefault(candidate_id, []).append(wide[pk])
        counts[candidate_id] = new_total
    return tops, counts


def _matches_by_id(ids: list[int]) -> list[_Match]:
    """The stored matches with these ids, with their jobs.

    On PostgreSQL in one statement whose ids travel as one array (``= ANY(%s)``): a batch
    ranks about 5,000, and as an ``IN`` list each id was a parameter the ORM resolved and
    psycopg quoted one by one (a twentieth of a digest's CPU); the advice's JSON is decoded
    by orjson. Elsewhere through the ORM.
    """
    if connection.vendor != "postgresql":
        rows = JobScore.objects.filter(pk__in=ids).order_by().values_list(*_MATCH_FIELDS)
        return [_Match._make(row) for row in rows]
    quote = connection.ops.quote_name
    columns = ", ".join(
        f"{'j' if '__' in name else 's'}.{quote(name.rpartition('__')[2])}"
        for name in _MATCH_FIELDS
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {quote(JobScore._meta.db_table)} s "
            f"JOIN {quote(JobListing._meta.db_table)} j ON j.{quote('id')} = s.{quote('job_id')} "
            f"WHERE s.{quote('id')} = ANY(%s)",
            [ids],
        )
        rows = cursor.fetchall()
    skills = _MATCH_FIELDS.index("missing_skills")
    return [
        _Match._make((*row[:skills], orjson.loads(row[skills]), *row[skills + 1 :])) for row in rows
    ]


def _digest_draft(
    *,
    candidate: CandidateProfile,
    day: date,
    top: list[_Match],
    total_new: int,
    market: dict[str, Any],
    total_matches: int,
    prompt: Resolved | None = None,
    urls: _Urls | None = None,
    log: list[AIInteraction] | None = None,
) -> DailyDigest:
    """The candidate's unsaved digest for ``day``: summary (through the AI layer, logged;
    with ``log`` a local answer's row is left there for ``_digests_store``), items, advice
    and the mail's two parts (HTML and text, links computed once for both)."""
    started = time.perf_counter()
    advice = _skill_advice(top)
    best = top[0] if top else None
    best_item = (
        {"title": best.title, "company": best.company, "score": best.compatibility_score}
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
        prompt=prompt,
        log=log,
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
    links = _links(digest, urls)
    digest.digest_html = digest_email_html(digest, links=links)
    digest.digest_text = digest_email_text(digest, links=links)
    digest.generation_time_seconds = round(time.perf_counter() - started, 4)
    return digest


def _digests_store(
    drafts: list[DailyDigest], log: list[AIInteraction] | None = None
) -> list[DailyDigest]:
    """Insert the batch's AI log rows (``log``, every call stays logged) and its digests, each
    in one statement; when another run made some digests first (the (candidate, day) key),
    insert those one by one and keep only those that were ours."""
    if log:
        rows_insert(AIInteraction, log)
    if not drafts:
        return []
    try:
        with transaction.atomic():
            return rows_insert(DailyDigest, drafts)
    except IntegrityError:
        pass
    stored = []
    for digest in drafts:
        digest.pk = None
        try:
            with transaction.atomic():
                digest.save(force_insert=True)
        except IntegrityError:
            continue  # a concurrent run made this candidate's digest first
        stored.append(digest)
    return stored


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
    scores = JobScore.objects.filter(candidate=candidate)
    new = scores.filter(created_at__gt=since) if since else scores
    top = [
        _Match._make(row)
        for row in new.order_by("-compatibility_score", "job_id").values_list(*_MATCH_FIELDS)[
            :TOP_JOBS
        ]
    ]
    total_new = new.count() if len(top) == TOP_JOBS else len(top)
    if total_matches is None:
        total_matches = scores.count()
    digest = _digest_draft(
        candidate=candidate, day=day, top=top, total_new=total_new, market=market,
        total_matches=total_matches,
    )  # fmt: skip
    try:
        with transaction.atomic():
            digest.save(force_insert=True)
    except IntegrityError:
        return None  # a concurrent run made today's digest first
    return digest


def _job_item(score: _Match) -> dict[str, Any]:
    return {
        "job_id": score.job_id,
        "score_id": score.id,
        "title": score.title,
        "company": score.company,
        "location": score.location,
        "score": score.compatibility_score,
        "next_step": score.next_step,
        "url": score.url,
        # a match exploration added is labelled as such in the mail and on the digest page
        "exploration": score.exploration,
    }


def _skill_advice(top: list[_Match]) -> list[dict[str, Any]]:
    counts = Counter(
        m["skill"] for s in top for m in s.missing_skills if m.get("job") == "required"
    )
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    return [{"skill": skill, "count": n, "of": len(top)} for skill, n in ranked]


# Path converters quote their arguments like this in reverse() (django.urls.resolvers).
_SAFE = "!$&'()*+,;=" + "/~:@"
_TOKEN, _JOB = "TOKEN0MARK", 987654321  # placeholders, replaced in the reversed paths


class _Urls:
    """The digest's links from paths reversed once (reverse() was 0.4 s per 500 digests)."""

    def __init__(self) -> None:
        self.base = settings.SITE_URL.rstrip("/")
        self.click = self.base + reverse("profiles:digest_click", args=[_TOKEN, _JOB])
        self.open = self.base + reverse("profiles:digest_open", args=[_TOKEN])
        self.page = self.base + reverse("profiles:digest_page", args=[_TOKEN])
        self.unsubscribe = self.base + reverse("profiles:unsubscribe", args=[_TOKEN])
        self.preferences = self.base + reverse("profiles:preferences")

    @staticmethod
    def _fill(pattern: str, token: str | None, job_id: int | None = None) -> str:
        url = pattern.replace(_TOKEN, iri_to_uri(quote(str(token), safe=_SAFE)))
        return url if job_id is None else url.replace(str(_JOB), str(int(job_id)))

    def unsubscribe_url(self, candidate_id: int) -> str:
        return self._fill(self.unsubscribe, unsubscribe_token_of(candidate_id))

    def links(self, digest: DailyDigest) -> dict[str, Any]:
        token = digest.tracking_token
        click = self._fill(self.click, token)  # the token quoted once for every job's link
        click_urls = {
            item["job_id"]: click.replace(str(_JOB), str(int(item["job_id"])))
            for item in digest.top_jobs
        }
        return {
            "site_url": self.base,
            "open_pixel": self._fill(self.open, token),
            "click_urls": click_urls,
            "jobs": [{**item, "link": click_urls[item["job_id"]]} for item in digest.top_jobs],
            "page_url": self._fill(self.page, token),
            "unsubscribe_url": self.unsubscribe_url(digest.candidate_id),
            "preferences_url": self.preferences,
        }


def _links(digest: DailyDigest, urls: _Urls | None = None) -> dict[str, Any]:
    return (urls or _Urls()).links(digest)


# Styles are written once in the template's <style> and copied onto each element, since
# several mail clients drop <style>; media queries stay in a <style> for those that keep it.
# Nothing is fetched: the template links no stylesheet. The copying is done once per process,
# on the template's markup (``template_code.protected_markup``: its elements are all in the
# template, the values are text), not on every page.
_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


HTML_TEMPLATE, TEXT_TEMPLATE = "profiles/digest_email.html", "profiles/digest_email.txt"
_COMPILED: dict[tuple[str, bool], Renderer] = {}


def _render(name: str, context: dict[str, Any], *, inline: bool = False) -> str:
    """The template ``name`` rendered through its Python translation, compiled on first use
    in the process (``template_code``: the same text as Django's render, 4-5x faster), with
    the styles inlined when ``inline``; a template the compiler cannot translate is rendered
    by Django (and its styles inlined on each page)."""
    render = _COMPILED.get((name, inline))
    if render is None:
        render = _COMPILED[(name, inline)] = _compile(name, inline=inline)
    return render(context)


def _compile(name: str, *, inline: bool) -> Renderer:
    if inline:
        try:
            return compile_template(name, _INLINER.inline)
        except Unsupported as exc:
            logger.warning("template %s: styles inlined on each page: %s", name, exc)
            plain = _compile(name, inline=False)
            return lambda context: _INLINER.inline(plain(context))
    try:
        return compile_template(name)
    except Unsupported as exc:
        logger.warning("template %s rendered by Django: %s", name, exc)
        return get_template(name).render


def digest_email_html(
    digest: DailyDigest, urls: _Urls | None = None, links: dict[str, Any] | None = None
) -> str:
    """The digest as an HTML e-mail with inline styles (the candidate must be set).

    ``links`` are the digest's links when the caller has them (``_Urls.links``)."""
    context = {"digest": digest, "candidate": digest.candidate, **(links or _links(digest, urls))}
    return _render(HTML_TEMPLATE, context, inline=True)


def digest_email_text(
    digest: DailyDigest, urls: _Urls | None = None, links: dict[str, Any] | None = None
) -> str:
    """The same content as plain text: every match with its link, skills, market, links."""
    context = {"digest": digest, "candidate": digest.candidate, **(links or _links(digest, urls))}
    text = _render(TEXT_TEMPLATE, context)
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"


def _mails_left(candidate_ids: list[int], day: date, now: datetime) -> list[int]:
    return digest_mails_due(now=now, digests=Q(candidate_id__in=candidate_ids, digest_date=day))


def _queue_mails(digests: list[DailyDigest], leftover: list[int] | None = None) -> None:
    # a candidate who unsubscribed keeps their digest on the site but gets no mail row
    wanted = [d for d in digests if d.candidate.digest_emails]
    mail_ids = [m.pk for m in digest_mails_create(digests=wanted) if m.pk is not None]
    mail_ids += leftover or []
    if mail_ids:
        # the digests with their mail's parts, so the send after the commit need not read
        # the pages back (``digest_outbox.digest_mails_send_many``)
        prepared = {d.pk: d for d in wanted}
        digest_mails_created.send(sender=DailyDigest, mail_ids=mail_ids, prepared=prepared)


def digest_deliver(
    digest: DailyDigest,
    address: str,
    *,
    connection: BaseEmailBackend | None = None,
    urls: _Urls | None = None,
) -> None:
    """Compose and hand one digest's e-mail to the mail backend (raises on SMTP errors).

    The Message-ID is derived from the digest, so a re-send after a crash mid-exchange
    carries the same id and receivers can de-duplicate it. ``List-Unsubscribe`` with
    ``List-Unsubscribe-Post`` (RFC 8058) lets a mail client unsubscribe in one click.
    The two parts are those stored when the digest was built (the same templates, links
    and inlined styles), so a batch reads only the mail's columns of its digests; a digest
    stored without them (older rows) is read whole and rendered. A batch passes one open
    ``connection`` and the links' ``urls``.
    """
    urls = urls or _Urls()
    html, text = digest.digest_html, digest.digest_text
    if not (html and text):
        digest = DailyDigest.objects.select_related("candidate__user").get(pk=digest.pk)
        links = _links(digest, urls)
        html = digest.digest_html or digest_email_html(digest, links=links)
        text = digest.digest_text or digest_email_text(digest, links=links)
    message = EmailMultiAlternatives(
        subject=f"recruitly: {digest.digest_title}",
        body=text,
        to=[address],
        headers={
            "Message-ID": f"<digest-{digest.pk}-{digest.tracking_token}@recruitly>",
            "List-Unsubscribe": f"<{urls.unsubscribe_url(digest.candidate_id)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    message.send()


def digests_deliverer(connection: BaseEmailBackend) -> Callable[[DailyDigest, str], None]:
    """``digest_deliver`` over one open mail connection with links reversed once (a batch)."""
    urls = _Urls()

    def deliver(digest: DailyDigest, address: str) -> None:
        digest_deliver(digest, address, connection=connection, urls=urls)

    return deliver


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
