"""The REST API of report files and daily production reports.

Members read; owners, producers and coordinators write.
"""

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.openapi import ErrorSerializer
from core.permissions import IsProductionEditorOrReadOnly
from productions.api.scoping import ProductionScopedMixin
from reports import dpr_selectors, dpr_services, selectors, services
from reports.api.serializers import (
    DprSerializer,
    DprStartSerializer,
    DprSummarySerializer,
    ReportRequestSerializer,
    ReportSerializer,
    flags_data,
    totals_data,
)
from reports.models import DailyReport, Report

ERRORS = {code: ErrorSerializer for code in (400, 401, 403, 404)}
# What a finished report's file is served as, by its format.
MEDIA_TYPES = {
    Report.Format.PDF: "application/pdf",
    Report.Format.CSV: "text/csv",
    Report.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_response(report: Report) -> FileResponse:
    """Return a finished report's file as a download; 404 while it has none."""
    if report.status != Report.Status.DONE or not report.file:
        raise Http404("This report has no file (yet).")
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404("This report's file has expired.") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=selectors.report_filename(report),
        content_type=MEDIA_TYPES[report.format],
    )


# ---------------------------------------------------------------- report files


class ReportViewSet(
    ProductionScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Report files: request one (202), follow its progress, download it when done."""

    serializer_class = ReportSerializer
    permission_classes = [IsProductionEditorOrReadOnly]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.reports_for(self.production, self.membership)

    @extend_schema(
        request=ReportRequestSerializer,
        responses={
            202: OpenApiResponse(ReportSerializer, "Queued; follow `url`."),
            200: OpenApiResponse(ReportSerializer, "The identical report already in progress."),
            **ERRORS,
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = ReportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report, created = services.report_request(
            production=self.production,
            membership=self.membership,
            by=request.user,
            **serializer.validated_data,
        )
        return Response(
            self.get_serializer(report).data,
            status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        responses={
            **{(200, media_type): OpenApiTypes.BINARY for media_type in MEDIA_TYPES.values()},
            **ERRORS,
        }
    )
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        return file_response(self.get_object())


# ---------------------------------------------------------------- daily production reports


@extend_schema_view(
    partial_update=extend_schema(
        responses={
            200: DprSerializer,
            409: OpenApiResponse(ErrorSerializer, "The report is approved and frozen."),
            **ERRORS,
        }
    )
)
class DprViewSet(
    ProductionScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Daily production reports: start one from a shoot day, fill it in, approve it."""

    serializer_class = DprSerializer
    permission_classes = [IsProductionEditorOrReadOnly]
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends: list = []

    def get_queryset(self):
        return dpr_selectors.dprs_of(self.production).prefetch_related(
            "scenes__scene", "cast_times", "crew_times", "delays"
        )

    def _detail(self, report: DailyReport) -> dict:
        report = dpr_selectors.dpr_get(self.production, report.date)
        data = DprSerializer(report, context=self.get_serializer_context()).data
        data["totals"] = totals_data(dpr_selectors.dpr_totals(report))
        data["flags"] = flags_data(dpr_selectors.dpr_flags(report))
        return data

    @extend_schema(responses={200: DprSummarySerializer(many=True), **ERRORS})
    def list(self, request, *args, **kwargs):
        rows = []
        for summary in dpr_selectors.dpr_summaries(self.production):
            data = DprSummarySerializer(summary.report).data
            data["totals"] = totals_data(summary.totals)
            data["flags"] = flags_data(summary.flags)
            rows.append(data)
        return self.get_paginated_response(self.paginate_queryset(rows))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._detail(self.get_object()))

    @extend_schema(request=DprStartSerializer, responses={201: DprSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        serializer = DprStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = dpr_services.dpr_start(
            production=self.production, date=serializer.validated_data["date"], by=request.user
        )
        return Response(self._detail(report), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        report = self.get_object()
        serializer = self.get_serializer(report, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        dpr_services.dpr_update(report=report, by=request.user, **serializer.update_input())
        return Response(self._detail(report))

    @extend_schema(request=None, responses={200: DprSerializer, 409: ErrorSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        report = dpr_services.dpr_approve(report=self.get_object(), by=request.user)
        return Response(self._detail(report))
