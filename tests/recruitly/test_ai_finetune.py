"""Fine-tuning end to end against a fake OpenAI-compatible server on 127.0.0.1 (started here),
off by default; the model it produces and the few-shot prompt are only proposed as draft
experiments."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from experiments.models import Experiment, ExperimentStatus
from learning.ai.training import finetune
from learning.ai.training.candidates import MIN_EXAMPLES, prompt_candidate_propose
from learning.ai.training.snapshot import training_snapshot
from profiles.models import AIInteraction
from recruitly.spine.models import AuditEntry, ParameterVersion
from recruitly.spine.resolver import resolve
from tests.factories import CandidateProfileFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TUNED = "ft:gpt-4o-mini-2024-07-18:recruitly:job-reasoning:abc123"


class FakeOpenAI(BaseHTTPRequestHandler):
    """POST /files, POST /fine_tuning/jobs, GET /fine_tuning/jobs/{id}: running, then done."""

    uploads: list[bytes] = []
    jobs: dict[str, dict[str, Any]] = {}
    polls: dict[str, int] = {}

    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.path == "/files":
            self.uploads.append(body)
            self._send(200, {"id": "file-1", "object": "file", "bytes": len(body),
                             "created_at": 1, "filename": "train.jsonl",
                             "purpose": "fine-tune", "status": "processed"})  # fmt: skip
        elif self.path == "/fine_tuning/jobs":
            request = json.loads(body)
            job = {"id": f"ftjob-{len(self.jobs) + 1}", "object": "fine_tuning.job",
                   "created_at": 1, "model": request["model"], "status": "queued",
                   "training_file": request["training_file"], "fine_tuned_model": None,
                   "organization_id": "org", "result_files": [], "seed": 1,
                   "hyperparameters": {"n_epochs": "auto"}, "error": None,
                   "finished_at": None, "trained_tokens": None,
                   "validation_file": None}  # fmt: skip
            self.jobs[job["id"]] = job
            self._send(200, job)
        else:
            self._send(404, {"error": {"message": "not found"}})

    def do_GET(self) -> None:
        job_id = self.path.rsplit("/", 1)[-1]
        job = self.jobs.get(job_id)
        if not self.path.startswith("/fine_tuning/jobs/") or job is None:
            self._send(404, {"error": {"message": "not found"}})
            return
        self.polls[job_id] = self.polls.get(job_id, 0) + 1
        if self.polls[job_id] == 1:
            job["status"] = "running"
        else:
            job.update(status="succeeded", fine_tuned_model=TUNED, finished_at=2)
        self._send(200, job)


@pytest.fixture
def fake_openai(settings) -> Iterator[type[FakeOpenAI]]:
    FakeOpenAI.uploads, FakeOpenAI.jobs, FakeOpenAI.polls = [], {}, {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.OPENAI_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.OPENAI_API_KEY = "test-key"
    yield FakeOpenAI
    server.shutdown()
    server.server_close()


def _approved(n: int, task: str = "job_reasoning", start: int = 0) -> None:
    profile = CandidateProfileFactory(full_name="Ada Lovelace")
    for i in range(start, start + n):
        AIInteraction.objects.create(
            user=profile.user, task=task, provider="openai", model="gpt-4o-mini",
            prompt_version="default", input_hash=str(i), rating="up",
            input_data={"job": f"job {i}", "contact": "ada@example.com"},
            output={"reasoning": f"Ada fits job {i}: Python and SQL match."},
        )  # fmt: skip


def _readiness(ready: bool) -> list[dict[str, Any]]:
    return [{"action_type": "job_reasoning", "ready": ready, "exportable": 600}]


def test_auto_finetune_is_off_by_default(settings, fake_openai):
    assert settings.ENABLE_AUTO_FINETUNE is False
    _approved(30)
    result = finetune.finetune_auto(readiness=_readiness(True), now=NOW)
    assert result == {"enabled": False, "started": [], "updated": []}
    assert fake_openai.uploads == [] and fake_openai.jobs == {}


def test_finetune_job_runs_end_to_end_and_its_model_is_only_a_candidate(settings, fake_openai):
    # given: an exportable snapshot and fine-tuning switched on
    settings.ENABLE_AUTO_FINETUNE = True
    _approved(40)
    before = resolve("ai.model.job_reasoning").value
    # when: the pipeline's step starts a job, then polls it twice
    first = finetune.finetune_auto(readiness=_readiness(True), now=NOW)
    running = finetune.finetune_auto(readiness=_readiness(True), now=NOW)
    done = finetune.finetune_auto(readiness=_readiness(True), now=NOW)
    # then: the scrubbed training file was uploaded and the job created on it
    [job] = first["started"]
    assert job["status"] == "queued" and job["training_file"] == "file-1"
    uploaded = fake_openai.uploads[0].decode()
    assert '"messages"' in uploaded and "ada@example.com" not in uploaded
    assert "Ada" not in uploaded.split("train.jsonl", 1)[-1]
    assert fake_openai.jobs[job["job_id"]]["model"] == settings.FINETUNE_BASE_MODEL
    assert [j["status"] for j in running["updated"]] == ["running"]
    assert running["started"] == []  # one job per action at a time
    [finished] = done["updated"]
    assert finished["status"] == "succeeded" and finished["fine_tuned_model"] == TUNED
    # the model is a draft experiment on ai.model.job_reasoning, not live
    experiment = Experiment.objects.get(key=finished["candidate_experiment"])
    assert experiment.status == ExperimentStatus.DRAFT
    assert experiment.component == "ai.model.job_reasoning"
    assert {v.key: v.value for v in experiment.variants.all()} == {
        "control": before, "candidate": TUNED,
    }  # fmt: skip
    assert resolve("ai.model.job_reasoning").value == before
    assert not ParameterVersion.objects.filter(component="ai.model.job_reasoning").exists()
    assert AuditEntry.objects.filter(action="ai.finetune_status").count() == 2
    assert [j["status"] for j in finetune.finetune_jobs_list()] == ["succeeded"]


def test_finetune_start_refuses_without_a_snapshot(settings, fake_openai):
    with pytest.raises(finetune.FinetuneError, match="no training snapshot"):
        finetune.finetune_start("job_reasoning", now=NOW)
    assert fake_openai.uploads == []


def test_without_finetuning_top_rated_examples_become_a_few_shot_candidate_prompt():
    _approved(MIN_EXAMPLES - 1)
    assert prompt_candidate_propose("job_reasoning", now=NOW) is None  # too few approved
    _approved(10, start=100)
    experiment = prompt_candidate_propose("job_reasoning", now=NOW)
    assert experiment is not None and experiment.status == ExperimentStatus.DRAFT
    variants = {v.key: v.value for v in experiment.variants.all()}
    assert variants["control"] == resolve("prompts.job_reasoning").value
    candidate = variants["candidate"]
    assert candidate.startswith(variants["control"]) and candidate.count("\nAnswer: ") == 3
    assert "Ada" not in candidate and "@" not in candidate
    assert experiment.primary_metric == "thumbs_up_share"
    assert not ParameterVersion.objects.filter(component="prompts.job_reasoning").exists()


def test_snapshot_then_start_by_hand(fake_openai):
    _approved(25)
    training_snapshot(action="job_reasoning", now=NOW)
    job = finetune.finetune_start("job_reasoning", base_model="my-base", now=NOW)
    assert job["base_model"] == "my-base" and job["snapshot"].startswith("job_reasoning/v0001-")


def test_the_pipeline_proposes_a_few_shot_prompt_once_while_it_is_open():
    from learning.ai.pipeline import ai_pipeline_run

    _approved(40)
    first = ai_pipeline_run(now=NOW)["training"]
    second = ai_pipeline_run(now=NOW)["training"]
    assert first["finetune"]["enabled"] is False
    assert len(first["prompt_candidates"]) == 1 and second["prompt_candidates"] == []
    assert first["readiness"][0]["action_type"] == "job_reasoning"


def test_dashboard_shows_readiness_snapshots_and_candidates(api_client, reviewer, settings):
    from learning.ai.training.examples import READY

    _approved(40)
    training_snapshot(action="job_reasoning", now=NOW)
    prompt_candidate_propose("job_reasoning", now=NOW)
    api_client.force_authenticate(reviewer)
    body = api_client.get("/api/admin/learning-dashboard").json()
    [row] = body["training"]["readiness"]
    assert row["action_type"] == "job_reasoning" and 25 < row["exportable"] <= 40
    assert row["ready"] is False and row["needed"] == READY - row["exportable"]
    assert body["learning_status"]["ready_for_training"] is False
    assert body["learning_status"]["needed_for_training"] == row["needed"]
    assert body["training"]["snapshots"][0]["train"] == row["exportable"]
    assert body["training"]["candidates"][0]["status"] == "draft"
    assert body["training"]["finetune_jobs"] == []
    registry = {r["task"]: r for r in body["training"]["registry"]}
    assert registry["job_reasoning"]["prompt"]["production"] == "default"
    [candidate] = registry["job_reasoning"]["prompt"]["candidates"]
    assert candidate["status"] == "draft" and candidate["variant"] == "candidate"
    assert registry["job_score"]["prompt"]["candidates"] == []
    assert registry["job_score"]["model"]["production"] == "gpt-4o-mini"


def test_the_pipeline_command_prints_readiness_and_the_proposal(capsys):
    from django.core.management import call_command

    _approved(40)
    call_command("ai_pipeline")
    out = capsys.readouterr().out
    assert "Training job_reasoning:" in out and "exportable examples (not ready)" in out
    assert "Proposed prompt candidate: experiment prompt-job-reasoning-" in out


def test_an_unreachable_endpoint_is_reported_not_raised(settings):
    settings.ENABLE_AUTO_FINETUNE = True
    settings.OPENAI_BASE_URL = "http://127.0.0.1:9"  # discard port: connection refused
    settings.OPENAI_API_KEY = "test-key"
    _approved(25)
    result = finetune.finetune_auto(readiness=_readiness(True), now=NOW)
    assert result["started"] == [] and result["errors"][0].startswith("job_reasoning: ")
