"""Time ``manage.py simulate`` on a fresh SQLite database in a throwaway directory.

    .venv/bin/python bench/simulate_bench.py [--candidates 2000] [--jobs 5000] [--months 12]

Migrates an empty database under a temporary RECRUITLY_VAR_DIR (the shared dev database is
never touched), then times the simulate command alone: wall-clock seconds and the CPU
seconds of the process, which differ when other work shares the machine's cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 60.0  # the target for 2000 candidates, 5000 jobs, 12 months


def run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=5000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="recruitly-bench-") as var_dir:
        env = {**os.environ, "RECRUITLY_VAR_DIR": var_dir}
        env.pop("DATABASE_URL", None)  # the target is the embedded SQLite default
        run(["migrate", "--verbosity", "0"], env)
        size = [f"--{k}={getattr(options, k)}" for k in ("candidates", "jobs", "months", "seed")]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        run(["simulate", *size, "--quiet"], env)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(
        f"simulate {' '.join(size)} on SQLite: {wall:.1f} s wall, {cpu:.1f} s CPU "
        f"({os.cpu_count()} cores; budget {BUDGET_SECONDS:.0f} s)"
    )


if __name__ == "__main__":
    main()
