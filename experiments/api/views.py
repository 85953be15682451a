"""The experiments API: one view per operation."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from experiments.api.permissions import IsReviewer
from experiments.api.serializers import ErrorSerializer, ExperimentOutputSerializer, error_response
from experiments.models import Experiment
from experiments.selectors import analysis_latest, experiment_get
from experiments.services import (
    ExperimentError,
    experiment_assign,
    experiment_create,
    experiment_evaluate,
    experiment_pause,
    experiment_resume,
    experiment_rollback,
    experiment_ship,
    experiment_start,
    experiment_stop,
    variant_get,
)
from recruitly.http import authenticated_user
from recruitly.ids import parse_id
from recruitly.roles import is_reviewer


def _experiment(key: str) -> Experiment:
    return get_object_or_404(Experiment.objects.prefetch_related("variants"), key=key)


def _output(experiment: Experiment) -> dict[str, Any]:
    return ExperimentOutputSerializer(experiment_get(key=experiment.key)).data


class ExperimentCreateApi(APIView):
    """Create a draft experiment; the power calculation sets its planned sample size."""

    permission_classes = [IsAuthenticated, IsReviewer]

    @extend_schema_serializer(component_name="ExperimentVariantInput")
    class VariantInputSerializer(serializers.Serializer):
        key = serializers.SlugField(max_length=50)
        name = serializers.CharField(max_length=100, required=False, default="")
        value = serializers.JSONField()
        weight = serializers.FloatField(default=1.0)
        is_control = serializers.BooleanField(default=False)

    @extend_schema_serializer(component_name="ExperimentCreateInput")
    class InputSerializer(serializers.Serializer):
        key = serializers.SlugField(max_length=100)
        name = serializers.CharField(max_length=200)
        hypothesis = serializers.CharField()
        component = serializers.CharField(max_length=100)
        variants = serializers.ListField(child=serializers.DictField(), min_length=2)
        primary_metric = serializers.CharField(default="interview_rate")
        guardrail_metrics = serializers.ListField(child=serializers.CharField(), default=list)
        coverage = serializers.FloatField(default=1.0)
        namespace = serializers.CharField(default="", allow_blank=True)
        namespace_start = serializers.FloatField(default=0.0)
        namespace_end = serializers.FloatField(default=1.0)
        baseline = serializers.FloatField(required=False, allow_null=True, default=None)
        baseline_variance = serializers.FloatField(required=False, allow_null=True, default=None)
        mde_relative = serializers.FloatField(default=0.10)
        expected_daily_users = serializers.IntegerField(
            required=False, allow_null=True, default=None, min_value=1
        )
        max_duration_days = serializers.IntegerField(default=28, min_value=1, max_value=365)
        decision_rule = serializers.DictField(default=dict)
        rollback_plan = serializers.CharField(default="", allow_blank=True)

        def validate_variants(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
            variant = ExperimentCreateApi.VariantInputSerializer(data=value, many=True)
            variant.is_valid(raise_exception=True)
            return variant.validated_data

    @extend_schema(
        request=InputSerializer, responses={201: ExperimentOutputSerializer, 400: ErrorSerializer}
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["namespace_range"] = (fields.pop("namespace_start"), fields.pop("namespace_end"))
        try:
            experiment = experiment_create(acting_user=authenticated_user(request), **fields)
        except ExperimentError as exc:
            return error_response(exc)
        return Response(_output(experiment), status=status.HTTP_201_CREATED)


class _ExperimentActionApi(APIView, ABC):
    """POST with a reason; the subclass names the service."""

    permission_classes = [IsAuthenticated, IsReviewer]

    @extend_schema_serializer(component_name="ExperimentActionInput")
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(default="", allow_blank=True, max_length=2000)

    @abstractmethod
    def act(self, experiment: Experiment, request: Request, data: dict[str, Any]) -> Experiment:
        """Call the one service this endpoint stands for and return the experiment."""

    def post(self, request: Request, key: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            experiment = self.act(_experiment(key), request, dict(data.validated_data))
        except ExperimentError as exc:
            return error_response(exc)
        return Response(_output(experiment))


_ACTION_SCHEMA: dict[str, Any] = {
    "responses": {200: ExperimentOutputSerializer, 400: ErrorSerializer, 409: ErrorSerializer}
}


class ExperimentStartApi(_ExperimentActionApi):
    """Start a draft after the ethics checks; a refusal answers 400 with every reason."""

    @extend_schema(request=_ExperimentActionApi.InputSerializer, **_ACTION_SCHEMA)
    def post(self, request: Request, key: str) -> Response:
        return super().post(request, key)

    def act(self, experiment: Experiment, request: Request, data: dict[str, Any]) -> Experiment:
        return experiment_start(experiment=experiment, acting_user=authenticated_user(request))


class ExperimentPauseApi(_ExperimentActionApi):
    @extend_schema(request=_ExperimentActionApi.InputSerializer, **_ACTION_SCHEMA)
    def post(self, request: Request, key: str) -> Response:
        return super().post(request, key)

    def act(self, experiment: Experiment, request: Request, data: dict[str, Any]) -> Experiment:
        return experiment_pause(
            experiment=experiment, acting_user=authenticated_user(request), **data
        )


class ExperimentResumeApi(_ExperimentActionApi):
    @extend_schema(request=_ExperimentActionApi.InputSerializer, **_ACTION_SCHEMA)
    def post(self, request: Request, key: str) -> Response:
        return super().post(request, key)

    def act(self, experiment: Experiment, request: Request, data: dict[str, Any]) -> Experiment:
        return experiment_resume(
            experiment=experiment, acting_user=authenticated_user(request), **data
        )


class ExperimentStopApi(_ExperimentActionApi):
    """Complete without shipping: the parameter keeps its current value."""

    @extend_schema(request=_ExperimentActionApi.InputSerializer, **_ACTION_SCHEMA)
    def post(self, request: Request, key: str) -> Response:
        return super().post(request, key)

    def act(self, experiment: Experiment, request: Request, data: dict[str, Any]) -> Experiment:
        return experiment_stop(
            experiment=experiment, acting_user=authenticated_user(request), **data
        )


class ExperimentRollbackApi(_ExperimentActionApi):
    """Everyone back to control; after a ship, the parameter returns to its earlier value."""

    @extend_schema_serializer(component_name="ExperimentRollbackInput")
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=2000)

    @extend_schema(request=InputSerializer, **_ACTION_SCHEMA)
    def post(self, request: Request, key: str) -> Response:
        return super().post(request, key)

    def act(self, experiment: Experiment, request: Request, data: dict[str, Any]) -> Experiment:
        return experiment_rollback(
            experiment=experiment, acting_user=authenticated_user(request), **data
        )


class ExperimentShipApi(_ExperimentActionApi):
    """Complete and make the chosen variant's value the parameter's new version."""

    @extend_schema_serializer(component_name="ExperimentShipInput")
    class InputSerializer(serializers.Serializer):
        variant = serializers.SlugField()
        reason = serializers.CharField(max_length=2000)

    @extend_schema(request=InputSerializer, **_ACTION_SCHEMA)
    def post(self, request: Request, key: str) -> Response:
        return super().post(request, key)

    def act(self, experiment: Experiment, request: Request, data: dict[str, Any]) -> Experiment:
        variant = variant_get(experiment=experiment, key=data["variant"])
        return experiment_ship(
            experiment=experiment,
            variant=variant,
            acting_user=authenticated_user(request),
            reason=data["reason"],
        )


class ExperimentAssignmentApi(APIView):
    """The variant a user gets (enrolling them at this exposure when the hash says so).

    A candidate may ask for themself; integrations need ``experiments.assign_any_user``.
    ``user_id`` is the username (as in events) or the numeric id.
    """

    @extend_schema_serializer(component_name="ExperimentAssignmentInput")
    class InputSerializer(serializers.Serializer):
        user_id = serializers.CharField(max_length=150)

    @extend_schema_serializer(component_name="ExperimentAssignment")
    class OutputSerializer(serializers.Serializer):
        experiment = serializers.CharField()
        user_id = serializers.CharField()
        enrolled = serializers.BooleanField()
        variant = serializers.CharField(allow_null=True)
        value = serializers.JSONField(allow_null=True)

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer, 403: dict, 404: dict})
    def post(self, request: Request, key: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user_id = data.validated_data["user_id"]
        pk = parse_id(user_id)
        lookup = {"pk": pk} if pk is not None else {"username": user_id}
        user = get_object_or_404(get_user_model(), **lookup)
        allowed = user.pk == request.user.pk or request.user.has_perm("experiments.assign_any_user")
        if not allowed and not is_reviewer(request.user):
            return Response(
                {"detail": "you may only ask for your own assignment"},
                status=status.HTTP_403_FORBIDDEN,
            )
        experiment = _experiment(key)
        variant = experiment_assign(experiment=experiment, user=user, source="api")
        body = {
            "experiment": experiment.key,
            "user_id": user_id,
            "enrolled": variant is not None,
            "variant": variant.key if variant else None,
            "value": variant.value if variant else None,
        }
        return Response(self.OutputSerializer(body).data)


class ExperimentResultsApi(APIView):
    """Per metric and variant: n, mean, absolute and relative effects with fixed and
    always-valid CIs and p-values, SRM p-value, stage, decision and its reasons.

    The latest stored periodic analysis, or a live read-only evaluation before the first.
    """

    permission_classes = [IsAuthenticated, IsReviewer]

    @extend_schema(
        responses={
            200: inline_serializer(
                "ExperimentResults",
                fields={
                    "experiment": serializers.CharField(),
                    "status": serializers.CharField(),
                    "stage": serializers.IntegerField(),
                    "stored": serializers.BooleanField(),
                    "analysed_at": serializers.DateTimeField(allow_null=True),
                    "srm_p_value": serializers.FloatField(allow_null=True),
                    "counts": serializers.DictField(child=serializers.IntegerField()),
                    "planned_sample_size": serializers.IntegerField(allow_null=True),
                    "decision": serializers.DictField(),
                    "metrics": serializers.ListField(child=serializers.DictField()),
                },
            )
        }
    )
    def get(self, request: Request, key: str) -> Response:
        experiment = _experiment(key)
        latest = analysis_latest(experiment=experiment)
        if latest is not None:
            body = {
                "stored": True,
                "analysed_at": latest.analysed_at,
                "srm_p_value": latest.srm_p_value,
                "counts": latest.counts,
                "decision": {
                    "action": latest.action,
                    "reasons": latest.reasons,
                    "checks": latest.checks,
                },
                "metrics": latest.results,
            }
        else:
            evaluation = experiment_evaluate(experiment=experiment)
            decision = evaluation.decision
            body = {
                "stored": False,
                "analysed_at": None,
                "srm_p_value": decision.srm_p_value,
                "counts": dict(evaluation.look.counts),
                "decision": {
                    "action": decision.action,
                    "reasons": decision.reasons,
                    "checks": decision.checks,
                },
                "metrics": evaluation.results,
            }
        body.update(
            experiment=experiment.key,
            status=experiment.status,
            stage=experiment.rollout_stage,
            planned_sample_size=experiment.planned_sample_size,
        )
        return Response(body)
