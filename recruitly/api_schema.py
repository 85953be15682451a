"""The OpenAPI schema tells the truth about errors: every operation documents the error
answers it can give, each with the shared body ``{"detail", "code"}``.

A view documents its own special cases (``409``, a 400 with its own body) with
``extend_schema``; this schema class adds the rest from what the view declares: a path
parameter can be unknown (404), a permission or throttle can refuse (401, 403, 429), a body
can be unparseable, of the wrong type or too large (400, 415, 413), and the request guard
answers 400 for a NUL in the URL anywhere.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema_serializer
from rest_framework import permissions, serializers

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Permissions every signed-in user passes: only these never answer 403 on a read.
OPEN_TO_ANY_USER = (permissions.IsAuthenticated, permissions.AllowAny)


@extend_schema_serializer(component_name="ApiError")
class ErrorSerializer(serializers.Serializer):
    """What every error answer of the API carries."""

    detail = serializers.CharField(help_text="What went wrong, for a person.")
    code = serializers.CharField(
        help_text="What went wrong, for a program: e.g. not_authenticated, permission_denied, "
        "not_found, parse_error, unsupported_media_type, throttled, too_large, or a "
        "resume code such as scanned, encrypted, too_many_pages."
    )


@extend_schema_serializer(component_name="ApiBadRequest")
class BadRequestSerializer(ErrorSerializer):
    """A 400: a plain error, or invalid fields (code ``invalid``, with ``errors``)."""

    # The metaclass collects declared fields, so this does not shadow Serializer.errors;
    # the stubs read it as an override of that property.
    errors = serializers.JSONField(  # type: ignore[assignment]
        required=False,
        help_text="Only for invalid fields: per field (nested like the input) the list of "
        "messages; a list of messages for errors that are not about one field.",
    )


ERROR_DESCRIPTIONS = {
    "400": "Invalid input: a malformed body or query, invalid fields (then `errors`), or a "
    "NUL character in the URL.",
    "401": "No credentials, or invalid ones (`Authorization: Token <key>` or a session).",
    "403": "Signed in, but not allowed: another candidate's data, a role this needs, or a "
    "missing CSRF token with session authentication.",
    "404": "Nothing with this identifier (or not visible to you).",
    "413": "The request body is larger than the configured limit; it was not read.",
    "415": "The body's Content-Type is not one this operation accepts.",
    "429": "Too many requests for this operation; `Retry-After` says when to try again.",
}


def _error(code: str, serializer: Any = ErrorSerializer) -> OpenApiResponse:
    return OpenApiResponse(response=serializer, description=ERROR_DESCRIPTIONS[code])


class ErrorDocumentingAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, plus the error answers each operation can give."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        # Not get_response_serializers: an @extend_schema on the view overrides that one.
        responses = super()._get_response_bodies(direction)
        for code, response in self._error_responses().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, None, direction)
            elif code == "400":
                self._also_invalid_fields(responses[code], direction)
        return responses

    def _also_invalid_fields(self, declared: dict[str, Any], direction: Any) -> None:
        """A view's own 400 body, or the field-validation body its serializers answer with."""
        invalid = self.resolve_serializer(BadRequestSerializer, direction).ref
        for content in declared.get("content", {}).values():
            if content.get("schema") != invalid:
                content["schema"] = {"anyOf": [content["schema"], invalid]}

    def _get_request_body(self, direction: Any = "request") -> Any:
        # A view whose body is a raw schema (not a serializer) says whether it is required.
        body = super()._get_request_body(direction)
        if body and getattr(self.view, "request_body_required", False):
            body["required"] = True
        return body

    def _error_responses(self) -> dict[str, OpenApiResponse]:
        errors = {"400": _error("400", BadRequestSerializer)}
        permission_classes = [type(p) for p in self.view.get_permissions()]
        if any(p is not permissions.AllowAny for p in permission_classes):
            errors["401"] = _error("401")
            may_refuse = any(not issubclass(p, OPEN_TO_ANY_USER) for p in permission_classes)
            if may_refuse or "{user_id}" in self.path or self.method not in SAFE_METHODS:
                errors["403"] = _error("403")
        if "{" in self.path:
            errors["404"] = _error("404")
        if self.method not in SAFE_METHODS:
            errors["413"] = _error("413")
            if self.get_request_serializer() is not None:
                errors["415"] = _error("415")
        if getattr(self.view, "throttle_scope", None):
            errors["429"] = _error("429")
        return errors
