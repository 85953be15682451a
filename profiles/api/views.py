"""The seed-003 API: one view per operation, validate → service/selector → serialize.

``user_id`` in the paths is the candidate's username. Candidates act on themselves; staff
(and integration accounts holding ``profiles.change_candidateprofile``) act on anyone and may
create the candidate on a first upload or parse, as the seed's curl examples do.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from profiles.api.serializers import (
    FeedStatusSerializer,
    JobSerializer,
    MatchSerializer,
    ParseOutputSerializer,
    ProfileOutputSerializer,
    ProfileUpdateSerializer,
    ResumeVersionSerializer,
    UserRowSerializer,
    profile_data,
)
from profiles.models import BatchClaim, CandidateProfile, FeedSource, ResumeVersion
from profiles.parsing.documents import ResumeDocumentError
from profiles.selectors import candidate_list, job_list, job_score_list
from profiles.services.batch_claims import batch_window_open
from profiles.services.candidates import candidate_get_or_create
from profiles.services.feeds import feeds_setup_bundled
from profiles.services.profile import SKILL_LISTS, profile_update
from profiles.services.resumes import resume_text_parse, resume_upload
from profiles.services.scoring import job_scores_compute, jobs_for_scoring
from profiles.tasks import feeds_refresh
from recruitly.api_errors import BoundedJSONParser
from recruitly.api_schema import BadRequestSerializer
from recruitly.http import authenticated_user

ACT_FOR_OTHERS = "profiles.change_candidateprofile"
MAX_JOB_LIMIT = 10_000
MAX_DAYS_BACK = 365
# The codes of a ResumeDocumentError (profiles.parsing): documented on the upload's 400.
RESUME_ERROR_CODES = frozenset(
    {"corrupt", "empty", "encrypted", "scanned", "too_complex", "too_large", "too_many_pages",
     "too_short", "unreadable", "unsupported_type"}
)  # fmt: skip


def _may_act_for_others(user: User) -> bool:
    return bool(user.is_staff or user.has_perm(ACT_FOR_OTHERS))


def _candidate(request: Request, user_id: str, *, create: bool = False) -> CandidateProfile:
    """The candidate ``user_id`` if the requester may act for them; 403 / 404 otherwise."""
    own = request.user.get_username() == user_id
    if not own and not _may_act_for_others(authenticated_user(request)):
        raise PermissionDenied("You may only act on your own profile.")
    profile = CandidateProfile.objects.select_related("user").filter(user__username=user_id).first()
    if profile is None and create:  # reaching here means "own" or "may act for others"
        profile, _ = candidate_get_or_create(username=user_id)
    if profile is None:
        raise NotFound(f"No candidate {user_id!r}.")
    return profile


def _parsed_response(profile: CandidateProfile, version: ResumeVersion) -> Response:
    profile.refresh_from_db()
    interaction = version.parse_interaction
    data = {
        "profile": profile_data(profile),
        "resume_version": ResumeVersionSerializer(version).data,
        "warnings": list(version.parsed_data.get("warnings", [])),
        "ai_provider": interaction.provider if interaction else "local",
    }
    return Response(data, status=status.HTTP_201_CREATED)


def _document_error(exc: ResumeDocumentError) -> Response:
    return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_400_BAD_REQUEST)


# The 400 of a file or text that cannot be read: ``code`` says why (scanned, encrypted, ...).
_DOCUMENT_ERROR = OpenApiResponse(
    response=BadRequestSerializer,
    description="Invalid fields (code invalid, with errors), or a document that cannot be "
    "parsed, with its code: " + ", ".join(sorted(RESUME_ERROR_CODES)) + ".",
)


class ResumeUploadApi(APIView):
    """Upload a resume file (``file``: PDF, DOCX or text, up to 5 MB) and parse it.

    The type is checked by content. Encrypted, scanned, corrupt, empty or oversized files
    get a 400 with a ``code`` and the reason; nothing is stored for them.
    """

    throttle_scope = "uploads"

    parser_classes = [MultiPartParser, FormParser]

    class ResumeUploadInputSerializer(serializers.Serializer):
        file = serializers.FileField()

    InputSerializer = ResumeUploadInputSerializer

    @extend_schema(
        request=ResumeUploadInputSerializer,
        responses={201: ParseOutputSerializer, 400: _DOCUMENT_ERROR},
    )
    def post(self, request: Request, user_id: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        profile = _candidate(request, user_id, create=True)
        upload = data.validated_data["file"]
        try:
            version = resume_upload(
                candidate=profile, filename=upload.name,
                data=upload.read(settings.RESUME_MAX_BYTES + 1),  # not all of a huge one
                acting_user=authenticated_user(request),
            )  # fmt: skip
        except ResumeDocumentError as exc:
            return _document_error(exc)
        return _parsed_response(profile, version)


class ResumeTextParseApi(APIView):
    """Parse pasted resume text (form field ``resume_text``)."""

    throttle_scope = "parse"

    parser_classes = [FormParser, MultiPartParser, BoundedJSONParser]

    class ResumeTextInputSerializer(serializers.Serializer):
        resume_text = serializers.CharField(trim_whitespace=False)

    InputSerializer = ResumeTextInputSerializer

    @extend_schema(
        request=ResumeTextInputSerializer,
        responses={201: ParseOutputSerializer, 400: _DOCUMENT_ERROR},
    )
    def post(self, request: Request, user_id: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        profile = _candidate(request, user_id, create=True)
        try:
            version = resume_text_parse(
                candidate=profile, text=data.validated_data["resume_text"],
                acting_user=authenticated_user(request),
            )  # fmt: skip
        except ResumeDocumentError as exc:
            return _document_error(exc)
        return _parsed_response(profile, version)


class ProfileApi(APIView):
    """Read (GET) or update (PUT, partial nested fields as in seed 003) a candidate's profile."""

    @extend_schema(responses=ProfileOutputSerializer)
    def get(self, request: Request, user_id: str) -> Response:
        return Response(profile_data(_candidate(request, user_id)))

    @extend_schema(request=ProfileUpdateSerializer, responses=ProfileOutputSerializer)
    def put(self, request: Request, user_id: str) -> Response:
        profile = _candidate(request, user_id)
        data = ProfileUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        flat, skills = _flatten(profile, data.validated_data)
        try:
            profile_update(candidate=profile, data=flat, skills=skills)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(profile_data(profile))


def _flatten(
    profile: CandidateProfile, data: dict[str, Any]
) -> tuple[dict[str, Any], list[str] | None]:
    flat: dict[str, Any] = dict(data.get("personal_info", {}))
    prefs = dict(data.get("preferences", {}))
    salary = prefs.pop("salary_range", None)
    flat.update(prefs)
    if salary:
        if "min" in salary:
            flat["salary_range_min"] = salary["min"]
        if "max" in salary:
            flat["salary_range_max"] = salary["max"]
    for key in ("years_of_experience", "career_level"):
        if key in data:
            flat[key] = data[key]
    skills = None
    if "skills" in data:
        lists = {f: data["skills"].get(f, getattr(profile, f)) for f in SKILL_LISTS}
        skills = [s for f in SKILL_LISTS for s in lists[f]]
    return flat, skills


class MatchPagination(LimitOffsetPagination):
    default_limit = 10
    max_limit = 500


class MatchListApi(APIView):
    """A candidate's stored matches, best first, with breakdown, reasons and next step."""

    pagination_class = MatchPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("limit", OpenApiTypes.INT, description="Page size (default 10)"),
            OpenApiParameter("offset", OpenApiTypes.INT),
            OpenApiParameter("min_score", OpenApiTypes.FLOAT, description="0-100"),
            OpenApiParameter("rank", OpenApiTypes.STR, description="'ai': the openai rerank first"),
        ],
        responses=MatchSerializer(many=True),
    )
    def get(self, request: Request, user_id: str) -> Response:
        profile = _candidate(request, user_id)
        try:
            min_score = float(request.query_params.get("min_score", 0))
        except ValueError as exc:
            raise ValidationError({"min_score": "must be a number"}) from exc
        rows = job_score_list(candidate=profile, min_score=min_score)
        if request.query_params.get("rank") == "ai":  # the optional openai rerank first
            rows = rows.order_by(F("ai_rerank_score").desc(nulls_last=True), "-compatibility_score")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(MatchSerializer(page, many=True).data)


class ScoreJobsApi(APIView):
    """Score the candidate now against active jobs (``job_limit`` newest, ``days_back``)."""

    throttle_scope = "ai"

    class ScoreJobsOutputSerializer(serializers.Serializer):
        user_id = serializers.CharField()
        jobs_scored = serializers.IntegerField()
        matches_stored = serializers.IntegerField()
        top_matches = MatchSerializer(many=True)

    @extend_schema(
        request=None,
        parameters=[
            OpenApiParameter(
                "job_limit", {"type": "integer", "minimum": 1, "maximum": MAX_JOB_LIMIT}
            ),
            OpenApiParameter(
                "days_back", {"type": "number", "minimum": 0, "maximum": MAX_DAYS_BACK}
            ),
        ],
        responses=ScoreJobsOutputSerializer,
    )
    def post(self, request: Request, user_id: str) -> Response:
        profile = _candidate(request, user_id)
        job_limit = _number(request, "job_limit", int, 1, MAX_JOB_LIMIT)
        days_back = _number(request, "days_back", float, 0, MAX_DAYS_BACK)
        jobs = jobs_for_scoring(days_back=days_back, job_limit=job_limit)
        summary = job_scores_compute(candidates=[profile], jobs=jobs)
        top = job_score_list(candidate=profile)[:10]
        return Response(
            {
                "user_id": user_id,
                "jobs_scored": summary.jobs,
                "matches_stored": summary.stored,
                "top_matches": MatchSerializer(top, many=True).data,
            }
        )


def _number(request: Request, name: str, kind: type, low: float, high: float) -> Any:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = kind(raw)
    except ValueError as exc:
        raise ValidationError({name: "must be a number"}) from exc
    if not low <= value <= high:
        raise ValidationError({name: f"must be between {low:g} and {high:g}"})
    return value


class SkipLimitPagination(LimitOffsetPagination):
    offset_query_param = "skip"
    default_limit = 100
    max_limit = 1000


class UserListApi(APIView):
    """Every candidate (staff only), paginated with ``skip`` and ``limit``."""

    permission_classes = [IsAdminUser]
    pagination_class = SkipLimitPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("skip", OpenApiTypes.INT),
            OpenApiParameter("limit", OpenApiTypes.INT),
        ],
        responses=UserRowSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(candidate_list(), request, view=self)
        return paginator.get_paginated_response(UserRowSerializer(page, many=True).data)


class JobListApi(APIView):
    """Active job postings, newest first (``limit`` / ``offset``; ``remote=true`` filters)."""

    pagination_class = LimitOffsetPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("limit", OpenApiTypes.INT),
            OpenApiParameter("offset", OpenApiTypes.INT),
            OpenApiParameter("remote", OpenApiTypes.BOOL),
            OpenApiParameter("q", OpenApiTypes.STR, description="Text in title or company"),
        ],
        responses=JobSerializer(many=True),
    )
    def get(self, request: Request) -> Response:

        jobs = job_list()
        if request.query_params.get("remote") in ("true", "1"):
            jobs = jobs.filter(remote=True)
        query = request.query_params.get("q", "").strip()
        if query:
            jobs = jobs.filter(Q(title__icontains=query) | Q(company__icontains=query))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(jobs, request, view=self)
        return paginator.get_paginated_response(JobSerializer(page, many=True).data)


class JobRefreshApi(APIView):
    """Queue a fetch of every active feed now (staff only); answers at once with 202.

    The feeds are fetched by a worker, never inside the request. Refreshes are claimed per
    ``REFRESH_WINDOW_MINUTES`` window (a unique key): a second request in the same window
    queues nothing and answers with the same claim, so two concurrent refreshes never
    fetch twice. ``feeds`` is each feed's status when the request was answered.
    """

    throttle_scope = "feeds"

    permission_classes = [IsAdminUser]

    class JobRefreshOutputSerializer(serializers.Serializer):
        claim_id = serializers.IntegerField(help_text="The refresh window's claim.")
        window = serializers.CharField()
        queued = serializers.BooleanField(help_text="False when this window was already queued.")
        feeds = FeedStatusSerializer(many=True)

    @extend_schema(request=None, responses={202: JobRefreshOutputSerializer})
    def post(self, request: Request) -> Response:

        if not FeedSource.objects.exists():
            feeds_setup_bundled()
        window = refresh_window(timezone.now())
        queued = batch_window_open(job=MANUAL_REFRESH_JOB, window=window)
        if queued:
            # The claim is committed (its own atomic block): a worker may start at once.
            feeds_refresh.delay(force=True, window=window)
        claim = BatchClaim.objects.get(job=MANUAL_REFRESH_JOB, window=window)
        feeds = [
            _feed_status(feed)
            for feed in FeedSource.objects.filter(is_active=True).order_by("name")
        ]
        body = {"claim_id": claim.pk, "window": window, "queued": queued, "feeds": feeds}
        return Response(self.JobRefreshOutputSerializer(body).data, status=status.HTTP_202_ACCEPTED)


MANUAL_REFRESH_JOB = "feeds_refresh_manual"
# Refreshes asked for within one window are one refresh: a feed is not worth fetching more
# often, and the claim makes double clicks and concurrent operators harmless.
REFRESH_WINDOW_MINUTES = 5


def refresh_window(now: datetime) -> str:
    start = now.replace(minute=now.minute - now.minute % REFRESH_WINDOW_MINUTES, second=0)
    return start.strftime("%Y-%m-%dT%H:%M")


def _feed_status(feed: FeedSource) -> dict[str, Any]:
    return {
        "name": feed.name,
        "status": feed.status,
        "seen": feed.items_seen,
        "new": feed.items_new,
        "updated": feed.items_updated,
        "error": feed.last_error if feed.status == "failing" else "",
    }
