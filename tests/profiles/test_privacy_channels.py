"""Issue 17's "done means" for privacy, through each channel a candidate uses: they download
their data and delete their account on the site or through the API, after which no table
holds their e-mail, name, phone or resume text and the market figures are unchanged."""

from __future__ import annotations

import json

import pytest

from tests.profiles.privacy_world import (
    EMAIL,
    NAME,
    PASSWORD,
    PHONE,
    RESUME_LINE,
    privacy_world_build,
)
from tests.profiles.test_privacy import _figures, _holders


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    return privacy_world_build(django_capture_on_commit_callbacks)


def _site(world, client):
    client.force_login(world.user)
    export = client.get("/me/preferences/export/")
    deleted = client.post("/me/preferences/delete/", {"confirm": "DELETE", "password": PASSWORD})
    return export, deleted


def _api(world, api_client):
    api_client.force_authenticate(world.user)
    export = api_client.get("/api/v1/me/export")
    body = {"confirm": "DELETE", "password": PASSWORD}
    deleted = api_client.post("/api/v1/me/delete", body, format="json")
    return export, deleted


@pytest.mark.parametrize("channel", [_site, _api], ids=["site", "api"])
def test_export_then_delete_leaves_no_personal_string_and_the_market_unchanged(
    world, channel, client, api_client, django_capture_on_commit_callbacks
) -> None:
    before = _figures()
    assert before["market"]["market"]["suppressed"] is False  # a real figure to compare
    for needle in (EMAIL, PHONE, RESUME_LINE):
        assert _holders(needle), needle  # the scan below can fail
    with django_capture_on_commit_callbacks(execute=True):
        export, deleted = channel(world, client if channel is _site else api_client)
    assert export.status_code == 200 and deleted.status_code == 200
    archive = json.loads(export.content)
    assert archive["format"] == "recruitly-export/1"
    assert RESUME_LINE in export.content.decode() and EMAIL in export.content.decode()
    for needle in (EMAIL, NAME, PHONE, RESUME_LINE, "Lovelock"):
        assert _holders(needle) == [], needle
    assert _figures() == before
