from django.urls import path

from experiments import views, views_holdouts

app_name = "experiments"

urlpatterns = [
    path("", views.experiment_list_view, name="list"),
    # Before the experiment routes: "holdouts" is a reserved experiment key.
    path("holdouts/", views_holdouts.holdout_current_view, name="holdout"),
    path("holdouts/do/<slug:action>/", views_holdouts.holdout_action_view, name="holdout-action"),
    path("holdouts/<slug:key>/", views_holdouts.holdout_detail_view, name="holdout-detail"),
    path("<slug:key>/", views.experiment_detail_view, name="detail"),
    path("<slug:key>/<slug:action>/", views.experiment_action_view, name="action"),
]
