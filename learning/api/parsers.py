"""The event ingestion endpoint's JSON parser: orjson first, the standard parser as referee."""

from __future__ import annotations

import io
from typing import Any

import orjson

from recruitly.api_errors import BoundedJSONParser


class FastJSONParser(BoundedJSONParser):
    """orjson (about 1.5 times the standard decoder on event batches) for bodies it accepts.

    orjson is stricter than the standard library: it refuses lone surrogates, numbers beyond
    a double and nesting past 1,024, which the standard decoder reads so that the item can be
    rejected and quarantined on its own. Any body orjson refuses is parsed again by the
    project's parser, so what is accepted, rejected or answered with a 400 does not change.
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        body = stream.read() if stream is not None else b""
        charset = (parser_context or {}).get("encoding") or "utf-8"
        if charset.lower().replace("-", "") == "utf8":
            try:
                return orjson.loads(body)
            except (orjson.JSONDecodeError, RecursionError):
                pass
        return super().parse(io.BytesIO(body), media_type, parser_context)
