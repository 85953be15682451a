from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from recruitly.roles import is_reviewer


class IsReviewer(BasePermission):
    """Members of the Reviewers group (and superusers)."""

    message = "Only reviewers may change experiments."

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_reviewer(request.user)
