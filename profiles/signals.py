"""Follow-up work the services ask for, without importing the Celery tasks that do it.

The tasks module imports the services it runs; a service that wants a follow-up sends one of
these signals and ``profiles.tasks`` (connected at start-up, ``ProfilesConfig.ready``) queues
the task once the transaction commits. So neither module imports the other in a circle.
"""

from __future__ import annotations

from django.dispatch import Signal

# candidate_id=: the candidate's profile or resume changed; their matches are refreshed.
candidate_changed = Signal()
# mail_ids=, prepared=: digest mails were created (outbox rows); they are sent after the
# commit (``prepared``: the digests built with them, by id, when the sender has them).
digest_mails_created = Signal()
# mail_ids=: reviewer notifications were queued (outbox rows); they are sent.
reviewer_mails_created = Signal()
