"""Text relevance between resumes and postings: BM25-weighted vectors and their cosine.

Okapi BM25 ranks documents for a query; a match score must also rank candidates for a job,
so both sides are written as BM25-weighted vectors and compared with the cosine, which is
symmetric and bounded (Robertson & Zaragoza 2009, §3 — BM25 as a term-weighting scheme):

* w(t, d) = idf(t) · tf(t, d) · (k1 + 1) / (tf(t, d) + k1 · (1 - b + b · |d| / avgdl))
* idf(t) = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5)), over the postings (the searched corpus)
* relevance(c, j) = cos(w(·, c), w(·, j)) ∈ [0, 1]; ``avgdl`` is taken per side, because a
  resume is several times longer than a posting.

The index is fit on the postings only, so a candidate's score does not depend on which other
candidates are scored in the same batch. Words a posting corpus never uses cannot match and
are dropped. Pure numpy/scipy/scikit-learn: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

K1 = 1.2  # term-frequency saturation: the 2nd mention adds ~45 % of the 1st, the 10th ~3 %
B = 0.75  # length normalisation (BM25's usual value)
# Words in more than this share of postings say nothing about a match (e.g. "experience").
MAX_DOCUMENT_SHARE = 0.5
_WORD_RE = re.compile(r"[a-z][a-z0-9+#]*(?:[.'][a-z0-9]+)*")
# Résumé and posting boilerplate that every side has: not evidence of a fit.
_BOILERPLATE = frozenset(
    [
        "company",
        "name",
        "city",
        "state",
        "experience",
        "work",
        "working",
        "skills",
        "skill",
        "ability",
        "able",
        "years",
        "year",
        "including",
        "include",
        "includes",
        "responsible",
        "responsibilities",
        "requirements",
        "required",
        "qualifications",
        "preferred",
        "minimum",
        "equivalent",
        "practical",
        "role",
        "team",
        "teams",
        "new",
        "job",
        "position",
        "current",
        "present",
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_STOP = frozenset(ENGLISH_STOP_WORDS) | _BOILERPLATE
_SUFFIXES = ("ings", "ing", "ies", "ied", "ers", "ed", "es", "er", "s")
STEM_CACHE = 262_144  # distinct words remembered (~30 MB at most); a corpus has far fewer


def _stem(word: str) -> str:
    """A light suffix stripper: "recruiting", "recruiters", "recruited" → "recruit"."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            stem = word[: -len(suffix)]
            return stem + "y" if suffix in ("ies", "ied") else stem
    return word


# Each word seen, read once: its stem, or "" for a stop word or a single letter. Emptied when
# full, so a long-lived process keeps at most STEM_CACHE words.
_TERMS: dict[str, str] = {}


def analyse(text: str) -> list[str]:
    """Lower-case words without stop words, lightly stemmed."""
    words = _WORD_RE.findall(text.lower())
    terms = _TERMS
    try:
        return [term for word in words if (term := terms[word])]
    except KeyError:  # a word not seen before (or the memo emptied by another thread)
        if len(terms) + len(words) > STEM_CACHE:
            terms.clear()
        out = []
        for word in words:
            known = terms.get(word)
            if known is None:
                known = terms[word] = "" if word in _STOP or len(word) <= 1 else _stem(word)
            if known:
                out.append(known)
        return out


@dataclass(frozen=True)
class TextIndex:
    """Vocabulary, idf and average length of a posting corpus."""

    vectorizer: CountVectorizer
    idf: np.ndarray
    avg_job_length: float

    @classmethod
    def fit(cls, job_texts: Sequence[str]) -> TextIndex:
        return cls.fit_vectors(job_texts)[0]

    @classmethod
    def fit_vectors(cls, job_texts: Sequence[str]) -> tuple[TextIndex, sparse.csr_matrix]:
        """The index and the postings' own vectors (``job_vectors``), the texts read once."""
        vectorizer = CountVectorizer(
            analyzer=analyse, max_df=MAX_DOCUMENT_SHARE if len(job_texts) >= 20 else 1.0
        )
        try:
            counts = vectorizer.fit_transform(job_texts)
        except ValueError:  # an empty corpus or one without a single usable word
            vectorizer = CountVectorizer(analyzer=lambda _t: ["\x00"])
            counts = vectorizer.fit_transform(list(job_texts) or [""])
        n = counts.shape[0]
        df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        index = cls(vectorizer, idf, float(lengths.mean()) if n else 1.0)
        if n != len(job_texts):  # no posting at all: the fallback corpus is not theirs
            return index, index.job_vectors(job_texts)
        return index, index._weigh(counts, index.avg_job_length)

    def vectors(self, texts: Sequence[str], avg_length: float | None = None) -> sparse.csr_matrix:
        """Unit-length BM25 vectors; an empty or unusable text is a zero row."""
        return self._weigh(self.vectorizer.transform(texts), avg_length)

    def _weigh(self, raw: sparse.spmatrix, avg_length: float | None) -> sparse.csr_matrix:
        counts = sparse.csr_matrix(raw, dtype=np.float64)
        counts.sort_indices()  # one summation order, however the counts were built
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        avg = avg_length or (float(lengths[lengths > 0].mean()) if (lengths > 0).any() else 1.0)
        norm = K1 * (1 - B + B * lengths / avg)
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        tf = counts.data
        counts.data = self.idf[counts.indices] * tf * (K1 + 1) / (tf + norm[rows])
        length = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
        scale = np.divide(1.0, length, out=np.zeros_like(length), where=length > 0)
        return sparse.csr_matrix(sparse.diags(scale) @ counts)

    def job_vectors(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self.vectors(texts, self.avg_job_length)


def relevance(cand_vectors: sparse.csr_matrix, job_vectors: sparse.csr_matrix) -> np.ndarray:
    """Cosine of every candidate (rows) with every job (columns), 0-1, dense.

    The candidates' few rows are made dense first: a dense-by-sparse product writes the dense
    result directly (a sparse product would build it as a sparse matrix, then copy it). Both
    sum each cosine over the vocabulary in the same order, so the values are the same. scipy
    writes it job by job (column-major); it is returned row-major like every other component,
    so that reading a candidate's row stays one contiguous read.
    """
    return np.ascontiguousarray(cand_vectors.toarray() @ job_vectors.T)
