from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from learning.api.ai_dashboard import AdminLearningDashboardApi
from profiles import views as profile_views
from recruitly.api_errors import api_not_found
from recruitly.login_throttle import ThrottledLoginView
from web import views

api_v1 = [
    path("", include("learning.api.urls")),
    path("", include("experiments.api.urls")),
    path("", include("profiles.api.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", profile_views.signup, name="signup"),
    path("admin/", admin.site.urls),
    path("me/", include("profiles.urls")),
    path("experiments/", include("experiments.urls")),
    path("sources/", include("profiles.feeds_urls")),
    path("", include("learning.urls")),
    path("learning/quality/", include("learning.quality.urls")),
    path("api/v1/", include(api_v1)),
    # seed 004's path for the learning dashboard (also at /api/v1/learning/dashboard)
    path(
        "api/admin/learning-dashboard",
        AdminLearningDashboardApi.as_view(),
        name="admin-learning-dashboard",
    ),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script from a URL: no inline script, CSP holds.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # Any other URL under /api/ answers a JSON 404 (not the HTML page) with its code.
    re_path(r"^api/", api_not_found),
]
