"""Output serializers shared by the experiment API views."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response

from experiments.services.errors import ExperimentError, ExperimentStateError


class VariantOutputSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    value = serializers.JSONField()
    weight = serializers.FloatField()
    is_control = serializers.BooleanField()


class ExperimentOutputSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    hypothesis = serializers.CharField()
    component = serializers.CharField()
    status = serializers.CharField()
    rollout_stage = serializers.IntegerField()
    coverage = serializers.FloatField()
    namespace = serializers.CharField()
    primary_metric = serializers.CharField()
    guardrail_metrics = serializers.ListField(child=serializers.CharField())
    mde_relative = serializers.FloatField()
    planned_sample_size = serializers.IntegerField(allow_null=True)
    power_analysis = serializers.JSONField()
    max_duration_days = serializers.IntegerField()
    decision_rule = serializers.JSONField()
    started_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    winner = serializers.CharField(source="winner.key", allow_null=True, default=None)
    variants = VariantOutputSerializer(many=True, source="variants.all")


@extend_schema_serializer(component_name="ExperimentError")
class ErrorSerializer(serializers.Serializer):
    detail = serializers.ListField(child=serializers.CharField())
    code = serializers.CharField()  # "invalid" (400) or "conflict" (409)


def error_response(exc: ExperimentError) -> Response:
    """A refused experiment or holdout action: 409 when the state forbids it, else 400."""
    if isinstance(exc, ExperimentStateError):
        return Response({"detail": exc.reasons, "code": "conflict"}, status=409)
    return Response({"detail": exc.reasons, "code": "invalid"}, status=400)
