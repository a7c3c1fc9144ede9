"""The production pages: dashboard, settings, members, scenes, the script, characters,
locations. The breakdown sheet has a module of its own (``breakdown_views``).
"""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core.exceptions import ApplicationError
from core.forms import show_application_error
from productions import scripts, selectors, services
from productions.filters import SceneFilter
from productions.forms import (
    COMMON_ZONES,
    CharacterForm,
    LocationForm,
    LocationUnavailabilityForm,
    MembershipAddForm,
    MembershipChangeForm,
    ProductionDeleteForm,
    ProductionForm,
    ScriptUploadForm,
)
from productions.models import Character, Location, Membership, Scene
from productions.pages import EditorPostMixin, ProductionPageMixin


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
        context["deleted"] = selectors.productions_deleted_by_owner(self.request.user)
        return context


class ProductionRestoreView(LoginRequiredMixin, View):
    """Undo a soft delete from the dashboard (owners, within 30 days)."""

    http_method_names = ["post"]

    def post(self, request, slug):
        production = get_object_or_404(
            selectors.productions_deleted_by_owner(request.user), slug=slug
        )
        try:
            services.production_restore(production=production, by=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("productions:dashboard")
        messages.success(request, f"{production.title} is back.")
        return redirect(production)


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
    # The crew's sections come from crew's template tag (``crew_overview``): productions
    # may not import crew, which depends on it.
    template_name = "productions/production_detail.html"


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


class SceneListView(ProductionPageMixin, TemplateView):
    """The scenes as strips, filtered, with page totals."""

    nav = "scenes"
    template_name = "productions/scene_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        # Omitted scenes are out of the way unless asked for.
        params.setdefault("omitted", "false")
        filterset = SceneFilter(params, queryset=selectors.scenes_for_production(self.production))
        scenes = list(filterset.qs)
        context.update(
            filterset=filterset,
            scenes=scenes,
            totals=selectors.scene_page_totals(scenes),
            filtered=any(
                self.request.GET.get(name) for name in filterset.filters if name != "omitted"
            ),
            show_omitted=self.request.GET.get("omitted") == "",
            characters=self.production.characters.order_by("name"),
            locations=self.production.locations.order_by("name"),
            elements=self.production.elements.order_by("category", "name"),
            int_ext_choices=Scene.IntExt.choices,
        )
        return context


class ScriptView(ProductionPageMixin, EditorPostMixin, FormView):
    """Upload a script version and see what the import did; every version, newest first."""

    nav = "scenes"
    template_name = "productions/script_upload.html"
    form_class = ScriptUploadForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scripts"] = selectors.scripts_for_production(self.production)
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = scripts.script_import(
                production=self.production,
                file=upload,
                filename=upload.name,
                by=self.request.user,
                revision_name=form.cleaned_data["revision_name"],
                revision_colour=form.cleaned_data["revision_colour"],
            )
        except ApplicationError as error:
            return show_application_error(self, form, error)
        # The result is shown right here, not after a redirect: uploading the same file again
        # changes nothing, so a reload that posts twice is harmless.
        context = self.get_context_data(form=ScriptUploadForm(), result=result)
        return self.render_to_response(context)


class CharacterListView(ProductionPageMixin, EditorPostMixin, FormView):
    """The speaking parts with their cast IDs and actors; editors add parts here."""

    nav = "scenes"
    template_name = "productions/character_list.html"
    form_class = CharacterForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "production": self.production}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["characters"] = selectors.characters_for_production(self.production)
        return context

    def form_valid(self, form):
        try:
            character = services.character_create(production=self.production, **form.cleaned_data)
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, f"{character.name} added.")
        return redirect("productions:characters", slug=self.production.slug)


class CharacterEditView(ProductionPageMixin, FormView):
    template_name = "productions/character_form.html"
    form_class = CharacterForm
    required_access = "edit"
    nav = "scenes"

    @cached_property
    def character(self) -> Character:
        return get_object_or_404(self.production.characters, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        return {**kwargs, "production": self.production, "instance": self.character}

    def form_valid(self, form):
        try:
            services.character_update(character=self.character, **form.cleaned_data)
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, "Saved.")
        return redirect("productions:characters", slug=self.production.slug)


class LocationListView(ProductionPageMixin, TemplateView):
    nav = "scenes"
    template_name = "productions/location_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["locations"] = selectors.locations_for_production(self.production)
        return context


class LocationFormView(ProductionPageMixin, FormView):
    """Add a location, or change one (``pk`` in the URL) and the dates it cannot be used."""

    nav = "scenes"
    template_name = "productions/location_form.html"
    form_class = LocationForm
    required_access = "edit"

    @cached_property
    def location(self) -> Location | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            selectors.locations_for_production(self.production), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        return {**kwargs, "production": self.production, "instance": self.location}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["location"] = self.location
        context.setdefault("dates_form", LocationUnavailabilityForm())
        return context

    def post(self, request, *args, **kwargs):
        if self.location and "add_dates" in request.POST:
            return self._add_dates()
        if self.location and "remove_dates" in request.POST:
            return self._remove_dates()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            if self.location:
                location = services.location_update(location=self.location, **form.cleaned_data)
            else:
                location = services.location_create(production=self.production, **form.cleaned_data)
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, f"{location.name} saved.")
        return redirect("productions:locations", slug=self.production.slug)

    def _edit_url(self) -> str:
        return reverse(
            "productions:location_edit",
            kwargs={"slug": self.production.slug, "pk": self.location.pk},
        )

    def _add_dates(self):
        dates_form = LocationUnavailabilityForm(self.request.POST)
        if dates_form.is_valid():
            try:
                services.location_unavailability_add(
                    location=self.location, **dates_form.cleaned_data
                )
            except ApplicationError as error:
                dates_form.add_error(None, error.message)
            else:
                messages.success(self.request, "Dates recorded.")
                return redirect(f"{self._edit_url()}#dates")
        form = LocationForm(production=self.production, instance=self.location)
        return self.render_to_response(self.get_context_data(form=form, dates_form=dates_form))

    def _remove_dates(self):
        entry = get_object_or_404(
            self.location.unavailabilities, pk=self.request.POST.get("remove_dates")
        )
        services.location_unavailability_remove(unavailability=entry)
        messages.success(self.request, "Dates removed.")
        return redirect(f"{self._edit_url()}#dates")


class _DeleteView(ProductionPageMixin, TemplateView):
    """Ask before deleting; the scenes keep everything else."""

    nav = "scenes"
    template_name = "productions/confirm_delete.html"
    required_access = "edit"
    what = ""
    consequence = ""
    back = ""

    def get_object(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.get_object(),
            what=self.what,
            consequence=self.consequence,
            back=reverse(self.back, kwargs={"slug": self.production.slug}),
        )
        return context


class LocationDeleteView(_DeleteView):
    what = "location"
    consequence = "Its scenes stay, with no location set."
    back = "productions:locations"

    def get_object(self) -> Location:
        return get_object_or_404(self.production.locations, pk=self.kwargs["pk"])

    def post(self, request, *args, **kwargs):
        location = self.get_object()
        services.location_delete(location=location)
        messages.success(request, f"{location.name} was deleted.")
        return redirect(self.back, slug=self.production.slug)


class CharacterDeleteView(_DeleteView):
    what = "character"
    consequence = "The scenes stay; only this part is taken off them."
    back = "productions:characters"

    def get_object(self) -> Character:
        return get_object_or_404(self.production.characters, pk=self.kwargs["pk"])

    def post(self, request, *args, **kwargs):
        character = self.get_object()
        services.character_delete(character=character)
        messages.success(request, f"{character.name} was deleted.")
        return redirect(self.back, slug=self.production.slug)
