"""The nightly's causal findings: refuted estimates never read as established."""

from __future__ import annotations

import numpy as np

from learning.causal.regression import Effect
from learning.optimizers.resume_edits import EditEffect, resume_edit_findings


def _effect(estimate: float, p: float, method: str = "iv") -> Effect:
    return Effect(method, estimate, 0.01, estimate - 0.02, estimate + 0.02, p, 5000, 800, 300)


def _edit(refuted: bool | None) -> EditEffect:
    fe, iv = _effect(0.05, 1e-6, "fixed effects"), _effect(0.06, 1e-6)
    return EditEffect(
        edit="added_metrics",
        treated=800,
        naive=_effect(0.09, 1e-9, "naive"),
        stratified=_effect(0.07, 1e-8, "stratified"),
        fixed_effects=fe,
        iv=iv,
        decision=iv,
        p_holm=1e-6,
        fixed_effects_p_holm=1e-6,
        estimates_agree=True,
        causal={"method": "iv", "estimate": 0.06, "refuted": refuted},
    )


def test_a_corroborated_unrefuted_iv_estimate_works():
    assert _edit(refuted=False).works
    findings = resume_edit_findings([_edit(refuted=False)])
    assert [f.conclusion for f in findings] == ["resume edit works: added_metrics"]


def test_a_refuted_iv_estimate_never_reads_as_works():
    effect = _edit(refuted=True)
    assert effect.refuted and not effect.works
    (finding,) = resume_edit_findings([effect])
    assert finding.parameter == "no_effect"
    assert "not established" in finding.reasoning
    assert "failed a refutation check" in finding.reasoning
    assert finding.evidence["refuted"] is True
    assert "works" not in finding.conclusion
    assert np.isfinite(finding.evidence["edits"]["added_metrics"]["p_holm"])
