from django.urls import path

from learning.api.causal import CausalEffectApi
from learning.api.views import (
    EventIngestApi,
    LearningDashboardApi,
    ParameterRollbackApi,
    ParameterVersionListApi,
    RecommendationApproveApi,
    RecommendationListApi,
    RecommendationRejectApi,
    WeeklyInsightListApi,
)

urlpatterns = [
    path("events/", EventIngestApi.as_view(), name="event-ingest"),
    path(
        "learning/recommendations",
        RecommendationListApi.as_view(),
        name="learning-recommendation-list-api",
    ),
    path(
        "learning/recommendations/<int:pk>/approve",
        RecommendationApproveApi.as_view(),
        name="learning-recommendation-approve-api",
    ),
    path(
        "learning/recommendations/<int:pk>/reject",
        RecommendationRejectApi.as_view(),
        name="learning-recommendation-reject-api",
    ),
    path(
        "learning/parameters/<str:component>",
        ParameterVersionListApi.as_view(),
        name="learning-parameter-version-list-api",
    ),
    path(
        "learning/parameters/<str:component>/rollback",
        ParameterRollbackApi.as_view(),
        name="learning-parameter-rollback-api",
    ),
    path("learning/dashboard", LearningDashboardApi.as_view(), name="learning-dashboard-api"),
    path("learning/causal-effect", CausalEffectApi.as_view(), name="learning-causal-effect-api"),
    path("insights/<str:user_id>", WeeklyInsightListApi.as_view(), name="weekly-insight-list-api"),
]
