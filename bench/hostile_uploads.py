"""Hostile uploads against a running server: each must be a 400 in < 2 s and < 200 MB extra.

    DATABASE_URL=postgresql://... .venv/bin/python bench/hostile_uploads.py \
        --url http://127.0.0.1:8000 --server-pid <gunicorn master pid>

Posts each file of ``tests/profiles/hostile_files.py`` (full-size bombs: 1 GB inflated) to
the upload API, and a 100 MB body; samples the resident memory of the gunicorn master's
process tree (PSS) every 20 ms and reports the peak above the idle baseline.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MIB = 1024 * 1024
USERNAME = "bench-hostile"


def token() -> str:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitly.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    user, _ = get_user_model().objects.get_or_create(username=USERNAME)
    return Token.objects.get_or_create(user=user)[0].key


def tree_rss(pid: int) -> int:
    """Proportional resident bytes of ``pid`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stack.extend(children.get(current, []))
        total += _pss(current)
    return total


def _pss(pid: int) -> int:
    """Proportional set size: a forked child's pages shared with its parent count once."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def upload(url: str, key: str, name: str, data: bytes) -> tuple[int, str, float]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    started = time.perf_counter()
    # A body refused from its Content-Length breaks the pipe; the answer is already waiting.
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        connection.request(
            "POST",
            f"/api/v1/profiles/upload-resume/{USERNAME}",
            body,
            {
                "Authorization": f"Token {key}",
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
    response = connection.getresponse()
    payload = response.read()
    elapsed = time.perf_counter() - started
    try:
        code = json.loads(payload).get("code", "")
    except ValueError:
        code = payload[:60].decode(errors="replace")
    return response.status, code, elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--server-pid", type=int, required=True)
    args = parser.parse_args()
    from tests.profiles import hostile_files as hostile

    files = {
        "docx zip bomb (1 GB inflated)": hostile.docx_zip_bomb(1024 * MIB),
        "docx with 20,000 parts": hostile.docx_many_entries(20_000),
        "20,000-page pdf": hostile.many_pages_pdf(20_000),
        "flate bomb pdf (1 GB inflated)": hostile.flate_bomb_pdf(1024 * MIB),
        "aes-256 pdf": hostile.aes256_pdf(),
        "text, NUL after 4 KB": hostile.text_with_late_nul(),
        "100 MB body": b"x" * (100 * MIB),
    }
    key = token()
    ok = True
    for name, data in files.items():
        baseline = tree_rss(args.server_pid)
        peak = [baseline]
        done = threading.Event()

        def sample(done: threading.Event = done, peak: list[int] = peak) -> None:
            while not done.is_set():
                peak[0] = max(peak[0], tree_rss(args.server_pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            status, code, elapsed = upload(args.url, key, "cv.bin", data)
        finally:
            done.set()
            sampler.join()
        extra = (peak[0] - baseline) / MIB
        passed = status in (400, 413) and elapsed < 2 and extra < 200
        ok &= passed
        print(
            f"{name:32} {len(data) / 1024:9,.0f} KB -> {status} {code:18} "
            f"{elapsed:5.2f} s  +{extra:6.1f} MB  {'ok' if passed else 'FAIL'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
