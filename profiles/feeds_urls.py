from django.urls import path

from profiles import feeds_views

app_name = "sources"

urlpatterns = [
    path("", feeds_views.sources, name="list"),
    path("preview/", feeds_views.source_preview_page, name="preview"),
    path("add/", feeds_views.source_create, name="add"),
    path("<int:pk>/", feeds_views.source_detail, name="detail"),
    path("<int:pk>/fetch/", feeds_views.source_fetch, name="fetch"),
]
