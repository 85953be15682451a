from django.urls import path

from profiles import views, views_optimize, views_privacy

app_name = "profiles"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("resume/", views.resume, name="resume"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("matches/", views.matches, name="matches"),
    path("matches/<int:pk>/", views.match_detail, name="match_detail"),
    path("matches/<int:pk>/rate/", views.match_rate, name="match_rate"),
    path(
        "matches/<int:pk>/<str:mark>/",
        views.match_mark,
        name="match_mark",
    ),
    path("ai/<int:pk>/rate/", views.ai_rate, name="ai_rate"),
    path("optimize/", views_optimize.optimize_start, name="optimize_start"),
    path("optimize/<int:pk>/", views_optimize.optimize_detail, name="optimize_detail"),
    path("optimize/<int:pk>/rate/", views_optimize.optimize_rate, name="optimize_rate"),
    path("optimize/<int:pk>/callback/", views_optimize.optimize_callback, name="optimize_callback"),
    path(
        "optimize/<int:pk>/suggestions/<int:suggestion_pk>/",
        views_optimize.optimize_decide,
        name="optimize_decide",
    ),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/outcome/", views.application_outcome, name="application_outcome"),
    path("digests/", views.digests, name="digests"),
    path("digests/<int:pk>/", views.digest_detail, name="digest_detail"),
    path("digests/t/<str:token>/", views.digest_page, name="digest_page"),
    path("digests/t/<str:token>/open.gif", views.digest_open, name="digest_open"),
    path("digests/t/<str:token>/click/<int:job_id>/", views.digest_click, name="digest_click"),
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/export/", views_privacy.account_export, name="account_export"),
    path("preferences/delete/", views_privacy.account_delete, name="account_delete"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
