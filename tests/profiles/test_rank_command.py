"""``manage.py rank``: files in, a CSV of ranked pairs with every component out."""

from __future__ import annotations

import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from profiles.matching.components import COMPONENTS

pytestmark = pytest.mark.django_db

JAVA = """JANE DOE
Java Developer
Austin, TX
Skills: Java, Spring, PostgreSQL, SQL
Experience
Java Developer, Initech, 01/2021 - 06/2024
Built Spring services on PostgreSQL for payments.
"""
NURSE = """JOHN ROE
Registered Nurse
Miami, FL
Skills: Patient Care, BLS, Triage
Experience
Registered Nurse, Mercy Hospital, 03/2015 - 10/2024
Triage and patient care on a 30-bed medical unit.
"""
POSTINGS = [
    {"job_id": "j1", "title": "Junior Java Engineer", "company": "Acme", "location": "Austin, TX",
     "description": "Requirements:\n- 1+ years of Java and Spring\n- SQL"},
    {"job_id": "n1", "title": "Registered Nurse", "company": "Mercy", "location": "Miami, FL",
     "description": "Requirements:\n- Current RN license\n- BLS\n- Triage experience"},
    {"job_id": "v1", "title": "Summer Internship", "company": "Acme", "location": "",
     "description": "About us: a great place to work. We offer 401k and lunch."},
]  # fmt: skip


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "resumes"
    folder.mkdir()
    (folder / "java.txt").write_text(JAVA)
    (folder / "nurse.md").write_text(NURSE)
    (folder / "notes.bin").write_bytes(b"\x00\x01")  # not a resume suffix: ignored
    jobs = tmp_path / "jobs.json"
    jobs.write_text(json.dumps(POSTINGS))
    return folder, jobs, tmp_path / "out.csv"


def _read(path):
    with path.open() as handle:
        return list(csv.DictReader(handle))


def test_each_resume_gets_its_own_occupation_first(files):
    folder, jobs, out = files
    call_command("rank", "--resumes", str(folder), "--jobs", str(jobs), "--out", str(out),
                 "--top", "2", "--today", "2026-11-30", "--quiet", stdout=StringIO())  # fmt: skip
    rows = _read(out)
    assert list(rows[0]) == ["resume", "job_id", "rank", "score", "confidence", *COMPONENTS]
    best = {r["resume"].rsplit("/", 1)[-1]: r["job_id"] for r in rows if r["rank"] == "1"}
    assert best == {"java.txt": "j1", "nurse.md": "n1"}
    assert len(rows) == 4  # two resumes x top 2
    vague = [r for r in rows if r["job_id"] == "v1"]
    assert all(r["skills"] == "" for r in vague)  # unknown, written empty


def test_the_jobs_direction_ranks_resumes_for_each_posting(files, tmp_path):
    folder, _, out = files
    jobs = tmp_path / "jobs.csv"
    with jobs.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["job_id", "title", "company", "location",
                                                    "description"])  # fmt: skip
        writer.writeheader()
        writer.writerows(POSTINGS)
    call_command("rank", "--resumes", str(folder), "--jobs", str(jobs), "--out", str(out),
                 "--direction", "jobs", "--top", "1", "--quiet", stdout=StringIO())  # fmt: skip
    best = {r["job_id"]: r["resume"].rsplit("/", 1)[-1] for r in _read(out)}
    assert best["j1"] == "java.txt" and best["n1"] == "nurse.md"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("job_id,name\n1,x\n", r"CSV lacks the column\(s\) title"),
        ('{"job_id": 1}', "JSON must be a list"),
        ('[{"job_id": "a", "title": ""}]', "posting 1 needs a job_id and a title"),
    ],
)
def test_bad_postings_are_refused_with_the_reason(files, tmp_path, content, message):
    folder, _, out = files
    jobs = tmp_path / ("jobs.json" if content.startswith(("[", "{")) else "jobs.csv")
    jobs.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("rank", "--resumes", str(folder), "--jobs", str(jobs), "--out", str(out))


def test_a_missing_resume_path_is_named(files, tmp_path):
    _, jobs, out = files
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("rank", "--resumes", str(tmp_path / "nope"), "--jobs", str(jobs),
                     "--out", str(out))  # fmt: skip


def test_a_database_without_tables_stops_with_the_fix_before_reading_files(tmp_path, monkeypatch):
    from django.db import OperationalError

    from profiles.management.commands import rank

    def no_table(_name):
        raise OperationalError("no such table: learning_parameterversion")

    monkeypatch.setattr(rank, "resolve", no_table)
    monkeypatch.setattr(rank.Command, "_read", lambda *_: pytest.fail("files read first"))
    (tmp_path / "cv.txt").write_text(JAVA)
    (tmp_path / "jobs.json").write_text(json.dumps(POSTINGS))
    with pytest.raises(CommandError, match=r"manage\.py migrate"):
        call_command(
            "rank", "--resumes", str(tmp_path / "cv.txt"), "--jobs", str(tmp_path / "jobs.json"),
            "--out", str(tmp_path / "out.csv"),
        )  # fmt: skip
