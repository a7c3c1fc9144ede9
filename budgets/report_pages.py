"""The budget's report pages: compare two versions, the cost report, import, and the files."""

from datetime import date

from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from budgets import cost_services, exports, imports, selectors
from budgets.cost_selectors import cost_report, costs_of, etc_history
from budgets.forms import CostForm, EtcForm, ImportConfirmForm, ImportForm
from budgets.hot_cost import hot_cost_days
from budgets.views import MoneyPageMixin, _first_error
from core.exceptions import ApplicationError

IMPORT_SALT = "budgets.import"


class CompareView(MoneyPageMixin, TemplateView):
    template_name = "budgets/compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        others = [b for b in selectors.budgets_of(self.production) if b.pk != self.budget.pk]
        context["others"] = others
        wanted = self.request.GET.get("with")
        other = next((b for b in others if str(b.pk) == wanted), None)
        if other is None and others:
            other = next((b for b in others if b.status == "approved"), others[0])
        if other is not None:
            rows, grand = selectors.compare(self.budget, other)
            context.update(other=other, rows=rows, grand=grand)
        return context


def _through(request, production) -> date:
    try:
        return date.fromisoformat(request.GET.get("through", ""))
    except ValueError:
        return timezone.localdate(timezone.now(), production.tz)


class CostReportView(MoneyPageMixin, TemplateView):
    template_name = "budgets/cost_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        through = _through(self.request, self.production)
        report = cost_report(self.budget, through)
        top = max([max(c["budget"], c["efc"]) for c in report.by_category] or [0]) or 1
        for category in report.by_category:
            category["budget_pct"] = round(category["budget"] * 100 / top, 1)
            category["efc_pct"] = round(category["efc"] * 100 / top, 1)
            category["over"] = category["efc"] > category["budget"]
        context.update(
            report=report,
            through=through,
            costs=list(costs_of(self.production)[:25]),
            etcs=etc_history(self.budget, limit=15),
            hot=hot_cost_days(self.production, through=through)[-10:],
            cost_form=kwargs.get("cost_form") or CostForm(initial={"date": through}),
            etc_form=kwargs.get("etc_form") or EtcForm(),
            error=kwargs.get("error"),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "add_cost":
                form = CostForm(request.POST)
                if not form.is_valid():
                    return self._refused(_first_error(form), cost_form=form)
                cost_services.cost_create(
                    production=self.production, by=request.user, **form.cleaned_data
                )
            elif action == "set_etc":
                form = EtcForm(request.POST)
                if not form.is_valid():
                    return self._refused(_first_error(form), etc_form=form)
                account = self.budget.accounts.filter(number=form.cleaned_data["account"]).first()
                if account is None:
                    return self._refused("This budget has no such account.", etc_form=form)
                cost_services.etc_set(
                    budget=self.budget,
                    account=account,
                    by=request.user,
                    amount=form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                )
            else:
                return self._refused("Unknown action.")
        except ApplicationError as error:
            return self._refused(error.message, status=error.status_code)
        return redirect(request.get_full_path())

    def _refused(self, message, status=400, **forms):
        return self.render_to_response(self.get_context_data(error=message, **forms), status=status)


class ImportView(MoneyPageMixin, TemplateView):
    """Upload, preview with per-row errors, then confirm: nothing is saved before."""

    template_name = "budgets/import.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        return context

    def post(self, request, *args, **kwargs):
        if "payload" in request.POST:
            return self._confirm(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        try:
            preview = imports.import_preview(
                budget=self.budget, content=upload.read(), name=upload.name
            )
        except ApplicationError as error:
            form.add_error("file", error.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        confirm = None
        if preview.ok:
            confirm = ImportConfirmForm(
                initial={
                    "payload": signing.dumps(preview.as_payload(), salt=IMPORT_SALT, compress=True)
                }
            )
        return self.render_to_response(
            self.get_context_data(form=form, preview=preview, confirm=confirm)
        )

    def _confirm(self, request):
        try:
            payload = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=3600)
            imports.import_apply(budget=self.budget, payload=payload, by=request.user)
        except signing.BadSignature:
            error = "The preview has expired or was changed: upload the file again."
            return self.render_to_response(self.get_context_data(error=error), status=400)
        except ApplicationError as error:
            return self.render_to_response(
                self.get_context_data(error=error.message), status=error.status_code
            )
        return redirect("budgets:accounts", self.production.slug, self.budget.pk)


class FileView(MoneyPageMixin, View):
    kind = "xlsx"

    def get(self, request, *args, **kwargs):
        budget = self.budget
        paper = "letter" if request.GET.get("paper") == "letter" else "a4"
        if self.kind == "xlsx":
            content, name = exports.budget_xlsx(budget), "budget.xlsx"
            content_type = exports.XLSX_TYPE
        elif self.kind == "cost_xlsx":
            through = _through(request, self.production)
            content = exports.cost_report_xlsx(budget, through)
            name, content_type = f"cost-report-{through}.xlsx", exports.XLSX_TYPE
        else:
            full = self.kind == "budget_pdf"
            content = exports.budget_pdf(budget, paper=paper, full=full)
            name = f"{'budget' if full else 'topsheet'}-{paper}.pdf"
            content_type = "application/pdf"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(budget, name)}"'
        return response
