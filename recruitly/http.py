"""Typed requests: what the middleware and the views' guards guarantee, stated for mypy.

django-stubs types ``request.user`` as ``User | AnonymousUser`` and knows nothing of
django-htmx's ``request.htmx``; these classes and the helper below narrow them where a
decorator (``@login_required``), a DRF permission or the admin site already has.
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


def authenticated_user(request: HttpRequest | Request) -> User:
    """Return the signed-in user where a guard has already turned anonymous users away.

    The guards: DRF's ``IsAuthenticated`` (the default) or a reviewer permission, and the
    admin site's staff login.
    """
    user = request.user
    assert isinstance(user, User), "only for views that require a signed-in user"
    return user
