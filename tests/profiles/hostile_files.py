"""Hostile uploads, built in memory: each small on the wire and expensive to parse naively."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from tests.profiles.documents import pdf_from_objects

MIB = 1024 * 1024


def _stream(data: bytes, *, flate: bool = False) -> bytes:
    body = zlib.compress(data, 9) if flate else data
    extra = b" /Filter /FlateDecode" if flate else b""
    return b"<< /Length %d%s >>\nstream\n" % (len(body), extra) + body + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_TEXT = b"BT /F1 11 Tf 50 780 Td (Jane Doe, Python engineer with ten years of Django) Tj ET"


def many_pages_pdf(pages: int = 20_000) -> bytes:
    """Every page shares one content stream: about 60 bytes per page on the wire."""
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        _stream(_TEXT),
        _FONT,
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>"
    )
    objects.extend([page] * pages)
    return pdf_from_objects(objects)


def _repeated_deflate(chunk: bytes, times: int) -> bytes:
    """Raw deflate of ``chunk * times`` in a fraction of the time: a full flush resets the
    window, so each chunk's compressed block is the same bytes and can be repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * times + compressor.flush()


def _checksums(chunk: bytes, times: int) -> tuple[int, int]:
    crc, adler = 0, 1
    for _ in range(times):
        crc, adler = zlib.crc32(chunk, crc), zlib.adler32(chunk, adler)
    return crc, adler


def flate_bomb_pdf(inflated_bytes: int = 1024 * MIB) -> bytes:
    """One page whose content stream inflates from ~1 MB to ``inflated_bytes`` of spaces."""
    times = inflated_bytes // MIB
    _, adler = _checksums(b" " * MIB, times)
    body = b"\x78\xda" + _repeated_deflate(b" " * MIB, times) + adler.to_bytes(4, "big")
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            stream,
            _FONT,
        ]
    )


def aes256_pdf() -> bytes:
    """A PDF with a revision-6 (AES-256) security handler: opening it needs AES."""
    encrypt = (
        b"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -1028 "
        b"/CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> "
        b"/StmF /StdCF /StrF /StdCF "
        b"/O <" + b"11" * 48 + b"> /U <" + b"22" * 48 + b"> "
        b"/OE <" + b"33" * 32 + b"> /UE <" + b"44" * 32 + b"> /Perms <" + b"55" * 16 + b"> >>"
    )
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            _stream(b"\x8a\x01" * 40),
            encrypt,
        ],
        trailer_extra=b"/Encrypt 5 0 R /ID [<" + b"ab" * 16 + b"> <" + b"ab" * 16 + b">] ",
    )


def docx_zip_bomb(inflated_bytes: int = 1024 * MIB) -> bytes:
    """A .docx whose document part inflates to ``inflated_bytes`` (about 1 MB on the wire)."""
    times = inflated_bytes // MIB
    crc, _ = _checksums(b" " * MIB, times)
    member = _repeated_deflate(b" " * MIB, times)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    small = out.getvalue()
    # Append the bomb by hand: zipfile cannot take pre-compressed data.
    central_at = small.index(b"PK\x01\x02")
    entries = small[:central_at]
    central = small[central_at : small.index(b"PK\x05\x06")]
    name = b"word/document.xml"
    offset = len(entries)
    local = struct.pack(
        "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(member), inflated_bytes, len(name), 0
    )
    record = struct.pack(
        "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(member), inflated_bytes,
        len(name), 0, 0, 0, 0, 0, offset,
    )  # fmt: skip
    body = entries + local + name + member
    directory = central + record + name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 2, 2, len(directory), len(body), 0)
    return body + directory + end


def docx_many_entries(entries: int = 20_000) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for i in range(entries):
            archive.writestr(f"x/{i}", b"")
    return out.getvalue()


def text_with_late_nul() -> bytes:
    return b"Jane Doe\nPython engineer with Django and PostgreSQL\n" * 200 + b"\x00tail"
