# ruff: noqa: RUF001
"""Bring a posting's text to plain lines, whatever it arrived as: HTML, PDF text or one line."""

from __future__ import annotations

import html
import re
from typing import NamedTuple

_HTML_HINT = re.compile(r"<\s*(p|br|li|ul|ol|div|h[1-6]|strong|b|span|table|tr|td)\b[^>]*>", re.I)
_BLOCK_TAGS = re.compile(
    r"<\s*(br|/p|/li|/h[1-6]|/div|/ul|/ol|/tr|/table|p|div|ul|ol|tr)\b[^>]*>", re.I
)
_HEADING_TAGS = re.compile(r"<\s*h[1-6]\b[^>]*>", re.I)
_ITEM_TAG = re.compile(r"<\s*li\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SCRIPT = re.compile(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", re.I | re.S)
# PDF extraction splits words at line ends ("experi-\nence") and draws bullets as glyphs.
_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
_BULLET = re.compile(r"^\s*(?:[•●▪■◦○►▸‣⁃∙·*]|-(?=\s)|–(?=\s)|—(?=\s)|\d{1,2}[.)](?=\s))\s*")
_PAGE_FOOTER = re.compile(r"^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s*/\s*\d+)\s*$", re.I)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "\u00ad": ""})


def html_to_text(value: str) -> str:
    """Block tags become line breaks and list items bullets, so headings stay on their own line."""
    text = _SCRIPT.sub(" ", value)
    text = _HEADING_TAGS.sub("\n", text)
    text = _ITEM_TAG.sub("\n- ", text)
    text = _BLOCK_TAGS.sub("\n", text)
    return html.unescape(_TAG.sub(" ", text))


def looks_like_html(value: str) -> bool:
    return bool(_HTML_HINT.search(value))


class Line(NamedTuple):
    text: str
    bullet: bool  # a list item: a field inside a list, never a section heading of its own


def clean_lines(value: str) -> list[Line]:
    """Non-empty lines with bullets, page footers, odd quotes and PDF hyphenation removed."""
    text = html_to_text(value) if looks_like_html(value) else value
    text = text.translate(_QUOTES).replace("\r\n", "\n").replace("\r", "\n")
    text = _HYPHEN_BREAK.sub("", text)
    lines = []
    for raw in text.split("\n"):
        if _PAGE_FOOTER.match(raw):
            continue
        line = re.sub(r"[ \t]+", " ", _BULLET.sub("", raw)).strip()
        if line:
            lines.append(Line(line, bool(_BULLET.match(raw))))
    return lines


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"(])")


def sentences(text: str) -> list[str]:
    """Lines split further at sentence ends: enough to drop a boilerplate sentence."""
    out: list[str] = []
    for line in text.split("\n"):
        out.extend(s for s in _SENTENCE_END.split(line) if s.strip())
    return out
