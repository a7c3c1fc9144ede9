from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core.exceptions import ApplicationError, StaleEdit
from core.forms import show_application_error
from productions.models import BreakdownElement, Membership
from productions.pages import ProductionPageMixin
from schedules import board_cache, selectors, services
from schedules.forms import (
    BannerForm,
    BoardSaveForm,
    CastEventForm,
    DayAddForm,
    DaysSplitForm,
    HolidayForm,
    ScheduleSettingsForm,
    ShootDayForm,
    StripActionForm,
    VersionCompareForm,
    VersionSaveAsForm,
)
from schedules.models import CastEvent, Holiday, ScheduleVersion, ShootDay, Strip


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class ScheduleContextMixin(ProductionPageMixin):
    """Adds ``can_see_pay``: money (rates, hold cost) is for owners and producers."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_see_pay"] = self.membership.can_manage
        context["tab"] = getattr(self, "tab", "")
        return context


# ---------------------------------------------------------------- the stripboard


class StripboardView(ScheduleContextMixin, TemplateView):
    nav = "stripboard"
    tab = "stripboard"
    template_name = "schedules/stripboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if kwargs.get("board") is not None:  # the board just read again (a stale save)
            summary = self.summarise(kwargs["board"])
        else:
            summary = self.board_summary()
        context["board"] = summary
        context.update(summary.fragments(self.request))
        context["can_edit"] = self.membership.can_edit
        return context

    def summarise(self, board: selectors.Board) -> board_cache.BoardSummary:
        return board_cache.summarise(
            board,
            production=self.production,
            can_edit=self.membership.can_edit,
            can_see_pay=self.membership.can_manage,
        )

    def board_summary(self) -> board_cache.BoardSummary:
        """The board's summary and fragments, from the cache while nothing they show changed."""

        def compute() -> board_cache.BoardSummary:
            return self.summarise(selectors.board_for(self.production, viewer=self.request.user))

        return board_cache.cached(
            "page",
            production=self.production,
            user=self.request.user,
            membership=self.membership,
            compute=compute,
        )


class StripboardSaveView(StripboardView):
    """Save the whole board the page posts; a stale one is refused and the user told."""

    required_access = "edit"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = BoardSaveForm(request.POST)
        if not form.is_valid():
            message = next(iter(form.errors.values()))[0]
            return self._refused(message, status=400)
        try:
            version = services.board_save(
                production=self.production,
                board=form.cleaned_data["board"],
                expected_revision=form.cleaned_data["version"],
                by=request.user,
            )
        except StaleEdit as error:
            return self._stale(error, form.cleaned_data["board"])
        except ApplicationError as error:
            return self._refused(error.message, status=error.status_code)
        message = "Board saved."
        # Also for the JSON answer: the page reloads after saving and shows it then.
        messages.success(request, message)
        if _wants_json(request):
            return JsonResponse({"message": message, "version": version.revision})
        return redirect("schedules:stripboard", slug=self.production.slug)

    def _refused(self, message: str, *, status: int):
        if _wants_json(self.request):
            return JsonResponse({"message": message, "errors": {}}, status=status)
        messages.error(self.request, message)
        return redirect("schedules:stripboard", slug=self.production.slug)

    def _stale(self, error: StaleEdit, attempted: services.BoardInput):
        board = selectors.board_for(self.production, viewer=self.request.user)
        if _wants_json(self.request):
            return JsonResponse(
                {"message": error.message, "errors": error.errors, "version": board.revision},
                status=412,
            )
        # Without JavaScript: show the saved board, and the order that was not saved beside it.
        stale = {"message": error.message, "attempted": _describe(attempted, board)}
        context = self.get_context_data(board=board, stale=stale)
        return self.render_to_response(context, status=412)


def _describe(attempted: services.BoardInput, board: selectors.Board) -> list[tuple[str, str]]:
    """Return the attempted board as (day, strips) lines a person can redo by hand."""
    scenes = {
        strip.scene.pk: strip.scene.number
        for strip in [s for d in board.days for s in d.strips] + board.unscheduled
        if strip.scene
    }
    days = {day.day.pk: f"Day {day.day.day_number} ({day.day.date:%a %d %b})" for day in board.days}

    def label(strip: services.StripInput) -> str:
        if strip.kind == Strip.Kind.BANNER:
            return f"[{strip.text}]"
        number = scenes.get(strip.scene, f"#{strip.scene}")
        return f"{number} pt {strip.part}" if strip.part else number

    lines = [
        (days.get(day.id, f"Day #{day.id}"), ", ".join(map(label, day.strips)) or "—")
        for day in attempted.days
    ]
    lines.append(("Boneyard", ", ".join(map(label, attempted.unscheduled)) or "—"))
    return lines


class BoardActionView(ProductionPageMixin, View):
    """A button on the board that changes it and comes back to it, with a message."""

    required_access = "edit"
    http_method_names = ["post"]
    form_class = None

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, **self.form_kwargs()) if self.form_class else None
        if form is not None and not form.is_valid():
            messages.error(request, _first_error(form))
            return self.back()
        try:
            message = self.act(form)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, message)
        return self.back()

    def form_kwargs(self) -> dict:
        return {}

    def back(self):
        return redirect("schedules:stripboard", slug=self.production.slug)

    def act(self, form) -> str:
        raise NotImplementedError

    def day(self) -> ShootDay:
        return get_object_or_404(
            ShootDay.objects.select_related("version__production"),
            pk=self.kwargs["pk"],
            version__production=self.production,
            version__is_active=True,
        )

    def strip(self, pk: int) -> Strip:
        found = (
            Strip.objects.select_related("version__production", "scene")
            .filter(pk=pk, version__production=self.production, version__is_active=True)
            .first()
        )
        if found is None:
            raise ApplicationError("That strip is not on the board any more; reload it.")
        return found


def _first_error(form) -> str:
    for errors in form.errors.values():
        return errors[0]
    return "Check the form."


class DayAddView(BoardActionView):
    form_class = DayAddForm

    def act(self, form) -> str:
        fields = {"date": form.cleaned_data["date"]} if form.cleaned_data["date"] else {}
        day = services.shoot_day_add(production=self.production, by=self.request.user, **fields)
        return f"Added Day {day.day_number} on {day.date:%a %d %b %Y}."


class DayRemoveView(BoardActionView):
    def act(self, form) -> str:
        day = self.day()
        services.shoot_day_remove(day=day, by=self.request.user)
        return f"Removed the day of {day.date:%a %d %b}; its scenes are in the boneyard."


class DayInsertView(BoardActionView):
    def act(self, form) -> str:
        day = services.shoot_day_insert(before=self.day(), by=self.request.user)
        return f"Inserted a day on {day.date:%a %d %b}; the later days moved on a working day."


class DaysSplitView(BoardActionView):
    form_class = DaysSplitForm

    def act(self, form) -> str:
        services.days_split(
            production=self.production,
            by=self.request.user,
            every_eighths=form.cleaned_data.get("every_eighths"),
            every_minutes=form.cleaned_data.get("every_minutes"),
        )
        return f"Day breaks rebuilt every {form.cleaned_data['every']} {form.cleaned_data['by']}."


class BannerAddView(BoardActionView):
    form_class = BannerForm

    def form_kwargs(self) -> dict:
        return {"production": self.production}

    def act(self, form) -> str:
        services.banner_add(production=self.production, by=self.request.user, **form.cleaned_data)
        return "Banner added."


class BannerRemoveView(BoardActionView):
    form_class = StripActionForm

    def act(self, form) -> str:
        services.banner_remove(strip=self.strip(form.cleaned_data["strip"]), by=self.request.user)
        return "Banner removed."


class StripSplitView(BoardActionView):
    form_class = StripActionForm

    def act(self, form) -> str:
        strip = self.strip(form.cleaned_data["strip"])
        parts = form.cleaned_data["parts"] or 2
        services.strip_split(strip=strip, parts=parts, by=self.request.user)
        return f"Scene {strip.scene.number} is now in {parts} parts."


class StripJoinView(BoardActionView):
    form_class = StripActionForm

    def act(self, form) -> str:
        strip = services.strip_join(
            strip=self.strip(form.cleaned_data["strip"]), by=self.request.user
        )
        return f"Scene {strip.scene.number} is whole again."


class DayEditView(ScheduleContextMixin, FormView):
    nav = "stripboard"
    template_name = "schedules/day_form.html"
    form_class = ShootDayForm
    required_access = "edit"

    def get_day(self) -> ShootDay:
        return get_object_or_404(
            ShootDay.objects.select_related("version__production"),
            pk=self.kwargs["pk"],
            version__production=self.production,
            version__is_active=True,
        )

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.get_day(),
            "production": self.production,
        }

    def form_valid(self, form):
        try:
            services.shoot_day_update(day=form.instance, by=self.request.user, **form.cleaned_data)
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, "Day saved.")
        return redirect("schedules:stripboard", slug=self.production.slug)


# ---------------------------------------------------------------- history and versions


class HistoryView(ScheduleContextMixin, ListView):
    nav = "stripboard"
    tab = "history"
    template_name = "schedules/history.html"
    context_object_name = "changes"
    paginate_by = 50

    def get_queryset(self):
        return selectors.changes_of(self.production)


class VersionsView(ScheduleContextMixin, FormView):
    nav = "stripboard"
    tab = "versions"
    template_name = "schedules/versions.html"
    form_class = VersionSaveAsForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = list(selectors.versions_of(self.production))
        context["versions"] = versions
        context["active"] = next((v for v in versions if v.is_active), None)
        pay = self.membership.can_manage
        context["rows"] = [
            (v, selectors.hold_cost_for(self.production, v).total if pay else None)
            for v in versions
        ]
        return context

    def form_valid(self, form):
        if not self.membership.can_edit:
            form.add_error(None, "Only owners, producers and coordinators can save versions.")
            return self.form_invalid(form)
        try:
            version = services.version_save_as(
                production=self.production, by=self.request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, f"Saved “{version.name}”.")
        return redirect("schedules:versions", slug=self.production.slug)


class VersionActivateView(ProductionPageMixin, View):
    required_access = "edit"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        version = get_object_or_404(ScheduleVersion, pk=kwargs["pk"], production=self.production)
        services.version_activate(version=version, by=request.user)
        messages.success(request, f"“{version.name}” is now the active schedule.")
        return redirect("schedules:versions", slug=self.production.slug)


class VersionCompareView(ScheduleContextMixin, TemplateView):
    nav = "stripboard"
    tab = "versions"
    template_name = "schedules/version_compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = VersionCompareForm(self.request.GET)
        if not form.is_valid():
            raise Http404("Choose two versions to compare.")
        versions = self.production.schedule_versions
        a = get_object_or_404(versions, pk=form.cleaned_data["a"])
        b = get_object_or_404(versions, pk=form.cleaned_data["b"])
        context["comparison"] = selectors.versions_compare(a, b)
        return context


# ---------------------------------------------------------------- Day Out of Days


def _category(request) -> str:
    category = request.GET.get("category") or BreakdownElement.Category.CAST
    if category not in BreakdownElement.Category.values:
        raise Http404("No such breakdown category.")
    return category


class DoodView(ScheduleContextMixin, TemplateView):
    nav = "dood"
    tab = "dood"
    template_name = "schedules/dood.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        category = _category(self.request)
        context["table"] = selectors.dood_for(self.production, category=category)
        context["category"] = category
        context["categories"] = BreakdownElement.Category.choices
        return context


class DoodCsvView(ProductionPageMixin, View):
    def get(self, request, *args, **kwargs):
        category = _category(request)
        table = selectors.dood_for(self.production, category=category)
        response = HttpResponse(selectors.dood_csv_text(table), content_type="text/csv")
        name = f"{self.production.slug}-day-out-of-days-{category}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


# ---------------------------------------------------------------- conflicts, settings, feeds


class ConflictsView(ScheduleContextMixin, TemplateView):
    nav = "stripboard"
    tab = "conflicts"
    template_name = "schedules/conflicts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conflicts"] = selectors.conflicts_for(self.production, viewer=self.request.user)
        return context


class SettingsView(ScheduleContextMixin, TemplateView):
    """The working week, the day's limits, holidays and cast events, on one page."""

    nav = "stripboard"
    tab = "settings"
    template_name = "schedules/settings.html"
    forms = {"settings": ScheduleSettingsForm, "holiday": HolidayForm, "event": CastEventForm}

    def _form(self, name: str, data=None):
        if name == "settings":
            settings = services.schedule_settings_get(production=self.production)
            return ScheduleSettingsForm(data, instance=settings)
        if name == "event":
            return CastEventForm(data, production=self.production)
        return HolidayForm(data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for name in self.forms:
            context[f"{name}_form"] = kwargs.get(f"{name}_form") or self._form(name)
        context["holidays"] = selectors.holidays_of(self.production)
        context["events"] = selectors.cast_events_of(self.production)
        return context

    def post(self, request, *args, **kwargs):
        if not self.membership.can_edit:
            messages.error(request, "Only owners, producers and coordinators change the schedule.")
            return redirect("schedules:settings", slug=self.production.slug)
        name = request.POST.get("form", "settings")
        if name not in self.forms:
            name = "settings"
        form = self._form(name, request.POST)
        if form.is_valid():
            try:
                self._save(name, form)
            except ApplicationError as error:
                for field, errors in error.errors.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
                if not error.errors:
                    form.add_error(None, error.message)
            else:
                messages.success(request, "Saved.")
                return redirect("schedules:settings", slug=self.production.slug)
        return self.render_to_response(self.get_context_data(**{f"{name}_form": form}))

    def _save(self, name: str, form) -> None:
        if name == "settings":
            services.schedule_settings_update(production=self.production, **form.service_fields())
        elif name == "holiday":
            services.holiday_add(production=self.production, **form.cleaned_data)
        else:
            services.cast_event_add(production=self.production, **form.cleaned_data)


class HolidayRemoveView(ProductionPageMixin, View):
    required_access = "edit"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        holiday = get_object_or_404(Holiday, pk=kwargs["pk"], production=self.production)
        services.holiday_remove(holiday=holiday)
        messages.success(request, f"Removed the holiday of {holiday.date:%a %d %b}.")
        return redirect("schedules:settings", slug=self.production.slug)


class CastEventRemoveView(ProductionPageMixin, View):
    required_access = "edit"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        event = get_object_or_404(CastEvent, pk=kwargs["pk"], production=self.production)
        services.cast_event_remove(event=event)
        messages.success(request, "Removed.")
        return redirect("schedules:settings", slug=self.production.slug)


class FeedsView(ScheduleContextMixin, TemplateView):
    nav = "stripboard"
    tab = "feeds"
    template_name = "schedules/feeds.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = selectors.person_of(self.request.user, self.production)
        token = services.feed_token_get(production=self.production)
        context["production_feed"] = selectors.feed_links(self.request, token)
        if person is not None:
            mine = services.feed_token_get(production=self.production, person=person)
            context["my_feed"] = selectors.feed_links(self.request, mine)
        context["is_owner"] = self.membership.access == Membership.Access.OWNER
        return context

    def post(self, request, *args, **kwargs):
        which = request.POST.get("feed")
        person = selectors.person_of(request.user, self.production)
        if which == "production" and self.membership.access == Membership.Access.OWNER:
            services.feed_token_reset(production=self.production)
        elif which == "mine" and person is not None:
            services.feed_token_reset(production=self.production, person=person)
        else:
            messages.error(request, "Only an owner can reset the production's feed link.")
            return redirect("schedules:feeds", slug=self.production.slug)
        messages.success(request, "New link made; the old one no longer works.")
        return redirect("schedules:feeds", slug=self.production.slug)


def feed(request, token: str):
    """Serve a calendar feed by its secret token, without signing in."""
    row = selectors.feed_token_find(token)
    if row is None:
        raise Http404("No such feed.")
    if row.person is None:
        body = selectors.production_feed_ics(row.production)
    else:
        body = selectors.person_feed_ics(row.production, row.person)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
