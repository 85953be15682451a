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
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer

from profiles.matching.text import analyse, relevance

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
_TITLE_PUNCTUATION = re.compile(r"[-/&,]")
OCCUPATION_SHARE = 0.6  # weight of the occupation view against the words view
# Share of the resume body's occupations (the jobs its text names) beside its titles: on the
# real resumes of bench/match_quality.py 0.3 helped both directions; alone it stands in
# for titles the parser could not find.
BODY_SHARE = 0.3
PAST_TITLE_DECAY = 0.5  # the k-th past title counts 1 / (1 + decay · k)
MAX_TITLES = 8

Occupations = Callable[[str], dict[str, float]]


TITLE_WORDS_CACHE = 65_536  # distinct titles remembered; postings repeat a few hundred titles


@lru_cache(maxsize=TITLE_WORDS_CACHE)
def title_words(title: str) -> tuple[str, ...]:
    """The words of a title that say what the role is (read once per distinct title)."""
    return tuple(w for w in analyse(_TITLE_PUNCTUATION.sub(" ", title)) if w not in _LEVEL_WORDS)


def _title_weights(count: int) -> np.ndarray:
    return np.array([1 / (1 + PAST_TITLE_DECAY * k) for k in range(count)])


@dataclass(frozen=True)
class TitleIndex:
    """The job side of title similarity, built once per posting corpus.

    Job titles are vectorised at fit time (words and occupations), so scoring a batch of
    candidates only vectorises the candidates. Postings repeat titles (the bench world's
    10,000 postings have 155), and a title's vectors depend on the title alone: each
    distinct title is vectorised and compared once, and ``column`` spreads the distinct
    titles' similarities over the jobs at the end (the same values, one gather).
    """

    vectorizer: TfidfVectorizer
    job_words: sparse.csr_matrix  # unit rows, one per distinct title
    column: np.ndarray  # each job's row in job_words and job_occupations
    occupations: Occupations | None = None
    coder: DictVectorizer | None = None  # occupation code → column, over the jobs' codes
    job_occupations: sparse.csr_matrix | None = None  # unit rows, one per distinct title

    @classmethod
    def fit(cls, job_titles: Sequence[str], occupations: Occupations | None = None) -> TitleIndex:
        vectorizer = TfidfVectorizer(analyzer=title_words, sublinear_tf=True)
        try:
            vectorizer.fit(list(job_titles))  # every posting: a title's idf counts its repeats
        except ValueError:  # no usable word at all
            vectorizer = TfidfVectorizer(analyzer=lambda _t: ["\x00"]).fit([""])
        width = len(vectorizer.vocabulary_)
        distinct = list(dict.fromkeys(job_titles))
        row_of = {title: i for i, title in enumerate(distinct)}
        column = np.array([row_of[t] for t in job_titles], dtype=np.intp)
        words = (
            _unit(sparse.csr_matrix(vectorizer.transform(distinct)))
            if distinct
            else sparse.csr_matrix((0, width))
        )
        if occupations is None:
            return cls(vectorizer, words, column)
        job_occ = [occupations(t) for t in distinct]
        coder = DictVectorizer().fit([*job_occ, {"": 0.0}])
        codes = (
            sparse.csr_matrix(coder.transform(job_occ)) if job_occ else sparse.csr_matrix((0, 1))
        )
        return cls(vectorizer, words, column, occupations, coder, _unit(sparse.csr_matrix(codes)))

    def similarity(
        self,
        cand_titles: Sequence[Sequence[str]],
        body_occupations: Sequence[dict[str, float]] | None = None,
    ) -> np.ndarray:
        """Similarity of every candidate (rows) with every job title (columns), 0-1.

        ``(1 - BODY_SHARE) · titles + BODY_SHARE · body``, where titles is the cosine of the
        candidate's titles with the job title and body the cosine of the occupations the
        resume text names with the job title's. A candidate with only one of the two gets
        that one; with neither, a row of NaN: nothing is known.
        """
        return np.take(self._distinct(cand_titles, body_occupations), self.column, axis=1)

    def _distinct(
        self,
        cand_titles: Sequence[Sequence[str]],
        body_occupations: Sequence[dict[str, float]] | None,
    ) -> np.ndarray:
        """``similarity`` with each distinct title (columns)."""
        titles = self._titles(cand_titles)
        has_titles = np.array([bool(list(t)) for t in cand_titles], dtype=bool)[:, None]
        if not body_occupations or self.occupations is None:
            return np.where(has_titles, titles, np.nan)
        body = self._occupation_cosine(list(body_occupations))
        has_body = np.array([bool(o) for o in body_occupations], dtype=bool)[:, None]
        # In place, row by row: (1 - BODY_SHARE) · titles + BODY_SHARE · body with both, the one
        # known (weight 1, the other's weight 0; an unknown side's row is 0) with one, NaN
        # with neither.
        titles *= np.where(has_body, np.where(has_titles, 1 - BODY_SHARE, 0.0), 1.0)
        body *= np.where(has_titles, np.where(has_body, BODY_SHARE, 0.0), 1.0)
        titles += body
        titles[~(has_titles | has_body)[:, 0], :] = np.nan
        return titles

    def _titles(self, cand_titles: Sequence[Sequence[str]]) -> np.ndarray:
        # few shared title words: the sparse product is small
        words = self._candidate_words(cand_titles) @ self.job_words.T
        dense = np.asarray(words.toarray())
        dense *= 1 - self._share()
        if self.occupations is not None:
            cand_occ = [self._candidate_occupations(t) for t in cand_titles]
            occupations = self._occupation_cosine(cand_occ)
            occupations *= self._share()
            dense += occupations
        return np.clip(dense, 0.0, 1.0, out=dense)

    def _occupation_cosine(self, vectors: list[dict[str, float]]) -> np.ndarray:
        """Cosine with every distinct title; a candidate's norm counts codes no job has, too."""
        assert self.coder is not None and self.job_occupations is not None
        norms = np.array([np.sqrt(sum(v * v for v in o.values())) for o in vectors])
        scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        rows = sparse.diags(scale) @ sparse.csr_matrix(self.coder.transform(vectors))
        return relevance(sparse.csr_matrix(rows), self.job_occupations)  # both sides unit rows

    def _share(self) -> float:
        return OCCUPATION_SHARE if self.occupations is not None else 0.0

    def _candidate_words(self, cand_titles: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        """One transform for every title of the batch, then each candidate's weighted sum."""
        kept = [list(titles)[:MAX_TITLES] for titles in cand_titles]
        flat = [title for titles in kept for title in titles]
        width = len(self.vectorizer.vocabulary_)
        if not flat:
            return sparse.csr_matrix((len(kept), width))
        words = sparse.csr_matrix(self.vectorizer.transform(flat))
        owner = np.repeat(np.arange(len(kept)), [len(t) for t in kept])
        weight = np.concatenate([_title_weights(len(t)) for t in kept if t])
        combine = sparse.csr_matrix(
            (weight, (owner, np.arange(len(flat)))), shape=(len(kept), len(flat))
        )
        return _unit(sparse.csr_matrix(combine @ words))

    def _candidate_occupations(self, titles: Sequence[str]) -> dict[str, float]:
        assert self.occupations is not None
        out: dict[str, float] = {}
        titles = list(titles)[:MAX_TITLES]
        for weight, title in zip(_title_weights(len(titles)), titles, strict=True):
            for code, value in self.occupations(title).items():
                out[code] = out.get(code, 0.0) + float(weight) * value
        return out


def _unit(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    length = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = np.divide(1.0, length, out=np.zeros_like(length), where=length > 0)
    return sparse.csr_matrix(sparse.diags(scale) @ matrix)
