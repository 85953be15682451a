"""Shared setup of the experiments benchmarks: Django on a throwaway SQLite database.

Never the project's own database: a temporary file (or ``--database URL``) is migrated first.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def django_on_scratch_database(url: str | None = None, *, keep: bool = False) -> Path | None:
    """Point Django at ``url`` or a new temporary SQLite file, migrate, and return its folder.

    A temporary folder is removed at exit unless ``keep``.
    """
    folder = None
    if url is None:
        folder = Path(tempfile.mkdtemp(prefix="recruitly-bench-"))
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
        if not keep:
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitly.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return folder
