"""Shared setup of the experiments benchmarks: Django on a throwaway SQLite database.

Never the project's own database: a temporary file (or ``--database URL``) is migrated first.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def django_on_scratch_database(url: str | None = None) -> Path | None:
    """Point Django at ``url`` or a new temporary SQLite file, migrate, and return its folder."""
    folder = None
    if url is None:
        folder = Path(tempfile.mkdtemp(prefix="recruitly-bench-"))
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitly.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return folder
