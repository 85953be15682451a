"""Title similarity: a candidate's past and wanted titles against a posting's title.

Two views of a title, stacked into one unit vector per side and compared with the cosine:

* its words (tf-idf over posting titles, seniority words and numerals removed), so
  "Payroll Specialist" meets "Payroll Administrator" even when no occupation lists either;
* its occupations (``profiles.occupations``: occupation codes and their major group), so
  "HR Generalist" meets "People Operations Partner" and "Accountant" is near, not equal to,
  "Financial Analyst".

Candidate titles are weighted by what they say about the next job: wanted roles and the
headline count fully, past titles fade with their position in the resume. Pure: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer

from profiles.matching.text import analyse

# Words that say how senior a role is, not what it is.
_LEVEL_WORDS = frozenset(
    [
        "senior",
        "sr",
        "junior",
        "jr",
        "lead",
        "principal",
        "staff",
        "chief",
        "head",
        "assistant",
        "associate",
        "entry",
        "level",
        "intern",
        "internship",
        "trainee",
        "ii",
        "iii",
        "iv",
        "i",
        "1",
        "2",
        "3",
        "4",
        "mid",
    ]
)
OCCUPATION_SHARE = 0.6  # weight of the occupation view against the words view
# Share of the resume body's occupations (the jobs its text names) beside its titles: on the
# real resumes of bench/match_quality.py 0.3 helped both directions; alone it stands in
# for titles the parser could not find.
BODY_SHARE = 0.3
PAST_TITLE_DECAY = 0.5  # the k-th past title counts 1 / (1 + decay · k)
MAX_TITLES = 8

Occupations = Callable[[str], dict[str, float]]


def title_words(title: str) -> list[str]:
    return [w for w in analyse(re.sub(r"[-/&,]", " ", title)) if w not in _LEVEL_WORDS]


def _title_weights(count: int) -> np.ndarray:
    return np.array([1 / (1 + PAST_TITLE_DECAY * k) for k in range(count)])


@dataclass(frozen=True)
class TitleIndex:
    """Title vocabulary of a posting corpus and the occupation coder to use with it."""

    vectorizer: TfidfVectorizer
    occupations: Occupations | None = None

    @classmethod
    def fit(cls, job_titles: Sequence[str], occupations: Occupations | None = None) -> TitleIndex:
        vectorizer = TfidfVectorizer(analyzer=title_words, sublinear_tf=True)
        try:
            vectorizer.fit(list(job_titles))
        except ValueError:  # no usable word at all
            vectorizer = TfidfVectorizer(analyzer=lambda _t: ["\x00"]).fit([""])
        return cls(vectorizer, occupations)

    def similarity(
        self,
        cand_titles: Sequence[Sequence[str]],
        job_titles: Sequence[str],
        body_occupations: Sequence[dict[str, float]] | None = None,
    ) -> np.ndarray:
        """Similarity of every candidate (rows) with every job title (columns), 0-1.

        ``(1 - BODY_SHARE) · titles + BODY_SHARE · body``, where titles is the cosine of the
        candidate's titles with the job title and body the cosine of the occupations the
        resume text names with the job title's. A candidate with only one of the two gets
        that one; with neither, a row of NaN: nothing is known.
        """
        job_occ = [self.occupations(t) for t in job_titles] if self.occupations else []
        titles = self._titles(cand_titles, job_titles, job_occ)
        has_titles = np.array([bool(list(t)) for t in cand_titles])[:, None]
        if not body_occupations or self.occupations is None:
            return np.where(has_titles, titles, np.nan)
        body = _cosine(list(body_occupations), job_occ)
        has_body = np.array([bool(o) for o in body_occupations])[:, None]
        both = (1 - BODY_SHARE) * titles + BODY_SHARE * body
        return np.where(
            has_titles & has_body,
            both,
            np.where(has_titles, titles, np.where(has_body, body, np.nan)),
        )

    def _titles(
        self,
        cand_titles: Sequence[Sequence[str]],
        job_titles: Sequence[str],
        job_occ: list[dict[str, float]],
    ) -> np.ndarray:
        cand_words = self._candidate_words(cand_titles)
        job_words = _unit(sparse.csr_matrix(self.vectorizer.transform(job_titles)))
        scores = (1 - self._share()) * (cand_words @ job_words.T).toarray()
        if self.occupations is not None:
            cand_occ = [self._candidate_occupations(t) for t in cand_titles]
            scores += self._share() * _cosine(cand_occ, job_occ)
        return np.clip(scores, 0.0, 1.0)

    def _share(self) -> float:
        return OCCUPATION_SHARE if self.occupations is not None else 0.0

    def _candidate_words(self, cand_titles: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        width = len(self.vectorizer.vocabulary_)
        rows = []
        for titles in cand_titles:
            titles = list(titles)[:MAX_TITLES]
            if not titles:
                rows.append(sparse.csr_matrix((1, width)))
                continue
            words = sparse.csr_matrix(self.vectorizer.transform(titles))
            rows.append(sparse.csr_matrix(_title_weights(len(titles))[None, :] @ words))
        stacked = sparse.vstack(rows) if rows else sparse.csr_matrix((0, width))
        return _unit(sparse.csr_matrix(stacked))

    def _candidate_occupations(self, titles: Sequence[str]) -> dict[str, float]:
        assert self.occupations is not None
        out: dict[str, float] = {}
        titles = list(titles)[:MAX_TITLES]
        for weight, title in zip(_title_weights(len(titles)), titles, strict=True):
            for code, value in self.occupations(title).items():
                out[code] = out.get(code, 0.0) + float(weight) * value
        return out


def _cosine(a: list[dict[str, float]], b: list[dict[str, float]]) -> np.ndarray:
    """Cosine of every sparse vector in ``a`` with every one in ``b``, over their codes."""
    coder = DictVectorizer().fit([*a, *b, {"": 0.0}])
    left = _unit(sparse.csr_matrix(coder.transform(a)))
    right = _unit(sparse.csr_matrix(coder.transform(b)))
    return np.asarray((left @ right.T).toarray())


def _unit(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    length = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = np.divide(1.0, length, out=np.zeros_like(length), where=length > 0)
    return sparse.csr_matrix(sparse.diags(scale) @ matrix)
