"""Write the simulator's planted parameter fault (learning.simulation.plants) into the spine."""

from __future__ import annotations

from datetime import datetime

from learning.simulation.plants import Miscalibration, miscalibrated_rates, true_bucket_rates
from learning.simulation.world import World
from recruitly.spine.models import ParameterVersion, VersionSource
from recruitly.spine.services import parameter_version_create

RATES = "resume_scoring.expected_interview_rates"


def _dated(version: ParameterVersion, moment: datetime) -> ParameterVersion:
    ParameterVersion.objects.filter(pk=version.pk).update(created_at=moment, updated_at=moment)
    version.refresh_from_db()
    return version


def calibrated_version_plant(world: World) -> ParameterVersion:
    """A learned version holding the world's true rates, dated at the world's start."""
    version = parameter_version_create(
        component=RATES,
        value=true_bucket_rates(world),
        acting_user=None,
        reason="simulation: the world's true interview rate per resume-score bucket",
        source=VersionSource.RECOMMENDATION,
        evidence={"planted": "calibrated"},
    )
    return _dated(version, world.start)


def miscalibration_plant(world: World, plant: Miscalibration) -> ParameterVersion:
    """On top of the calibrated version, one promising ``factor`` times the true rates at ``at``."""
    calibrated_version_plant(world)
    version = parameter_version_create(
        component=RATES,
        value=miscalibrated_rates(true_bucket_rates(world), plant.factor),
        acting_user=None,
        reason=f"simulation: planted miscalibration ({plant.factor} x the true rates)",
        source=VersionSource.RECOMMENDATION,
        evidence={"planted": "miscalibrated", "factor": plant.factor},
    )
    return _dated(version, plant.at)
