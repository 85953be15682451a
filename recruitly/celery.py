import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitly.settings")

app = Celery("recruitly")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# the AI loop and data quality are packages of learning, not apps
app.autodiscover_tasks(["learning.ai", "learning.quality"])
