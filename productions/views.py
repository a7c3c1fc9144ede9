from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, ListView, TemplateView

from crew import selectors as crew_selectors
from productions import selectors, services
from productions.forms import (
    COMMON_ZONES,
    MembershipAddForm,
    MembershipChangeForm,
    ProductionDeleteForm,
    ProductionForm,
)
from productions.models import Membership
from productions.pages import ProductionPageMixin
from studio.exceptions import ApplicationError
from studio.forms import show_application_error


class DashboardView(LoginRequiredMixin, ListView):
    template_name = "productions/dashboard.html"
    context_object_name = "productions"

    def get_queryset(self):
        return selectors.productions_for_user(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["accesses"] = dict(
            Membership.objects.filter(user=self.request.user).values_list("production_id", "access")
        )
        context["rows"] = [
            (production, context["accesses"].get(production.pk, "owner"))
            for production in context["productions"]
        ]
        return context


class ProductionCreateView(LoginRequiredMixin, FormView):
    template_name = "productions/production_form.html"
    form_class = ProductionForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(zones=COMMON_ZONES, **kwargs)

    def form_valid(self, form):
        try:
            production = services.production_create(user=self.request.user, **form.cleaned_data)
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, f"{production.title} is ready. Add its team next.")
        return redirect(production)


class ProductionDetailView(ProductionPageMixin, TemplateView):
    nav = "overview"
    template_name = "productions/production_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["creative_team"] = crew_selectors.creative_team(self.production)
        context["cast"] = crew_selectors.assignments_for_production(self.production).filter(
            role_kind="cast"
        )
        context["department_counts"] = crew_selectors.department_counts(self.production)
        return context


class ProductionEditView(ProductionPageMixin, FormView):
    template_name = "productions/production_form.html"
    form_class = ProductionForm
    required_access = "manage"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.production}

    def get_context_data(self, **kwargs):
        return super().get_context_data(zones=COMMON_ZONES, **kwargs)

    def form_valid(self, form):
        try:
            production = services.production_update(production=self.production, **form.cleaned_data)
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, "Saved.")
        return redirect(production)


class ProductionDeleteView(ProductionPageMixin, FormView):
    template_name = "productions/production_delete.html"
    form_class = ProductionDeleteForm
    required_access = "manage"

    def form_valid(self, form):
        if self.membership.access != Membership.Access.OWNER:
            form.add_error(None, "Only an owner can delete the production.")
            return self.form_invalid(form)
        try:
            services.production_delete(
                production=self.production,
                by=self.request.user,
                confirm_title=form.cleaned_data["confirm_title"],
            )
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, f"{self.production.title} was deleted.")
        return redirect("productions:dashboard")


class MembersView(ProductionPageMixin, FormView):
    nav = "members"
    template_name = "productions/members.html"
    form_class = MembershipAddForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = selectors.memberships_of_production(self.production)
        context["access_choices"] = Membership.Access.choices
        return context

    def post(self, request, *args, **kwargs):
        if not self.membership.can_manage:
            raise PermissionDenied("Only the production's owners and producers can add members.")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.membership_add(
                production=self.production,
                user=form.cleaned_data["username"],
                access=form.cleaned_data["access"],
                by=self.request.user,
            )
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, "Member added.")
        return redirect("productions:members", slug=self.production.slug)


class MemberChangeView(ProductionPageMixin, FormView):
    form_class = MembershipChangeForm
    required_access = "manage"
    http_method_names = ["post"]

    def _membership_in_url(self) -> Membership:
        return get_object_or_404(
            Membership.objects.select_related("user", "production"),
            pk=self.kwargs["pk"],
            production=self.production,
        )

    def post(self, request, *args, **kwargs):
        target = self._membership_in_url()
        try:
            if "remove" in request.POST:
                services.membership_remove(membership=target, by=request.user)
                messages.success(request, f"{target.user.get_username()} no longer has access.")
            else:
                form = MembershipChangeForm(request.POST)
                if not form.is_valid():
                    raise ApplicationError("Choose an access level from the list.")
                services.membership_change(
                    membership=target, access=form.cleaned_data["access"], by=request.user
                )
                messages.success(request, "Access changed.")
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect(reverse("productions:members", kwargs={"slug": self.production.slug}))
