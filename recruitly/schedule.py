"""The one beat schedule, defined in code.

``python manage.py setup_periodic_tasks`` (run after every ``migrate`` and by ``demo``) writes
these entries into django-celery-beat with ``update_or_create`` by name, so a reviewer's
pause in the admin survives a deploy. ``demo`` runs each task once, in the order listed here:
the order of the daily pipeline (fetch → score → digest → analyse → insights → experiments).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: str
    # Either an interval in seconds or a crontab (minute, hour, day_of_week), UTC.
    every_seconds: int | None = None
    crontab: tuple[str, str, str] | None = None
    kwargs: dict[str, object] = field(default_factory=dict)
    description: str = ""


SCHEDULE: list[PeriodicJob] = [
    # --- profiles: feeds, scoring, digests (seed 003's daily workflow, UTC) ----------------
    PeriodicJob(
        name="profiles: fetch job feeds",
        task="profiles.feeds_refresh",
        crontab=("0", "*", "*"),
        description="Hourly: fetch every active feed not backing off after failures.",
    ),
    PeriodicJob(
        name="profiles: score jobs",
        task="profiles.score_all",
        crontab=("30", "*", "*"),
        kwargs={"days_back": 2},
        description="Hourly, 30 min after the fetch: score candidates against recent jobs.",
    ),
    PeriodicJob(
        name="profiles: daily digests",
        task="profiles.digests_daily",
        crontab=("0", "7", "*"),
        description="07:00: one digest per candidate per day, mailed (unique per day).",
    ),
    PeriodicJob(
        name="profiles: send pending digest mails",
        task="profiles.digest_mails_flush",
        every_seconds=10 * 60,
        description="Every 10 min: send outbox mails still pending (SMTP failures, crashes).",
    ),
    PeriodicJob(
        name="profiles: clean up old scores",
        task="profiles.scores_cleanup",
        crontab=("0", "4", "0"),
        description="Sunday 04:00: delete month-old scores nobody acted on.",
    ),
    PeriodicJob(
        name="profiles: privacy retention",
        task="profiles.privacy_retention",
        crontab=("30", "4", "*"),
        description="04:30: erase raw resume text of long-inactive candidates and old AI "
        "inputs and outputs (PRIVACY_*_RETENTION_DAYS).",
    ),
    # --- event log ----------------------------------------------------------------------------
    PeriodicJob(
        name="eventlog: monthly partitions",
        task="eventlog.partitions_ensure",
        crontab=("45", "0", "*"),
        kwargs={"months_ahead": 3},
        description="00:45: create the event log's partitions for this month and the next "
        "three (PostgreSQL), so inserts never land in the default partition.",
    ),
    # --- learning ---------------------------------------------------------------------------
    PeriodicJob(
        name="learning: nightly analysis",
        task="learning.analysis_nightly",
        crontab=("30", "2", "*"),
        description="Analyse the event log up to midnight UTC and propose parameter changes.",
    ),
    PeriodicJob(
        name="learning: weekly insights",
        task="learning.weekly_insights",
        crontab=("0", "6", "1"),  # Mondays 06:00 UTC, after the nightly analysis
        description="Weekly insights and learned personal thresholds for every active candidate.",
    ),
    PeriodicJob(
        name="learning: AI pipeline",
        task="recruitly.ai_pipeline",
        every_seconds=30 * 60,
        description="Every 30 min (seed 004): approval per action, prompt version and model "
        "with Wilson intervals, issues, and automatic rollback of a regressed prompt.",
    ),
    PeriodicJob(
        name="learning: weekly AI report",
        task="recruitly.ai_weekly_report",
        crontab=("30", "6", "1"),  # Mondays 06:30 UTC
        description="Seed 000's weekly AI learning report (patterns found, improvements "
        "deployed, score and cost impact), e-mailed to reviewers.",
    ),
    PeriodicJob(
        name="learning: daily data-quality report",
        task="learning.data_quality_daily",
        crontab=("15", "1", "*"),
        description="01:15: yesterday's event-log quality (capture, completeness per field, "
        "anomalies flagged, quarantine by reason), on its page and mailed to reviewers once.",
    ),
    # --- experiments --------------------------------------------------------------------------
    PeriodicJob(
        name="experiments: analysis",
        task="experiments.analyse_experiments",
        every_seconds=30 * 60,
        description="Analyse running experiments with always-valid statistics; advance the "
        "rollout, ship, roll back or conclude when the pre-registered rule says so.",
    ),
]
