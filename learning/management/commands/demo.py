from __future__ import annotations

import errno
import logging
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from profiles.models import CandidateProfile
from recruitly.celery import app as celery_app
from recruitly.schedule import SCHEDULE

REVIEWERS_GROUP = "Reviewers"
REVIEWER_USERNAME = "reviewer"
# Demo-only credentials; override with DEMO_PASSWORD. Production accounts never use these.
DEFAULT_DEMO_PASSWORD = "recruitly-demo"
DEFAULT_WORLD = {"candidates": 300, "jobs": 1500, "months": 12, "seed": 7}
DEFAULT_ADDRPORT = "127.0.0.1:8000"
# Loggers that speak once per task in eager mode ("Task … succeeded in …") or warn about
# the default in-memory broker: noise that would bury the sign-in details.
QUIET_LOGGERS = ("celery.app.trace", "kombu.connection")


def split_addrport(addrport: str) -> tuple[str, int]:
    """``"8001"``, ``"0.0.0.0:8001"`` or ``"[::1]:8001"`` → (host, port); CommandError if bad."""
    host, _, port = addrport.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"--addrport {addrport!r}: expected PORT or HOST:PORT, PORT 1-65535")
    return host, int(port)


def port_free(host: str, port: int) -> bool:
    """Whether a server could listen on ``host:port`` now (nothing else holds it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


@contextmanager
def quiet_task_logs() -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Set up a working platform: migrate, create demo accounts, simulate a world if the "
        "database is empty, run every periodic job once, then serve on 127.0.0.1:8000 "
        "(another port: --addrport 8001, or make demo PORT=8001)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Do everything but serve.")
        parser.add_argument(
            "--addrport",
            default=DEFAULT_ADDRPORT,
            help=f"where to serve: PORT or HOST:PORT (default {DEFAULT_ADDRPORT})",
        )
        for name, default in DEFAULT_WORLD.items():
            parser.add_argument(
                f"--{name}",
                type=int,
                default=default,
                help=f"simulated world size (default {default})",
            )

    def handle(self, *args: object, no_serve: bool, addrport: str, **options: Any) -> None:
        world = {name: options[name] for name in DEFAULT_WORLD}
        host, port = split_addrport(addrport)
        if not no_serve and not port_free(host, port):
            raise CommandError(
                f"Port {port} on {host} is already in use: stop what holds it, or choose "
                f"another port with `make demo PORT=8001` (or --addrport {host}:8001)."
            )
        mail_dir = self._mail_to_files()
        self._step("Migrating the database")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("setup_periodic_tasks", verbosity=0)
        password = os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
        reviewer = self._reviewer(password)
        if not CandidateProfile.objects.exists():
            self._step("Simulating a world: " + ", ".join(f"{k} {v}" for k, v in world.items()))
            call_command("simulate", **world, verbosity=options["verbosity"])
            # Two experiments on that world, through assignment, events and the 30-minute
            # analysis: a strong true effect (only ~30 of 300 candidates are enrolled at the
            # 10 % stage) that advances, and an A/A test that ramps safely and ships nothing.
            # About 13 s; skipped for worlds under 100 candidates, too few for the 10 % stage.
            experiments = [
                ("demo-resume-threshold", "strategy.improve_resume_threshold", 4.0, 4, 28),
                ("demo-a-a", "strategy.rethink_targets_threshold", 0.0, 2, 2),
            ]
            if world["candidates"] < 100:
                experiments = []
            else:
                self._step("Simulating experiments: a true effect of +400 %, and an A/A test")
            for key, component, effect, days, max_days in experiments:
                call_command(
                    "simulate_experiment",
                    key=key,
                    component=component,
                    effect=effect,
                    days=days,
                    max_days=max_days,
                    baseline=0.1,
                    applications=6,
                    metric="interviews_per_application",
                    seed=world["seed"],
                    acting_user=reviewer.get_username(),
                    verbosity=options["verbosity"],
                )
        candidate = self._candidate(password)
        with quiet_task_logs():
            self._run_periodic_jobs()
        url = f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
        self._print_accounts(reviewer.get_username(), candidate, password, url)
        if mail_dir:
            self.stdout.write(f"  E-mails (digests, notifications) are written to {mail_dir}/")
        if not no_serve:
            ipv6 = ":" in host
            bound = f"[{host}]:{port}" if ipv6 else f"{host}:{port}"
            call_command("runserver", bound, use_reloader=False, use_ipv6=ipv6)

    def _mail_to_files(self) -> Path | None:
        """Unless EMAIL_BACKEND is set, write the demo's e-mails to files instead of the console.

        A demo world mails hundreds of digests; printed, they would bury the sign-in details.
        """
        if os.environ.get("EMAIL_BACKEND"):
            return None
        mail_dir = Path(settings.VAR_DIR) / "mail"
        mail_dir.mkdir(parents=True, exist_ok=True)
        settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
        settings.EMAIL_FILE_PATH = str(mail_dir)
        return mail_dir

    def _step(self, text: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"» {text}"))

    def _reviewer(self, password: str):
        user, created = get_user_model().objects.get_or_create(
            username=REVIEWER_USERNAME,
            defaults={"is_staff": True, "is_superuser": True, "email": "reviewer@example.com"},
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
        return user

    def _candidate(self, password: str) -> str | None:
        """Give the most active simulated candidate a password so a person can sign in."""
        profile = (
            CandidateProfile.objects.select_related("user")
            .annotate(n=Count("applications"))
            .order_by("-n", "user__username")
            .first()
        )
        if profile is None:
            return None
        user = profile.user
        if not user.has_usable_password():
            user.set_password(password)
            user.save(update_fields=["password"])
        return user.get_username()

    def _run_periodic_jobs(self) -> None:
        celery_app.loader.import_default_modules()
        for job in SCHEDULE:
            self._step(f"Running periodic job {job.name}")
            started = time.perf_counter()
            celery_app.tasks[job.task].apply(kwargs=job.kwargs, throw=True)
            self.stdout.write(f"  done in {time.perf_counter() - started:.1f} s")

    def _print_accounts(
        self, reviewer: str, candidate: str | None, password: str, url: str
    ) -> None:
        self.stdout.write(self.style.SUCCESS("\nrecruitly is ready."))
        self.stdout.write(f"  Open {url} and sign in as:")
        self.stdout.write(f"    reviewer (admin, Reviewers group): {reviewer} / {password}")
        if candidate:
            self.stdout.write(f"    candidate:                         {candidate} / {password}")
        self.stdout.write("  API token for a user: python manage.py issue_token USERNAME")
