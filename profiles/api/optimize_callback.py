"""Resume optimization API: the candidate's later report of a callback (interview invitation)
for the posting a resume was optimized for."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from profiles.api.views import _candidate
from profiles.models import ResumeOptimization
from profiles.services.optimize import resume_optimization_callback_report
from recruitly.api_errors import BoundedJSONParser
from recruitly.api_schema import BadRequestSerializer, ErrorSerializer
from recruitly.http import authenticated_user

MAX_ID = 2**63 - 1


class OptimizationCallbackApi(APIView):
    """Report whether a callback came after this optimization (``{"callback": true|false}``).

    A later report replaces the earlier one; each is an audit row. The weekly AI report and the
    AI loop page compare callback rates after optimization and without.
    """

    parser_classes = [BoundedJSONParser]

    class CallbackInputSerializer(serializers.Serializer):
        callback = serializers.BooleanField()

    class CallbackOutputSerializer(serializers.Serializer):
        optimization_id = serializers.IntegerField(source="pk")
        job_id = serializers.IntegerField()
        callback_reported = serializers.BooleanField(allow_null=True)

    @extend_schema(
        request=CallbackInputSerializer,
        responses={200: CallbackOutputSerializer, 400: BadRequestSerializer, 404: ErrorSerializer},
    )
    def post(self, request: Request, user_id: str, pk: str) -> Response:
        data = self.CallbackInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        profile = _candidate(request, user_id)
        optimization = ResumeOptimization.objects.filter(
            pk=int(pk) if int(pk) <= MAX_ID else 0, candidate=profile
        ).first()
        if optimization is None:
            raise NotFound("No such optimization for this candidate.")
        reported = resume_optimization_callback_report(
            optimization=optimization,
            callback=data.validated_data["callback"],
            acting_user=authenticated_user(request),
        )
        return Response(self.CallbackOutputSerializer(reported).data)
