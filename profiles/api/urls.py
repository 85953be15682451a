from django.urls import re_path

from profiles.api import optimize, optimize_callback, privacy, views

USER = r"(?P<user_id>[\w.@+-]+)"

urlpatterns = [
    re_path(
        rf"^profiles/upload-resume/{USER}/?$",
        views.ResumeUploadApi.as_view(),
        name="profile-upload-resume",
    ),
    re_path(
        rf"^profiles/parse-text/{USER}/?$",
        views.ResumeTextParseApi.as_view(),
        name="profile-parse-text",
    ),
    re_path(rf"^profiles/profile/{USER}/?$", views.ProfileApi.as_view(), name="profile-detail"),
    re_path(rf"^profiles/matches/{USER}/?$", views.MatchListApi.as_view(), name="profile-matches"),
    re_path(
        rf"^profiles/score-jobs/{USER}/?$", views.ScoreJobsApi.as_view(), name="profile-score-jobs"
    ),
    re_path(
        rf"^profiles/optimize/{USER}/?$",
        optimize.ResumeOptimizeApi.as_view(),
        name="profile-optimize",
    ),
    re_path(
        rf"^profiles/optimize/{USER}/suggestions/(?P<pk>[0-9]{{1,18}})/?$",
        optimize.SuggestionDecideApi.as_view(),
        name="profile-optimize-suggestion",
    ),
    re_path(
        rf"^profiles/optimize/{USER}/(?P<pk>[0-9]{{1,18}})/callback/?$",
        optimize_callback.OptimizationCallbackApi.as_view(),
        name="profile-optimize-callback",
    ),
    re_path(r"^me/export/?$", privacy.AccountExportApi.as_view(), name="me-export"),
    re_path(r"^me/delete/?$", privacy.AccountDeleteApi.as_view(), name="me-delete"),
    re_path(r"^profiles/users/?$", views.UserListApi.as_view(), name="profile-users"),
    re_path(r"^jobs/refresh/?$", views.JobRefreshApi.as_view(), name="jobs-refresh"),
    re_path(r"^jobs/?$", views.JobListApi.as_view(), name="jobs-list"),
]
