from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import CandidateProfileFactory, ReviewerFactory, UserFactory


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def candidate(db):
    return CandidateProfileFactory()


@pytest.fixture
def reviewer(db):
    return ReviewerFactory(username="reviewer")


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture(autouse=True)
def eager_celery():
    """Run tasks in-process in tests even when CELERY_BROKER_URL names a real broker.

    The one test that exercises a real worker switches this off for itself.
    """
    from recruitly.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2's deliberate slowness would dominate tests that create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def var_dir_in_tmp(settings, tmp_path_factory):
    """Files a test makes (simulation truth, demo mail) go to a temporary folder, never into
    the working tree's var/ where a developer's demo keeps its own."""
    settings.VAR_DIR = tmp_path_factory.mktemp("var")


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle and login-attempt counters live in the cache: each test starts at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        "transactional_db" in fixtures
        or "live_server" in fixtures
        or (
            marker is not None
            and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
        )
    )


def pytest_collection_modifyitems(config, items):
    """Every transactional test restores the database it found (serialized_rollback).

    A plain transactional test ends with a flush, after which post_migrate recreates the
    content types under new ids; the next serialized restore then inserts them again and
    fails. Which test follows which depends on the order and, with pytest-xdist, on the
    worker: so the rule is checked for every test at collection instead of showing up as a
    rare setup error.
    """
    offenders = []
    for item in items:
        if not _transactional(item):
            continue
        marker = item.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("serialized_rollback", False):
            offenders.append(item.nodeid)
    if offenders:
        raise pytest.UsageError(
            "transactional tests must use "
            "@pytest.mark.django_db(transaction=True, serialized_rollback=True): "
            + ", ".join(offenders)
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, put back the migrated database the other tests expect.

    Django ends a serialized transactional test with a flush that leaves every table empty
    (content types, permissions, the groups and parameters migrations create), relying on
    its runner to run such tests after all the others. pytest-xdist hands a worker whole
    files in any order, so a worker may run ordinary database tests after one: the
    serialized contents are restored here (the next serialized setup then finds the same
    rows under the same keys and only updates them).
    """
    try:
        return (yield)
    finally:
        # after the last test the session's teardown has already dropped the test database
        if nextitem is not None and _transactional(item):
            _migrated_state_restore(item.config)


def _migrated_state_restore(config) -> None:
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    blocker = config.stash.get(blocking_manager_key, None)
    if blocker is None:
        return
    with blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
