from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponseBase, QueryDict
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.api.parsers import FastJSONParser, forget_parsed_body, json_response
from learning.api.permissions import IsReviewer, IsReviewerOrStaff
from learning.api.serializers import (
    LearningDashboardOutputSerializer,
    ParameterVersionOutputSerializer,
    RecommendationOutputSerializer,
    WeeklyInsightOutputSerializer,
)
from learning.dashboard import learning_dashboard
from learning.models import (
    Recommendation,
    RecommendationStatus,
)
from learning.selectors import recommendation_list, weekly_insight_list
from learning.services import (
    RecommendationAlreadyDecidedError,
    RecommendationDecisionError,
    recommendation_approve,
    recommendation_approve_as_test,
    recommendation_reject,
)
from recruitly.api_schema import ErrorSerializer
from recruitly.eventlog.ingest import IngestLimitError, events_ingest
from recruitly.gcpause import gc_paused
from recruitly.http import authenticated_user
from recruitly.ids import parse_id
from recruitly.spine.models import ParameterVersion
from recruitly.spine.resolver import resolve_value
from recruitly.spine.selectors import parameter_active_version, parameter_version_list
from recruitly.spine.services import ParameterRollbackError, parameter_restore
from recruitly.spine.specs import REGISTRY

# One event (an object) or a non-empty list of items; an item that is not a valid event
# is rejected on its own (and quarantined) inside a 200, so any JSON value is a valid item.
EVENT_BATCH_SCHEMA = {
    "oneOf": [
        {"type": "object"},
        {"type": "array", "items": {}, "minItems": 1, "maxItems": settings.EVENT_BATCH_LIMIT},
    ]
}


class EventIngestApi(APIView):
    """Ingest one outcome event or a list of up to 10,000.

    Each item is validated against its type's schema; the answer reports per item whether it
    was stored, was a duplicate of an earlier ``event_id``, or was rejected (and quarantined)
    with the reasons.
    """

    throttle_scope = "events"
    request_body_required = True  # recruitly.api_schema: the body is a raw schema
    parser_classes = [FastJSONParser, *APIView.parser_classes[1:]]

    @extend_schema_serializer(component_name="EventIngestResult")
    class OutputSerializer(serializers.Serializer):
        stored = serializers.IntegerField()
        duplicates = serializers.IntegerField()
        rejected = serializers.IntegerField()
        results = inline_serializer(
            "EventIngestItem",
            fields={
                "event_id": serializers.CharField(),
                "status": serializers.ChoiceField(["stored", "duplicate", "rejected"]),
                "errors": serializers.ListField(child=serializers.CharField()),
            },
            many=True,
        )

    @extend_schema(
        request={"application/json": EVENT_BATCH_SCHEMA},
        responses={200: OutputSerializer, 413: ErrorSerializer},
    )
    def post(self, request: Request) -> HttpResponseBase:
        with gc_paused():
            response = self._ingest(request)
            # The parsed batch dies here, while collection is still paused. DRF keeps it on
            # the request until the response is gone; alive when collection resumed, it was
            # walked by the first collection after (gc_collect_main under this block's exit:
            # ~13 % of a worker's CPU in py-spy, 5,000-item batches).
            forget_parsed_body(request)
            return response

    def _ingest(self, request: Request) -> HttpResponseBase:
        # An empty body parses to {} and a form-encoded one to a QueryDict: neither is an event.
        data = request.data if request.stream is not None else None
        if not isinstance(data, dict | list) or isinstance(data, QueryDict):
            return Response(
                {"detail": "the body must be a JSON object or array", "code": "invalid_body"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        items = data if isinstance(data, list) else [data]
        if not items:
            return Response(
                {"detail": "the batch is empty", "code": "empty_batch"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            result = events_ingest(
                items=items,
                submitted_by=authenticated_user(request),
                may_post_for_others=request.user.has_perm("eventlog.ingest_any_event"),
            )
        except IngestLimitError as exc:
            return Response(
                {"detail": str(exc), "code": "batch_too_large"},
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        # 200 for every processed batch: the per-item statuses carry the outcome. The result
        # is already plain JSON in the documented shape: running the serializer over 10,000
        # items cost more than the insert. Rendered here, so the per-item answers are bytes
        # before collection resumes.
        return json_response(result.as_dict())


# --- The reviewers' workflow: recommendations, parameter versions, dashboard ----------------
def _paginated(view: APIView, request: Request, queryset: Any, serializer: Any) -> Response:
    paginator = getattr(view, "pagination_class", LimitOffsetPagination)()
    page: list[Any] | None = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer(page, many=True).data)


class RecommendationListApi(APIView):
    """Recommendations, newest first; ``?status=pending`` for the review queue."""

    permission_classes = [IsReviewerOrStaff]
    pagination_class = LimitOffsetPagination

    class RecommendationFilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(RecommendationStatus.choices, required=False)

    @extend_schema(
        parameters=[RecommendationFilterSerializer],
        responses={200: RecommendationOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        filters = self.RecommendationFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        queryset = recommendation_list(status=filters.validated_data.get("status"))
        return _paginated(self, request, queryset, RecommendationOutputSerializer)


_CONFLICT = OpenApiResponse(
    response=ErrorSerializer, description="Already decided otherwise (code already_decided)."
)


def _decision_response(decide: Any, pk: int, request: Request, reason: str) -> Response:
    recommendation = get_object_or_404(Recommendation, pk=pk)
    try:
        decided = decide(recommendation=recommendation, acting_user=request.user, reason=reason)
    except RecommendationAlreadyDecidedError as exc:
        return Response(
            {"detail": str(exc), "code": "already_decided"}, status=status.HTTP_409_CONFLICT
        )
    except RecommendationDecisionError as exc:
        return Response(
            {"detail": str(exc), "code": "invalid_decision"}, status=status.HTTP_400_BAD_REQUEST
        )
    decided = recommendation_list().get(pk=decided.pk)
    return Response(RecommendationOutputSerializer(decided).data)


class RecommendationApproveApi(APIView):
    """Approve: ``apply`` makes a new parameter version, ``ab_test`` starts an experiment.

    Repeating the same decision returns the recommendation unchanged; 409 when it was
    decided otherwise.
    """

    permission_classes = [IsReviewer]

    class RecommendationApproveInputSerializer(serializers.Serializer):
        route = serializers.ChoiceField(["apply", "ab_test"], default="apply")
        reason = serializers.CharField()

    @extend_schema(
        request=RecommendationApproveInputSerializer,
        responses={200: RecommendationOutputSerializer, 409: _CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = self.RecommendationApproveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decide = (
            recommendation_approve_as_test
            if data.validated_data["route"] == "ab_test"
            else recommendation_approve
        )
        return _decision_response(decide, pk, request, data.validated_data["reason"])


class RecommendationRejectApi(APIView):
    """Reject with a reason (required)."""

    permission_classes = [IsReviewer]

    class RecommendationRejectInputSerializer(serializers.Serializer):
        reason = serializers.CharField()

    @extend_schema(
        request=RecommendationRejectInputSerializer,
        responses={200: RecommendationOutputSerializer, 409: _CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = self.RecommendationRejectInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return _decision_response(recommendation_reject, pk, request, data.validated_data["reason"])


def _component_or_404(component: str) -> None:
    if component not in REGISTRY:
        raise Http404(f"unknown parameter component {component!r}")


class ParameterVersionPagination(LimitOffsetPagination):
    """A page of versions, headed by the component, its default and its active value."""

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        head = {
            "component": {"type": "string"},
            "description": {"type": "string"},
            "default": {"description": "The code default (any JSON value)."},
            "active_version": {"type": "integer", "nullable": True},
            "active_value": {"description": "The value in force (any JSON value)."},
        }
        paginated["properties"] = {**head, **paginated["properties"]}
        paginated["required"] = [*head, *paginated["required"]]
        return paginated


class ParameterVersionListApi(APIView):
    """Versions of one component, newest first; the active one is marked."""

    permission_classes = [IsReviewerOrStaff]
    pagination_class = ParameterVersionPagination

    @extend_schema(responses={200: ParameterVersionOutputSerializer(many=True)})
    def get(self, request: Request, component: str) -> Response:
        _component_or_404(component)
        active = parameter_active_version(component=component)
        active_number = active.version if active else None
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            parameter_version_list(component=component).order_by("-version"), request, view=self
        )
        versions = ParameterVersionOutputSerializer(
            page, many=True, context={"active_version": active_number}
        ).data
        response = paginator.get_paginated_response(versions)
        response.data = {
            "component": component,
            "description": REGISTRY[component].description,
            "default": REGISTRY[component].default,
            "active_version": active_number,
            "active_value": resolve_value(component),
            **response.data,
        }
        return response


class ParameterRollbackApi(APIView):
    """Roll back to the previous value, or re-activate ``version``; always a new version."""

    permission_classes = [IsReviewer]

    class ParameterRollbackInputSerializer(serializers.Serializer):
        version = serializers.IntegerField(required=False, min_value=1)
        reason = serializers.CharField(required=False, allow_blank=True)

    @extend_schema(
        request=ParameterRollbackInputSerializer,
        responses={201: ParameterVersionOutputSerializer},
    )
    def post(self, request: Request, component: str) -> Response:
        _component_or_404(component)
        data = self.ParameterRollbackInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reason = (
            data.validated_data.get("reason") or f"rolled back through the API by {request.user}"
        )
        try:
            created = parameter_restore(
                component=component,
                version_number=data.validated_data.get("version"),
                acting_user=authenticated_user(request),
                reason=reason,
            )
        except ParameterVersion.DoesNotExist:
            raise Http404(f"{component} has no such version") from None
        except ParameterRollbackError as exc:
            return Response(
                {"detail": str(exc), "code": "invalid_rollback"}, status=status.HTTP_400_BAD_REQUEST
            )
        created = parameter_version_list(component=component).get(pk=created.pk)
        body = ParameterVersionOutputSerializer(
            created, context={"active_version": created.version}
        ).data
        return Response(body, status=status.HTTP_201_CREATED)


class LearningDashboardApi(APIView):
    """Seed 004's learning dashboard plus totals, pending recommendations and recent changes.

    Approval rates are percentages (0-100); a day without ratings has ``approval_rate`` null.
    """

    permission_classes = [IsReviewerOrStaff]

    @extend_schema(responses={200: LearningDashboardOutputSerializer})
    def get(self, request: Request) -> Response:
        return Response(learning_dashboard())


class WeeklyInsightListApi(APIView):
    """A candidate's weekly insights, newest first: their own, or anyone's for staff.

    ``user_id`` is the username (as in the event log) or the numeric user id.
    """

    pagination_class = LimitOffsetPagination

    @extend_schema(responses={200: WeeklyInsightOutputSerializer(many=True)})
    def get(self, request: Request, user_id: str) -> Response:
        users = get_user_model().objects
        target = users.filter(username=user_id).first()
        pk = parse_id(user_id)
        if target is None and pk is not None:
            target = users.filter(pk=pk).first()
        allowed = target is not None and (target.pk == request.user.pk or request.user.is_staff)
        if not allowed:
            # Same answer for "no such user" and "not yours": ids are not disclosed.
            raise Http404("no insights for this user")
        assert target is not None  # allowed implies a target
        return _paginated(
            self, request, weekly_insight_list(user=target), WeeklyInsightOutputSerializer
        )
