"""API error plumbing: a JSON parser that cannot be crashed by its input, and error bodies
that always carry a machine-readable ``code`` next to the human ``detail``.
"""

from __future__ import annotations

import sys
from types import FrameType
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import (
    APIException,
    NotFound,
    ParseError,
    PermissionDenied,
    ValidationError,
)
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

# Nesting a body may have: an item 1,000 deep must parse, so that it can be rejected on its
# own; the C decoder needs well under 1 KB of stack per level, 2,000 levels fit any thread.
MAX_JSON_NESTING = 2000
# Frames the parser itself may add on top of the caller's stack.
PARSER_FRAME_MARGIN = 50
VALIDATION_DETAIL = "Invalid input: see errors."


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, with deep nesting parsed or answered by a 400, never a 500.

    The standard library decoder recurses once per nesting level under the interpreter's
    recursion limit, so whether a 900-deep body parsed used to depend on how deep the caller's
    stack was, and a RecursionError (DRF catches only ValueError) was a 500. The limit is
    raised for the parse to give ``MAX_JSON_NESTING`` levels whatever the caller's depth.
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        previous = sys.getrecursionlimit()
        needed = _stack_depth() + MAX_JSON_NESTING + PARSER_FRAME_MARGIN
        if needed > previous:
            sys.setrecursionlimit(needed)
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(
                f"JSON parse error - nested deeper than {MAX_JSON_NESTING} levels"
            ) from exc
        finally:
            # Another thread may have raised it meanwhile: leave theirs alone.
            if sys.getrecursionlimit() == needed:
                sys.setrecursionlimit(previous)


def _stack_depth() -> int:
    depth = 0
    frame: FrameType | None = sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    return depth


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with every error body shaped ``{"detail", "code"}``.

    Field validation errors keep DRF's per-field messages under ``errors``, next to a
    ``detail`` and the code ``invalid`` (recruitly.api_schema documents both shapes).
    """
    if isinstance(exc, SuspiciousOperation):
        # Raised while reading the body (too many form fields or files, a body over
        # DATA_UPLOAD_MAX_MEMORY_SIZE): the client's request, answered in JSON, not Django's
        # HTML 400 page.
        code, status = (
            ("too_large", 413) if isinstance(exc, RequestDataTooBig) else ("bad_request", 400)
        )
        return Response({"detail": str(exc) or "Malformed request.", "code": code}, status=status)
    # imported here: rest_framework.views reads DEFAULT_PARSER_CLASSES when it is imported,
    # which names this module's parser (a module-level import made this module importable
    # only after DRF's views)
    from rest_framework.views import exception_handler

    response = exception_handler(exc, context)
    if response is None:
        return response
    data = response.data
    if isinstance(exc, ValidationError):
        response.data = {"detail": VALIDATION_DETAIL, "code": "invalid", "errors": data}
    elif isinstance(data, dict) and "detail" in data and "code" not in data:
        data["code"] = _code(exc)
    return response


def _code(exc: Exception) -> str:
    # DRF answers Django's Http404 and PermissionDenied as its own NotFound / PermissionDenied.
    if isinstance(exc, Http404):
        return NotFound.default_code
    if isinstance(exc, DjangoPermissionDenied):
        return PermissionDenied.default_code
    if isinstance(exc, APIException):
        codes = exc.get_codes()
        return codes if isinstance(codes, str) else str(exc.default_code)
    return "error"


@csrf_exempt  # nothing to protect, and a POST must get the same JSON 404, not a CSRF page
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """A URL under /api/ that names no operation: a JSON 404 like every other API error."""
    return JsonResponse({"detail": "No such API endpoint.", "code": "not_found"}, status=404)
