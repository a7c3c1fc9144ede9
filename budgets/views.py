"""The budget pages: versions, the topsheet, accounts with inline line editing, setup.

Only members who see money find these pages; everyone else gets 404. Each POST calls a
service and redirects back (or answers JSON to ``static/js/budget.js``, which keeps the focus
where the keyboard left it); a refusal shows the service's words on the page, status 400 or 409.
"""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView

from budgets import selectors, services, topsheet_cache
from budgets.forms import (
    AccountForm,
    BudgetCreateForm,
    BudgetStatusForm,
    CategoryForm,
    ChargeForm,
    FringeForm,
    GlobalForm,
    LineForm,
)
from budgets.models import Budget, Fringe
from core.exceptions import ApplicationError
from productions.pages import ProductionPageMixin


class MoneyPageMixin(ProductionPageMixin):
    nav = "budget"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.membership.can_see_money:
            raise Http404("No production found.")
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def budget(self) -> Budget:
        return selectors.budget_get(self.production, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "pk" in self.kwargs:
            context["budget"] = self.budget
        return context


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _first_error(form) -> str:
    for errors in form.errors.values():
        return errors[0]
    return "The form is not valid."


class BudgetListView(MoneyPageMixin, TemplateView):
    template_name = "budgets/budget_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["budgets"] = list(selectors.budgets_of(self.production).order_by("created_at"))
        context["form"] = kwargs.get("form") or BudgetCreateForm(production=self.production)
        return context

    def post(self, request, *args, **kwargs):
        form = BudgetCreateForm(request.POST, production=self.production)
        if form.is_valid():
            try:
                budget = services.budget_create(
                    production=self.production,
                    by=request.user,
                    name=form.cleaned_data["name"],
                    template=form.cleaned_data["template"],
                    based_on=form.cleaned_data["based_on"],
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                return redirect("budgets:topsheet", self.production.slug, budget.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TopsheetView(MoneyPageMixin, TemplateView):
    template_name = "budgets/topsheet.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sheet"], context["topsheet_table"] = topsheet_cache.topsheet_and_table(self.budget)
        context["status_form"] = BudgetStatusForm(initial={"status": self.budget.status})
        context["frozen"] = self.budget.status in services.FROZEN
        if context["frozen"]:
            context["drift"] = selectors.drift(self.budget)
        context["changes"] = selectors.changes_of(self.budget, limit=10)
        return context


class BudgetStatusView(MoneyPageMixin, View):
    def post(self, request, *args, **kwargs):
        form = BudgetStatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _first_error(form))
        else:
            try:
                services.budget_update(
                    budget=self.budget, by=request.user, status=form.cleaned_data["status"]
                )
            except ApplicationError as error:
                messages.error(request, error.message)
        return redirect("budgets:topsheet", self.production.slug, self.budget.pk)


class AccountsView(MoneyPageMixin, TemplateView):
    """Every category and account with its total, and forms to add and change them."""

    template_name = "budgets/accounts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        accounts = list(selectors.accounts_with_totals(self.budget))
        categories = list(selectors.categories_with_totals(self.budget))
        for category in categories:
            category.account_rows = [a for a in accounts if a.category_id == category.pk]
        context["categories"] = categories
        context["category_form"] = kwargs.get("category_form") or CategoryForm()
        context["account_form"] = kwargs.get("account_form") or AccountForm()
        context["error"] = kwargs.get("error")
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        slug, pk = self.production.slug, self.budget.pk
        try:
            if action == "add_category":
                form = CategoryForm(request.POST)
                if not form.is_valid():
                    return self._refused(_first_error(form), category_form=form)
                services.category_create(budget=self.budget, by=request.user, **form.cleaned_data)
            elif action == "add_account":
                form = AccountForm(request.POST)
                if not form.is_valid():
                    return self._refused(_first_error(form), account_form=form)
                services.account_create(budget=self.budget, by=request.user, **form.cleaned_data)
            elif action in ("remove_account", "rename_account"):
                account = self.budget.accounts.filter(pk=request.POST.get("account")).first()
                if account is None:
                    raise Http404("No such account.")
                if action == "remove_account":
                    services.account_delete(account=account, by=request.user)
                else:
                    services.account_update(
                        account=account,
                        by=request.user,
                        name=request.POST.get("name", account.name).strip()[:120],
                        number=request.POST.get("number", account.number).strip()[:12],
                    )
            else:
                return self._refused("Unknown action.")
        except ApplicationError as error:
            return self._refused(error.message, status=error.status_code)
        return redirect("budgets:accounts", slug, pk)

    def _refused(self, message: str, status: int = 400, **forms):
        return self.render_to_response(self.get_context_data(error=message, **forms), status=status)


class AccountDetailView(MoneyPageMixin, TemplateView):
    """One account's detail lines, each an inline form (Tab between cells, Enter saves)."""

    template_name = "budgets/account_detail.html"

    @cached_property
    def account(self):
        account = (
            self.budget.accounts.select_related("category")
            .filter(pk=self.kwargs["account_pk"])
            .first()
        )
        if account is None:
            raise Http404("No such account.")
        return account

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lines = list(selectors.lines_of(self.budget).filter(account=self.account))
        fringes = list(self.budget.fringes.order_by("code"))
        failed = kwargs.get("failed")
        for line in lines:
            line.chosen_fringes = {f.pk for f in line.fringes.all()}
            line.error = failed[1] if failed and failed[0] == line.pk else ""
        context.update(
            account=self.account,
            lines=lines,
            fringes=fringes,
            new_error=failed[1] if failed and failed[0] is None else "",
            frozen=self.budget.status in services.FROZEN,
            total=sum((line.total for line in lines), 0),
            units=LineForm.base_fields["unit"].choices,
            cast=self.production.assignments.filter(role_kind="cast").select_related("person"),
        )
        return context

    def post(self, request, *args, **kwargs):
        line_pk = request.POST.get("line") or None
        line = None
        if line_pk:
            line = self.budget.lines.filter(pk=line_pk, account=self.account).first()
            if line is None:
                raise Http404("No such line.")
        if request.POST.get("action") == "remove" and line is not None:
            return self._do(request, line, lambda: services.line_delete(line=line, by=request.user))
        form = LineForm(request.POST, budget=self.budget)
        if not form.is_valid():
            return self._refused(request, line_pk, _first_error(form), 400)
        fields = dict(form.cleaned_data)
        link = request.POST.get("link", "")
        if link == "none":
            fields["link"] = None
        elif link.isdigit():
            fields["link"] = {"kind": "cast", "assignment": int(link)}
        if line is None:
            return self._do(
                request,
                None,
                lambda: services.line_create(
                    budget=self.budget, by=request.user, account=self.account, **fields
                ),
            )
        return self._do(
            request, line, lambda: services.line_update(line=line, by=request.user, **fields)
        )

    def _do(self, request, line, action):
        try:
            saved = action()
        except ApplicationError as error:
            return self._refused(
                request, line.pk if line else None, error.message, error.status_code
            )
        if _wants_json(request):
            self.budget.refresh_from_db()
            body = {"grand_total": f"{self.budget.grand_total:,.2f}"}
            if saved is not None:
                body.update(
                    id=saved.pk,
                    amount=str(saved.amount),
                    x=str(saved.x),
                    rate=str(saved.rate),
                    subtotal=f"{saved.subtotal:,.2f}",
                    fringe_total=f"{saved.fringe_total:,.2f}",
                    total=f"{saved.total:,.2f}",
                )
            return JsonResponse(body)
        url = reverse(
            "budgets:account", args=[self.production.slug, self.budget.pk, self.account.pk]
        )
        return redirect(f"{url}#line-{saved.pk}" if saved is not None else url)

    def _refused(self, request, line_pk, message: str, status: int):
        if _wants_json(request):
            return JsonResponse({"message": message, "errors": {}}, status=status)
        failed = (int(line_pk) if line_pk else None, message)
        return self.render_to_response(self.get_context_data(failed=failed), status=status)


class SetupView(MoneyPageMixin, TemplateView):
    """The fringe, globals and contractual charges editor."""

    template_name = "budgets/setup.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        accounts = list(selectors.accounts_with_totals(self.budget))
        context.update(
            fringes=list(selectors.fringes_of(self.budget)),
            globals=selectors.globals_of(self.budget),
            charges=selectors.charges_with_totals(self.budget, accounts),
            fringe_form=FringeForm(),
            global_form=GlobalForm(),
            charge_form=ChargeForm(),
            error=kwargs.get("error"),
            frozen=self.budget.status in services.FROZEN,
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            self._act(request, request.POST.get("action", ""))
        except ApplicationError as error:
            return self.render_to_response(
                self.get_context_data(error=error.message), status=error.status_code
            )
        return redirect("budgets:setup", self.production.slug, self.budget.pk)

    def _act(self, request, action: str) -> None:
        by, budget = request.user, self.budget
        if action in ("add_fringe", "edit_fringe"):
            instance = None
            if action == "edit_fringe":
                instance = budget.fringes.filter(pk=request.POST.get("id")).first()
                if instance is None:
                    raise Http404("No such fringe.")
            form = FringeForm(request.POST, instance=instance or Fringe(budget=budget))
            if not form.is_valid():
                raise ApplicationError(_first_error(form))
            if instance is None:
                services.fringe_create(budget=budget, by=by, **form.cleaned_data)
            else:
                services.fringe_update(fringe=instance, by=by, **form.cleaned_data)
        elif action in ("add_global", "edit_global"):
            form = GlobalForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(_first_error(form))
            if action == "add_global":
                services.global_create(budget=budget, by=by, **form.cleaned_data)
            else:
                item = budget.globals.filter(pk=request.POST.get("id")).first()
                if item is None:
                    raise Http404("No such global.")
                services.global_update(item=item, by=by, **form.cleaned_data)
        elif action == "remove_global":
            item = budget.globals.filter(pk=request.POST.get("id")).first()
            if item is None:
                raise Http404("No such global.")
            services.global_delete(item=item, by=by)
        elif action == "add_charge":
            form = ChargeForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(_first_error(form))
            numbers = [n.strip() for n in form.cleaned_data["excluded"].split(",") if n.strip()]
            excluded = list(budget.accounts.filter(number__in=numbers))
            if len(excluded) != len(set(numbers)):
                raise ApplicationError("An excluded account number is not in this budget.")
            services.charge_create(
                budget=budget,
                by=by,
                name=form.cleaned_data["name"],
                percent=form.cleaned_data["percent"],
                sections=form.cleaned_data["sections"],
                excluded_accounts=excluded,
            )
        elif action == "remove_charge":
            charge = budget.charges.filter(pk=request.POST.get("id")).first()
            if charge is None:
                raise Http404("No such charge.")
            services.charge_delete(charge=charge, by=by)
        else:
            raise ApplicationError("Unknown action.")
