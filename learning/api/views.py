from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.services import events_ingest
from learning.services.events import IngestLimitError


class EventIngestApi(APIView):
    """Ingest one outcome event or a list of up to 10,000.

    Each item is validated against its type's schema; the answer reports per item whether it
    was stored, was a duplicate of an earlier ``event_id``, or was rejected (and quarantined)
    with the reasons.
    """

    class OutputSerializer(serializers.Serializer):
        stored = serializers.IntegerField()
        duplicates = serializers.IntegerField()
        rejected = serializers.IntegerField()
        results = inline_serializer(
            "EventIngestItem",
            fields={
                "event_id": serializers.CharField(),
                "status": serializers.ChoiceField(["stored", "duplicate", "rejected"]),
                "errors": serializers.ListField(child=serializers.CharField()),
            },
            many=True,
        )

    @extend_schema(
        request={"application/json": {"oneOf": [{"type": "object"}, {"type": "array"}]}},
        responses={200: OutputSerializer, 400: dict, 413: dict},
    )
    def post(self, request: Request) -> Response:
        data = request.data
        items = data if isinstance(data, list) else [data]
        if not items:
            return Response({"detail": "the batch is empty"}, status=status.HTTP_400_BAD_REQUEST)
        try:
            result = events_ingest(
                items=items,
                submitted_by=request.user,
                may_post_for_others=request.user.has_perm("learning.ingest_any_event"),
            )
        except IngestLimitError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        # 200 for every processed batch: the per-item statuses carry the outcome.
        return Response(self.OutputSerializer(result.as_dict()).data)
