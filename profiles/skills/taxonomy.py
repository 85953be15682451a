"""Load the bundled taxonomy: canonical skills, their category and every alias.

Line format (see ``data_languages``): ``Canonical [!|~] | alias, alias``. ``!`` makes the
canonical name match only in exactly that capitalisation, ``~`` stops it matching at all
(only its aliases do: "Make" is a verb, "GNU Make" is the tool); ``=`` before an alias makes
that alias case-sensitive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from profiles.skills.data_domain import DOMAIN
from profiles.skills.data_frameworks import FRAMEWORKS
from profiles.skills.data_languages import LANGUAGES
from profiles.skills.data_occupational import OCCUPATIONAL, OCCUPATIONAL_TOOLS
from profiles.skills.data_soft import SOFT
from profiles.skills.data_tools import TOOLS

# Profile field each category fills (seed 003 splits skills into four lists; domain skills
# such as "Financial Modeling" sit with tools and platforms).
CATEGORIES = {
    "language": "programming_languages",
    "framework": "frameworks_libraries",
    "tool": "tools_platforms",
    "domain": "tools_platforms",
    "soft": "soft_skills",
}

TOKEN_RE = re.compile(r"\.?[A-Za-z0-9]+(?:[.'][A-Za-z0-9]+)*[+#]*")


@dataclass(frozen=True)
class Skill:
    name: str
    category: str


@dataclass(frozen=True)
class Alias:
    skill: Skill
    exact: str | None  # the only accepted spelling when the alias is case-sensitive


def tokens_of(text: str) -> list[str]:
    return TOKEN_RE.findall(text)


def _parse_line(line: str, category: str) -> tuple[Skill, list[tuple[str, bool]]]:
    head, _, tail = line.partition("|")
    head = head.strip()
    marker = head[-1] if head.endswith((" !", " ~")) else ""
    name = head[:-2].strip() if marker else head
    forms: list[tuple[str, bool]] = []
    if marker != "~":
        forms.append((name, marker == "!"))
    for raw in tail.split(","):
        raw = raw.strip()
        if raw:
            forms.append((raw[1:], True) if raw.startswith("=") else (raw, False))
    return Skill(name, category), forms


def _load() -> tuple[dict[str, Skill], dict[str, list[Alias]]]:
    skills: dict[str, Skill] = {}
    index: dict[str, list[Alias]] = {}
    for category, block in (
        ("language", LANGUAGES),
        ("framework", FRAMEWORKS),
        ("tool", TOOLS),
        ("tool", OCCUPATIONAL_TOOLS),
        ("domain", DOMAIN),
        ("domain", OCCUPATIONAL),
        ("soft", SOFT),
    ):
        for line in block.splitlines():
            if not line.strip():
                continue
            skill, forms = _parse_line(line, category)
            if skill.name in skills:
                continue  # the first category that lists a skill owns it
            skills[skill.name] = skill
            for form, exact in forms:
                toks = tokens_of(form)
                if not toks:
                    continue
                key = " ".join(t.lower() for t in toks)
                entries = index.setdefault(key, [])
                if any(e.skill == skill for e in entries):
                    continue
                entries.append(Alias(skill, " ".join(toks) if exact else None))
    return skills, index


TAXONOMY, ALIAS_INDEX = _load()
MAX_ALIAS_TOKENS = max(len(k.split(" ")) for k in ALIAS_INDEX)
FIRST_TOKENS = frozenset(k.split(" ")[0] for k in ALIAS_INDEX)
_BY_LOWER = {name.lower(): skill for name, skill in TAXONOMY.items()}


def category_of(name: str) -> str | None:
    skill = TAXONOMY.get(name)
    return skill.category if skill else None


def skill_by_lower(name: str) -> Skill | None:
    return _BY_LOWER.get(name.lower())
