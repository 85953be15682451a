"""Job sources, free of Django: ATS job-board APIs, schema.org JobPosting pages, RSS/Atom/JSON/CSV.

Importing the package registers every connector; ``source_class(kind)`` finds one by name.
"""

from profiles.sources import (  # noqa: F401  (each module registers its connector)
    ashby,
    feeds,
    greenhouse,
    lever,
    personio,
    recruitee,
    schema_org,
    smartrecruiters,
)
from profiles.sources.base import FetchOutcome, ItemError, Source, SourceConfig
from profiles.sources.http import HttpClient, SourceError
from profiles.sources.registry import REGISTRY, source_class

__all__ = [
    "REGISTRY",
    "FetchOutcome",
    "HttpClient",
    "ItemError",
    "Source",
    "SourceConfig",
    "SourceError",
    "source_class",
]
