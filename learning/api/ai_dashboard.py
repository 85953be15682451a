"""``GET /api/admin/learning-dashboard``: seed 004's dashboard path and shape, with each
``by_action`` row's sample size, Wilson interval and health band, plus the AI pipeline's
per-version health and issues. Read-only: the rollbacks run in the 30-minute pipeline."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.ai.pipeline import health_by_action, health_by_version, issues_detect
from learning.ai.training.examples import OPTIMAL, READY
from learning.ai.training.overview import training_overview
from learning.api.permissions import IsReviewerOrStaff
from learning.api.views import LearningDashboardApi
from learning.dashboard import learning_dashboard

HEALTH_BANDS = ("excellent", "good", "needs_improvement", "insufficient_data")
_Base = LearningDashboardApi.LearningDashboardOutputSerializer


class ActionHealthSerializer(_Base.DashboardActionSerializer):
    n = serializers.IntegerField(help_text="Ratings counted")
    ci_low = serializers.FloatField(help_text="95 % Wilson interval, low end, percent")
    ci_high = serializers.FloatField(help_text="95 % Wilson interval, high end, percent")
    # a CharField, not a ChoiceField: another "health" enum would collide in the schema
    health = serializers.CharField(
        help_text="Band decided on the interval: " + ", ".join(HEALTH_BANDS)
    )


class VersionHealthSerializer(ActionHealthSerializer):
    prompt_version = serializers.CharField(allow_null=True)
    model = serializers.CharField(allow_null=True)


class IssueSerializer(serializers.Serializer):
    kind = serializers.CharField()
    detail = serializers.CharField()
    evidence = serializers.JSONField()


class ReadinessSerializer(serializers.Serializer):
    action_type = serializers.CharField()
    exportable = serializers.IntegerField(
        help_text="Training examples after consent, scrubbing and de-duplication (golden excluded)"
    )
    ready = serializers.BooleanField(help_text="At least 500")
    optimal = serializers.BooleanField(help_text="At least 1,000")
    needed = serializers.IntegerField(help_text="Examples still needed to reach 500")


class TrainingSerializer(serializers.Serializer):
    readiness = ReadinessSerializer(many=True)
    snapshots = serializers.ListField(child=serializers.JSONField())
    finetune_jobs = serializers.ListField(child=serializers.JSONField())
    candidates = serializers.ListField(child=serializers.JSONField())
    registry = serializers.ListField(
        child=serializers.JSONField(),
        help_text="Per task: the production and candidate labels of its prompt and model",
    )


class AIDashboardOutputSerializer(_Base):
    by_action = ActionHealthSerializer(many=True)  # type: ignore[assignment]
    by_version = VersionHealthSerializer(many=True)
    issues = IssueSerializer(many=True)
    training = TrainingSerializer()


class AdminLearningDashboardApi(APIView):
    """Seed 004's learning dashboard, health per action decided on Wilson intervals."""

    permission_classes = [IsReviewerOrStaff]

    @extend_schema(responses={200: AIDashboardOutputSerializer})
    def get(self, request: Request) -> Response:

        data = learning_dashboard()
        data["by_action"] = health_by_action()
        data["by_version"] = health_by_version()
        data["issues"] = issues_detect(now=timezone.now(), by_action=data["by_action"])
        data["training"] = training_overview()
        # Seed 004's readiness, counted on exportable examples of the readiest action type.
        best = max((r["exportable"] for r in data["training"]["readiness"]), default=0)
        data["learning_status"].update(
            ready_for_training=best >= READY,
            optimal_for_training=best >= OPTIMAL,
            needed_for_training=max(0, READY - best),
        )
        return Response(AIDashboardOutputSerializer(data).data)
