# ruff: noqa: RUF002 -- formulas are written in mathematical notation
"""Insight quality (seed 002 §12.3): did following an insight improve outcomes? No Django.

Each insight given to a candidate is a record: its *kind* (``focus:<dimension>`` — "focus more
on series A companies"; ``stop:<dimension>`` — "stop applying to reach jobs"; ``pace`` — "aim
for N applications this week"), when it was given, whether the candidate *acted* on it, and
their interview rate before (``pre_rate`` over ``pre_n`` resolved applications) and over the
``FOLLOW_DAYS`` after (``post_rate``, ``post_n``). Acting is read from behaviour, not from a
click: for a focus insight the share of applications in the advised group rose against the
share before; for a stop insight it fell; for a pace insight the candidate sent at least the
advised number a week.

Stronger candidates act more often and do better anyway, so the raw difference between those
who acted and those who did not is confounded. Each candidate is therefore their own control:
the outcome is the *change* of their interview rate, ``post_rate − pre_rate``, which removes
whatever about the candidate is stable (a difference-in-differences of rates); adjusting the
post rate for the pre rate instead leaves confounding, because a pre rate over a few
applications measures the candidate with much noise. Per kind, the causal engine
(:func:`learning.causal.engine.estimate_effect`: regression adjustment for the average effect
on those who acted, on the number of applications before, clustered by candidate, with its
placebo, random-common-cause and subset refutations) estimates the effect of acting on that
change. Verdicts:

* **helps** — the 95 % interval lies above 0 and no refutation failed;
* **retire** — at least ``MIN_ARM`` acted and ``MIN_ARM`` did not, and the whole interval lies
  below ``MIN_USEFUL_EFFECT`` (acting cannot raise the rate by that much): evidence that it
  does not help, not a lack of evidence;
* **undecided** — anything else (kept, shown with its interval).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from learning.causal.data import CausalInputError, causal_input
from learning.causal.engine import estimate_effect

FOLLOW_DAYS = 30
MIN_ARM = 30
MIN_USEFUL_EFFECT = 0.03  # 3 points of interview rate
COVARIATES = ("pre_n",)


@dataclass(frozen=True)
class InsightQuality:
    kind: str
    verdict: str  # helps | retire | undecided | too_few
    records: int
    acted: int
    acted_share: float
    naive_difference: float | None  # post rate of actors minus non-actors, unadjusted
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    refuted: bool | None
    method: str
    reason: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _verdict(estimate, n_acted: int, n_not: int) -> tuple[str, str]:
    if estimate.ci_low > 0 and not estimate.refuted:
        return "helps", "the 95 % interval of the effect of acting lies above 0"
    if min(n_acted, n_not) >= MIN_ARM and estimate.ci_high < MIN_USEFUL_EFFECT:
        return "retire", (
            f"acting on it cannot raise the interview rate by {MIN_USEFUL_EFFECT:.0%} "
            f"(95 % interval up to {estimate.ci_high:+.1%}) over {n_acted} who acted "
            f"and {n_not} who did not"
        )
    return "undecided", "the interval is too wide to tell"


def insight_quality(records: pd.DataFrame, seed: int = 0) -> list[InsightQuality]:
    """One verdict per insight kind; ``records`` as the module docstring."""
    out = []
    usable = records[(records["post_n"] > 0) & (records["pre_n"] > 0)]
    for kind, group in usable.groupby("kind", sort=True):
        acted = group["acted"].astype(bool)
        n_acted, n_not = int(acted.sum()), int((~acted).sum())
        naive = (
            float(group.loc[acted, "post_rate"].mean() - group.loc[~acted, "post_rate"].mean())
            if n_acted and n_not
            else None
        )
        base: dict[str, Any] = {
            "kind": str(kind),
            "records": len(group),
            "acted": n_acted,
            "acted_share": n_acted / len(group),
            "naive_difference": naive,
        }
        try:
            frame = group.assign(
                acted=acted.astype(float), change=group["post_rate"] - group["pre_rate"]
            )
            data = causal_input(
                frame,
                outcome="change",
                treatment="acted",
                covariates=COVARIATES,
                cluster="user_id",
            )
            estimate = estimate_effect(data, method="regression", estimand="att", seed=seed)
        except (CausalInputError, ValueError, np.linalg.LinAlgError) as exc:
            out.append(
                InsightQuality(
                    **base, verdict="too_few", estimate=None, ci_low=None, ci_high=None,
                    p_value=None, refuted=None, method="regression", reason=str(exc),
                )
            )  # fmt: skip
            continue
        verdict, reason = _verdict(estimate, n_acted, n_not)
        out.append(
            InsightQuality(
                **base,
                verdict=verdict,
                estimate=estimate.estimate,
                ci_low=estimate.ci_low,
                ci_high=estimate.ci_high,
                p_value=estimate.p_value,
                refuted=estimate.refuted,
                method="regression adjustment (ATT), cluster-robust by candidate",
                reason=reason,
            )
        )
    return out


def retired_kinds(qualities: list[InsightQuality]) -> list[str]:
    return sorted(q.kind for q in qualities if q.verdict == "retire")


def insight_records(apps: pd.DataFrame, insights: pd.DataFrame) -> pd.DataFrame:
    """Records from a candidate applications frame and the insights given.

    ``apps``: ``user_id``, ``submitted_at``, ``interviewed``, ``resolved`` and the dimension
    columns; ``insights``: ``user_id``, ``issued_at``, ``kind``, ``dimension``, ``value``
    (focus/stop), ``target`` (pace, applications a week).
    """
    columns = ["user_id", "kind", "issued_at", "acted", "pre_n", "pre_rate", "post_n", "post_rate"]
    if apps.empty or insights.empty:
        return pd.DataFrame([], columns=columns)
    ordered = apps.sort_values(["user_id", "submitted_at"], kind="stable")
    users = ordered["user_id"].to_numpy()
    sent = ordered["submitted_at"].astype("datetime64[ns, UTC]").array.asi8  # type: ignore[attr-defined]
    resolved = ordered["resolved"].to_numpy(bool)
    interviewed = ordered["interviewed"].to_numpy(bool)
    dims = {
        d: ordered[d].astype("string").fillna("").to_numpy(str)
        for d in insights["dimension"].dropna().unique()
        if d in ordered
    }
    bounds = {u: (int(a), int(b)) for u, a, b in _user_bounds(users)}
    follow = pd.Timedelta(days=FOLLOW_DAYS).value
    rows = []
    for item in insights.itertuples(index=False):
        span = bounds.get(item.user_id)
        if span is None:
            continue
        lo, hi = span
        issued = pd.Timestamp(item.issued_at).value  # type: ignore[arg-type]
        cut = lo + int(np.searchsorted(sent[lo:hi], issued, side="left"))
        end = lo + int(np.searchsorted(sent[lo:hi], issued + follow, side="left"))
        if cut == lo or end == cut:
            continue
        before, after = slice(lo, cut), slice(cut, end)
        acted = _acted(item, dims, before, after)
        pre, post = resolved[before], resolved[after]
        rows.append(
            (
                item.user_id,
                item.kind,
                item.issued_at,
                acted,
                int(pre.sum()),
                float(interviewed[before][pre].mean()) if pre.any() else np.nan,
                int(post.sum()),
                float(interviewed[after][post].mean()) if post.any() else np.nan,
            )
        )
    return pd.DataFrame(rows, columns=columns)


def _user_bounds(users: np.ndarray) -> list[tuple]:
    """(user, first row, end row) of each user's block in a frame sorted by user."""
    starts = np.flatnonzero(np.r_[True, users[1:] != users[:-1]])
    ends = np.r_[starts[1:], len(users)]
    return list(zip(users[starts].tolist(), starts, ends, strict=True))


def _acted(item: Any, dims: dict[str, np.ndarray], before: slice, after: slice) -> bool:
    if item.kind == "pace":
        return bool(after.stop - after.start >= float(item.target) * FOLLOW_DAYS / 7)
    values = dims.get(item.dimension)
    if values is None:
        return False
    share_before = float(np.mean(values[before] == str(item.value)))
    share_after = float(np.mean(values[after] == str(item.value)))
    if item.kind.startswith("focus:"):
        return share_after > share_before
    return share_after < share_before
