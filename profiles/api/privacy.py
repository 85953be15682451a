"""The candidate's own data over the API: download all of it, delete the account.

Both act on the signed-in user only (no ``user_id`` in the path: nobody can name someone
else). Deleting needs the exact word ``DELETE`` and the account's password, so a stolen
token alone cannot erase an account.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from profiles.privacy.erase import CONFIRM_WORD, AccountDeleteError, account_delete_confirmed
from profiles.privacy.export import EXPORT_FORMAT, user_data_export_audited
from recruitly.api_schema import BadRequestSerializer, ErrorSerializer
from recruitly.http import authenticated_user

_EXPORT = inline_serializer(
    "AccountExport",
    fields={
        "format": serializers.CharField(help_text=f"Always {EXPORT_FORMAT}"),
        "exported_at": serializers.DateTimeField(),
        "account": serializers.DictField(help_text="The account: username, e-mail, names, dates"),
        "tables": serializers.DictField(
            child=serializers.ListField(child=serializers.DictField()),
            help_text="Per table (app.model), every row of yours, field by field as stored",
        ),
    },
)


class AccountExportApi(APIView):
    """Everything the platform holds about you, as one JSON document (audited)."""

    throttle_scope = "account"

    @extend_schema(responses={200: _EXPORT})
    def get(self, request: Request) -> Response:
        user = authenticated_user(request)
        data = user_data_export_audited(user=user, exported_at=timezone.now())
        name = f"recruitly-data-{timezone.now():%Y%m%d}.json"
        return Response(data, headers={"Content-Disposition": f'attachment; filename="{name}"'})


class AccountDeleteApi(APIView):
    """Delete your candidate account: personal data erased, activity kept under a pseudonym.

    Send ``confirm: "DELETE"`` and your ``password``. Answers 400 with code
    ``confirmation_required`` or ``wrong_password``; 403 with ``not_a_candidate`` for staff
    accounts. A confirmation e-mail goes to the address the account had.
    """

    throttle_scope = "account"

    class AccountDeleteInputSerializer(serializers.Serializer):
        confirm = serializers.ChoiceField(
            choices=[CONFIRM_WORD], help_text=f"Exactly {CONFIRM_WORD}"
        )
        password = serializers.CharField(
            max_length=4096, trim_whitespace=False, help_text="Your current password"
        )

    class AccountDeleteOutputSerializer(serializers.Serializer):
        deleted = serializers.BooleanField()
        pseudonym = serializers.CharField(help_text="What your past activity is now filed under")
        confirmation_sent = serializers.BooleanField()

    InputSerializer = AccountDeleteInputSerializer
    OutputSerializer = AccountDeleteOutputSerializer

    @extend_schema(
        request=AccountDeleteInputSerializer,
        responses={
            200: AccountDeleteOutputSerializer,
            400: OpenApiResponse(
                response=BadRequestSerializer,
                description="Invalid fields (code invalid), or code confirmation_required, "
                "wrong_password or (vanishingly rare) no_pseudonym.",
            ),
            403: OpenApiResponse(
                response=ErrorSerializer,
                description="Not a candidate's account (code not_a_candidate), or not allowed.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            erasure = account_delete_confirmed(
                user=authenticated_user(request),
                password=data.validated_data["password"],
                confirm=data.validated_data["confirm"],
            )
        except AccountDeleteError as exc:
            code = (
                status.HTTP_403_FORBIDDEN
                if exc.code in {"not_a_candidate", "already_deleted"}
                else status.HTTP_400_BAD_REQUEST
            )
            return Response({"detail": exc.message, "code": exc.code}, status=code)
        out = {
            "deleted": True,
            "pseudonym": erasure.pseudonym,
            "confirmation_sent": bool(erasure.address),
        }
        return Response(self.OutputSerializer(out).data)
