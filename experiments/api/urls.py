from django.urls import path

from experiments.api import holdouts, views

urlpatterns = [
    path("holdouts/current", holdouts.HoldoutCurrentApi.as_view(), name="holdout-current"),
    path("holdouts/start", holdouts.HoldoutStartApi.as_view(), name="holdout-start"),
    path("holdouts/rotate", holdouts.HoldoutRotateApi.as_view(), name="holdout-rotate"),
    path("holdouts/end", holdouts.HoldoutEndApi.as_view(), name="holdout-end"),
    path("holdouts/<slug:key>", holdouts.HoldoutDetailApi.as_view(), name="holdout-detail"),
    path("experiments/", views.ExperimentCreateApi.as_view(), name="experiment-create"),
    path(
        "experiments/<slug:key>/start", views.ExperimentStartApi.as_view(), name="experiment-start"
    ),
    path(
        "experiments/<slug:key>/pause", views.ExperimentPauseApi.as_view(), name="experiment-pause"
    ),
    path(
        "experiments/<slug:key>/resume",
        views.ExperimentResumeApi.as_view(),
        name="experiment-resume",
    ),
    path("experiments/<slug:key>/stop", views.ExperimentStopApi.as_view(), name="experiment-stop"),
    path(
        "experiments/<slug:key>/rollback",
        views.ExperimentRollbackApi.as_view(),
        name="experiment-rollback",
    ),
    path("experiments/<slug:key>/ship", views.ExperimentShipApi.as_view(), name="experiment-ship"),
    path(
        "experiments/<slug:key>/assignment",
        views.ExperimentAssignmentApi.as_view(),
        name="experiment-assignment",
    ),
    path(
        "experiments/<slug:key>/results",
        views.ExperimentResultsApi.as_view(),
        name="experiment-results",
    ),
]
