"""`manage.py demo --no-serve` builds a working platform from an empty database."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from learning.models import Event
from profiles.models import Application, CandidateProfile
from recruitly.schedule import SCHEDULE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_demo_sets_up_accounts_a_world_and_the_schedule(client, tmp_path, settings) -> None:
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command(
        "demo", "--no-serve", candidates=25, jobs=120, months=3, seed=3, stdout=out, verbosity=0
    )
    text = out.getvalue()
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
