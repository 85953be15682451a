"""Clusters of negative comments (seed 004's "repeated failure patterns", the words).

The comments of thumbs-down ratings of the last ``WINDOW``, per action type, as TF-IDF
vectors (English stop words removed, words and word pairs seen in at least two comments),
grouped by average-linkage agglomerative clustering on the cosine distance with a fixed
``DISTANCE`` cut (scikit-learn). A group of at least ``MIN_CLUSTER`` comments that is also at
least ``MIN_SHARE`` of the action's comments is reported with its most weighted terms and one
comment as an example (e-mails, phones, URLs scrubbed). Deterministic: no random start.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.db.models.fields.json import KT

from profiles.privacy.scrub import scrub
from recruitly.eventlog.models import Event

WINDOW = timedelta(days=7)
MIN_COMMENTS = 10
MIN_CLUSTER = 5
MIN_SHARE = 0.10
DISTANCE = 0.8  # cosine distance cut: comments closer than this on average share a group
MAX_COMMENTS = 2000  # the newest, per action type (the distance matrix is quadratic)
TERMS = 3


def _comments(now: datetime) -> dict[str, list[str]]:
    rows = (
        Event.objects.filter(
            event_type="AI_RESPONSE_RATED",
            payload__rating="down",
            occurred_at__gte=now - WINDOW,
            occurred_at__lte=now,
        )
        .annotate(action=KT("payload__action_type"), comment=KT("payload__comment"))
        .order_by("-occurred_at")
        .values_list("action", "comment")
    )
    out: dict[str, list[str]] = defaultdict(list)
    for action, comment in rows.iterator(chunk_size=1000):
        text = (comment or "").strip()
        if len(text) >= 3 and len(out[action]) < MAX_COMMENTS:
            out[action].append(text)
    return out


def _clusters(comments: list[str]) -> list[dict[str, Any]]:
    # scikit-learn loads in ~1 s: only the weekly pipeline needs it, not every web process.
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        matrix = TfidfVectorizer(
            stop_words="english", min_df=2, ngram_range=(1, 2), sublinear_tf=True
        ).fit(comments)
    except ValueError:  # no term in two comments
        return []
    vectors = matrix.transform(comments).toarray()
    keep = vectors.any(axis=1)
    if keep.sum() < MIN_CLUSTER:
        return []
    labels = AgglomerativeClustering(
        n_clusters=None, distance_threshold=DISTANCE, metric="cosine", linkage="average"
    ).fit_predict(vectors[keep])
    index = np.flatnonzero(keep)
    terms = matrix.get_feature_names_out()
    found = []
    for label in np.unique(labels):
        members = index[labels == label]
        if len(members) < max(MIN_CLUSTER, MIN_SHARE * len(comments)):
            continue
        weights = vectors[members].mean(axis=0)
        found.append(
            {
                "size": len(members),
                "of": len(comments),
                "terms": [str(terms[i]) for i in np.argsort(-weights)[:TERMS]],
                "example": scrub(comments[members[0]])[:300],
            }
        )
    return sorted(found, key=lambda c: (-c["size"], c["terms"]))


def comment_clusters(*, now: datetime) -> list[dict[str, Any]]:
    """Per action type with enough negative comments, its large groups of similar ones."""
    out = []
    for action, comments in sorted(_comments(now).items()):
        if len(comments) >= MIN_COMMENTS:
            out += [{"action_type": action, **c} for c in _clusters(comments)]
    return out
