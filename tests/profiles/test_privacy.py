"""Privacy (seed 001 §10.1): a candidate downloads all their data and deletes their account;
afterwards no table holds their e-mail, name, phone or resume text, and the market, cohort
and per-user figures read the same."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import models

from experiments.allocation import in_holdout
from experiments.models import Holdout
from experiments.selectors import candidate_population
from experiments.services.holdout_report import membership_frame
from learning.services.analysis_steps import (
    analysis_data_load,
    step_cohorts,
    step_market,
    step_users,
)
from profiles.models import CandidateProfile, ResumeVersion
from profiles.privacy.erase import ERASED, PSEUDONYM_PREFIX, Needles, _scrub, account_delete
from profiles.privacy.export import user_data_export
from profiles.privacy.scope import EXCLUDED, exported_tables, user_tables
from recruitly.eventlog.models import Event
from recruitly.spine.models import AuditEntry
from tests.profiles.privacy_world import EMAIL, NAME, NOW, PHONE, RESUME_LINE, privacy_world_build

WINDOW = (datetime(2025, 9, 1, tzinfo=UTC), datetime(2026, 3, 2, 12, tzinfo=UTC))


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    return privacy_world_build(django_capture_on_commit_callbacks)


def _figures() -> dict[str, Any]:
    data = analysis_data_load(window_start=WINDOW[0], window_end=WINDOW[1])
    return {
        "market": step_market(data)[0],
        "cohorts": step_cohorts(data)[0],
        "users": step_users(data)[0],
        "events_per_user": sorted(
            Event.objects.values("user_id")
            .annotate(n=models.Count("id"))
            .values_list("user_id", "n")
        ),
    }


def _text_columns(model: type[models.Model]) -> list[str]:
    kinds = (models.CharField, models.TextField, models.JSONField)
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, kinds)]


def _holders(needle: str) -> list[str]:
    """Every model.column whose stored value contains ``needle`` (case-insensitive)."""
    found = []
    folded = needle.casefold()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = _text_columns(model)
        for row in model._default_manager.values_list(*columns) if columns else []:
            for column, value in zip(columns, row, strict=True):
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if folded in text.casefold():
                    found.append(f"{model._meta.label}.{column}")
    return sorted(set(found))


# --- which tables ------------------------------------------------------------------------


def test_every_model_with_a_key_to_the_user_is_exported_or_excluded_with_a_reason() -> None:
    user_model = get_user_model()
    exported = {t.label for t in exported_tables()}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        keys_to_user = [
            f for f in model._meta.concrete_fields
            if isinstance(f, models.ForeignKey) and f.related_model is user_model
        ]  # fmt: skip
        if keys_to_user:
            label = model._meta.label_lower
            assert label in exported or EXCLUDED.get(label, "").strip(), (
                f"{label} has a key to the user but is neither exported nor excluded"
            )


def test_tables_reached_only_through_other_tables_are_found() -> None:
    paths = {t.label: t.paths for t in user_tables()}
    assert "candidate__user" in paths["profiles.resumeversion"]
    assert "digest__candidate__user" in paths["profiles.digestmail"]
    assert "optimization__candidate__user" in paths["profiles.resumesuggestion"]
    # a nullable key names what a row used, not who owns it
    assert not any("parameter_version" in p for p in paths["profiles.jobscore"])


# --- export ------------------------------------------------------------------------------


def test_the_export_holds_the_candidates_rows_of_every_kind_and_nobody_elses(world) -> None:
    data = user_data_export(user=world.user, exported_at=datetime(2026, 3, 3, tzinfo=UTC))
    tables = data["tables"]
    assert data["account"]["email"] == EMAIL and "password" not in data["account"]
    for label in (
        "profiles.candidateprofile", "profiles.resumeversion", "profiles.jobscore",
        "profiles.application", "eventlog.event", "profiles.aiinteraction",
        "profiles.resumeoptimization", "profiles.resumesuggestion", "learning.weeklyinsight",
        "profiles.dailydigest", "profiles.digestmail", "experiments.assignment",
        "spine.parameteroverride",
    ):  # fmt: skip
        assert tables[label], f"nothing exported from {label}"
    assert set(tables) == {t.label for t in exported_tables()}
    assert {r["user_id"] for r in tables["eventlog.event"]} == {world.user.pk}
    assert tables["profiles.resumeversion"][0]["text"].startswith(NAME)
    assert len(tables["eventlog.event"]) == Event.objects.filter(user=world.user).count()
    assert not any(k.startswith("col_") for k in tables["eventlog.event"][0])
    json.dumps(data)  # every value is JSON


# --- deletion ----------------------------------------------------------------------------


def test_before_deletion_the_scan_finds_the_personal_strings(world) -> None:
    # the scan of the next test can fail: here it finds what it looks for
    assert "profiles.ResumeVersion.text" in _holders(RESUME_LINE)
    assert "auth.User.email" in _holders(EMAIL)
    assert _holders(PHONE)


def test_after_deletion_no_table_holds_the_email_name_phone_or_resume_text(world) -> None:
    account_delete(user=world.user)
    for needle in (EMAIL, NAME, PHONE, RESUME_LINE, "Lovelock"):
        assert _holders(needle) == [], needle
    user = User.objects.get(pk=world.user.pk)
    assert user.username.startswith(PSEUDONYM_PREFIX) and user.email == ""
    assert not user.has_usable_password()
    assert not ResumeVersion.objects.filter(candidate=world.candidate).exclude(text="").exists()


def test_market_cohort_and_per_user_figures_are_unchanged_by_a_deletion(world) -> None:
    before = _figures()
    assert before["market"]["market"]["suppressed"] is False  # a real figure to compare
    assert before["cohorts"]["segments"]
    account_delete(user=world.user)
    assert _figures() == before


def test_experiment_populations_and_holdout_memberships_are_unchanged_by_a_deletion(
    world,
) -> None:
    # given two holdouts: ada is a member of the one, not of the other
    holdouts = [
        Holdout.objects.create(
            key=f"h{i}", name=f"h{i}", share=0.5, salt=salt, started_at=NOW, status="ended"
        )
        for i, salt in enumerate(("salt-0", "salt-3"))
    ]
    members = [in_holdout(h.salt, h.share, "ada") for h in holdouts]
    assert len(set(members)) == 2, "pick salts that split ada"

    def snapshot() -> list[Any]:
        frames = [membership_frame(h)[["user_id", "variant_id"]].values.tolist() for h in holdouts]
        return [sorted(pk for pk, _ in candidate_population()), frames]

    before = snapshot()
    account_delete(user=world.user)
    assert snapshot() == before


def test_the_event_log_keeps_every_row_and_its_analysis_columns(world) -> None:
    columns = [f.attname for f in Event._meta.concrete_fields if f.attname.startswith("col_")]
    before = list(Event.objects.order_by("pk").values_list("pk", "user_id", *columns))
    account_delete(user=world.user)
    # only a value holding the phone (a rejection reason the candidate typed) is erased
    expected = [
        tuple(ERASED if isinstance(v, str) and PHONE in v else v for v in row) for row in before
    ]
    assert expected != before
    assert list(Event.objects.order_by("pk").values_list("pk", "user_id", *columns)) == expected


def test_the_deletion_is_audited_with_the_pseudonym_and_counts(world) -> None:
    erasure = account_delete(user=world.user)
    entry = AuditEntry.objects.get(action="privacy_account_delete")
    assert entry.target_id == str(world.user.pk)
    assert entry.details["pseudonym"] == erasure.pseudonym
    assert (
        entry.details["counts"]["resume_versions"]
        == ResumeVersion.objects.filter(candidate=world.candidate).count()
    )
    assert erasure.address == EMAIL


def test_other_candidates_are_untouched(world) -> None:
    before = list(CandidateProfile.objects.exclude(pk=world.candidate.pk).values())
    account_delete(user=world.user)
    assert list(CandidateProfile.objects.exclude(pk=world.candidate.pk).values()) == before


def test_payload_scrub_keeps_analysis_fields_and_erases_free_text() -> None:
    needles = Needles(("ada@example.org",))
    payload = {
        "suggestion_type": "rewrite",
        "suggested_content": {"text": "Led a team", "edit_type": "quantify"},
        "final_content": "Led a team of 4",
        "rejection_reason": "too long",
        "note": "write to ADA@example.org",
        "context": {"fit_score": 71.5},
    }
    keep = frozenset({("suggested_content", "edit_type"), ("rejection_reason",)})
    assert _scrub(payload, needles, keep=keep) == {
        "suggestion_type": "rewrite",
        "suggested_content": {"text": ERASED, "edit_type": "quantify"},
        "final_content": ERASED,
        "rejection_reason": "too long",
        "note": ERASED,
        "context": {"fit_score": 71.5},
    }


def test_staff_cannot_delete_through_the_candidate_path(world) -> None:
    from profiles.privacy.erase import AccountDeleteError

    CandidateProfile.objects.get_or_create(user=world.reviewer)
    with pytest.raises(AccountDeleteError) as err:
        account_delete(user=world.reviewer)
    assert err.value.code == "not_a_candidate"
    world.reviewer.refresh_from_db()
    assert world.reviewer.is_active and world.reviewer.username == "privacy-reviewer"


def test_a_deleted_account_is_neither_scored_nor_sent_digests_nor_given_insights(world) -> None:
    from datetime import date

    from learning.models import WeeklyInsight
    from learning.services.insights import weekly_insight_chunks
    from profiles.models import DailyDigest, JobScore
    from profiles.privacy import erased, is_erased
    from profiles.services.digests import digests_generate
    from profiles.tasks import score_batch

    account_delete(user=world.user)
    deleted = CandidateProfile.objects.get(user=world.user)
    assert is_erased(deleted.user) and CandidateProfile.objects.filter(erased()).count() == 1
    JobScore.objects.all().delete()
    DailyDigest.objects.all().delete()
    # a scoring chunk and a digest chunk that hold the deleted account skip only it
    score_batch(0, "w", batch=1000)
    digests_generate(day=date(2026, 3, 3), after_id=0, limit=1000)
    assert not JobScore.objects.filter(candidate=deleted).exists()
    assert not DailyDigest.objects.filter(candidate=deleted).exists()
    assert DailyDigest.objects.exclude(candidate=deleted).exists()
    # and the week's insight chunks never name it, though its pseudonymous events remain
    week = date(2026, 2, 23)
    assert Event.objects.filter(user=world.user).exists()
    ids = [last for _, last in weekly_insight_chunks(week_start=week, size=1)]
    assert {o.user_id for o in world.others} <= set(ids)  # everyone else applied that window
    assert world.user.pk not in ids and not WeeklyInsight.objects.filter(user=world.user).exists()


def test_a_person_who_signs_up_as_deleted_is_still_served() -> None:
    from profiles.privacy import is_erased

    user = User(username=f"{PSEUDONYM_PREFIX}dana")
    user.set_password("a-Long-passphrase-42")
    assert not is_erased(user)
