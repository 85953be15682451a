"""A job-board server on 127.0.0.1 for the source tests: recorded answers, no network.

Routes map a path to a handler ``(query, headers) -> (status, headers, body)``; a route may
also be a list of answers served one after another (a 429, then the board). Every request is
recorded with its headers, so tests can see paging, conditional requests and the User-Agent.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
Answer = tuple[int, dict[str, str], bytes]
Handler = Callable[[dict[str, str], dict[str, str]], Answer]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> object:
    return json.loads(fixture(name))


def ok(body: bytes | object, content_type: str = "application/json", **headers: str) -> Answer:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return 200, {"Content-Type": content_type, **headers}, data


@dataclass
class Request:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class BoardServer:
    routes: dict[str, Handler | list[Answer]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    base: str = ""

    def answer(self, path: str, query: dict[str, str], headers: dict[str, str]) -> Answer:
        self.requests.append(Request(path, query, headers))
        route = self.routes.get(path)
        if route is None:
            return 404, {"Content-Type": "application/json"}, b'{"error": "not found"}'
        if isinstance(route, list):
            return route.pop(0) if len(route) > 1 else route[0]
        return route(query, headers)

    def paths(self) -> list[str]:
        return [r.path + ("?" + "&".join(f"{k}={v}" for k, v in r.query.items()) if r.query else "")
                for r in self.requests]  # fmt: skip


@contextmanager
def board_server() -> Iterator[BoardServer]:
    state = BoardServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, answer_headers, body = state.answer(parts.path, query, headers)
            self.send_response(status)
            for name, value in answer_headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def etag_route(body: bytes, etag: str, content_type: str = "application/json") -> Handler:
    """Serve ``body`` with an ETag, and 304 to a request that sends it back."""

    def handler(query: dict[str, str], headers: dict[str, str]) -> Answer:
        if headers.get("if-none-match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": content_type, "ETag": etag}, body

    return handler


def sliced_route(
    items: list[object], start: str, size: str, wrap: Callable[[list[object], int], object]
) -> Handler:
    """A paged list: ``start``/``size`` query parameters pick the slice, ``wrap`` shapes it."""

    def handler(query: dict[str, str], headers: dict[str, str]) -> Answer:
        first, count = int(query.get(start, 0)), int(query.get(size, 100))
        return ok(wrap(items[first : first + count], len(items)))

    return handler
