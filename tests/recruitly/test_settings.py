"""Settings come from the environment; bad values stop start-up naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from recruitly.env import broker_from_url, database_from_url, env_bool

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_postgres_url_becomes_a_psycopg_database() -> None:
    db = database_from_url("DATABASE_URL", "postgresql://app:s%40cret@db.internal:5433/recruitly")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "app",
        "s@cret",
        "db.internal",
        "5433",
        "recruitly",
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/db", "DATABASE_URL has an unsupported scheme 'mysql'"),
        ("postgresql://localhost:99999/db", "DATABASE_URL has an invalid port"),
        ("postgresql://localhost/", "DATABASE_URL needs a database name"),
        ("not a url", "DATABASE_URL has an unsupported scheme ''"),
    ],
)
def test_malformed_database_urls_name_the_variable(url: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        database_from_url("DATABASE_URL", url)


def test_broker_urls_are_checked() -> None:
    assert broker_from_url("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0").scheme == "redis"
    assert (
        broker_from_url("CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//").scheme == "amqp"
    )
    with pytest.raises(ImproperlyConfigured, match="CELERY_BROKER_URL has an unsupported scheme"):
        broker_from_url("CELERY_BROKER_URL", "kafka://x:1")


def test_booleans_accept_the_usual_spellings(monkeypatch) -> None:
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be a boolean"):
        env_bool("FLAG", False)


def test_a_non_boolean_debug_stops_start_up_naming_the_variable() -> None:
    result = run_manage("check", DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_a_malformed_database_url_stops_start_up() -> None:
    result = run_manage("check", DATABASE_URL="postgres//nohost")
    assert result.returncode != 0
    assert "DATABASE_URL has an unsupported scheme" in result.stderr


def test_production_settings_pass_the_deploy_check() -> None:
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="k" * 20 + "-production-secret-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="recruitly.example.com",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_refuses_to_start() -> None:
    result = run_manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is false" in result.stderr


def test_embedded_defaults_need_no_services(settings) -> None:
    if os.environ.get("DATABASE_URL") or os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("running against real services: the embedded defaults are not in use")
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert settings.AI_PROVIDER == "local"
    # The test runner swaps in the locmem backend; the settings module itself says console.
    from recruitly import settings as module

    assert module.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"


def test_the_embedded_broker_names_a_host_so_kombu_warns_of_nothing(caplog) -> None:
    # "No hostname was supplied. Reverting to default 'localhost'" used to fill test and demo
    # output: the in-memory broker URL named no host
    from recruitly.celery import app

    caplog.set_level("WARNING", logger="kombu.connection")
    with app.connection_for_write() as connection:
        connection._info()
    assert not [r for r in caplog.records if r.name == "kombu.connection"]
