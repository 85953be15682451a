"""Resume optimization API: run the three stages, decide on one suggestion.

Candidates act on their own resume; staff and holders of ``profiles.change_candidateprofile``
act for anyone, like the other profile operations.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from profiles.api.serializers import (
    OptimizationOutputSerializer,
    SuggestionOutputSerializer,
)
from profiles.api.views import _candidate
from profiles.models import JobListing, ResumeSuggestion, ResumeVersion
from profiles.services.optimize import (
    DECISIONS,
    OptimizeError,
    resume_optimization_create,
    resume_suggestion_decide,
)
from recruitly.api_errors import BoundedJSONParser
from recruitly.api_schema import BadRequestSerializer, ErrorSerializer
from recruitly.http import authenticated_user

MAX_ID = 2**63 - 1


def _error(exc: OptimizeError) -> Response:
    return Response({"detail": exc.message, "code": exc.code}, status=exc.status)


def _bad_request(codes: str) -> OpenApiResponse:
    return OpenApiResponse(
        response=BadRequestSerializer,
        description=f"Invalid fields (code invalid, with errors), or a refusal with its code: "
        f"{codes}.",
    )


class ResumeOptimizeApi(APIView):
    """Optimize a resume for a posting: gap analysis, suggestions, validation scores.

    ``resume_version_id`` defaults to the newest resume. Optional suggestions (numbers to add)
    are offered to a random half of candidates; ``offers`` says which arm this one is in.
    """

    throttle_scope = "ai"
    parser_classes = [BoundedJSONParser]

    class OptimizeInputSerializer(serializers.Serializer):
        job_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
        resume_version_id = serializers.IntegerField(
            min_value=1, max_value=MAX_ID, required=False, allow_null=True
        )

    @extend_schema(
        request=OptimizeInputSerializer,
        responses={201: OptimizationOutputSerializer, 400: _bad_request("no_resume")},
    )
    def post(self, request: Request, user_id: str) -> Response:
        data = self.OptimizeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        profile = _candidate(request, user_id)
        job = JobListing.objects.filter(pk=data.validated_data["job_id"]).first()
        if job is None:
            raise NotFound("No such job.")
        version = None
        if data.validated_data.get("resume_version_id"):
            version = ResumeVersion.objects.filter(
                pk=data.validated_data["resume_version_id"], candidate=profile
            ).first()
            if version is None:
                raise NotFound("No such resume version for this candidate.")
        try:
            optimization = resume_optimization_create(
                candidate=profile, job=job, resume_version=version,
                acting_user=authenticated_user(request),
            )  # fmt: skip
        except OptimizeError as exc:
            return _error(exc)
        return Response(
            OptimizationOutputSerializer(optimization).data, status=status.HTTP_201_CREATED
        )


class SuggestionDecideApi(APIView):
    """Accept, edit (``text`` is the version you keep) or reject one suggestion.

    Accepting or editing writes a new resume version. A suggestion with a bracketed
    placeholder (``needs_input``) can only be edited or rejected.
    """

    throttle_scope = "parse"
    parser_classes = [BoundedJSONParser]

    class DecideInputSerializer(serializers.Serializer):
        decision = serializers.ChoiceField(choices=DECISIONS)
        text = serializers.CharField(required=False, allow_blank=True, max_length=4000)

    class DecideOutputSerializer(serializers.Serializer):
        suggestion = SuggestionOutputSerializer()
        resume_version_id = serializers.IntegerField(allow_null=True)
        resume_score = serializers.FloatField(allow_null=True)
        stage3_validation = serializers.JSONField()
        event_ids = serializers.ListField(child=serializers.CharField())

    @extend_schema(
        request=DecideInputSerializer,
        responses={
            200: DecideOutputSerializer,
            400: _bad_request("needs_input, text_required, too_long, too_short"),
            409: OpenApiResponse(
                response=ErrorSerializer,
                description="already_decided, or stale: the resume no longer has the text.",
            ),
        },
    )
    def post(self, request: Request, user_id: str, pk: str) -> Response:
        data = self.DecideInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        profile = _candidate(request, user_id)
        suggestion = (
            ResumeSuggestion.objects.select_related("optimization")
            .filter(pk=int(pk) if int(pk) <= MAX_ID else 0, optimization__candidate=profile)
            .first()
        )
        if suggestion is None:
            raise NotFound("No such suggestion for this candidate.")
        try:
            decided = resume_suggestion_decide(
                suggestion=suggestion, decision=data.validated_data["decision"],
                text=data.validated_data.get("text", ""), acting_user=authenticated_user(request),
            )  # fmt: skip
        except OptimizeError as exc:
            return _error(exc)
        optimization = decided.suggestion.optimization
        optimization.refresh_from_db()
        body = {
            "suggestion": decided.suggestion,
            "resume_version_id": decided.version.pk if decided.version else None,
            "resume_score": decided.version.resume_score if decided.version else None,
            "stage3_validation": {
                "original": optimization.scores_before,
                "result": optimization.scores_after,
            },
            "event_ids": list(decided.event_ids),
        }
        return Response(self.DecideOutputSerializer(body).data)
