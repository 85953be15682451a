"""``manage.py simulate_experiment``: run an A/B test with a known true effect on a world.

Creates and starts the experiment through the services (ethics checks included), then lets
:mod:`experiments.simulation` drive the candidates of a world built by ``manage.py simulate``
through assignment, outcome events and the periodic analysis, and prints the decision log.
"""

from __future__ import annotations

import json
import math
from argparse import ArgumentTypeError
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import numpy as np
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from experiments.models import Experiment, Variant
from experiments.selectors import experiment_audit_list
from experiments.services import (
    EthicsCheckFailed,
    ExperimentError,
    experiment_create,
    experiment_start,
)
from experiments.services.analysis import WINDOW
from experiments.simulation import SimulationRun, TrueModel, experiment_simulate, interview_rates
from recruitly.spine.resolver import resolve
from recruitly.spine.specs import REGISTRY, ParameterValueError, validate_value

# The pre-registered rule is sized to the population: the confidence sequence is tightest
# at a third of it (between the 10 % and 50 % stages), and an arm needs 2.5 % of it (at
# least 10 users) before any automatic decision.
TUNING_SHARE = 1 / 3
MIN_USERS_SHARE = 0.025
MIN_USERS_PER_ARM = 10
MIN_RELATIVE_EFFECT = 0.05
# Expected benefit pre-registered for an A/A or a harm run. The ethics checks verify it is
# detectable on the world's observed baseline and population: a few hundred simulated
# candidates detect a doubling, not a 10 % lift.
DEFAULT_MDE = 1.0
# Guardrail worsening the harm test must catch, pre-registered for simulated worlds: at a
# few hundred candidates the always-valid harm test catches about 20-30 %, not 10 %.
DEFAULT_HARM_THRESHOLD = 0.5
# A numeric treatment moves the parameter by 10 % unless --value says otherwise.
DEFAULT_STEP = 0.9
MIN_USERS = 20
PRIMARY_METRICS = ("interview_rate", "interviews_per_application")


def _moment(raw: str) -> datetime:
    """An ISO date (midnight) or datetime; naive values are UTC."""
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError as error:
        raise ArgumentTypeError(f"not an ISO date or datetime: {raw!r}") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _treatment_value(component: str, control: Any, effect: float, raw: str | None) -> Any:
    if raw is not None:
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
    elif effect == 0:
        value = control  # an A/A test: both arms get today's value
    elif isinstance(control, int | float) and not isinstance(control, bool):
        value = control * DEFAULT_STEP
        value = round(value) if isinstance(control, int) else round(value, 4)
    else:
        raise CommandError(f"{component} is not numeric: give the treatment's --value (JSON)")
    try:
        validate_value(component, value)
    except ParameterValueError as error:
        raise CommandError(f"--value: {error}") from error
    return value


def _hypothesis(component: str, control: Any, treatment: Any, effect: float) -> str:
    truth = "true model of experiments.simulation"
    if effect == 0:
        return f"Simulated A/A test: both arms get {component} = {control!r}; no effect ({truth})."
    return (
        f"Simulated: {component} = {treatment!r} instead of {control!r} changes the interview "
        f"probability of an application by {effect:+.0%} ({truth})."
    )


class Command(BaseCommand):
    help = (
        "Create and start an experiment on COMPONENT, then simulate the candidates of a "
        "world (manage.py simulate) for DAYS: exposures through the resolver, outcome events "
        "with a known true effect on the interview probability, the 30-minute analysis and "
        "its automatic decisions. Prints the decision log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--key", required=True, help="new experiment key (slug)")
        parser.add_argument("--component", required=True, help="spine parameter to test")
        parser.add_argument(
            "--effect",
            type=float,
            required=True,
            help="true relative lift of the interview probability (0 = A/A, < 0 = harm)",
        )
        parser.add_argument("--days", type=float, required=True, help="simulated days")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--end",
            type=_moment,
            help="end of the simulated timeline, ISO date or datetime (UTC unless an offset "
            "is given; default: now); the experiment starts DAYS before it",
        )
        parser.add_argument("--users", type=int, help="simulate this many candidates (sample)")
        parser.add_argument(
            "--baseline",
            type=float,
            default=0.15,
            help="true interview probability of one application under control",
        )
        parser.add_argument(
            "--applications", type=int, default=1, help="applications per enrolled candidate"
        )
        parser.add_argument("--visits-per-day", type=float, default=1.5)
        parser.add_argument(
            "--metric",
            choices=PRIMARY_METRICS,
            default=PRIMARY_METRICS[0],
            help="primary metric (interviews per application pools every application)",
        )
        parser.add_argument("--value", help="treatment value as JSON (default: derived)")
        parser.add_argument(
            "--max-days",
            type=int,
            help="pre-registered maximum duration (default: --days, so the run ends decided)",
        )
        parser.add_argument(
            "--look-minutes",
            type=int,
            default=int(WINDOW.total_seconds() // 60),
            help="minutes between analyses (a multiple of the beat's 30)",
        )
        parser.add_argument(
            "--window-days",
            type=float,
            default=0.0,
            help="pre-registered outcome window in days (0: analyse every exposed user on "
            "what is seen so far; the simulated answers arrive within about two days)",
        )
        parser.add_argument(
            "--harm-threshold",
            type=float,
            default=DEFAULT_HARM_THRESHOLD,
            help="pre-registered relative guardrail worsening the harm test must catch "
            "(checked against the world's observed baselines before the start)",
        )
        parser.add_argument("--acting-user", help="username recorded as creating and starting")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        self._validate(options)
        users = self._users(options["users"], options["seed"])
        experiment = self._create(options, len(users))
        end = options["end"] or timezone.now()
        start = end - timedelta(days=options["days"])
        acting_user = self._acting_user(options["acting_user"])
        try:
            experiment_start(experiment=experiment, acting_user=acting_user, now=start)
        except EthicsCheckFailed as error:
            raise CommandError(
                f"the ethics checks refused to start {experiment.key}: {error}"
            ) from error
        rates = interview_rates(experiment, baseline=options["baseline"], effect=options["effect"])
        model = TrueModel(
            rates=rates,
            visits_per_day=options["visits_per_day"],
            applications=options["applications"],
        )
        look_every = timedelta(minutes=options["look_minutes"])
        looks = math.ceil(timedelta(days=options["days"]) / look_every)
        quiet = options["quiet"] or options["verbosity"] == 0
        with tqdm(total=looks, desc=f"{experiment.key} looks", disable=quiet, leave=False) as bar:
            run = experiment_simulate(
                experiment=experiment,
                users=users,
                model=model,
                start=start,
                days=options["days"],
                seed=options["seed"],
                look_every=look_every,
                progress=bar.update,
            )
        if options["verbosity"] > 0:
            self._report(run, rates)

    def _validate(self, options: dict[str, Any]) -> None:
        if Experiment.objects.filter(key=options["key"]).exists():
            raise CommandError(
                f"an experiment with key {options['key']!r} exists: pick another --key"
            )
        if options["component"] not in REGISTRY:
            raise CommandError(
                f"unknown component {options['component']!r}; known: {', '.join(REGISTRY)}"
            )
        if options["end"] and options["end"] > timezone.now():
            raise CommandError("--end cannot lie in the future: events would be rejected")
        if not options["harm_threshold"] > 0:
            raise CommandError("--harm-threshold must be positive")
        if options["window_days"] < 0:
            raise CommandError("--window-days cannot be negative")
        if not 0 < options["days"] <= 365:
            raise CommandError("--days must lie in (0, 365]")
        if not 0 <= options["baseline"] <= 1 or options["effect"] <= -1:
            raise CommandError("--baseline must lie in [0, 1] and --effect above -1")
        minutes = options["look_minutes"]
        if minutes <= 0 or minutes % 30:
            raise CommandError("--look-minutes must be a positive multiple of 30")
        if options["applications"] < 1 or options["visits_per_day"] <= 0:
            raise CommandError("--applications must be ≥ 1 and --visits-per-day positive")

    def _users(self, count: int | None, seed: int) -> list[Any]:
        users = list(
            get_user_model()
            .objects.filter(candidate_profile__isnull=False, is_active=True)
            .order_by("pk")
        )
        if count is not None and count < len(users):
            chosen = np.random.default_rng(seed).choice(len(users), size=count, replace=False)
            users = [users[i] for i in sorted(chosen)]
        if len(users) < MIN_USERS:
            raise CommandError(
                f"found {len(users)} candidates with a profile, need at least {MIN_USERS}: "
                "build a world first with manage.py simulate"
            )
        return users

    def _acting_user(self, username: str | None) -> Any:
        if username is None:
            return None
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"no user named {username!r}") from None

    def _create(self, options: dict[str, Any], population: int) -> Experiment:
        component, effect = options["component"], options["effect"]
        control = resolve(component).value
        treatment = _treatment_value(component, control, effect, options["value"])
        kind = "A/A test" if effect == 0 else f"true effect {effect:+.0%}"
        try:
            return experiment_create(
                key=options["key"],
                name=f"Simulated {component} ({kind})",
                component=component,
                hypothesis=_hypothesis(component, control, treatment, effect),
                variants=[
                    {"key": "control", "value": control, "weight": 0.5, "is_control": True},
                    {"key": "treatment", "value": treatment, "weight": 0.5},
                ],
                acting_user=self._acting_user(options["acting_user"]),
                primary_metric=options["metric"],
                guardrail_metrics=["days_to_response"],
                baseline=options["baseline"],
                mde_relative=effect if effect >= MIN_RELATIVE_EFFECT else DEFAULT_MDE,
                max_duration_days=options["max_days"] or math.ceil(options["days"]),
                decision_rule={
                    "min_users_per_arm": max(
                        MIN_USERS_PER_ARM, round(population * MIN_USERS_SHARE)
                    ),
                    "sequential_tuning": max(population * TUNING_SHARE, 2 * MIN_USERS_PER_ARM),
                    "min_relative_effect": MIN_RELATIVE_EFFECT,
                    "outcome_window_days": options["window_days"],
                    "harm_threshold": options["harm_threshold"],
                },
                rollback_plan=f"Roll back to control: everyone returns to {control!r}.",
            )
        except ExperimentError as error:
            raise CommandError(f"cannot create {options['key']}: {error}") from error

    def _report(self, run: SimulationRun, rates: dict[str, float]) -> None:
        experiment = run.experiment
        write = self.stdout.write
        truth = ", ".join(f"{k} {v:.3f}" for k, v in rates.items())
        enrolled = ", ".join(f"{k} {n}" for k, n in run.enrolled_per_variant().items())
        write(self.style.MIGRATE_HEADING(f"» {experiment.key}: {experiment.component}"))
        write(f"  true interview probability per application: {truth}")
        write(
            f"  enrolled: {enrolled} (of {run.candidates} candidates, {run.opted_out} opted "
            f"out); {run.events_written} events written; {len(run.analyses)} analyses"
        )
        write("  decision log (simulated time):")
        # keyed for lookups by an audit entry's analysis_id, which may be missing (None)
        looked_at: dict[int | None, datetime] = {a.pk: a.analysed_at for a in run.analyses}
        for entry in reversed(list(experiment_audit_list(experiment=experiment))):
            at = looked_at.get((entry.details or {}).get("analysis_id"))
            if entry.action in ("experiment.create", "experiment.start"):
                at = experiment.started_at
            write(_log_line(entry, at or entry.created_at))
        if run.analyses and experiment.status == "running":
            last = run.analyses[-1]
            write(f"  last look ({last.analysed_at:%Y-%m-%d %H:%M}): {'; '.join(last.reasons)}")
            stats = _statistics({"primary": last.results[0], "srm_p_value": last.srm_p_value})
            write(f"      {stats}")
        style = self.style.SUCCESS if experiment.status != "rolled_back" else self.style.WARNING
        winner = f", winner {cast(Variant, experiment.winner).key}" if experiment.winner_id else ""
        write(style(f"  → {experiment.status} at stage {experiment.rollout_stage} %{winner}"))


def _log_line(entry: Any, at: datetime) -> str:
    details = entry.details or {}
    action = entry.action.removeprefix("experiment.")
    if action == "advance":
        action = f"advance {details.get('from_stage')} → {details.get('to_stage')} %"
    who = entry.actor.get_username() if entry.actor else "automatic"
    line = f"    {at:%Y-%m-%d %H:%M}  {action:<16} ({who}) {entry.reason}"
    stats = _statistics(details)
    return f"{line}\n      {stats}" if stats else line


def _statistics(details: dict[str, Any]) -> str:
    primary = details.get("primary")
    if not primary or not primary.get("comparisons"):
        return ""
    c = primary["comparisons"][0]
    arms = ", ".join(
        f"{v['variant']} n={v['n']} mean={_number(v['mean'], '.3f')}" for v in primary["variants"]
    )
    low, high = c.get("decision_ci") or (None, None)
    relative = c["relative"]["estimate"]
    parts = [
        arms,
        f"lift {_number(c['absolute']['estimate'], '+.3f')}"
        + (f" ({relative:+.0%})" if relative is not None else ""),
        f"always-valid CI [{_number(low, '+.3f')}, {_number(high, '+.3f')}]",
        f"always-valid p {_number(c.get('sequential_p_value_adjusted'), '.2g')}",
        f"SRM p {_number(details.get('srm_p_value'), '.2g')}",
    ]
    return "; ".join(parts)


def _number(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)
