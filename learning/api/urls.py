from django.urls import path

from learning.api.views import EventIngestApi

urlpatterns = [
    path("events/", EventIngestApi.as_view(), name="event-ingest"),
]
