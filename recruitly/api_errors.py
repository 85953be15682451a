"""API error plumbing: a JSON parser that cannot be crashed by its input, and error bodies
that always carry a machine-readable ``code`` next to the human ``detail``.
"""

from __future__ import annotations

import sys
from types import FrameType
from typing import Any

from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import exception_handler

# Nesting a body may have: an item 1,000 deep must parse, so that it can be rejected on its
# own; the C decoder needs well under 1 KB of stack per level, 2,000 levels fit any thread.
MAX_JSON_NESTING = 2000
# Frames the parser itself may add on top of the caller's stack.
PARSER_FRAME_MARGIN = 50


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
    """DRF's handler, plus ``code`` on every ``{"detail": ...}`` error body."""
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, APIException):
        return response
    data = response.data
    if isinstance(data, dict) and "detail" in data and "code" not in data:
        codes = exc.get_codes()
        data["code"] = codes if isinstance(codes, str) else exc.default_code
    return response
