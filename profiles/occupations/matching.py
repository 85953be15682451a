"""Job titles to occupation vectors, and the similarity of two such vectors.

A title is normalised (lowercase, abbreviations expanded, seniority words and levels
dropped, plurals folded) and looked up whole in the table's titles. Failing that, it is
compared with every known title by IDF-weighted token cosine through an inverted index,
giving the title's head noun (its last word: "Sales *Engineer*") extra weight and preferring
known titles that share it. The vector holds the matched occupations, their career family
and their SOC major group at lower weights, so related occupations (Accountant, Financial
Analyst) are similar but not equal and unrelated ones are orthogonal.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from profiles.occupations.table import FAMILY_PREFIX, GROUP_PREFIX, table
from profiles.occupations.titles import (
    _RESUME_NOISE_RE,
    _SLASH_RE,
    _SPLIT_RE,
    _YEAR_RE,
    normalize_title,
)

# Vector weights relative to the occupation (1.0). With these, two titles of one family and
# major group score 0.33 cosine, one family only 0.24, one major group only 0.08.
FAMILY_WEIGHT = 0.6
GROUP_WEIGHT = 0.35
# A fuzzy match below this cosine is no match: "Summary" or "Google Cloud" name no job.
MIN_SCORE = 0.6
# Occupations whose best title scores within this share of the best one are kept too.
TIE_SHARE = 0.9
# The head noun carries the occupation ("Engineering *Manager*" vs "Sales *Engineer*").
HEAD_BOOST = 2.0
# Known titles without the query's head noun count for this much.
HEAD_MISS = 0.6
# Parts after a comma or dash are qualifiers ("Sales Engineer, Google Cloud").
QUALIFIER_WEIGHT = 0.5
# A first part made only of these is a rank whose domain follows: "Director, Sales".
_RANK_WORDS = frozenset(
    [
        "director",
        "manager",
        "head",
        "vice",
        "president",
        "lead",
        "supervisor",
        "specialist",
        "coordinator",
        "analyst",
        "consultant",
        "associate",
        "assistant",
        "officer",
        "executive",
        "partner",
    ]
)
# A known title found inside a longer one weighs a little less than the whole title.
CONTAINED_WEIGHT = 0.9
# The word vote (last resort) needs this share of the words behind its top occupation, and
# its matches weigh less than a title's.
MIN_VOTE = 0.4
VOTE_WEIGHT = 0.6
TITLE_CACHE_SIZE = 65_536
# Lines after a text's first are read only when this close to a known title, and only
# lines this short can be titles.
TEXT_MIN_SCORE = 0.8
TEXT_MAX_LINE_WORDS = 12


@dataclass(frozen=True)
class _Index:
    exact: dict[tuple[str, ...], frozenset[str]]  # sorted normalised words -> occupation codes
    # word -> (rows of the known titles holding it, its L2-normalised IDF weight there)
    postings: dict[str, tuple[np.ndarray, np.ndarray]]
    size: int  # number of known titles
    columns: dict[str, int]  # word -> id
    idf: dict[str, float]
    codes: list[frozenset[str]]  # occupation codes of each row
    heads: np.ndarray  # column of each row's head word
    words: list[frozenset[str]]  # each row's normalised words


@cache
def _index() -> _Index:
    exact: dict[tuple[str, ...], set[str]] = defaultdict(set)
    # word order aside ("Sales Vice President" is "Vice President, Sales"), titles are equal
    sorted_exact: dict[tuple[str, ...], set[str]] = defaultdict(set)
    known = table()
    curated_keys: set[tuple[str, ...]] = set()
    # curated titles last, so that theirs replace the handbook's for the same normalised title
    for title in sorted(known.titles, key=lambda t: t in known.curated):
        key = normalize_title(title)
        if not key:
            continue
        if title in known.curated and key not in curated_keys:
            curated_keys.add(key)
            exact[key], sorted_exact[tuple(sorted(key))] = set(), set()
        exact[key] |= known.titles[title]
        sorted_exact[tuple(sorted(key))] |= known.titles[title]
    keys = list(exact)
    df: dict[str, int] = defaultdict(int)
    for key in keys:
        for token in set(key):
            df[token] += 1
    idf = {t: math.log(1 + len(keys) / n) for t, n in df.items()}
    columns = {t: j for j, t in enumerate(sorted(idf))}
    lists: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
    for i, key in enumerate(keys):
        words = dict.fromkeys(key)  # in the title's order: the same sums in every process
        norm = math.sqrt(sum(idf[t] ** 2 for t in words))
        for t in words:
            lists[t][0].append(i)
            lists[t][1].append(idf[t] / norm)
    postings = {t: (np.array(r), np.array(v)) for t, (r, v) in lists.items()}
    heads = np.array([columns[k[-1]] for k in keys])
    codes = [frozenset(exact[k]) for k in keys]
    unordered = {k: frozenset(v) for k, v in sorted_exact.items()}
    row_words = [frozenset(k) for k in keys]
    return _Index(unordered, postings, len(keys), columns, idf, codes, heads, row_words)


def _fuzzy(words: tuple[str, ...], *, min_score: float = MIN_SCORE) -> dict[str, float]:
    index = _index()
    query = {t: index.idf[t] for t in dict.fromkeys(words) if t in index.idf}
    if not query:
        return {}
    head = words[-1]
    if head in query:
        query[head] *= HEAD_BOOST
    qnorm = math.sqrt(sum(w * w for w in query.values()))
    scores = np.zeros(index.size)
    for token, weight in query.items():
        rows, values = index.postings[token]
        scores[rows] += values * (weight / qnorm)
    scores[index.heads != index.columns.get(head, -1)] *= HEAD_MISS
    top = float(scores.max())
    if top < min_score:
        return {}
    best: dict[str, float] = {}
    for i in _most_specific(np.flatnonzero(scores >= TIE_SHARE * top), set(words)):
        for code in index.codes[i]:
            best[code] = max(best.get(code, 0.0), float(scores[i]))
    return _top(best)


def _most_specific(rows: np.ndarray, query: set[str]) -> list[int]:
    """The kept rows less the bare head words a longer kept title refines.

    A one-word known title ("advocate") says less about "Patient Health Advocate" than a
    kept title holding more of its words ("patient advocate"), so it is dropped; with no
    such title ("Donor Advocate") every reading of the word stays.
    """
    words = _index().words
    inside = {int(i): words[i] & query for i in rows}
    return [
        i
        for i, mine in inside.items()
        if len(words[i]) > 1 or not any(mine < other for j, other in inside.items() if j != i)
    ]


@cache
def _token_votes() -> dict[str, dict[str, float]]:
    """{token: share of each occupation among the known titles holding the token}."""
    index = _index()
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for token, (rows, _) in index.postings.items():
        for i in rows:
            for code in sorted(index.codes[i]):  # a fixed order: the same sums in every process
                counts[token][code] += 1.0 / len(index.codes[i])
    return {t: {c: n / sum(v.values()) for c, n in v.items()} for t, v in counts.items()}


def _vote(words: tuple[str, ...]) -> dict[str, float]:
    """Occupations the title's words point at, for a combination no known title has."""
    index, votes = _index(), _token_votes()
    weights = {t: index.idf[t] for t in dict.fromkeys(words) if t in index.idf}
    total = sum(weights.values())
    scores: dict[str, float] = defaultdict(float)
    for token, weight in weights.items():
        for code, share in votes[token].items():
            scores[code] += share * weight / (total or 1.0)
    # The head word names the kind of work: a "Campus Manager" manages something, whatever
    # "campus" votes for ("Campus Police Officer"); with no agreement the title stays unknown.
    head = votes.get(words[-1])
    if head:
        scores = defaultdict(float, {c: s for c, s in scores.items() if c in head})
    top = max(scores.values(), default=0.0)
    if top < MIN_VOTE:
        return {}
    return {c: VOTE_WEIGHT * s / top for c, s in scores.items() if s >= TIE_SHARE * top}


def _top(scores: dict[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    top = max(scores.values())
    if top < MIN_SCORE:
        return {}
    return {c: s for c, s in scores.items() if s >= TIE_SHARE * top}


def _part_occupations(part: str, *, vote: bool) -> dict[str, float]:
    words = normalize_title(part)
    if not words:
        return {}
    codes = _index().exact.get(tuple(sorted(words)))
    if codes:
        return dict.fromkeys(codes, 1.0)
    return (
        _contained(words, at_head=True)
        or _fuzzy(words)
        or _contained(words, at_head=False)
        or (_vote(words) if vote else {})
    )


def _contained(words: tuple[str, ...], *, at_head: bool) -> dict[str, float]:
    """The longest known title of two words or more inside a longer one: first one that ends
    with the head word ("Strategic Account *Sales Manager*"), else anywhere ("*Registered
    Nurse* Clinical Care Coordinator"), the rightmost first."""
    exact = _index().exact
    for size in range(len(words) - 1, 1, -1):
        starts = [len(words) - size] if at_head else range(len(words) - size - 1, -1, -1)
        for start in starts:
            codes = exact.get(tuple(sorted(words[start : start + size])))
            if codes:
                return dict.fromkeys(codes, CONTAINED_WEIGHT)
    return {}


def _parts(title: str) -> list[tuple[str, float]]:
    """The title's parts with their weights: alternatives after "/" count fully."""
    title = _YEAR_RE.sub(" ", _RESUME_NOISE_RE.sub("", title))
    pieces = [p.strip() for p in _SPLIT_RE.split(title) if p and p.strip()]
    out: list[tuple[str, float]] = []
    for i, piece in enumerate(pieces):
        weight = 1.0 if i == 0 else QUALIFIER_WEIGHT
        out.extend((alt, weight) for alt in _SLASH_RE.split(piece) if alt.strip())
    return out


def _occupations_of_title(title: str) -> dict[str, float]:
    parts = _parts(title)
    if len(parts) > 1 and set(normalize_title(parts[0][0])) <= _RANK_WORDS:
        parts = [(f"{parts[1][0]} {parts[0][0]}", 1.0), *parts[2:]]
    scores: dict[str, float] = defaultdict(float)
    for i, (part, weight) in enumerate(parts):
        # qualifiers ("Google Cloud") are read only when they are a known title
        for code, score in _part_occupations(part, vote=i == 0).items():
            scores[code] = max(scores[code], weight * score)
    if not scores and len(parts) > 1:
        # "Director, Business Development": the head comes first, the domain second
        swapped = " ".join(p for p, _ in parts[1:] + parts[:1])
        scores.update(_part_occupations(swapped, vote=True))
    return dict(scores)


def _with_groups(occupations: dict[str, float]) -> dict[str, float]:
    out: dict[str, float] = dict(occupations)
    known = table().occupations
    for code, weight in occupations.items():
        occupation = known[code]
        for key, share in (
            (FAMILY_PREFIX + occupation.family, FAMILY_WEIGHT),
            (GROUP_PREFIX + occupation.major_group, GROUP_WEIGHT),
        ):
            out[key] = max(out.get(key, 0.0), share * weight)
    return out


@lru_cache(maxsize=TITLE_CACHE_SIZE)
def _title_vector(title: str) -> tuple[tuple[str, float], ...]:
    return tuple(sorted(_with_groups(_occupations_of_title(title)).items()))


def title_occupations(title: str) -> dict[str, float]:
    """A sparse vector over occupation codes, ``family:`` and ``group:`` keys; {} if unknown."""
    return dict(_title_vector(title.strip()))


@lru_cache(maxsize=TITLE_CACHE_SIZE)
def _line_vector(line: str) -> tuple[tuple[str, float], ...]:
    """A line of a longer text, read only when it is a title beyond doubt."""
    parts = _parts(line)
    words = normalize_title(parts[0][0]) if parts else ()
    if not words:
        return ()
    codes = _index().exact.get(tuple(sorted(words)))
    found = dict.fromkeys(codes, 1.0) if codes else _fuzzy(words, min_score=TEXT_MIN_SCORE)
    return tuple(sorted(_with_groups(found).items()))


def text_occupations(text: str, *, max_line_words: int = TEXT_MAX_LINE_WORDS) -> dict[str, float]:
    """The summed occupation vectors of a text's title lines (a headline and past titles).

    The first line is read as a title (``title_occupations``); later lines count only when
    they are a known title or very close to one, so a posting's bullets ("MBA or equivalent
    practical experience") add nothing. Sentences longer than ``max_line_words`` are
    skipped, and a line counts once however often it repeats.
    """
    out: dict[str, float] = defaultdict(float)
    seen: set[str] = set()
    for line in text.splitlines():
        line = line.strip()
        if not line or line.lower() in seen or len(line.split()) > max_line_words:
            continue
        vector = dict(_line_vector(line)) if seen else title_occupations(line)
        seen.add(line.lower())
        for key, weight in vector.items():
            out[key] += weight
    return dict(out)


def similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two occupation vectors; 0.0 when either is empty."""
    if not a or not b:
        return 0.0
    dot = sum(w * b[k] for k, w in a.items() if k in b)
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def top_occupations(vector: dict[str, float], *, k: int = 3) -> list[tuple[str, float]]:
    """The ``k`` heaviest occupation codes of a vector (families and groups left out)."""
    codes = [(c, w) for c, w in vector.items() if not c.startswith((GROUP_PREFIX, FAMILY_PREFIX))]
    return sorted(codes, key=lambda cw: (-cw[1], cw[0]))[:k]


def titles_occupations(titles: Iterable[str]) -> list[dict[str, float]]:
    """``title_occupations`` of each title (a convenience for batch callers)."""
    return [title_occupations(t) for t in titles]
