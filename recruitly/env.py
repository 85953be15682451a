"""Typed readers for environment variables.

Every reader raises ``ImproperlyConfigured`` naming the variable when its value is malformed,
so a bad deployment fails at start-up instead of misbehaving later.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be a boolean (one of 1/0, true/false, yes/no, on/off), got {raw!r}"
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be >= {minimum}, got {value}")
    return value


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = os.environ.get(name, default).strip()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {sorted(choices)}, got {value!r}")
    return value


_DB_ENGINES = {
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "pgsql": "django.db.backends.postgresql",
    "sqlite": "django.db.backends.sqlite3",
}


def database_from_url(name: str, url: str) -> dict[str, object]:
    """Translate ``postgresql://user:pass@host:port/db?opt=v`` or ``sqlite:///path`` to Django."""
    parts = urlsplit(url)
    engine = _DB_ENGINES.get(parts.scheme)
    if engine is None:
        raise ImproperlyConfigured(
            f"{name} has an unsupported scheme {parts.scheme!r}; "
            "use postgresql://user:password@host:port/dbname or sqlite:///path"
        )
    if engine.endswith("sqlite3"):
        path = parts.path[1:] if parts.path.startswith("//") else parts.path.lstrip("/")
        if not path:
            raise ImproperlyConfigured(f"{name} needs a file path, e.g. sqlite:///db.sqlite3")
        return {"ENGINE": engine, "NAME": path}
    db_name = unquote(parts.path.lstrip("/"))
    if not db_name:
        raise ImproperlyConfigured(
            f"{name} needs a database name, e.g. postgresql://host/recruitly"
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name} has an invalid port in {url!r}") from None
    return {
        "ENGINE": engine,
        "NAME": db_name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "OPTIONS": dict(parse_qsl(parts.query)),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


@dataclass(frozen=True)
class BrokerUrl:
    url: str
    scheme: str


_BROKER_SCHEMES = {"redis", "rediss", "amqp", "amqps", "pyamqp", "memory"}


def broker_from_url(name: str, url: str) -> BrokerUrl:
    parts = urlsplit(url)
    if parts.scheme not in _BROKER_SCHEMES:
        raise ImproperlyConfigured(
            f"{name} has an unsupported scheme {parts.scheme!r}; use redis://host:6379/0 "
            "or amqp://user:password@host:5672//"
        )
    if parts.scheme != "memory" and not parts.hostname:
        raise ImproperlyConfigured(f"{name} needs a host, e.g. redis://127.0.0.1:6379/0")
    try:
        _ = parts.port  # urlsplit validates the port lazily
    except ValueError:
        raise ImproperlyConfigured(f"{name} has an invalid port in {url!r}") from None
    return BrokerUrl(url=url, scheme=parts.scheme)
