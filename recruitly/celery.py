import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitly.settings")

app = Celery("recruitly")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["learning.ai"])  # the AI loop is a package of learning, not an app
