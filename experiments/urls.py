from django.urls import path

from experiments import views

app_name = "experiments"

urlpatterns = [
    path("", views.experiment_list_view, name="list"),
    path("<slug:key>/", views.experiment_detail_view, name="detail"),
    path("<slug:key>/<slug:action>/", views.experiment_action_view, name="action"),
]
