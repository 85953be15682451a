"""``manage.py causal_effect`` and ``POST /api/v1/learning/causal-effect`` on arbitrary tables."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from learning.optimizers.findings import Finding, route_for
from tests.factories import ReviewerFactory, UserFactory

URL = "/api/v1/learning/causal-effect"
REQUIRED = {
    "method", "estimand", "estimate", "ci_low", "ci_high", "p_value",
    "n_treated", "n_control", "balance", "refutations",
}  # fmt: skip
ROOT = Path(__file__).resolve().parents[2]


def _table(n=300, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    d = (rng.random(n) < 1 / (1 + np.exp(-x[:, 0]))).astype(int)
    y = 1.0 * d + x[:, 0] + 0.5 * x[:, 1] + rng.normal(size=n)
    return pd.DataFrame({"age": x[:, 0], "score": x[:, 1], "trained": d, "earnings": y})


@pytest.fixture
def csv_file(tmp_path) -> Path:
    path = tmp_path / "table.csv"
    _table().to_csv(path, index=False)
    return path


def test_the_command_prints_one_json_object(csv_file, capsys):
    call_command(
        "causal_effect", "--csv", str(csv_file), "--treatment", "trained",
        "--outcome", "earnings", "--covariates", "age,score", "--method", "psm", "--json",
    )  # fmt: skip
    result = json.loads(capsys.readouterr().out)
    assert set(result) >= REQUIRED
    assert result["ci_low"] < 1.0 < result["ci_high"]
    assert {row["covariate"] for row in result["balance"]} == {"age", "score"}
    assert {r["name"] for r in result["refutations"]} >= {
        "placebo_treatment",
        "random_common_cause",
        "data_subset",
    }


def test_a_text_covariate_becomes_indicators_whatever_the_row_order(tmp_path, capsys):
    # an arbitrary analyst's CSV: a confounding category stored as text, a missing label,
    # a column name with a space
    rng = np.random.default_rng(4)
    table = _table(n=400, seed=4).rename(columns={"trained": "took course"})
    region = rng.choice(["north", "south", "west"], len(table))
    table["region"] = region
    pushed = (region == "west") & (rng.random(len(table)) < 0.6)
    table["took course"] = np.where(pushed, 1, table["took course"])
    table["earnings"] += 2.0 * (region == "west") - 1.0 * (region == "south")
    table.loc[3, "region"] = None
    answers = []
    for k, frame in enumerate((table, table.sample(frac=1.0, random_state=1))):
        path = tmp_path / f"t{k}.csv"
        frame.to_csv(path, index=False)
        call_command(
            "causal_effect", "--csv", str(path), "--treatment", "took course",
            "--outcome", "earnings", "--covariates", "region,age,score", "--method",
            "regression", "--estimand", "ate", "--json",
        )  # fmt: skip
        answers.append(json.loads(capsys.readouterr().out))
    assert answers[0] == answers[1]
    result = answers[0]
    assert {row["covariate"] for row in result["balance"]} == {
        "age", "score", "region=south", "region=west",
    }  # fmt: skip
    assert result["n_treated"] + result["n_control"] == len(table) - 1  # the missing label
    assert result["ci_low"] < 1.0 < result["ci_high"]


def test_an_identifier_is_not_a_category(csv_file, tmp_path):
    table = pd.read_csv(csv_file)
    table["name"] = [f"person {i}" for i in range(len(table))]
    path = tmp_path / "ids.csv"
    table.to_csv(path, index=False)
    with pytest.raises(CommandError, match="too_many_levels"):
        call_command(
            "causal_effect", "--csv", str(path), "--treatment", "trained",
            "--outcome", "earnings", "--covariates", "name",
        )  # fmt: skip


def test_the_command_names_the_problem_in_bad_input(csv_file):
    with pytest.raises(CommandError, match="missing_column"):
        call_command(
            "causal_effect", "--csv", str(csv_file), "--treatment", "nope", "--outcome", "earnings"
        )


def test_the_json_answer_does_not_depend_on_the_hash_seed(csv_file):
    outputs = set()
    for hash_seed in ("0", "1"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        run = subprocess.run(
            [
                sys.executable, "manage.py", "causal_effect", "--csv", str(csv_file),
                "--treatment", "trained", "--outcome", "earnings", "--covariates",
                "score,age", "--method", "ipw", "--bootstrap", "40", "--seed", "3", "--json",
            ],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        outputs.add(run.stdout)
    assert len(outputs) == 1


@pytest.mark.django_db
def test_staff_get_the_estimate_from_json_rows():
    client = APIClient()
    client.force_authenticate(ReviewerFactory())
    rows = _table().to_dict(orient="records")
    body = {"rows": rows, "treatment": "trained", "outcome": "earnings",
            "covariates": ["age", "score"], "method": "dr", "estimand": "ate"}  # fmt: skip
    response = client.post(URL, body, format="json")
    assert response.status_code == 200, response.json()
    assert set(response.json()) >= REQUIRED
    assert response.json()["estimand"] == "ate"


@pytest.mark.django_db
def test_staff_can_upload_a_csv(csv_file):
    client = APIClient()
    client.force_authenticate(ReviewerFactory())
    upload = SimpleUploadedFile("t.csv", csv_file.read_bytes(), content_type="text/csv")
    response = client.post(
        URL,
        {"file": upload, "treatment": "trained", "outcome": "earnings",
         "covariates": ["age", "score"], "method": "regression"},
        format="multipart",
    )  # fmt: skip
    assert response.status_code == 200, response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"rows": [{"y": 1, "d": 0}] * 3, "treatment": "d", "outcome": "y"}, "too_few_rows"),
        ({"rows": [{"y": i, "d": 2} for i in range(20)], "treatment": "d", "outcome": "y"},
         "not_binary"),
        ({"rows": [{"y": {"a": 1}, "d": 0}] * 20, "treatment": "d", "outcome": "y"}, "not_numeric"),
        ({"rows": [{"y": 1, "d": 1}] * 20, "treatment": "d", "outcome": "zz"}, "missing_column"),
        ({"treatment": "d", "outcome": "y"}, "invalid"),
        ({"rows": [{"y": 1}], "outcome": "y", "method": "iv", "treatment": "d"}, "missing_column"),
    ],
)  # fmt: skip
def test_bad_tables_get_a_400_with_a_code(body, code):
    client = APIClient()
    client.force_authenticate(ReviewerFactory())
    response = client.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["detail"]


@pytest.mark.django_db
def test_only_staff_may_estimate():
    client = APIClient()
    client.force_authenticate(UserFactory())
    response = client.post(URL, {"rows": [], "outcome": "y"}, format="json")
    assert response.status_code == 403


def test_a_refuted_estimate_is_never_auto_applied():
    evidence = {"p_value": 1e-6, "sample_size": 50_000, "refuted": True}
    finding = Finding(
        kind="k", component="c", parameter="p", current_value=1, recommended_value=1.05,
        reasoning="", evidence=evidence, impact={}, risk_level="low",
    )  # fmt: skip
    assert route_for(finding, auto_apply_enabled=True) != "auto_apply"
    unrefuted = Finding(**{**finding.__dict__, "evidence": {**evidence, "refuted": False}})
    assert route_for(unrefuted, auto_apply_enabled=True) == "auto_apply"
