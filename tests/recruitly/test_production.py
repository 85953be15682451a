"""The production way to run: Procfile, gunicorn settings, static files, /healthz."""

from __future__ import annotations

import importlib

import pytest

from recruitly.celery import app
from tests.recruitly.test_celery_worker import ROOT


def test_the_procfile_starts_web_worker_and_one_beat() -> None:
    processes = dict(
        line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines()
        if line and not line.startswith("#")
    )  # fmt: skip
    assert set(processes) == {"web", "worker", "beat"}
    assert processes["web"].strip().startswith("gunicorn recruitly.wsgi:application")
    assert "celery -A recruitly worker" in processes["worker"]
    assert "celery -A recruitly beat" in processes["beat"]


def test_gunicorn_settings_bind_to_loopback_by_default(monkeypatch) -> None:
    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.setenv("PORT", "8123")
    config = importlib.reload(importlib.import_module("recruitly.gunicorn_conf"))
    assert config.bind == "127.0.0.1:8123"
    assert config.timeout >= 10 and config.preload_app


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["broker"]["ok"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_down(client, monkeypatch) -> None:
    def refused(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    app.conf.task_always_eager = False  # the autouse eager_celery fixture restores it
    monkeypatch.setattr(app, "connection_for_write", refused)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False and response.json()["database"]["ok"]


@pytest.mark.django_db
def test_static_files_are_served_by_the_wsgi_app(client) -> None:
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)
