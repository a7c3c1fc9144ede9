"""The budget API's reads beyond the structure: compare, the cost report, costs, ETC,
exports and the import."""

from datetime import date

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from budgets import cost_services, exports, imports, selectors
from budgets.api.serializers import (
    CompareSerializer,
    CostReportSerializer,
    CostSerializer,
    EtcSerializer,
    ImportSerializer,
)
from budgets.api.views import LOCKED, BudgetScopedMixin, MoneyScopedMixin
from budgets.cost_selectors import cost_report, costs_of
from core.exceptions import ApplicationError
from core.openapi import ErrorSerializer

THROUGH = OpenApiParameter(
    "through",
    OpenApiTypes.DATE,
    description="Through this date (default: today in the production's time zone)",
)
WITH = OpenApiParameter("with", OpenApiTypes.INT, required=True, description="The other budget")
PAPER = OpenApiParameter("paper", str, enum=["a4", "letter"], description="Paper size")


class CompareView(BudgetScopedMixin, APIView):
    @extend_schema(parameters=[WITH], responses={200: CompareSerializer})
    def get(self, request, *args, **kwargs):
        other_pk = request.query_params.get("with")
        if not other_pk:
            raise ApplicationError(
                "Say which budget to compare with: ?with=<id>.", errors={"with": ["Required."]}
            )
        other = selectors.budget_get(self.production, other_pk)
        rows, grand = selectors.compare(self.budget, other)
        return Response(CompareSerializer({"accounts": rows, "grand_total": grand}).data)


def _through(request, production) -> date:
    text = request.query_params.get("through")
    if not text:
        return timezone.localdate(timezone.now(), production.tz)
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise ApplicationError(
            "Give the date as YYYY-MM-DD.", errors={"through": ["Not a date."]}
        ) from error


class CostReportView(BudgetScopedMixin, APIView):
    @extend_schema(parameters=[THROUGH], responses={200: CostReportSerializer})
    def get(self, request, *args, **kwargs):
        report = cost_report(self.budget, _through(request, self.production))
        data = {"through": report.through, "accounts": report.rows, "totals": report.totals}
        return Response(CostReportSerializer(data).data)


class EtcView(BudgetScopedMixin, APIView):
    @extend_schema(request=EtcSerializer, responses={201: EtcSerializer})
    def post(self, request, *args, **kwargs):
        serializer = EtcSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        account = self.budget.accounts.filter(number=data["account"]).first()
        if account is None:
            raise ApplicationError(
                f"This budget has no account {data['account']}.",
                errors={"account": ["No such account."]},
            )
        entry = cost_services.etc_set(
            budget=self.budget,
            account=account,
            by=request.user,
            amount=data["amount"],
            reason=data["reason"],
        )
        return Response(
            {"account": account.number, "amount": str(entry.amount), "reason": entry.reason},
            status=status.HTTP_201_CREATED,
        )


class CostViewSet(MoneyScopedMixin, viewsets.ModelViewSet):
    """Actuals: POs, invoices, timecards, petty cash and card spend, against account numbers."""

    serializer_class = CostSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filterset_fields = ["kind", "account_number"]

    def get_queryset(self):
        return costs_of(self.production)

    def perform_create(self, serializer):
        serializer.instance = cost_services.cost_create(
            production=self.production, by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = cost_services.cost_update(
            cost=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        cost_services.cost_delete(cost=instance, by=self.request.user)


def _file(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


BINARY_XLSX = {(200, exports.XLSX_TYPE): OpenApiTypes.BINARY}
BINARY_PDF = {(200, "application/pdf"): OpenApiTypes.BINARY}


class ExportXlsxView(BudgetScopedMixin, APIView):
    @extend_schema(responses=BINARY_XLSX)
    def get(self, request, *args, **kwargs):
        return _file(
            exports.budget_xlsx(self.budget),
            exports.XLSX_TYPE,
            exports.filename(self.budget, "budget.xlsx"),
        )


class CostReportXlsxView(BudgetScopedMixin, APIView):
    @extend_schema(parameters=[THROUGH], responses=BINARY_XLSX)
    def get(self, request, *args, **kwargs):
        through = _through(request, self.production)
        return _file(
            exports.cost_report_xlsx(self.budget, through),
            exports.XLSX_TYPE,
            exports.filename(self.budget, f"cost-report-{through}.xlsx"),
        )


class _PdfView(BudgetScopedMixin, APIView):
    full = False

    @extend_schema(parameters=[PAPER], responses=BINARY_PDF)
    def get(self, request, *args, **kwargs):
        paper = request.query_params.get("paper", "a4")
        if paper not in ("a4", "letter"):
            raise ApplicationError("The paper is a4 or letter.", errors={"paper": ["Unknown."]})
        pdf = exports.budget_pdf(self.budget, paper=paper, full=self.full)
        suffix = "budget" if self.full else "topsheet"
        return _file(pdf, "application/pdf", exports.filename(self.budget, f"{suffix}.pdf"))


class TopsheetPdfView(_PdfView):
    full = False


class BudgetPdfView(_PdfView):
    full = True


class ImportView(BudgetScopedMixin, APIView):
    """Preview an XLSX or CSV import (per-row errors); with ``confirm`` true, apply it."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ImportSerializer},
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, "The preview: rows and their errors"),
            201: OpenApiResponse(OpenApiTypes.OBJECT, "Imported"),
            409: LOCKED,
            413: OpenApiResponse(ErrorSerializer, "The file is too large."),
        },
    )
    def post(self, request, *args, **kwargs):
        serializer = ImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise ApplicationError("The file is larger than 10 MB.", status_code=413)
        preview = imports.import_preview(
            budget=self.budget, content=upload.read(), name=upload.name
        )
        body = {
            "ok": preview.ok,
            "rows": [
                {"row": r.number, **r.values, "subtotal": str(r.subtotal), "errors": r.errors}
                for r in preview.rows
            ],
        }
        if not serializer.validated_data["confirm"] or not preview.ok:
            if serializer.validated_data["confirm"]:
                raise ApplicationError(
                    f"{preview.error_count} row(s) have errors; nothing was imported.",
                    errors={
                        "file": [
                            f"Row {r.number}: {'; '.join(r.errors)}"
                            for r in preview.rows
                            if r.errors
                        ][:50]
                    },
                )
            return Response(body)
        count = imports.import_apply(
            budget=self.budget, payload=preview.as_payload(), by=request.user
        )
        return Response({"imported": count}, status=status.HTTP_201_CREATED)
