from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import FormView

from core.exceptions import ApplicationError
from core.forms import show_application_error
from productions.pages import ProductionPageMixin
from schedules import optimize, selectors
from schedules.models import OptimizerRun, Strip
from schedules.views import ScheduleContextMixin


class OptimizeForm(forms.Form):
    time_limit = forms.IntegerField(
        min_value=1,
        max_value=optimize.MAX_TIME_LIMIT,
        initial=optimize.DEFAULT_TIME_LIMIT,
        label="Search for up to (seconds)",
    )
    move_cost = forms.DecimalField(
        min_value=0,
        decimal_places=2,
        initial=0,
        label="Cost of a company move",
        help_text="In the production's currency; 0 ignores moves.",
    )
    keep_night_blocks = forms.BooleanField(
        required=False, label="Keep night work in as few blocks as now"
    )
    locked_strips = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Keep these scenes on their day",
    )

    def __init__(self, *args, strips=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locked_strips"].choices = [
            (strip.pk, f"Day {strip.day.day_number}: {strip}") for strip in strips
        ]
        self.fields["locked_strips"].initial = [s.pk for s in strips if s.locked]


class OptimizeView(ScheduleContextMixin, FormView):
    """Start the optimizer, follow its progress, and judge its proposal side by side."""

    template_name = "schedules/optimize.html"
    form_class = OptimizeForm
    nav = "stripboard"
    tab = "optimize"

    def _strips(self):
        version = selectors.active_version(self.production)
        if version is None:
            return []
        return list(
            version.strips.filter(kind=Strip.Kind.SCENE, day__isnull=False)
            .select_related("scene", "day")
            .order_by("day__date", "order")
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "strips": self._strips()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        runs = list(optimize.optimizer_runs_of(self.production)[:10])
        context["runs"] = runs
        context["run"] = runs[0] if runs else None
        context["can_edit"] = self.membership.can_edit
        return context

    def post(self, request, *args, **kwargs):
        if not self.membership.can_edit:
            messages.error(request, "Only coordinators, producers and owners can optimize.")
            return redirect("schedules:optimize", slug=self.production.slug)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        locked = [int(pk) for pk in data.pop("locked_strips")]
        try:
            optimize.strips_lock(production=self.production, strip_ids=locked, by=self.request.user)
            run, created = optimize.optimizer_run_start(
                production=self.production,
                by=self.request.user,
                options=optimize.OptimizeOptions(**data),
            )
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(
            self.request,
            "The optimizer is running." if created else "This optimization is already running.",
        )
        return redirect("schedules:optimize", slug=self.production.slug)


class OptimizeDecisionView(ProductionPageMixin, View):
    """Accept, discard or cancel a run from the page."""

    required_access = "edit"
    actions = {
        "accept": optimize.optimizer_run_accept,
        "discard": optimize.optimizer_run_discard,
        "cancel": optimize.optimizer_run_cancel,
    }

    def post(self, request, *args, **kwargs):
        run = get_object_or_404(OptimizerRun, pk=kwargs["pk"], production=self.production)
        act = self.actions.get(kwargs["action"])
        if act is None:
            raise Http404("No such action.")
        try:
            act(run=run, by=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("schedules:optimize", slug=self.production.slug)
        done = {
            "accept": "The proposal is now the active schedule.",
            "discard": "Proposal discarded; the board is unchanged.",
            "cancel": "The optimizer was asked to stop.",
        }
        messages.success(request, done[kwargs["action"]])
        if kwargs["action"] == "accept":
            return redirect("schedules:stripboard", slug=self.production.slug)
        return redirect("schedules:optimize", slug=self.production.slug)
