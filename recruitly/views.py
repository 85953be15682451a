from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from recruitly.charts import bars_with_rate
from recruitly.overview import platform_overview


def home(request: HttpRequest) -> HttpResponse:
    overview = platform_overview()
    chart = bars_with_rate(
        [m.month for m in overview.months],
        [m.applications for m in overview.months],
        [m.interview_rate for m in overview.months],
        count_label="applications",
        rate_label="interview rate",
    )
    return render(request, "home.html", {"overview": overview, "chart": chart})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
