"""Serializers of the API views in views.py (inputs, outputs, filters)."""

from __future__ import annotations

from rest_framework import serializers

from learning.models import (
    RecommendationKind,
    RecommendationRoute,
    RecommendationStatus,
    RiskLevel,
)
from recruitly.spine.models import ParameterVersion, VersionSource


class RecommendationEvidenceSerializer(serializers.Serializer):
    metric_improved = serializers.CharField(source="metric", allow_null=True)
    improvement_amount = serializers.FloatField(source="improvement", allow_null=True)
    sample_size = serializers.IntegerField(allow_null=True)
    confidence_interval = serializers.ListField(
        child=serializers.FloatField(allow_null=True), allow_null=True
    )
    p_value = serializers.FloatField(allow_null=True)
    method = serializers.CharField(allow_null=True)


class RecommendationImpactSerializer(serializers.Serializer):
    users_affected = serializers.IntegerField(source="impact.users_affected", allow_null=True)
    expected_benefit = serializers.CharField(source="impact.expected_benefit", allow_null=True)
    risk_level = serializers.ChoiceField(RiskLevel.choices)


class RecommendationOutputSerializer(serializers.Serializer):
    """Seed 001 §5.1's ``OptimizationRecommendation`` plus id, status and the decision."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(RecommendationStatus.choices)
    kind = serializers.ChoiceField(RecommendationKind.choices)
    component = serializers.CharField()
    parameter = serializers.CharField()
    current_value = serializers.JSONField()
    recommended_value = serializers.JSONField()
    reasoning = serializers.CharField()
    evidence = RecommendationEvidenceSerializer()
    impact_estimate = RecommendationImpactSerializer(source="*")
    recommendation = serializers.ChoiceField(RecommendationRoute.choices, source="route")
    created_at = serializers.DateTimeField()
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_reason = serializers.CharField()
    resulting_version = serializers.IntegerField(
        source="resulting_version.version", allow_null=True
    )
    experiment_key = serializers.CharField()


class ParameterVersionOutputSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    value = serializers.JSONField()
    # A declared field named "source": the serializer metaclass collects it, but the stubs
    # read it as an override of Field.source (str | None).
    source = serializers.ChoiceField(VersionSource.choices)  # type: ignore[assignment]
    reason = serializers.CharField()
    evidence = serializers.JSONField()
    created_by = serializers.CharField(source="created_by.username", allow_null=True)
    created_at = serializers.DateTimeField()
    restored_from = serializers.IntegerField(source="restored_from.version", allow_null=True)
    active = serializers.SerializerMethodField()

    def get_active(self, obj: ParameterVersion) -> bool:
        return obj.version == self.context.get("active_version")


class LearningDashboardOutputSerializer(serializers.Serializer):
    class DashboardTotalsSerializer(serializers.Serializer):
        events = serializers.IntegerField()
        ai_feedback = serializers.IntegerField()
        recommendations = serializers.DictField(child=serializers.IntegerField())
        parameter_versions = serializers.IntegerField()
        weekly_insights = serializers.IntegerField()

    class DashboardCurrentSerializer(serializers.Serializer):
        total_feedback = serializers.IntegerField()
        thumbs_up = serializers.IntegerField()
        thumbs_down = serializers.IntegerField()
        approval_rate = serializers.FloatField()
        approval_ci = serializers.ListField(
            child=serializers.FloatField(),
            allow_null=True,
            help_text="95 % Wilson interval, in percent; null before any rating",
        )

    class DashboardTrendSerializer(serializers.Serializer):
        date = serializers.DateField()
        feedback_count = serializers.IntegerField()
        approval_rate = serializers.FloatField(allow_null=True)

    class DashboardActionSerializer(serializers.Serializer):
        action_type = serializers.CharField(allow_null=True)
        count = serializers.IntegerField()
        approval_rate = serializers.FloatField()
        approval_ci = serializers.ListField(
            child=serializers.FloatField(), help_text="95 % Wilson interval, in percent"
        )

    class DashboardStatusSerializer(serializers.Serializer):
        ready_for_training = serializers.BooleanField()
        optimal_for_training = serializers.BooleanField()
        feedback_count = serializers.IntegerField()
        needed_for_training = serializers.IntegerField()
        approval_rate = serializers.FloatField()
        health = serializers.ChoiceField(
            ["excellent", "good", "needs_improvement", "insufficient_data", "no_data"]
        )

    class DashboardPendingSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        kind = serializers.CharField()
        component = serializers.CharField()
        parameter = serializers.CharField()
        route = serializers.CharField()
        risk_level = serializers.CharField()
        reasoning = serializers.CharField()
        created_at = serializers.DateTimeField()

    class DashboardChangeSerializer(serializers.Serializer):
        component = serializers.CharField()
        version = serializers.IntegerField()
        source = serializers.CharField()  # type: ignore[assignment]  # as above
        reason = serializers.CharField()
        created_by = serializers.CharField(allow_null=True)
        created_at = serializers.DateTimeField()

    totals = DashboardTotalsSerializer()
    current = DashboardCurrentSerializer()
    trend = DashboardTrendSerializer(many=True)
    by_action = DashboardActionSerializer(many=True)
    learning_status = DashboardStatusSerializer()
    pending_recommendations = DashboardPendingSerializer(many=True)
    recent_parameter_changes = DashboardChangeSerializer(many=True)


class WeeklyInsightOutputSerializer(serializers.Serializer):
    """Seed 001 §8.1's ``WeeklyInsights`` of one week."""

    class InsightPatternSerializer(serializers.Serializer):
        pattern = serializers.CharField()
        metric = serializers.CharField()
        rate = serializers.FloatField()
        rest_rate = serializers.FloatField()
        sample_size = serializers.IntegerField()
        confidence_interval = serializers.ListField(child=serializers.FloatField())
        p_value = serializers.FloatField()

    class InsightWorkedSerializer(InsightPatternSerializer):
        improvement = serializers.FloatField()

    class InsightDidntSerializer(InsightPatternSerializer):
        decline = serializers.FloatField()

    class InsightBenchmarkSerializer(serializers.Serializer):
        your_interview_rate = serializers.FloatField()
        segment_avg = serializers.FloatField()
        percentile = serializers.IntegerField()
        segment = serializers.CharField()
        segment_users = serializers.IntegerField()
        sample_size = serializers.IntegerField()

    user_id = serializers.CharField(source="user.username")
    week_start = serializers.DateField()
    highlights = serializers.ListField(child=serializers.CharField(), source="content.highlights")
    concerns = serializers.ListField(child=serializers.CharField(), source="content.concerns")
    what_worked = InsightWorkedSerializer(many=True, source="content.what_worked")
    what_didnt_work = InsightDidntSerializer(many=True, source="content.what_didnt_work")
    try_this_week = serializers.ListField(
        child=serializers.CharField(), source="content.try_this_week"
    )
    stop_doing = serializers.ListField(child=serializers.CharField(), source="content.stop_doing")
    vs_similar_users = InsightBenchmarkSerializer(
        source="content.vs_similar_users", allow_null=True
    )
    sample_size = serializers.IntegerField()
    notes = serializers.ListField(child=serializers.CharField(), source="content.notes")
    generated_at = serializers.DateTimeField(source="created_at")


# The admin dashboard (learning/api/ai_dashboard.py): the learning dashboard's rows with
# sample sizes, intervals and health bands.
HEALTH_BANDS = ("excellent", "good", "needs_improvement", "insufficient_data")
_Base = LearningDashboardOutputSerializer


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
