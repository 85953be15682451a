"""What each AI task is sent: resume text scrubbed of contact details unless the task needs
them (seed 001 §10.1). :func:`profiles.ai.service.ai_run` applies it to every call, remote or
local, so the call log (``AIInteraction.input_data``) holds what the model was sent.

The decision per task:

* ``resume_parse`` — **not scrubbed**: its job is to read the contact block (name, e-mail,
  phone, location fill the profile the candidate then corrects).
* ``resume_optimize`` — ``resume_text`` scrubbed: suggestions rewrite skills, bullets and the
  summary, never the contact block. A suggestion quoting a scrubbed line is mapped back to
  the resume's own words (:func:`profiles.privacy.scrub.unscrub`).
* ``job_score``, ``job_reasoning`` — the candidate's ``text`` scrubbed. Their ``location``
  (a city, not an address) stays: the location component scores it.
* ``digest_summary`` — sent no resume text and no contact detail; only the first name, kept
  because the summary greets the candidate by it, in a mail addressed to them.

Scrubbing (:mod:`profiles.privacy.scrub`, the same code as the AI loop's training
snapshots) replaces e-mail addresses, web addresses, phone numbers and the names known for
the user (account, profile, the resume's own head line) by tokens such as ``[EMAIL]``.
"""

from __future__ import annotations

from typing import Any

from profiles.privacy.scrub import names_of, scrub

# task -> paths (keys from the payload's top) of the strings scrubbed before the call
SCRUBBED: dict[str, tuple[tuple[str, ...], ...]] = {
    "resume_parse": (),
    "resume_optimize": (("resume_text",),),
    "job_score": (("candidate", "text"),),
    "job_reasoning": (("candidate", "text"),),
    "digest_summary": (),
}


def _scrubbed(value: Any, path: tuple[str, ...], names: list[str]) -> Any:
    if not path:
        return scrub(value, names) if isinstance(value, str) and value else value
    if not isinstance(value, dict) or path[0] not in value:
        return value
    return {**value, path[0]: _scrubbed(value[path[0]], path[1:], names)}


def payload_scrub(task: str, payload: dict[str, Any], user: Any = None) -> dict[str, Any]:
    """``payload`` with the task's text fields scrubbed of contact details and of ``user``'s
    known names (a copy; the input is not changed)."""
    if not SCRUBBED[task]:
        return payload
    known = names_of(user) if user is not None else []
    out = payload
    for path in SCRUBBED[task]:
        out = _scrubbed(out, path, known)
    return out
