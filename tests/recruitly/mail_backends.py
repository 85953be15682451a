"""A mail backend for the worker-crash test: slow, and visible to the test from outside."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


class SlowFileBackend(BaseEmailBackend):
    """Announces each message (``start-*``), waits ``TEST_MAIL_DELAY`` s, then writes it
    (``sent-*.eml``): a SIGKILL after an announcement lands inside the wait."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        directory = Path(os.environ["TEST_MAIL_DIR"])
        for message in email_messages:
            (directory / f"start-{uuid.uuid4().hex}").touch()
            time.sleep(float(os.environ.get("TEST_MAIL_DELAY", "0.5")))
            (directory / f"sent-{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)
