"""The event ingestion endpoint's JSON parser: orjson first, the standard parser as referee."""

from __future__ import annotations

import io
import re
from typing import Any

import orjson

from recruitly.api_errors import BoundedJSONParser

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
