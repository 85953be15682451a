"""Which value of a parameter applies, to whom.

:func:`resolve` walks user override → running experiment variant → active holdout's frozen
value (members only) → active version → code default. The spine knows nothing of
experiments: the experiments app registers its two lookups at start-up
(:func:`register_experiment_lookups`); without them the walk skips those steps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from recruitly.spine.models import ParameterOverride, ParameterVersion
from recruitly.spine.selectors import parameter_active_version, parameter_override_get
from recruitly.spine.specs import REGISTRY, spec

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# (component=, user=) → an object with ``value`` and ``pk`` (a variant), or None.
VariantLookup = Callable[..., Any]
# (component=, user=) → an object with ``value`` and ``holdout_id``, or None.
HoldoutLookup = Callable[..., Any]


def _none(**_: Any) -> None:
    return None


_lookups: dict[str, Callable[..., Any]] = {"variant": _none, "holdout": _none}


def register_experiment_lookups(*, variant: VariantLookup, holdout: HoldoutLookup) -> None:
    """Let running experiments and holdouts take part in :func:`resolve` (called once, at
    start-up, by ``ExperimentsConfig.ready``)."""
    _lookups["variant"] = variant
    _lookups["holdout"] = holdout


class ResolvedSource:
    OVERRIDE = "override"
    EXPERIMENT = "experiment"
    HOLDOUT = "holdout"
    VERSION = "version"
    DEFAULT = "default"


@dataclass(frozen=True)
class Resolved:
    component: str
    value: Any
    source: str
    version: ParameterVersion | None = None
    variant_id: int | None = None
    holdout_id: int | None = None


def resolve(component: str, user: User | None = None) -> Resolved:
    """Return the value of ``component`` that applies to ``user`` (or globally when None)."""
    spec(component)
    if user is not None and user.is_authenticated:
        override = parameter_override_get(user=user, component=component)
        if override is not None:
            return Resolved(component, override.value, ResolvedSource.OVERRIDE)
        variant = _lookups["variant"](component=component, user=user)
        if variant is not None:
            return Resolved(component, variant.value, ResolvedSource.EXPERIMENT, None, variant.pk)
        # A holdout member keeps the value of the holdout's start (experiments never enrol
        # them, so only a variant held from before the holdout comes first).
        held = _lookups["holdout"](component=component, user=user)
        if held is not None:
            return Resolved(
                component, held.value, ResolvedSource.HOLDOUT, holdout_id=held.holdout_id
            )
    active = parameter_active_version(component=component)
    if active is not None:
        return Resolved(component, active.value, ResolvedSource.VERSION, active)
    return Resolved(component, REGISTRY[component].default, ResolvedSource.DEFAULT)


def resolve_value(component: str, user: User | None = None) -> Any:
    return resolve(component, user).value


# --- Snapshots: the walk for many users from a few queries ---------------------------------
# A batch job (scoring, digests) asks the same few parameters for thousands of users; each
# resolve() costs three to four queries. A snapshot reads the active versions of its
# components in one query and, per ResolverSnapshot.prefetch, the overrides of a batch of
# users in one more; the walk stays the same (override → experiment variant → holdout →
# version → default). The experiment steps ask the registered per-user lookups (assignment
# is sticky and enrols on first sight), but only for components the experiments app reports
# *in play* (a running experiment, or frozen in the active holdout): for the others those
# lookups return None, so skipping them changes nothing. Without a registered scope every
# component counts as in play. A snapshot belongs to one run: parameter changes made after
# it was taken are not seen by it.

# () → components whose variant or holdout lookup may answer for somebody right now.
ScopeLookup = Callable[[], Iterable[str]]
_scope: dict[str, ScopeLookup | None] = {"in_play": None}


def register_experiment_scope(in_play: ScopeLookup) -> None:
    """Let snapshots skip the experiment lookups of components no experiment or holdout
    touches (called once, at start-up, by ``ExperimentsConfig.ready``)."""
    _scope["in_play"] = in_play


class ResolverSnapshot:
    """The values of ``components`` as :func:`resolve` gives them, read once per run."""

    def __init__(self, components: Iterable[str]) -> None:
        self.components = tuple(dict.fromkeys(components))
        for component in self.components:
            spec(component)
        self._active: dict[str, ParameterVersion] = {}
        for version in (
            ParameterVersion.objects.select_related("created_by")
            .filter(component__in=self.components)
            .order_by("component", "-version")
        ):
            self._active.setdefault(version.component, version)
        in_play = _scope["in_play"]
        self._in_play = set(self.components if in_play is None else in_play())
        self._overrides: dict[tuple[int, str], ParameterOverride | None] = {}
        self._global: dict[str, Resolved] = {}

    def prefetch(self, users: Iterable[User | None]) -> None:
        """Read the overrides of ``users`` for the snapshot's components in one query."""
        ids = {u.pk for u in users if u is not None and u.is_authenticated}
        ids -= {uid for uid, _ in self._overrides}
        if not ids:
            return
        for uid in ids:
            for component in self.components:
                self._overrides[(uid, component)] = None
        seen: set[tuple[int, str]] = set()
        rows = ParameterOverride.objects.filter(
            user_id__in=ids, component__in=self.components
        ).order_by("user_id", "component", "-created_at", "-id")
        for row in rows:
            key = (row.user_id, row.component)
            if key in seen:
                continue
            seen.add(key)  # the newest one decides, as in parameter_override_get
            self._overrides[key] = row if row.active else None

    def resolve(self, component: str, user: User | None = None) -> Resolved:
        """What :func:`resolve` returns for ``(component, user)``, from the snapshot."""
        if component not in self.components:
            raise KeyError(f"{component!r} is not in this snapshot")
        if user is not None and user.is_authenticated:
            key = (user.pk, component)
            if key not in self._overrides:
                self.prefetch([user])
            override = self._overrides[key]
            if override is not None:
                return Resolved(component, override.value, ResolvedSource.OVERRIDE)
            if component in self._in_play:
                found = self._experiment_step(component, user)
                if found is not None:
                    return found
        cached = self._global.get(component)
        if cached is None:
            active = self._active.get(component)
            cached = (
                Resolved(component, active.value, ResolvedSource.VERSION, active)
                if active is not None
                else Resolved(component, REGISTRY[component].default, ResolvedSource.DEFAULT)
            )
            self._global[component] = cached
        return cached

    def value(self, component: str, user: User | None = None) -> Any:
        return self.resolve(component, user).value

    def _experiment_step(self, component: str, user: User) -> Resolved | None:
        lookups = _lookups
        variant = lookups["variant"](component=component, user=user)
        if variant is not None:
            return Resolved(component, variant.value, ResolvedSource.EXPERIMENT, None, variant.pk)
        held = lookups["holdout"](component=component, user=user)
        if held is not None:
            return Resolved(
                component, held.value, ResolvedSource.HOLDOUT, holdout_id=held.holdout_id
            )
        return None


def resolver_snapshot(
    components: Iterable[str], users: Iterable[User | None] = ()
) -> ResolverSnapshot:
    """A snapshot of ``components`` with the overrides of ``users`` already read."""
    snapshot = ResolverSnapshot(components)
    snapshot.prefetch(users)
    return snapshot
