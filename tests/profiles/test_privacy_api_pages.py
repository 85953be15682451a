"""Export and account deletion through the API (``/api/v1/me/...``) and the privacy page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from rest_framework.authtoken.models import Token

from profiles.models import ResumeVersion
from profiles.services.resumes import resume_text_parse
from recruitly.spine.models import AuditEntry
from tests.factories import CandidateProfileFactory, ReviewerFactory
from tests.profiles.privacy_world import EMAIL, NAME, PASSWORD, PHONE, RESUME, RESUME_LINE


@pytest.fixture
def ada(db):
    candidate = CandidateProfileFactory(
        user__username="ada", user__email=EMAIL, full_name=NAME, email=EMAIL, phone=PHONE
    )
    resume_text_parse(candidate=candidate, text=RESUME, acting_user=candidate.user)
    return candidate


@pytest.fixture
def ada_api(ada, api_client):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=ada.user).key}")
    return api_client


# --- API ---------------------------------------------------------------------------------


def test_the_api_export_returns_the_callers_own_data_and_is_audited(ada, ada_api) -> None:
    other = CandidateProfileFactory()
    response = ada_api.get("/api/v1/me/export")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = response.json()
    assert body["account"]["username"] == "ada"
    assert [r["user_id"] for r in body["tables"]["profiles.candidateprofile"]] == [ada.user.pk]
    assert RESUME_LINE in body["tables"]["profiles.resumeversion"][0]["text"]
    assert other.user.pk not in {r["user_id"] for r in body["tables"]["profiles.aiinteraction"]}
    entry = AuditEntry.objects.get(action="privacy_export")
    assert entry.actor == ada.user and entry.details["rows"]["profiles.resumeversion"] == 1


def test_the_api_export_needs_a_signed_in_user(api_client, db) -> None:
    response = api_client.get("/api/v1/me/export")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"confirm": "delete", "password": PASSWORD}, "invalid"),
        ({"password": PASSWORD}, "invalid"),
        ({"confirm": "DELETE", "password": "not-it"}, "wrong_password"),
        ({"confirm": "DELETE"}, "invalid"),
    ],
)
def test_the_api_delete_refuses_without_the_exact_confirmation_and_password(
    ada, ada_api, body, code
) -> None:
    response = ada_api.post("/api/v1/me/delete", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["detail"]
    ada.user.refresh_from_db()
    assert ada.user.has_usable_password() and ada.user.email == EMAIL
    assert not AuditEntry.objects.filter(action="privacy_account_delete").exists()


def test_the_api_delete_erases_the_account_and_mails_a_confirmation(
    ada, ada_api, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = ada_api.post(
            "/api/v1/me/delete", {"confirm": "DELETE", "password": PASSWORD}, format="json"
        )
    assert response.status_code == 200
    body = response.json()
    assert body["deleted"] is True and body["confirmation_sent"] is True
    user = User.objects.get(pk=ada.user.pk)
    assert (
        user.username == body["pseudonym"] and user.email == "" and not user.has_usable_password()
    )
    assert ResumeVersion.objects.get(candidate=ada).text == ""
    [message] = mail.outbox
    assert message.to == [EMAIL] and "deleted" in message.subject
    assert NAME not in message.body and RESUME_LINE not in message.body
    # the token went with the account
    assert ada_api.get("/api/v1/me/export").status_code == 401


def test_a_reviewer_cannot_delete_their_account_through_the_api(api_client, db) -> None:
    reviewer = ReviewerFactory(username="rev")
    api_client.force_authenticate(reviewer)
    response = api_client.post(
        "/api/v1/me/delete", {"confirm": "DELETE", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "not_a_candidate"
    reviewer.refresh_from_db()
    assert reviewer.is_active and reviewer.username == "rev"


def test_the_schema_documents_both_operations_and_the_exact_confirmation(client, db) -> None:
    schema = client.get("/api/schema/?format=json").json()
    delete = schema["paths"]["/api/v1/me/delete/"]["post"]
    assert {"200", "400", "401", "403"} <= set(delete["responses"])
    ref = delete["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    confirm = schema["components"]["schemas"][ref]["properties"]["confirm"]
    enum_ref = confirm.get("$ref") or confirm["allOf"][0]["$ref"]
    assert schema["components"]["schemas"][enum_ref.split("/")[-1]]["enum"] == ["DELETE"]
    assert "200" in schema["paths"]["/api/v1/me/export/"]["get"]["responses"]


# --- pages -------------------------------------------------------------------------------


def test_the_privacy_page_offers_the_download_and_the_deletion(ada, client) -> None:
    client.force_login(ada.user)
    page = client.get("/me/preferences/").content.decode()
    assert 'href="/me/preferences/export/"' in page
    assert 'action="/me/preferences/delete/"' in page and 'name="confirm"' in page
    assert 'type="password"' in page


def test_the_page_download_is_a_json_attachment_of_the_own_data(ada, client) -> None:
    client.force_login(ada.user)
    response = client.get("/me/preferences/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.json()["tables"]["profiles.resumeversion"][0]["text"] == RESUME


def test_the_page_deletion_refuses_a_wrong_confirmation_and_says_why(ada, client) -> None:
    client.force_login(ada.user)
    response = client.post("/me/preferences/delete/", {"confirm": "yes", "password": PASSWORD})
    assert response.status_code == 400
    assert "Type DELETE to confirm." in response.content.decode()
    ada.user.refresh_from_db()
    assert ada.user.has_usable_password() and ada.user.email == EMAIL


def test_the_page_deletion_signs_out_and_the_login_no_longer_works(
    ada, client, django_capture_on_commit_callbacks
) -> None:
    client.force_login(ada.user)
    other_device = Client()
    other_device.force_login(ada.user)
    assert other_device.get("/me/preferences/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/me/preferences/delete/", {"confirm": "DELETE", "password": PASSWORD}
        )
    assert response.status_code == 200
    assert "Your account is deleted" in response.content.decode()
    assert client.get("/me/preferences/").status_code == 302  # signed out
    assert not client.login(username="ada", password=PASSWORD)
    assert len(mail.outbox) == 1
    assert other_device.get("/me/preferences/").status_code == 302  # its session ended too


def test_the_page_deletion_is_post_only(ada, client) -> None:
    client.force_login(ada.user)
    assert client.get("/me/preferences/delete/").status_code == 405
