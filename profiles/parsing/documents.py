# ruff: noqa: RUF001
"""Turn an uploaded file into plain text, or say clearly why that is impossible.

The type is decided by the bytes, never by the file name. Every refusal raises
:class:`ResumeDocumentError` with a stable ``code`` and a sentence a candidate can act on;
nothing here ever returns made-up text.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

import docx
from docx.opc.exceptions import PackageNotFoundError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

if TYPE_CHECKING:
    from pypdf import PageObject

# Below this many letters a "resume" carries no information worth parsing (a scanned PDF
# yields a handful of stray glyphs at most).
MIN_LETTERS = 20
# A text layer where fewer than half the visible characters are letters, digits or common
# punctuation is garbage from a broken font map, not words.
MIN_READABLE_SHARE = 0.5

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Spaces between two text runs on one layout line that mean two columns: justified text
# stretches a word gap to two spaces at most; the livecareer skill tables leave six or more.
COLUMN_GAP = 3
_COLUMN_GAP_RE = re.compile(rf" {{{COLUMN_GAP},}}")
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")


class ResumeDocumentError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Document:
    text: str
    kind: str  # "pdf" | "docx" | "txt"
    pages: int = 1


def read_document(data: bytes, *, max_bytes: int) -> Document:
    """Return the text of a PDF, DOCX or plain-text resume; raise ResumeDocumentError."""
    if not data:
        raise ResumeDocumentError("empty", "The file is empty.")
    if len(data) > max_bytes:
        raise ResumeDocumentError(
            "too_large",
            f"The file is {len(data) / 1_048_576:.1f} MB; the limit is "
            f"{max_bytes / 1_048_576:.0f} MB.",
        )
    head = data[:1024]
    if b"%PDF-" in head:
        document = _read_pdf(data)
    elif data.startswith(b"PK\x03\x04"):
        document = _read_docx(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ResumeDocumentError(
                "encrypted", "The Word document is password-protected; remove the password."
            )
        raise ResumeDocumentError(
            "unsupported_type",
            "Old Word 97-2003 (.doc) files are not supported; save it as .docx or PDF.",
        )
    elif data.startswith(_IMAGE_MAGIC):
        raise ResumeDocumentError(
            "scanned",
            "This is an image, so it has no text to read; upload a PDF with selectable text, "
            "a .docx, or paste the text.",
        )
    elif data.lstrip().startswith(b"{\\rtf"):
        raise ResumeDocumentError(
            "unsupported_type", "RTF files are not supported; save it as .docx or PDF."
        )
    else:
        document = Document(_decode_text(data), "txt")
    _check_readable(document)
    return document


def _check_readable(document: Document) -> None:
    text = document.text
    letters = sum(ch.isalpha() for ch in text)
    visible = [ch for ch in text if not ch.isspace()]
    if letters < MIN_LETTERS:
        if document.kind == "pdf":
            raise ResumeDocumentError(
                "scanned",
                "The PDF has no text layer (it looks scanned); upload a PDF with selectable "
                "text, a .docx, or paste the text.",
            )
        raise ResumeDocumentError("empty", "The file contains no readable text.")
    readable = sum(ch.isalnum() or ch in ".,;:()-–—/&@+#%'\"•·|*" for ch in visible)
    if readable / len(visible) < MIN_READABLE_SHARE:
        raise ResumeDocumentError(
            "unreadable",
            "The text in this file is garbled (broken font encoding); export it again or "
            "paste the text.",
        )


def _decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise ResumeDocumentError(
            "unsupported_type", "This is a binary file, not a PDF, .docx or plain-text resume."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_pdf(data: bytes) -> Document:

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ResumeDocumentError(
                "encrypted", "The PDF is password-protected; remove the password and try again."
            )
        pages = [_page_text(page) for page in reader.pages]
    except ResumeDocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        if "decrypt" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise ResumeDocumentError(
                "encrypted", "The PDF is password-protected; remove the password and try again."
            ) from exc
        raise ResumeDocumentError(
            "corrupt", "The PDF is damaged and cannot be read; export it again."
        ) from exc
    if not pages:
        raise ResumeDocumentError("empty", "The PDF has no pages.")
    text = "\n".join(pages)
    # Two fonts often leave "(cid:123)" placeholders when glyphs have no Unicode mapping.
    text = re.sub(r"\(cid:\d+\)", "", text)
    return Document(text, "pdf", len(pages))


def _page_text(page: PageObject) -> str:
    """The page's text line by line as it is laid out, columns split into their own lines.

    The plain extraction follows the content stream, which HTML-to-PDF exports (livecareer,
    wkhtmltopdf) break into one fragment per line: "Company Name / City / , / State / 04/2020 /
    to / Current". The layout mode rebuilds lines from glyph positions; a gap of
    ``COLUMN_GAP`` spaces or more separates two columns, never two words of one sentence.
    """
    try:
        text = page.extract_text(extraction_mode="layout") or ""
    except (ValueError, KeyError, TypeError, AttributeError, ZeroDivisionError, IndexError):
        return page.extract_text() or ""  # fonts without widths defeat the layout mode
    lines: list[str] = []
    for line in text.splitlines():
        lines.extend(part.strip() for part in _COLUMN_GAP_RE.split(line.strip()))
    return "\n".join(lines)


def _read_docx(data: bytes) -> Document:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise ResumeDocumentError(
            "corrupt", "The file is a damaged archive and cannot be read."
        ) from exc
    if "word/document.xml" not in names:
        raise ResumeDocumentError(
            "unsupported_type", "This is a ZIP archive, not a Word (.docx) document."
        )

    try:
        document = docx.Document(io.BytesIO(data))
        parts = [section.header._element for section in document.sections]
        parts.append(document.element.body)
        lines = [line for part in parts for line in _paragraph_lines(part)]
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ResumeDocumentError(
            "corrupt", "The Word document is damaged and cannot be read."
        ) from exc
    except Exception as exc:  # lxml raises its own XMLSyntaxError family
        raise ResumeDocumentError(
            "corrupt", "The Word document is damaged and cannot be read."
        ) from exc
    return Document("\n".join(_dedupe_adjacent(lines)), "docx")


def _paragraph_lines(root: object) -> list[str]:
    """One line per paragraph, in document order, including tables and text boxes."""
    lines: list[str] = []
    for p in root.iter(f"{_W}p"):  # type: ignore[attr-defined]
        if _inside_fallback(p):
            continue
        chunks = []
        for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
            if _nearest_paragraph(node) is not p:
                continue  # belongs to a text box paragraph nested in this one
            if node.tag == f"{_W}t":
                chunks.append(node.text or "")
            else:
                chunks.append("\t" if node.tag == f"{_W}tab" else "\n")
        line = "".join(chunks).strip()
        if line:
            lines.extend(part.strip() for part in line.split("\n") if part.strip())
    return lines


def _nearest_paragraph(node: object) -> object:
    parent = node.getparent()  # type: ignore[attr-defined]
    while parent is not None and parent.tag != f"{_W}p":
        parent = parent.getparent()
    return parent


def _inside_fallback(node: object) -> bool:
    parent = node.getparent()  # type: ignore[attr-defined]
    while parent is not None:
        if parent.tag == _MC_FALLBACK:
            return True
        parent = parent.getparent()
    return False


def _dedupe_adjacent(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if not out or out[-1] != line:
            out.append(line)
    return out
