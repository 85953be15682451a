"""Sign-in with a limit on failed attempts, counted in the shared cache.

Five wrong passwords for one username from one address, or twenty from one address for any
usernames, lock that pair (or address) out for 15 minutes: enough for a person who mistypes,
far too few for guessing. Counting in Django's cache needs no extra package or table; in
production the cache is Redis (``CACHE_URL``), shared by every web process.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

STATUS_TOO_MANY_REQUESTS = 429


def _client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is the client's to forge unless a proxy rewrites it.
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _keys(request: HttpRequest) -> tuple[str, str]:
    address = _client_address(request)
    username = str(request.POST.get("username", "")).strip().lower()[:150]
    return f"login-fail:{address}:{username}", f"login-fail:{address}"


def login_locked_out(request: HttpRequest) -> bool:
    pair, address = _keys(request)
    return (cache.get(pair, 0) >= settings.LOGIN_FAILURE_LIMIT) or (
        cache.get(address, 0) >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    )


def login_failure_record(request: HttpRequest) -> None:
    for key in _keys(request):
        cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)


class ThrottledLoginView(LoginView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if login_locked_out(request):
            form = self.get_form()
            form.add_error(
                None, "Too many failed sign-ins. Wait 15 minutes, or reset your password."
            )
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = STATUS_TOO_MANY_REQUESTS
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        login_failure_record(self.request)
        return super().form_invalid(form)
