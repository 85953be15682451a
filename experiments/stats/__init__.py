"""The experiments statistics engine: pure Python (numpy/scipy), no Django import anywhere.

Inputs are validated frozen dataclasses of per-arm sufficient statistics; outputs are result
dataclasses. Formulas live in each module's docstring.
"""

from experiments.stats.bayes import BayesView, chance_to_beat
from experiments.stats.compare import ArmSummary, Comparison, compare, compare_cuped, cuped_theta
from experiments.stats.decision import (
    STAGES,
    Decision,
    DecisionRule,
    Look,
    MetricAnalysis,
    MetricSpec,
    analyse,
)
from experiments.stats.effects import Effect
from experiments.stats.inputs import CupedStats, RatioStats, SampleStats, StatsInputError
from experiments.stats.multiple import adjust, benjamini_hochberg, holm
from experiments.stats.power import Design, design, mde_relative, power, sample_size_per_arm
from experiments.stats.sequential import cs_half_width, sequential_p_value
from experiments.stats.srm import SRM_ALPHA, srm, srm_sequential

__all__ = [
    "SRM_ALPHA",
    "STAGES",
    "ArmSummary",
    "BayesView",
    "Comparison",
    "CupedStats",
    "Decision",
    "DecisionRule",
    "Design",
    "Effect",
    "Look",
    "MetricAnalysis",
    "MetricSpec",
    "RatioStats",
    "SampleStats",
    "StatsInputError",
    "adjust",
    "analyse",
    "benjamini_hochberg",
    "chance_to_beat",
    "compare",
    "compare_cuped",
    "cs_half_width",
    "cuped_theta",
    "design",
    "holm",
    "mde_relative",
    "power",
    "sample_size_per_arm",
    "sequential_p_value",
    "srm",
    "srm_sequential",
]
