"""Request guards that run before any view: bounded bodies, no NUL characters in the URL.

Both used to reach the views: a 100 MB upload was read into memory before the 5 MB check,
and ``?q=a%00b`` made PostgreSQL refuse the query (a 500).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

Handler = Callable[[HttpRequest], HttpResponse]


class RequestGuardMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = _refusal(request)
        return refusal if refusal is not None else self.get_response(request)


def _refusal(request: HttpRequest) -> HttpResponse | None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _error(400, "invalid_content_length", "Content-Length is not a number.")
    if length > settings.MAX_REQUEST_BODY_BYTES:
        # Refused from the header alone: the body is never read.
        return _error(
            413,
            "too_large",
            f"The request body is {length:,} bytes; the limit is "
            f"{settings.MAX_REQUEST_BODY_BYTES:,}.",
        )
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return _error(400, "invalid_characters", "The URL contains a NUL character.")
    return None


def _error(status: int, code: str, detail: str) -> JsonResponse:
    response = JsonResponse({"detail": detail, "code": code}, status=status)
    if status == 413:
        response["Connection"] = "close"  # the unread body must not be parsed as a request
    return response
