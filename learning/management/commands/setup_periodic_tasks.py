from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from recruitly.schedule import SCHEDULE, PeriodicJob


def _schedule_fields(job: PeriodicJob) -> dict[str, object]:
    if job.crontab is not None:
        minute, hour, day_of_week = job.crontab
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week=day_of_week,
            day_of_month="*",
            month_of_year="*",
            timezone="UTC",
        )
        return {"crontab": crontab, "interval": None}
    interval, _ = IntervalSchedule.objects.get_or_create(
        every=job.every_seconds, period=IntervalSchedule.SECONDS
    )
    return {"interval": interval, "crontab": None}


class Command(BaseCommand):
    help = "Write the code-defined beat schedule into django-celery-beat (idempotent)."

    @transaction.atomic
    def handle(self, *args: object, **options: Any) -> None:
        for job in SCHEDULE:
            # update_or_create by name: the schedule and task follow the code, while the
            # "enabled" flag an admin may have switched off is left alone.
            _, created = PeriodicTask.objects.update_or_create(
                name=job.name,
                defaults={
                    "task": job.task,
                    "kwargs": json.dumps(job.kwargs),
                    "description": job.description,
                    **_schedule_fields(job),
                },
            )
            if options["verbosity"] > 1:
                verb = "created" if created else "updated"
                self.stdout.write(f"{verb} periodic task {job.name} → {job.task}")
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(f"{len(SCHEDULE)} periodic task(s) in place"))
