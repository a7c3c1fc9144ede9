"""The reports pages: report files and daily production reports.

The same services and selectors as the API; the page only turns forms into their inputs.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from core.exceptions import ApplicationError
from productions.models import Membership
from productions.pages import ProductionPageMixin
from reports import dpr_selectors, dpr_services, selectors, services
from reports.api.views import file_response
from reports.forms import (
    DprCastFormSet,
    DprCrewFormSet,
    DprDelayFormSet,
    DprForm,
    DprSceneAddForm,
    DprSceneFormSet,
    DprStartForm,
    ReportRequestForm,
    rows_initial,
    rows_of,
    scene_initial,
)
from reports.models import DailyReport


class ReportsPageMixin(ProductionPageMixin):
    nav = "reports"
    tab = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tab"] = self.tab
        context["is_owner"] = self.membership.access == Membership.Access.OWNER
        return context


def _first_error(*forms) -> str:
    for form in forms:
        errors = form.non_form_errors() if hasattr(form, "non_form_errors") else []
        if errors:
            return errors[0]
        for item in getattr(form, "forms", [form]):
            for field, field_errors in item.errors.items():
                label = item.fields[field].label if field in item.fields else ""
                return f"{label}: {field_errors[0]}" if label else field_errors[0]
    return "Check the form."


# ---------------------------------------------------------------- report files


class ReportsView(ReportsPageMixin, TemplateView):
    """The production's report files, with their progress, and a form to request one."""

    template_name = "reports/report_list.html"
    tab = "files"

    def _form(self, data=None) -> ReportRequestForm:
        return ReportRequestForm(
            data,
            kinds=selectors.report_kinds_for(self.membership),
            production=self.production,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports"] = selectors.reports_for(self.production, self.membership)[:100]
        context["formats"] = selectors.FORMATS
        if self.membership.can_edit:
            context.setdefault("form", self._form())
        return context

    def post(self, request, *args, **kwargs):
        if not self.membership.can_edit:
            raise PermissionDenied("Only owners, producers and coordinators request reports.")
        form = self._form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            report, created = services.report_request(
                production=self.production,
                membership=self.membership,
                kind=form.cleaned_data["kind"],
                format=form.cleaned_data["format"],
                params=form.params(),
                by=request.user,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        label = f"{report.get_kind_display()} ({report.get_format_display()})"
        messages.success(
            request,
            f"{label} is being built." if created else f"{label} is already being built.",
        )
        return redirect("reports:reports", slug=self.production.slug)


class ReportDownloadView(ProductionPageMixin, View):
    """A report's file, to the production's members only (never a public media URL)."""

    def get(self, request, *args, **kwargs):
        found = selectors.reports_for(self.production, self.membership)
        return file_response(get_object_or_404(found, pk=kwargs["pk"]))


# ---------------------------------------------------------------- daily production reports


class DprListView(ReportsPageMixin, TemplateView):
    template_name = "reports/dpr_list.html"
    tab = "dpr"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summaries"] = dpr_selectors.dpr_summaries(self.production)
        if self.membership.can_edit:
            days = dpr_selectors.dpr_days_without_report(self.production)
            context["start_form"] = DprStartForm(days=days) if days else None
        return context


class DprStartView(ReportsPageMixin, View):
    required_access = "edit"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = DprStartForm(
            request.POST, days=dpr_selectors.dpr_days_without_report(self.production)
        )
        if not form.is_valid():
            messages.error(request, _first_error(form))
            return redirect("reports:dpr_list", slug=self.production.slug)
        try:
            report = dpr_services.dpr_start(
                production=self.production,
                date=date.fromisoformat(form.cleaned_data["date"]),
                by=request.user,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("reports:dpr_list", slug=self.production.slug)
        return redirect("reports:dpr_edit", slug=self.production.slug, date=report.date.isoformat())


class DprMixin(ReportsPageMixin):
    tab = "dpr"

    def report(self) -> DailyReport:
        try:
            day = date.fromisoformat(self.kwargs["date"])
        except ValueError:
            raise Http404("No such day.") from None
        found = dpr_selectors.dpr_get(self.production, day)
        if found is None:
            raise Http404("No daily production report for this day.")
        return found


class DprDetailView(DprMixin, TemplateView):
    template_name = "reports/dpr_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report()
        context.update(
            report=report,
            totals=dpr_selectors.dpr_totals(report),
            flags=dpr_selectors.dpr_flags(report),
        )
        return context


CAST_FIELDS = ("character_id", "cast_id", "name", "arrive", "on_set", "wrap", "note")
CREW_FIELDS = ("name", "department", "time_in", "time_out", "note")


class DprEditView(DprMixin, TemplateView):
    """The 2nd AD's form: times, scenes, cast, crew exceptions and delays, on a phone."""

    template_name = "reports/dpr_form.html"
    required_access = "edit"

    def _forms(self, report: DailyReport, data=None) -> dict:
        return {
            "form": DprForm(data, instance=report),
            "scenes": DprSceneFormSet(data, initial=scene_initial(report), prefix="scenes"),
            "add_scene": DprSceneAddForm(
                data, production=self.production, report=report, prefix="add"
            ),
            "cast": DprCastFormSet(
                data, initial=rows_initial(report.cast_times.all(), CAST_FIELDS), prefix="cast"
            ),
            "crew": DprCrewFormSet(
                data, initial=rows_initial(report.crew_times.all(), CREW_FIELDS), prefix="crew"
            ),
            "delays": DprDelayFormSet(
                data,
                initial=rows_initial(report.delays.all(), ("minutes", "reason")),
                prefix="delays",
            ),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = context["report"]
        # The scene forms carry only ids; the page shows each with its scene.
        context["scene_rows"] = list(zip(report.scenes.all(), context["scenes"], strict=False))
        return context

    def get(self, request, *args, **kwargs):
        report = self.report()
        if report.is_frozen:
            messages.info(request, "This report is approved and frozen.")
            return redirect(report.get_absolute_url())
        return self.render_to_response(self.get_context_data(report=report, **self._forms(report)))

    def post(self, request, *args, **kwargs):
        report = self.report()
        forms = self._forms(report, request.POST)
        if not all(form.is_valid() for form in forms.values()):
            return self._invalid(report, forms, _first_error(*forms.values()))
        try:
            dpr_services.dpr_update(report=report, by=request.user, **self._input(forms))
        except ApplicationError as error:
            return self._invalid(report, forms, error.message, error.status_code)
        messages.success(request, "Report saved.")
        return redirect(report.get_absolute_url())

    def _invalid(self, report, forms, message: str, status: int = 400):
        messages.error(self.request, message)
        context = self.get_context_data(report=report, **forms)
        return self.render_to_response(context, status=status)

    def _input(self, forms: dict) -> dict:
        results = [form.result() for form in forms["scenes"]]
        added = forms["add_scene"].cleaned_data.get("scene")
        if added:
            results.append(dpr_services.SceneResult(scene=added))
        return {
            **forms["form"].cleaned_data,
            "scenes": results,
            "cast": rows_of(forms["cast"]),
            "crew": rows_of(forms["crew"]),
            "delays": rows_of(forms["delays"]),
        }


class DprApproveView(DprMixin, View):
    required_access = "edit"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        report = self.report()
        try:
            dpr_services.dpr_approve(report=report, by=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Report approved; it is on its way to the producers.")
        return redirect(report.get_absolute_url())
