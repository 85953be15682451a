"""Lalonde's job-training programme: observational estimates against the experimental answer.

The NSW experiment (Dehejia & Wahba 1999 sample: 185 treated, 260 randomised controls) says
the programme raised 1978 earnings by $1,794. Replace the randomised controls by 15,992 CPS
respondents and every method must recover that from covariates alone. This script writes
that observational table (with Dehejia & Wahba's covariates) to a CSV and runs
``manage.py causal_effect`` on it with each method; the data ship in the ``causaldata`` wheel.

    python bench/causal_lalonde.py [--csv var/lalonde_cps.csv]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
from causaldata import cps_mixtape, nsw_mixtape

ROOT = Path(__file__).resolve().parents[1]
COVARIATES = (
    "age,age2,educ,educ2,marr,nodegree,black,hisp,re74,re75,u74,u75,re74_2,re75_2,educ_re74"
)


def observational_table() -> pd.DataFrame:
    nsw = nsw_mixtape.load_pandas().data
    frame = pd.concat([nsw[nsw.treat == 1], cps_mixtape.load_pandas().data])
    # the Stata file stores age and education as small integers: square them as floats
    frame = frame.astype({c: float for c in ("age", "educ", "re74", "re75", "re78")})
    frame["age2"], frame["educ2"] = frame.age**2, frame.educ**2
    frame["u74"], frame["u75"] = (frame.re74 == 0) * 1.0, (frame.re75 == 0) * 1.0
    frame["re74_2"], frame["re75_2"] = frame.re74**2, frame.re75**2
    frame["educ_re74"] = frame.educ * frame.re74
    return frame.drop(columns=["data_id"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", default=str(ROOT / "var" / "lalonde_cps.csv"))
    args = parser.parse_args()
    path = Path(args.csv)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = observational_table()
    frame.to_csv(path, index=False)
    naive = frame[frame.treat == 1].re78.mean() - frame[frame.treat == 0].re78.mean()
    print(f"experimental answer: $1,794; naive difference with CPS controls: ${naive:,.0f}")
    print("method      estimate    95% CI                 refutations failed   seconds")
    for method in ("regression", "psm", "ipw", "dr"):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "manage.py", "causal_effect", "--csv", str(path),
             "--treatment", "treat", "--outcome", "re78", "--covariates", COVARIATES,
             "--method", method, "--estimand", "att", "--seed", "1", "--json"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        r = json.loads(out.stdout)
        failed = [c["name"] for c in r["refutations"] if c["passed"] is False] or ["none"]
        print(
            f"{method:<10} {r['estimate']:>9,.0f}   [{r['ci_low']:>7,.0f}, {r['ci_high']:>7,.0f}]"
            f"   {', '.join(failed):<22} {time.perf_counter() - start:5.1f}"
        )


if __name__ == "__main__":
    main()
