from __future__ import annotations

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from recruitly.roles import is_reviewer


class IsReviewer(BasePermission):
    """Members of the Reviewers group (and superusers): the only ones who may decide."""

    message = "Only members of the Reviewers group may do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return is_reviewer(request.user)


class IsReviewerOrStaff(BasePermission):
    """Reviewers and staff may read the learning engine's internals."""

    message = "Only reviewers and staff may read this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(getattr(user, "is_staff", False)) or is_reviewer(user)
