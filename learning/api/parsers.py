"""The event ingestion endpoint's JSON in and out: orjson first, DRF's own code as referee."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

import orjson
from django.http import HttpResponse
from rest_framework.renderers import JSONRenderer

from recruitly.api_errors import BoundedJSONParser

if TYPE_CHECKING:
    from rest_framework.request import Request

# What orjson refuses and the standard decoder reads: an escaped surrogate (maybe lone) or an
# integer past 64 bits. Scanning for them (~1 ms per 2 MB) is cheaper than a failed orjson
# parse followed by the standard one; a false alarm (a digit run inside a string) only costs
# the standard parse.
_ORJSON_REFUSES = re.compile(rb"\\u[dD][89a-fA-F]|[0-9]{19}")


class FastJSONParser(BoundedJSONParser):
    """orjson (about 1.5 times the standard decoder on event batches) for bodies it accepts.

    orjson is stricter than the standard library: it refuses lone surrogates, numbers beyond
    a double and nesting past 1,024, which the standard decoder reads so that the item can be
    rejected and quarantined on its own. Any body orjson refuses is parsed again by the
    project's parser, so what is accepted, rejected or answered with a 400 does not change;
    bodies orjson would refuse go there directly.
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        body = stream.read() if stream is not None else b""
        charset = (parser_context or {}).get("encoding") or "utf-8"
        if charset.lower().replace("-", "") == "utf8" and not _ORJSON_REFUSES.search(body):
            try:
                return orjson.loads(body)
            except (orjson.JSONDecodeError, RecursionError):
                pass
        return super().parse(io.BytesIO(body), media_type, parser_context)


# What DRF's JSONRenderer escapes beyond JSON's own rules (line and paragraph separators are
# valid in JSON strings but end a line in JavaScript source).
_SEPARATORS = (("\u2028".encode(), b"\\u2028"), ("\u2029".encode(), b"\\u2029"))


def json_rendered(data: Any) -> bytes:
    """``data`` as DRF's ``JSONRenderer`` writes it (compact, UTF-8, the separators escaped),
    by orjson; what orjson cannot encode (a lone surrogate, an integer past 64 bits) by DRF.

    For data without floats (the ingest answer: counts and strings): orjson writes a float in
    its shortest form (``1e-9`` where DRF writes ``1e-09``) and an infinity as ``null``.
    """
    try:
        body = orjson.dumps(data)
    except (orjson.JSONEncodeError, TypeError):
        return JSONRenderer().render(data)
    for raw, escaped in _SEPARATORS:
        if raw in body:
            body = body.replace(raw, escaped)
    return body


def json_response(data: Any) -> HttpResponse:
    """A 200 with ``data`` rendered now (:func:`json_rendered`) rather than after the view."""
    return HttpResponse(json_rendered(data), content_type="application/json")


def forget_parsed_body(request: Request) -> None:
    """Drop the body DRF parsed and keeps on ``request`` (``request.data`` is then empty).

    For a view done with a large body before its response is sent: the parsed objects are
    freed at once instead of when the request is (see ``EventIngestApi.post``).
    """
    # DRF's caches of the parsed body (private attributes, absent from its type stubs)
    request._full_data = request._data = {}  # type: ignore[attr-defined]
