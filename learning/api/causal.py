"""``POST /api/v1/learning/causal-effect``: the ``causal_effect`` command over HTTP (staff).

The table comes as a CSV upload (multipart ``file``, at most ``CAUSAL_UPLOAD_MAX_BYTES``) or
as JSON ``rows`` (a list of objects, at most ``MAX_JSON_ROWS``); the answer is the same JSON
object ``manage.py causal_effect --json`` prints. Input the estimators cannot use is a 400
with a ``code`` (``missing_column``, ``not_binary``, ``no_overlap``, ...), never a 500.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.causal.data import CausalInputError
from learning.causal.engine import METHODS
from learning.causal.table import EffectRequest, bounded, effect_from_table, read_csv
from recruitly.api_errors import BoundedJSONParser
from recruitly.api_schema import BadRequestSerializer

CAUSAL_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
MAX_JSON_ROWS = 20_000
MAX_API_BOOTSTRAP = 500
SEED_MAX = 2**32 - 1


class CausalEffectInputSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, help_text="CSV with a header row")
    rows = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        max_length=MAX_JSON_ROWS,
        help_text="The table as a list of objects (instead of file)",
    )
    treatment = serializers.CharField(required=False, max_length=200)
    outcome = serializers.CharField(max_length=200)
    covariates = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=200
    )
    method = serializers.ChoiceField(choices=METHODS, default="dr")
    estimand = serializers.ChoiceField(choices=("att", "ate"), default="att")
    instrument = serializers.CharField(required=False, max_length=200)
    unit = serializers.CharField(required=False, max_length=200)
    time = serializers.CharField(required=False, max_length=200)
    running = serializers.CharField(required=False, max_length=200)
    cutoff = serializers.FloatField(default=0.0)
    bandwidth = serializers.FloatField(required=False, min_value=1e-12)
    neighbours = serializers.IntegerField(default=4, min_value=1, max_value=50)
    caliper = serializers.FloatField(required=False, min_value=1e-6)
    trim = serializers.FloatField(default=0.0, min_value=0.0, max_value=0.49)
    bootstrap = serializers.IntegerField(default=200, min_value=20, max_value=MAX_API_BOOTSTRAP)
    seed = serializers.IntegerField(default=0, min_value=0, max_value=SEED_MAX)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("file" in attrs) == ("rows" in attrs):
            raise serializers.ValidationError("send exactly one of file (CSV) and rows (JSON)")
        return attrs


@extend_schema_serializer(component_name="CausalEffect")
class CausalEffectOutputSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=METHODS)
    estimand = serializers.CharField(help_text="att, ate, late or late_at_cutoff")
    estimate = serializers.FloatField(allow_null=True)
    se = serializers.FloatField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)
    p_value = serializers.FloatField(allow_null=True)
    n_treated = serializers.IntegerField()
    n_control = serializers.IntegerField()
    ci_method = serializers.CharField()
    balance = serializers.ListField(child=serializers.DictField(), help_text="SMD per covariate")
    overlap = serializers.DictField()
    diagnostics = serializers.DictField()
    refutations = serializers.ListField(child=serializers.DictField())
    sensitivity = serializers.DictField(help_text="E-value of the estimate and interval")
    refuted = serializers.BooleanField()
    evidence_holds = serializers.BooleanField()
    treatment = serializers.CharField(allow_null=True)
    outcome = serializers.CharField()
    covariates = serializers.ListField(child=serializers.CharField())
    seed = serializers.IntegerField()
    rows_used = serializers.IntegerField()
    rows_dropped_missing = serializers.IntegerField()


_BAD_INPUT = OpenApiResponse(
    response=BadRequestSerializer,
    description="Invalid fields (code invalid, with errors), or a table the estimator cannot "
    "use, with its code: e.g. invalid_csv, too_large, missing_column, not_numeric, "
    "not_binary, no_variation, too_few_rows, no_overlap, propensity_not_converged, "
    "staggered_adoption, fuzzy_design, not_estimable.",
)


class CausalEffectApi(APIView):
    """Estimate the effect of a 0/1 treatment on an outcome, with refutations (staff only)."""

    permission_classes = [IsAdminUser]
    throttle_scope = "uploads"
    parser_classes = [BoundedJSONParser, MultiPartParser]

    @extend_schema(
        request={
            "application/json": CausalEffectInputSerializer,
            "multipart/form-data": CausalEffectInputSerializer,
        },
        responses={200: CausalEffectOutputSerializer, 400: _BAD_INPUT},
    )
    def post(self, request: Request) -> Response:
        data = CausalEffectInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            frame = _table(values)
            result = effect_from_table(frame, _effect_request(values))
        except CausalInputError as exc:
            return _bad(str(exc), exc.code)
        except (np.linalg.LinAlgError, ValueError, TypeError, ZeroDivisionError):
            return _bad("the effect cannot be estimated from this table", "not_estimable")
        return Response(result)


def _bad(detail: str, code: str) -> Response:
    return Response({"detail": detail, "code": code}, status=status.HTTP_400_BAD_REQUEST)


def _table(values: dict[str, Any]) -> pd.DataFrame:
    upload = values.get("file")
    if upload is not None:
        content = upload.read(CAUSAL_UPLOAD_MAX_BYTES + 1)
        if len(content) > CAUSAL_UPLOAD_MAX_BYTES:
            raise CausalInputError(
                "too_large", f"the CSV is larger than {CAUSAL_UPLOAD_MAX_BYTES} bytes"
            )
        return read_csv(content)
    return bounded(pd.DataFrame.from_records(values["rows"]))


def _effect_request(values: dict[str, Any]) -> EffectRequest:
    return EffectRequest(
        treatment=values.get("treatment"),
        outcome=values["outcome"],
        covariates=tuple(values.get("covariates", ())),
        method=values["method"],
        estimand=values["estimand"],
        instrument=values.get("instrument"),
        unit=values.get("unit"),
        time=values.get("time"),
        running=values.get("running"),
        cutoff=values["cutoff"],
        seed=values["seed"],
        neighbours=values["neighbours"],
        caliper=values.get("caliper"),
        trim=values["trim"],
        bootstrap=values["bootstrap"],
        bandwidth=values.get("bandwidth"),
    )
