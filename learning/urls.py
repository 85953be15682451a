from django.urls import include, path

from learning import views, views_monitoring, views_predict
from learning.ai import views as ai_views

app_name = "learning"

urlpatterns = [
    path("review/", views.review, name="review"),
    path(
        "review/recommendations/<int:pk>/<slug:decision>/",
        views.recommendation_decide,
        name="recommendation-decide",
    ),
    path(
        "review/parameters/<str:component>/",
        views.parameter_history,
        name="parameter-history",
    ),
    path(
        "review/parameters/<str:component>/rollback/confirm/",
        views.parameter_rollback_confirm,
        name="parameter-rollback-confirm",
    ),
    path(
        "review/parameters/<str:component>/rollback/",
        views.parameter_rollback,
        name="parameter-rollback",
    ),
    path("learning/dashboard/", views.dashboard, name="dashboard"),
    path("learning/ai/", ai_views.ai_loop, name="ai-loop"),
    path("learning/monitoring/", views_monitoring.monitoring, name="monitoring"),
    path(
        "learning/monitoring/exploration/off/",
        views_monitoring.exploration_off,
        name="exploration-off",
    ),
    path("learning/fairness/", views_monitoring.fairness, name="fairness"),
    path("insights/", views.insights, name="insights"),
    path("insights/strategy/", views_predict.strategy, name="strategy"),
    path("learning/predictions/", views_predict.predictions, name="predictions"),
    path("", include("learning.urls_advanced")),
]
