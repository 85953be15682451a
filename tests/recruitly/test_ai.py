"""The AI layer: local answers, the openai path against a fake server, fallback, logging."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from profiles.ai import ai_run
from profiles.ai.feedback import RatingError, ai_interaction_rate
from profiles.models import AIInteraction
from recruitly.eventlog.models import Event
from tests.factories import UserFactory

RESUME = "Jane Doe\njane@example.com\nSKILLS\nPython, Django, Postgres\n"


class FakeOpenAI:
    """An OpenAI-compatible /v1/chat/completions endpoint on 127.0.0.1 with canned answers."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, str]] = []
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append(body)
                status, content = fake.answers.pop(0) if fake.answers else (200, "{}")
                reply = {
                    "id": "chatcmpl-test",
                    "object": "chat.completion",
                    "created": 1,
                    "model": body["model"],
                    "choices": [
                        {
                            "index": 0,
                            "finish_reason": "stop",
                            "message": {"role": "assistant", "content": content},
                        }
                    ],
                    "usage": {
                        "prompt_tokens": 1000,
                        "completion_tokens": 200,
                        "total_tokens": 1200,
                    },
                }
                data = json.dumps(reply if status == 200 else {"error": {"message": "boom"}})
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data.encode())

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_openai(settings) -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI()
    settings.AI_PROVIDER = "openai"
    settings.OPENAI_API_KEY = "sk-test"
    settings.OPENAI_BASE_URL = fake.url
    settings.AI_DAILY_COST_CAP_USD = 1.0
    yield fake
    fake.close()


def _digest_payload() -> dict:
    return {"name": "Jane", "new_matches": 3, "total_matches": 9, "best": None, "skill": None}


@pytest.mark.django_db
def test_the_local_provider_answers_and_every_call_is_logged():
    user = UserFactory()
    result = ai_run(task="digest_summary", payload=_digest_payload(), user=user)
    assert result.output["summary"].startswith("Hi Jane: 3 new matches today")
    row = result.interaction
    assert (row.provider, row.model, row.success, row.cost_usd) == (
        "local",
        "local-rules-v1",
        True,
        0,
    )
    assert row.prompt_version == "default"
    assert len(row.input_hash) == 64


@pytest.mark.django_db
def test_the_openai_path_uses_the_real_client_and_records_tokens_and_cost(fake_openai):
    user = UserFactory()
    fake_openai.answers.append((200, json.dumps({"summary": "Three new jobs; apply to Acme."})))
    result = ai_run(task="digest_summary", payload=_digest_payload(), user=user)
    assert result.output == {"summary": "Three new jobs; apply to Acme."}
    assert not result.fell_back
    row = result.interaction
    assert (row.provider, row.model, row.tokens_in, row.tokens_out) == (
        "openai",
        "gpt-4o-mini",
        1000,
        200,
    )
    # gpt-4o-mini: $0.15 per million in, $0.60 per million out
    assert row.cost_usd == Decimal("0.00027")
    sent = fake_openai.requests[0]
    assert sent["model"] == "gpt-4o-mini"
    assert sent["response_format"]["type"] == "json_schema"
    assert "Summarise today's new matches" in sent["messages"][0]["content"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "content"),
    [(200, "not json at all"), (200, ""), (200, json.dumps({"wrong": 1})), (500, "")],
)
def test_a_bad_remote_answer_is_a_recorded_failure_and_local_answers(fake_openai, status, content):
    user = UserFactory()
    fake_openai.answers += [(status, content)] * 3  # the client retries a 500 once
    result = ai_run(task="digest_summary", payload=_digest_payload(), user=user)
    assert result.fell_back
    assert result.provider == "local"
    failed = result.interaction.fallback_of
    assert failed is not None and failed.provider == "openai" and not failed.success
    assert failed.error
    assert AIInteraction.objects.count() == 2


@pytest.mark.django_db
def test_a_remote_resume_parse_keeps_only_what_the_text_says(fake_openai):
    invented = {
        "full_name": "John Invented",
        "email": "jane@example.com",
        "phone": "",
        "location": "",
        "programming_languages": ["Python", "Rust"],
        "frameworks_libraries": ["Django"],
        "tools_platforms": ["postgres"],
        "soft_skills": [],
        "job_titles": ["Astronaut"],
        "companies": [],
        "years_of_experience": 3,
        "degrees": [],
        "institutions": [],
        "graduation_years": [],
    }
    fake_openai.answers.append((200, json.dumps(invented)))
    result = ai_run(task="resume_parse", payload={"text": RESUME}, user=UserFactory())
    out = result.output
    assert out["full_name"] == ""
    assert out["email"] == "jane@example.com"
    assert out["programming_languages"] == ["Python"]
    assert out["tools_platforms"] == ["PostgreSQL"]
    assert out["job_titles"] == []
    assert out["_dropped"] == 3


@pytest.mark.django_db
def test_past_the_daily_cost_cap_the_local_provider_answers(fake_openai, settings):
    settings.AI_DAILY_COST_CAP_USD = 0.0001
    user = UserFactory()
    fake_openai.answers.append((200, json.dumps({"summary": "remote"})))
    first = ai_run(task="digest_summary", payload=_digest_payload(), user=user)
    second = ai_run(task="digest_summary", payload=_digest_payload(), user=user)
    assert first.provider == "openai"
    assert second.provider == "local"
    assert "cost cap" in second.interaction.error
    assert len(fake_openai.requests) == 1


@pytest.mark.django_db
def test_a_thumbs_rating_becomes_a_feedback_event():
    user = UserFactory()
    result = ai_run(task="digest_summary", payload=_digest_payload(), user=user)
    ai_interaction_rate(user=user, interaction=result.interaction, rating="down", comment="meh")
    event = Event.objects.get(event_type="AI_RESPONSE_RATED")
    assert event.payload["interaction_id"] == str(result.interaction.pk)
    assert event.payload["rating"] == "down"
    assert event.payload["action_type"] == "digest_summary"
    result.interaction.refresh_from_db()
    assert result.interaction.rating == "down"


@pytest.mark.django_db
def test_nobody_rates_an_answer_made_for_someone_else():
    owner, other = UserFactory(), UserFactory()
    result = ai_run(task="digest_summary", payload=_digest_payload(), user=owner)
    with pytest.raises(RatingError):
        ai_interaction_rate(user=other, interaction=result.interaction, rating="up")
