"""gunicorn settings for ``web`` in the Procfile; every value can be overridden from the env.

Sync workers: each request holds one process, so a slow client or a long upload parse never
stalls another request in the same process; ``WEB_CONCURRENCY`` sets how many (2 x cores + 1
is gunicorn's rule of thumb for I/O-light Django views).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Any

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
# Longest legitimate request: a 10,000-event batch (~1.5 s) or a resume parse (5 s limit).
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 30
# Recycle workers now and then, so a slow leak in a library cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Bounds on what a client may send in the request line and headers (gunicorn's defaults,
# stated): bodies are bounded by Django's RequestGuardMiddleware.
limit_request_line = 8190
limit_request_fields = 100
# Load Django once in the master: workers start in milliseconds and share its memory.
preload_app = True
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server: Any, worker: Any) -> None:
    """Keep the preloaded startup heap out of the cyclic collector's full passes (see
    ``recruitly.celery.freeze_startup_heap``); it also spares the pages shared with the
    master from the collector's writes."""
    gc.freeze()
