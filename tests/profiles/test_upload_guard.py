"""Hostile uploads get a 400 with a code, quickly, without the web worker's memory growing."""

from __future__ import annotations

import resource
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from profiles.models import ResumeVersion
from profiles.parsing.documents import ResumeDocumentError
from profiles.parsing.upload_guard import read_document_bounded
from tests.profiles import hostile_files as hostile
from tests.profiles.documents import make_pdf

MIB = 1024 * 1024
LIMIT_SECONDS = 2.0
LIMIT_EXTRA_MEMORY = 200 * MIB
# 256 MB inflated is enough to show the bound (the limits are 20 and 50 MB) and builds in 0.5 s.
BOMB_BYTES = 256 * MIB

HOSTILE = {
    "docx zip bomb": (lambda: hostile.docx_zip_bomb(BOMB_BYTES), "too_complex"),
    "docx with 5,000 parts": (lambda: hostile.docx_many_entries(5000), "too_complex"),
    "20,000-page pdf": (hostile.many_pages_pdf, "too_many_pages"),
    "flate bomb pdf": (lambda: hostile.flate_bomb_pdf(BOMB_BYTES), "too_complex"),
    "aes-256 pdf": (hostile.aes256_pdf, "encrypted"),
    "text with a NUL after 4 KB": (hostile.text_with_late_nul, "unsupported_type"),
}


def _max_rss_bytes(who: int) -> int:
    return resource.getrusage(who).ru_maxrss * 1024  # kilobytes on Linux


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_is_refused_with_a_code_in_time_and_memory(name) -> None:
    build, code = HOSTILE[name]
    data = build()
    parent_before = _max_rss_bytes(resource.RUSAGE_SELF)
    started = time.perf_counter()
    with pytest.raises(ResumeDocumentError) as refused:
        read_document_bounded(data, max_bytes=5 * MIB)
    elapsed = time.perf_counter() - started
    assert refused.value.code == code, refused.value.message
    assert elapsed < LIMIT_SECONDS
    assert _max_rss_bytes(resource.RUSAGE_SELF) - parent_before < LIMIT_EXTRA_MEMORY
    # the child starts as a copy of this process: its growth is what the parse cost
    assert _max_rss_bytes(resource.RUSAGE_CHILDREN) - parent_before < LIMIT_EXTRA_MEMORY


def test_a_parse_that_runs_too_long_is_stopped(monkeypatch) -> None:
    def slow(data: bytes, *, max_bytes: int):
        time.sleep(30)

    monkeypatch.setattr("profiles.parsing.upload_guard.read_document", slow)
    started = time.perf_counter()
    with pytest.raises(ResumeDocumentError) as refused:
        read_document_bounded(make_pdf(["Jane Doe"]), max_bytes=MIB, seconds=0.5)
    assert refused.value.code == "too_complex"
    assert time.perf_counter() - started < LIMIT_SECONDS


def test_a_parser_bug_is_a_corrupt_file_not_a_crash(monkeypatch) -> None:
    def broken(data: bytes, *, max_bytes: int):
        raise IndexError("list index out of range")

    monkeypatch.setattr("profiles.parsing.upload_guard.read_document", broken)
    with pytest.raises(ResumeDocumentError) as refused:
        read_document_bounded(b"Jane Doe, engineer", max_bytes=MIB)
    assert refused.value.code == "corrupt"


def test_a_real_resume_still_reads() -> None:
    document = read_document_bounded(
        make_pdf(["Jane Doe", "Senior Python engineer, Django and PostgreSQL, ten years"]),
        max_bytes=MIB,
    )
    assert document.kind == "pdf" and "Django" in document.text


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["docx zip bomb", "20,000-page pdf", "aes-256 pdf"])
def test_the_upload_api_answers_400_with_the_code(api_client, backend_candidate, name) -> None:
    build, code = HOSTILE[name]
    api_client.force_authenticate(backend_candidate.user)
    response = api_client.post(
        f"/api/v1/profiles/upload-resume/{backend_candidate.user.username}",
        {"file": SimpleUploadedFile("cv.bin", build())},
    )
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not ResumeVersion.objects.exists()
