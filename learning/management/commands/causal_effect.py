"""``python manage.py causal_effect --csv FILE --treatment COL --outcome COL ...``.

Estimates the effect of a 0/1 treatment column on an outcome column of any CSV file, with its
interval, p-value, sample sizes, balance table and refutations; ``--json`` prints exactly one
JSON object (the same as the API's answer).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learning.causal.data import CausalInputError
from learning.causal.engine import METHODS
from learning.causal.table import EffectRequest, effect_from_table, read_csv


def _columns(value: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in value.split(",") if c.strip())


class Command(BaseCommand):
    help = "Estimate a causal effect from a CSV file (matching, weighting, DR, IV, DiD, RD)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", required=True, help="CSV file with a header row")
        parser.add_argument("--treatment", help="0/1 column (RD: defaults to running >= cutoff)")
        parser.add_argument("--outcome", required=True)
        parser.add_argument("--covariates", type=_columns, default=(), help="COL,COL,...")
        parser.add_argument("--method", choices=METHODS, default="dr")
        parser.add_argument("--estimand", choices=("att", "ate"), default="att")
        parser.add_argument(
            "--instrument",
            help="instrument column (--method iv; with psm, ipw, dr or regression a randomised "
            "instrument adds the randomised_arm check: contradicted, corroborated or not "
            "corroborated)",
        )
        parser.add_argument("--unit", help="unit / cluster column (DiD; clusters otherwise)")
        parser.add_argument("--time", help="period column (--method did)")
        parser.add_argument("--running", help="running variable (--method rd)")
        parser.add_argument("--cutoff", type=float, default=0.0)
        parser.add_argument("--bandwidth", type=float, help="RD bandwidth (default: IK)")
        parser.add_argument("--neighbours", type=int, default=4, help="PSM: matches per unit")
        parser.add_argument("--caliper", type=float, help="PSM: in SDs of the logit score")
        parser.add_argument("--trim", type=float, default=0.0, help="drop e(x) outside [t, 1-t]")
        parser.add_argument("--bootstrap", type=int, default=200, help="bootstrap draws")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            frame = read_csv(Path(options["csv"]).read_bytes())
            request = EffectRequest(
                treatment=options["treatment"],
                outcome=options["outcome"],
                covariates=options["covariates"],
                method=options["method"],
                estimand=options["estimand"],
                instrument=options["instrument"],
                unit=options["unit"],
                time=options["time"],
                running=options["running"],
                cutoff=options["cutoff"],
                seed=options["seed"],
                neighbours=options["neighbours"],
                caliper=options["caliper"],
                trim=options["trim"],
                bootstrap=options["bootstrap"],
                bandwidth=options["bandwidth"],
            )
            result = effect_from_table(frame, request)
        except OSError as exc:
            raise CommandError(f"cannot read {options['csv']}: {exc.strerror}") from exc
        except CausalInputError as exc:
            raise CommandError(f"{exc} ({exc.code})") from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, sort_keys=True, allow_nan=False))
            return
        self.stdout.write(_text(result))


def _text(r: dict[str, Any]) -> str:
    def money(v: Any) -> str:
        return "n/a" if v is None else f"{v:,.4g}"

    lines = [
        f"{r['method']} ({r['estimand']}): {money(r['estimate'])}  "
        f"95% CI {money(r['ci_low'])} to {money(r['ci_high'])}  p = {money(r['p_value'])}",
        f"treated {r['n_treated']}, control {r['n_control']}; interval: {r['ci_method']}",
        "refutations:",
        *(
            f"  {c['name']}: {_verdict(c['passed'])} (value {money(c.get('value'))})"
            for c in r["refutations"]
        ),
        f"E-value {money(r['sensitivity'].get('estimate'))} "
        f"(interval limit {money(r['sensitivity'].get('ci_limit'))})",
        "balance (standardised mean differences):",
        *(
            f"  {b['covariate']}: before {money(b['smd_before'])}"
            + (f", after {money(b['smd_after'])}" if "smd_after" in b else "")
            for b in r["balance"]
        ),
        "REFUTED: do not act on this estimate" if r["refuted"] else "",
    ]
    return "\n".join(line for line in lines if line)


def _verdict(passed: bool | None) -> str:
    return "n/a" if passed is None else "passed" if passed else "FAILED"
