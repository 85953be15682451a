"""`manage.py demo --no-serve` builds a working platform from an empty database."""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django_celery_beat.models import PeriodicTask

from profiles.models import Application, CandidateProfile
from recruitly.eventlog.models import Event
from recruitly.schedule import SCHEDULE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_demo_sets_up_accounts_a_world_and_the_schedule(client, tmp_path, settings, caplog) -> None:
    settings.VAR_DIR = tmp_path
    out = StringIO()
    caplog.set_level(logging.INFO)
    call_command(
        "demo", "--no-serve", candidates=25, jobs=120, months=3, seed=3, stdout=out, verbosity=0,
        addrport="127.0.0.1:8123",
    )  # fmt: skip
    text = out.getvalue()
    # the printed address is the one asked for, and no task or broker chatter is logged
    assert "Open http://127.0.0.1:8123/ and sign in" in text
    noisy = [r for r in caplog.records if r.name in ("celery.app.trace", "kombu.connection")]
    assert noisy == []
    # accounts are printed and work
    assert "reviewer (admin, Reviewers group): reviewer / recruitly-demo" in text
    candidate = text.split("candidate:")[1].split("/")[0].strip()
    assert client.login(username=candidate, password="recruitly-demo")
    assert (
        get_user_model().objects.get(username="reviewer").groups.filter(name="Reviewers").exists()
    )
    # the world exists and every periodic job is installed
    assert CandidateProfile.objects.count() == 25
    assert Application.objects.exists() and Event.objects.exists()
    assert set(PeriodicTask.objects.values_list("name", flat=True)) >= {j.name for j in SCHEDULE}
    # the candidate's pages and the landing page show it
    assert client.get("/me/").status_code == 200
    home = client.get("/").content.decode()
    assert '25</div><div class="label">candidates' in home.replace("\n", "")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_demo_is_safe_to_run_twice(tmp_path, settings) -> None:
    settings.VAR_DIR = tmp_path
    for _ in range(2):
        call_command(
            "demo",
            "--no-serve",
            candidates=10,
            jobs=40,
            months=2,
            seed=5,
            stdout=StringIO(),
            verbosity=0,
        )
    assert CandidateProfile.objects.count() == 10


def test_demo_stops_with_a_clear_error_when_its_port_is_busy() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with pytest.raises(CommandError, match=f"Port {port} on 127.0.0.1 is already in use"):
            call_command("demo", addrport=f"127.0.0.1:{port}", stdout=StringIO())


@pytest.mark.parametrize("bad", ["http://x", "127.0.0.1:0", "host:99999", "abc"])
def test_demo_refuses_a_malformed_address(bad) -> None:
    with pytest.raises(CommandError, match="expected PORT or HOST:PORT"):
        call_command("demo", addrport=bad, stdout=StringIO())


def _make_dry_run(*args: str) -> str:
    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        ["make", "-n", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_passes_the_port_to_the_demo_and_prints_skip_reasons() -> None:
    assert "manage.py demo --addrport 127.0.0.1:8123" in _make_dry_run("demo", "PORT=8123")
    assert "manage.py demo --addrport 127.0.0.1:8000" in _make_dry_run("demo")
    assert "-m pytest -rs" in _make_dry_run("test")
