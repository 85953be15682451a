"""Typed requests: what the middleware and the views' guards guarantee, stated for mypy.

django-stubs types ``request.user`` as ``User | AnonymousUser`` and knows nothing of
django-htmx's ``request.htmx``; these classes and the helper below narrow them where a
decorator (``@login_required``) or a DRF permission (``IsAuthenticated``) already has.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails
from rest_framework.request import Request


class HtmxHttpRequest(HttpRequest):
    """Any request that passed ``HtmxMiddleware``."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """A request to a ``@login_required`` view: the user is signed in."""

    user: User


def authenticated_user(request: Request) -> User:
    """Return the signed-in user of a DRF view behind ``IsAuthenticated``."""
    user = request.user
    assert isinstance(user, User), "the view must require IsAuthenticated"
    return user
