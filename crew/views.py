from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, TemplateView

from core.exceptions import ApplicationError
from core.forms import show_application_error
from crew import selectors, services
from crew.forms import AssignmentForm, PersonForm, UnavailabilityForm
from crew.models import Assignment, Person
from productions.pages import ProductionPageMixin


class CrewListView(ProductionPageMixin, TemplateView):
    nav = "crew"
    template_name = "crew/crew_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["departments"] = selectors.crew_by_department(self.production)
        return context


class AssignmentFormView(ProductionPageMixin, FormView):
    """Add a role to the production, or change one (``pk`` in the URL)."""

    template_name = "crew/assignment_form.html"
    form_class = AssignmentForm
    required_access = "edit"

    def get_assignment(self) -> Assignment | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            Assignment.objects.select_related("person"),
            pk=self.kwargs["pk"],
            production=self.production,
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(production=self.production, user=self.request.user)
        kwargs["instance"] = self.get_assignment()
        if kwargs["instance"] is None and "person" in self.request.GET:
            kwargs.setdefault("initial", {})["person"] = self.request.GET["person"]
        return kwargs

    def form_valid(self, form):
        assignment = form.instance if form.instance.pk else None
        try:
            if assignment:
                services.assignment_update(assignment=assignment, **form.cleaned_data)
            else:
                services.assignment_create(production=self.production, **form.cleaned_data)
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, "Saved.")
        return redirect("crew:list", slug=self.production.slug)


class AssignmentDeleteView(ProductionPageMixin, TemplateView):
    template_name = "crew/assignment_delete.html"
    required_access = "edit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignment"] = get_object_or_404(
            Assignment.objects.select_related("person"),
            pk=self.kwargs["pk"],
            production=self.production,
        )
        return context

    def post(self, request, *args, **kwargs):
        assignment = self.get_context_data()["assignment"]
        services.assignment_delete(assignment=assignment)
        messages.success(request, f"{assignment} was removed from the production.")
        return redirect("crew:list", slug=self.production.slug)


class PersonCreateView(ProductionPageMixin, FormView):
    """Add someone to the directory, then straight on to giving them a role."""

    template_name = "crew/person_form.html"
    form_class = PersonForm
    required_access = "edit"

    def form_valid(self, form):
        try:
            person = services.person_create(by=self.request.user, **form.cleaned_data)
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, f"{person.name} added. Now give them a role.")
        url = redirect("crew:assignment_add", slug=self.production.slug).url
        return redirect(f"{url}?person={person.pk}")


class PersonDetailView(ProductionPageMixin, FormView):
    """A person on this production: details, roles here, and dates off."""

    template_name = "crew/person_detail.html"
    form_class = UnavailabilityForm

    def get_person(self) -> Person:
        people = Person.objects.filter(assignments__production=self.production).distinct()
        return get_object_or_404(people.prefetch_related("unavailabilities"), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.get_person()
        context["person"] = person
        context["roles"] = person.assignments.filter(production=self.production).select_related(
            "department"
        )
        context["person_form"] = kwargs.get("person_form") or PersonForm(instance=person)
        return context

    def post(self, request, *args, **kwargs):
        if not self.membership.can_edit:
            messages.error(request, "Only coordinators can change people's details.")
            return redirect("crew:person", slug=self.production.slug, pk=self.kwargs["pk"])
        if "save_person" in request.POST:
            return self._save_person()
        return super().post(request, *args, **kwargs)

    def _save_person(self):
        person = self.get_person()
        form = PersonForm(self.request.POST, instance=person)
        if form.is_valid():
            services.person_update(person=person, **form.cleaned_data)
            messages.success(self.request, "Saved.")
            return redirect("crew:person", slug=self.production.slug, pk=person.pk)
        return self.render_to_response(self.get_context_data(person_form=form))

    def form_valid(self, form):
        person = self.get_person()
        try:
            services.unavailability_create(person=person, **form.cleaned_data)
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, "Dates off recorded.")
        return redirect("crew:person", slug=self.production.slug, pk=person.pk)
