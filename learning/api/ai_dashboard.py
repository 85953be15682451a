"""``GET /api/admin/learning-dashboard``: seed 004's dashboard path and shape, with each
``by_action`` row's sample size, Wilson interval and health band, plus the AI pipeline's
per-version health and issues. Read-only: the rollbacks run in the 30-minute pipeline."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.ai.pipeline import health_by_action, health_by_version, issues_detect
from learning.ai.training.examples import OPTIMAL, READY
from learning.ai.training.overview import training_overview
from learning.api.permissions import IsReviewerOrStaff
from learning.api.serializers import AIDashboardOutputSerializer
from learning.dashboard import learning_dashboard


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
