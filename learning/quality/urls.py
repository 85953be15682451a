from django.urls import path

from learning.quality import views

app_name = "quality"

urlpatterns = [
    path("", views.report, name="report"),
    path("quarantine/", views.quarantine, name="quarantine"),
    path("quarantine/<int:pk>/", views.quarantine_item, name="quarantine-item"),
    path("quarantine/<int:pk>/replay/", views.quarantine_replay, name="quarantine-replay"),
    path("quarantine/<int:pk>/discard/", views.quarantine_discard, name="quarantine-discard"),
    path("events/<int:pk>/", views.event_detail, name="event"),
]
