"""API error plumbing: a JSON parser that cannot be crashed by its input, and error bodies
that always carry a machine-readable ``code`` next to the human ``detail``.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import exception_handler


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, with pathological input answered by a 400 instead of a 500.

    The standard library decoder recurses once per nesting level: a body of ~1,000 nested
    arrays raises RecursionError, which DRF (catching only ValueError) turns into a 500.
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError("JSON parse error - nested too deeply") from exc


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
