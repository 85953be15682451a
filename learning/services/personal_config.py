"""Store what a candidate's history teaches about their own thresholds (seed 001 §7.1)."""

from __future__ import annotations

import pandas as pd
from django.contrib.auth.models import User
from django.db import transaction

from learning.personalization import learn_config
from recruitly.spine.models import ParameterOverride
from recruitly.spine.resolver import resolve_value
from recruitly.spine.selectors import parameter_override_get
from recruitly.spine.services import parameter_override_set


@transaction.atomic
def personalized_config_learn(
    *, user: User, apps: pd.DataFrame, as_of: pd.Timestamp
) -> list[ParameterOverride]:
    """Append an override for each personal value the history supports and that differs from
    what the candidate gets now; returns the rows written (none when nothing changed).

    Idempotent: learning the same values again writes nothing. Automatic: no acting user.
    """
    written = []
    for learned in learn_config(apps, as_of=as_of):
        current = parameter_override_get(user=user, component=learned.component)
        now_value = current.value if current is not None else resolve_value(learned.component, user)
        if now_value == learned.value:
            continue
        written.append(
            parameter_override_set(
                user=user,
                component=learned.component,
                value=learned.value,
                acting_user=None,
                reason="learned from the candidate's own applications",
                evidence=learned.evidence,
            )
        )
    return written
