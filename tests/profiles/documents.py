"""Build real PDF and DOCX files in memory for the upload tests."""

from __future__ import annotations

import io


def pdf_from_objects(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """Number the objects from 1, write the xref table; object 1 must be the catalog."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, trailer_extra, xref)
    )
    return out.getvalue()


def one_page_pdf(stream: bytes, *, font: bytes) -> bytes:
    """A letter-size page drawing ``stream`` (content operators) with one base-14 font."""
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /%s >>" % font,
        ]
    )


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a real text layer (Helvetica), written object by object."""
    ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
    for line in lines:
        safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({safe}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    return one_page_pdf(stream, font=b"Helvetica")


def make_blank_pdf() -> bytes:
    """What a scanner produces, minus the image: pages without a text layer."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_encrypted_pdf(lines: list[str]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(lines))))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(paragraphs: list[str], *, table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


RESUME_LINES = [
    "Jane Doe",
    "Senior Software Engineer | Austin, TX | jane.doe@example.com | (512) 555-0199",
    "SUMMARY",
    "Backend engineer with 8 years of experience building APIs.",
    "EXPERIENCE",
    "Senior Software Engineer, Acme Corp - Jan 2021 - Present",
    "- Led migration of 40 services to Kubernetes, cutting deploy time by 60%",
    "Software Engineer at Globex Inc.",
    "Mar 2017 - Dec 2020",
    "- Built Django APIs on PostgreSQL serving 2M users",
    "EDUCATION",
    "B.S. Computer Science, University of Texas at Austin, 2016",
    "SKILLS",
    "Python, Go, JS, Postgres, Docker, k8s, React",
    "Soft skills: Communication, Mentoring",
]
