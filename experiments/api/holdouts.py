"""Holdout API: the cumulative effect of everything shipped, and the audited reviewer actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from experiments.api.permissions import IsReviewer
from experiments.api.serializers import ErrorSerializer, error_response
from experiments.models import Holdout
from experiments.selectors import holdout_active, holdout_list
from experiments.services import (
    ExperimentError,
    ExperimentStateError,
    holdout_end,
    holdout_rotate,
    holdout_start,
)
from experiments.services.holdouts import MAX_SHARE, MIN_SHARE
from experiments.views_holdouts import report_for
from recruitly.http import authenticated_user

HoldoutReport = inline_serializer(
    "HoldoutReport",
    fields={
        "holdout": serializers.CharField(),
        "status": serializers.CharField(),
        "share": serializers.FloatField(),
        "started_at": serializers.DateTimeField(),
        "ended_at": serializers.DateTimeField(allow_null=True),
        "as_of": serializers.DateTimeField(),
        "sizes": serializers.DictField(),
        "effect_is": serializers.CharField(),
        "metrics": serializers.ListField(child=serializers.DictField()),
        "shipped": serializers.ListField(child=serializers.DictField()),
        "differs_now": serializers.ListField(child=serializers.DictField()),
    },
)


class HoldoutCurrentApi(APIView):
    """The active holdout's report: per metric, holdout vs everyone else with sizes, the
    effect of everything shipped since (fixed and always-valid CIs) or, with too few
    candidates, no estimate and the reason; what shipped since; what differs today."""

    permission_classes = [IsAuthenticated, IsReviewer]

    @extend_schema(responses={200: HoldoutReport, 404: ErrorSerializer})
    def get(self, request: Request) -> Response:
        holdout = holdout_active()
        if holdout is None:
            return Response(
                {"detail": ["no active holdout"], "code": "no_active_holdout"},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(report_for(holdout))


class HoldoutDetailApi(APIView):
    """One holdout's report: live while active, the stored final report once ended."""

    permission_classes = [IsAuthenticated, IsReviewer]

    @extend_schema(responses={200: HoldoutReport, 404: dict})
    def get(self, request: Request, key: str) -> Response:
        return Response(report_for(get_object_or_404(holdout_list(), key=key)))


class _HoldoutActionApi(APIView):
    permission_classes = [IsAuthenticated, IsReviewer]

    @extend_schema_serializer(component_name="HoldoutActionInput")
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=2000)
        share = serializers.FloatField(
            required=False, allow_null=True, default=None, min_value=MIN_SHARE, max_value=MAX_SHARE
        )

    def run(self, request: Request, act: Callable[[User, dict[str, Any]], Holdout]) -> Response:
        """Validate the body, call ``act`` with the reviewer and the input, answer the report."""
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            holdout = act(authenticated_user(request), dict(data.validated_data))
        except ExperimentError as exc:
            return error_response(exc)
        return Response(report_for(holdout), status=status.HTTP_200_OK)


_SCHEMA: dict[str, Any] = {
    "request": _HoldoutActionApi.InputSerializer,
    "responses": {200: HoldoutReport, 400: ErrorSerializer, 409: ErrorSerializer},
}


class HoldoutStartApi(_HoldoutActionApi):
    """Freeze today's parameter values for a new holdout (409 while one is active)."""

    @extend_schema(**_SCHEMA)
    def post(self, request: Request) -> Response:
        return self.run(request, lambda user, data: holdout_start(acting_user=user, **data))


class HoldoutRotateApi(_HoldoutActionApi):
    """End the active holdout (its final report is kept) and start a fresh one."""

    @extend_schema(**_SCHEMA)
    def post(self, request: Request) -> Response:
        return self.run(request, lambda user, data: holdout_rotate(acting_user=user, **data))


class HoldoutEndApi(_HoldoutActionApi):
    """Release the members to the shipped values; the final report stays with the holdout."""

    @extend_schema(**_SCHEMA)
    def post(self, request: Request) -> Response:
        return self.run(request, _end_active)


def _end_active(user: User, data: dict[str, Any]) -> Holdout:
    current = holdout_active()
    if current is None:
        raise ExperimentStateError("no active holdout to end")
    return holdout_end(holdout=current, acting_user=user, reason=data["reason"])
