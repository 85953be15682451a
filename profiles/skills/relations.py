"""Skills that other skills imply (MySQL → SQL), from the table in ``data_relations``."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from profiles.skills.data_relations import RELATIONS
from profiles.skills.taxonomy import TAXONOMY


class UnknownRelatedSkill(ValueError):
    """A relation names a skill the taxonomy does not hold (a typo in the table)."""


def _direct() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in RELATIONS.strip().splitlines():
        held, _, tail = line.partition(">")
        names = [held.strip(), *(t.strip() for t in tail.split(",") if t.strip())]
        unknown = [n for n in names if n not in TAXONOMY]
        if unknown:
            raise UnknownRelatedSkill(f"not in the taxonomy: {unknown} (line {line!r})")
        out.setdefault(names[0], []).extend(n for n in names[1:] if n not in out.get(names[0], []))
    return out


@cache
def implications() -> dict[str, tuple[str, ...]]:
    """{skill: every skill it implies, nearest first} (the closure of the table)."""
    direct = _direct()
    out: dict[str, tuple[str, ...]] = {}
    for skill in direct:
        seen: dict[str, None] = {}
        frontier = list(direct[skill])
        while frontier:
            name = frontier.pop(0)
            if name != skill and name not in seen:
                seen[name] = None
                frontier.extend(direct.get(name, []))
        out[skill] = tuple(seen)
    return out


def implied_skills(skills: Iterable[str]) -> dict[str, str]:
    """{implied canonical skill: the held skill that implies it}, never a held skill.

    The first held skill (in the order given) that implies a skill is named as its source.
    """
    held = list(dict.fromkeys(skills))
    held_set = set(held)
    table = implications()
    out: dict[str, str] = {}
    for skill in held:
        for implied in table.get(skill, ()):
            if implied not in held_set:
                out.setdefault(implied, skill)
    return out
