import gc
import os

from celery import Celery, Task
from celery.signals import task_postrun, task_prerun, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitly.settings")

app = Celery("recruitly")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# the AI loop and data quality are packages of learning, not apps
app.autodiscover_tasks(["learning.ai", "learning.quality"])


@worker_process_init.connect(weak=False)
def freeze_startup_heap(**_: object) -> None:
    """Move what the worker loaded before its first task (Django, the apps, the libraries:
    about 400,000 objects) out of the cyclic garbage collector's reach.

    Every full collection walks every tracked object; with the startup heap in it, the
    collections a batch of 500 digests triggers took 0.42 ms per digest, a tenth of its
    CPU (bench/digest_bench.py), for garbage that is never there. Objects made later are
    collected as before. Each prefork child freezes its own copy after the fork.
    """
    gc.freeze()


@task_prerun.connect(weak=False)
@task_postrun.connect(weak=False)
def close_old_connections(sender: Task | None = None, **_: object) -> None:
    """Around each task, what Django does around each request: close a connection that is
    broken, past ``CONN_MAX_AGE`` or left in a transaction, and keep a healthy one (Celery's
    own closing is off: ``CELERY_DB_REUSE_MAX``). Not for eager calls, which run inside the
    caller's connection and transaction."""
    if sender is not None and getattr(sender.request, "is_eager", False):
        return
    from django.db import close_old_connections as close

    close()
