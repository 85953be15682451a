"""Read an uploaded resume within bounds: size, archive members, pages, time and memory.

Pure Python, no Django. :func:`read_document_bounded` wraps :func:`read_document` so that no
file, however hostile, costs the server more than ``memory_bytes`` or ``seconds``, and every
failure is a :class:`ResumeDocumentError` with a code (the API answers 400, never 500):

* DOCX (zip): the central directory is checked before any member is inflated — entry count
  and the total declared size (``zipfile`` never inflates a member past its declared size);
* PDF: encryption and the page count are checked before any text is extracted, and pypdf's
  own decompression limits are lowered for the parse;
* the parse itself runs in a forked child with an address-space limit and is killed after
  the time limit: a decompression bomb or a pathological layout takes the child down, not
  the web worker. Where ``fork`` is unavailable the checks run in-process without the limits.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import resource
import struct
import zipfile
from multiprocessing.connection import Connection
from typing import Any

# Imported here, in the long-lived process, not in each forked child: importing them costs
# 0.3-0.5 s, which every upload would otherwise pay again.
import docx  # noqa: F401
import pypdf  # noqa: F401
from pypdf import PdfReader, overwrite_configuration
from pypdf.errors import DependencyError, PyPdfError

from profiles.parsing.documents import Document, ResumeDocumentError, read_document

MIB = 1024 * 1024
# A real .docx has 10-40 parts; a thousand leaves room for embedded images and fonts.
MAX_ZIP_ENTRIES = 1000
# Sum of the members' declared (uncompressed) sizes: a long resume with images is ~5 MB.
MAX_ZIP_UNCOMPRESSED_BYTES = 50 * MIB
# The end-of-central-directory record: 22 bytes plus a comment of up to 65,535.
ZIP_END_SIZE = 22
ZIP_END_SEARCH_BYTES = ZIP_END_SIZE + 65_535
# Resumes run 1-5 pages; 50 takes any CV or publication list and refuses a 20,000-page bomb.
MAX_PDF_PAGES = 50
# Page objects the raw scan tolerates per allowed page (incremental saves rewrite pages).
PAGE_OBJECT_SLACK = 4
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
# One inflated PDF stream (pypdf's default is 75 MB): text content streams are kilobytes.
MAX_PDF_STREAM_BYTES = 20 * MIB
# The parse of a real resume takes 0.05-1 s (layout extraction of a dense 5-page PDF).
PARSE_SECONDS = 5.0
# Address space the child may add on top of the forked process: the parse's working set.
PARSE_MEMORY_BYTES = 200 * MIB

_TOO_COMPLEX = "The file is too complex to read safely; export it again or paste the text."


def read_document_bounded(
    data: bytes,
    *,
    max_bytes: int,
    seconds: float = PARSE_SECONDS,
    memory_bytes: int = PARSE_MEMORY_BYTES,
) -> Document:
    """Return the text like ``read_document``, within the limits; raise ResumeDocumentError."""
    if len(data) > max_bytes:
        read_document(data, max_bytes=max_bytes)  # raises its own "too_large" with the sizes
    if "fork" not in multiprocessing.get_all_start_methods():
        return _checked_read(data, max_bytes)
    return _read_in_child(data, max_bytes, seconds, memory_bytes)


def _read_in_child(data: bytes, max_bytes: int, seconds: float, memory_bytes: int) -> Document:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, data, max_bytes, memory_bytes))
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise ResumeDocumentError("too_complex", _TOO_COMPLEX)
        outcome = receiver.recv()
    except EOFError:  # the child died: out of memory, or a crash in a C extension
        raise ResumeDocumentError("too_complex", _TOO_COMPLEX) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome[0] == "error":
        raise ResumeDocumentError(outcome[1], outcome[2])
    return Document(*outcome[1:])


def _child(sender: Connection, data: bytes, max_bytes: int, memory_bytes: int) -> None:
    _limit_address_space(memory_bytes)
    try:
        document = _checked_read(data, max_bytes)
        sender.send(("ok", document.text, document.kind, document.pages))
    except ResumeDocumentError as exc:
        sender.send(("error", exc.code, exc.message))
    except BaseException as exc:  # every failure must become a 400
        sender.send(("error", *_classify(exc)))
    finally:
        sender.close()


def _limit_address_space(extra_bytes: int) -> None:
    try:
        with open("/proc/self/statm") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (current + extra_bytes, current + extra_bytes))
    except (OSError, ValueError):
        pass  # not Linux: the time limit still bounds the child


def _classify(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, MemoryError | RecursionError) or type(exc).__name__ == "LimitReachedError":
        return "too_complex", _TOO_COMPLEX
    return "corrupt", "The file is damaged and cannot be read; export it again."


def _checked_read(data: bytes, max_bytes: int) -> Document:
    if data.startswith(b"PK\x03\x04"):
        _check_zip(data)
    elif b"%PDF-" in data[:1024]:
        _check_pdf(data)
    try:
        document = read_document(data, max_bytes=max_bytes)
    except ResumeDocumentError:
        raise
    except Exception as exc:
        raise ResumeDocumentError(*_classify(exc)) from exc
    return _without_nul(document)


def _check_zip(data: bytes) -> None:
    declared = _declared_zip_entries(data)
    if declared is not None and declared > MAX_ZIP_ENTRIES:
        raise ResumeDocumentError(
            "too_complex", f"The document has {declared:,} parts; at most {MAX_ZIP_ENTRIES:,}."
        )
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # read_document reports the damaged archive with its own message
    if len(members) > MAX_ZIP_ENTRIES:
        raise ResumeDocumentError(
            "too_complex", f"The document has {len(members):,} parts; at most {MAX_ZIP_ENTRIES:,}."
        )
    if sum(m.file_size for m in members) > MAX_ZIP_UNCOMPRESSED_BYTES:
        raise ResumeDocumentError(
            "too_complex",
            f"The document unpacks to more than {MAX_ZIP_UNCOMPRESSED_BYTES // MIB} MB.",
        )


def _declared_zip_entries(data: bytes) -> int | None:
    """The entry count of the end-of-central-directory record (zip64 too), read in
    microseconds: ``ZipFile`` builds an object per entry, a second for 20,000 of them."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - ZIP_END_SEARCH_BYTES))
    if end < 0 or end + ZIP_END_SIZE > len(data):
        return None
    (total,) = struct.unpack_from("<H", data, end + 10)
    if total != 0xFFFF:
        return int(total)
    end64 = data.rfind(b"PK\x06\x06", max(0, end - ZIP_END_SEARCH_BYTES), end)
    if end64 < 0 or end64 + 40 > len(data):
        return None
    return int(struct.unpack_from("<Q", data, end64 + 32)[0])


def _check_pdf(data: bytes) -> None:
    _check_pdf_page_objects(data)

    # A context variable of this thread: the forked child's (or the fallback request's) own.
    overwrite_configuration(
        zlib_maximum_output_length=MAX_PDF_STREAM_BYTES,
        lzw_maximum_output_length=MAX_PDF_STREAM_BYTES,
        run_length_maximum_output_length=MAX_PDF_STREAM_BYTES,
        array_based_stream_maximum_output_length=MAX_PDF_STREAM_BYTES,
        maximum_declared_stream_length=MAX_PDF_STREAM_BYTES,
        image_maximum_buffer_size=MAX_PDF_STREAM_BYTES,
    )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _decrypts_without_password(reader):
            raise ResumeDocumentError(
                "encrypted", "The PDF is password-protected; remove the password and try again."
            )
        pages = _page_count(reader)
    except DependencyError as exc:  # AES needs the optional cryptography package
        raise ResumeDocumentError(
            "encrypted", "The PDF is encrypted; remove the password or encryption and try again."
        ) from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError):
        return  # read_document reports the damaged PDF with its own message
    if pages > MAX_PDF_PAGES:
        raise ResumeDocumentError(
            "too_many_pages", f"The PDF has {pages:,} pages; a resume may have {MAX_PDF_PAGES}."
        )


def _check_pdf_page_objects(data: bytes) -> None:
    """Count page objects in the raw bytes (milliseconds) before pypdf parses a 20,000-entry
    cross-reference table (seconds). Incremental saves repeat page objects, hence the slack;
    pages hidden in compressed object streams are left to the declared /Count."""
    found = len(_PAGE_OBJECT.findall(data))
    if found > MAX_PDF_PAGES * PAGE_OBJECT_SLACK:
        raise ResumeDocumentError(
            "too_many_pages", f"The PDF has {found:,} pages; a resume may have {MAX_PDF_PAGES}."
        )


def _page_count(reader: Any) -> int:
    """The page tree's declared /Count: flattening 20,000 pages just to count them takes
    seconds. A tree that lies low is still bounded by the parse's time limit."""
    declared = reader.root_object["/Pages"].get("/Count")
    return int(declared) if isinstance(declared, int) else len(reader.pages)


def _decrypts_without_password(reader: Any) -> bool:
    return bool(reader.decrypt(""))


def _without_nul(document: Document) -> Document:
    """NUL cannot be stored in PostgreSQL text; in a plain-text file it means a binary file."""
    if "\x00" not in document.text:
        return document
    if document.kind == "txt":
        raise ResumeDocumentError(
            "unsupported_type", "This is a binary file, not a PDF, .docx or plain-text resume."
        )
    return Document(document.text.replace("\x00", ""), document.kind, document.pages)
