"""``manage.py simulate_experiment`` on a world built by ``manage.py simulate``.

A known true effect is rolled out 10 → 50 → 100 % and shipped; an A/A test ramps safely to
100 % and ships nothing; opted-out candidates are never enrolled; an existing key is refused.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from experiments.models import Assignment, Experiment, ExperimentStatus
from experiments.selectors import experiment_audit_list
from profiles.models import CandidateProfile
from recruitly.spine.resolver import resolve

pytestmark = pytest.mark.django_db

THRESHOLD = "strategy.improve_resume_threshold"
# A pinned world and timeline: the same candidates, events and decisions whatever the
# calendar says (the clock is frozen after them, see conftest.py).
END_DATE = "2026-11-30"
END = "2026-11-30T11:00"
# Every candidate applies six times, so interviews per application pools ~1,800
# applications; the tests look every 6 simulated hours to stay fast.
DESIGN = [
    "--baseline=0.1",
    "--applications=6",
    "--metric=interviews_per_application",
    "--look-minutes=360",
    f"--end={END}",
    "--quiet",
]


@pytest.fixture
def world(tmp_path) -> list[int]:
    """300 candidates over two months; the first 30 opted out of experimentation."""
    call_command(
        "simulate",
        candidates=300,
        jobs=150,
        months=2,
        seed=4,
        end_date=END_DATE,
        truth_out=str(tmp_path / "truth.json"),
        verbosity=0,
    )
    opted = list(CandidateProfile.objects.order_by("user_id").values_list("user_id", flat=True))
    CandidateProfile.objects.filter(user_id__in=opted[:30]).update(experimentation_opt_out=True)
    return opted[:30]


def _simulate(*args: str) -> str:
    out = StringIO()
    call_command("simulate_experiment", *args, *DESIGN, stdout=out)
    return out.getvalue()


def _actions(key: str) -> list[str]:
    experiment = Experiment.objects.get(key=key)
    return [e.action for e in experiment_audit_list(experiment=experiment)][::-1]


def test_a_known_effect_is_rolled_out_and_shipped(world) -> None:
    # when the treatment truly triples the interview probability of an application
    text = _simulate(
        "--key=lift", f"--component={THRESHOLD}", "--effect=2", "--days=10", "--seed=1"
    )

    # then the beat analysis advanced 10 → 50 → 100 % and shipped it
    experiment = Experiment.objects.get(key="lift")
    assert experiment.status == ExperimentStatus.COMPLETED
    assert experiment.winner.key == "treatment"
    assert _actions("lift") == [
        "experiment.create",
        "experiment.start",
        "experiment.advance",
        "experiment.advance",
        "experiment.ship",
    ]
    assert resolve(THRESHOLD).value == experiment.winner.value
    # opted-out candidates were never enrolled
    assert not Assignment.objects.filter(experiment=experiment, user_id__in=world).exists()
    assert "30 opted out" in text
    # the decision log is printed with its statistics
    assert "advance 10 → 50 %" in text and "advance 50 → 100 %" in text
    assert "ship" in text and "always-valid CI" in text
    assert "→ completed at stage 100 %, winner treatment" in text


def test_an_a_a_experiment_ramps_and_ships_nothing(world) -> None:
    text = _simulate("--key=a-a", f"--component={THRESHOLD}", "--effect=0", "--days=6", "--seed=2")

    experiment = Experiment.objects.get(key="a-a")
    assert experiment.status == ExperimentStatus.COMPLETED
    # safe at every stage, so it ramped to 100 %; no win, so nothing shipped
    assert experiment.winner is None and experiment.rollout_stage == 100
    assert _actions("a-a") == [
        "experiment.create",
        "experiment.start",
        "experiment.advance",
        "experiment.advance",
        "experiment.stop",
    ]
    assert {v.value for v in experiment.variants.all()} == {75}
    assert Assignment.objects.filter(experiment=experiment).count() > 20
    assert "maximum duration reached without a decision" in text


def test_it_refuses_an_existing_key(world) -> None:
    _simulate("--key=twice", f"--component={THRESHOLD}", "--effect=0", "--days=1")

    with pytest.raises(CommandError, match="an experiment with key 'twice' exists"):
        _simulate("--key=twice", f"--component={THRESHOLD}", "--effect=0", "--days=1")
