from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from recruitly.celery import app as celery_app
from recruitly.charts import bars_with_rate
from web.overview import platform_overview


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


# A health check answers within a load balancer's usual 5 s timeout even when a service hangs.
BROKER_CHECK_SECONDS = 2.0


def healthz(request: HttpRequest) -> JsonResponse:
    """``ok`` (200) when the database and the task broker answer; ``failing`` (503) otherwise."""
    checks = {"database": _database_check(), "broker": _broker_check()}
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503
    )


def _database_check() -> dict[str, object]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return {"ok": False, "vendor": connection.vendor, "error": type(exc).__name__}
    return {"ok": True, "vendor": connection.vendor}


def _broker_check() -> dict[str, object]:
    if celery_app.conf.task_always_eager:
        return {"ok": True, "transport": "eager (tasks run in-process)"}
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_CHECK_SECONDS)
            transport = conn.transport_cls
    except Exception as exc:  # any transport's connection error means "down"
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "transport": str(transport)}
