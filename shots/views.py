"""The shot-list pages: a scene's plan, one shot, the storyboard, the day's shots on set."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from core.exceptions import ApplicationError
from productions.pages import ProductionPageMixin
from shots import frames, plan, selectors, services
from shots.forms import AllowanceForm, FrameUploadForm, QuickShotForm, ShotForm, ShotMoveForm
from shots.storyboard import PER_PAGE_CHOICES, storyboard_pages, storyboard_pdf


class PlanPageMixin(ProductionPageMixin):
    """Every member reads; the director, owners, producers and coordinators post."""

    post_rule = "plan"

    @cached_property
    def may_plan(self) -> bool:
        return selectors.may_plan(self.request.user, self.production, self.membership)

    @cached_property
    def may_mark(self) -> bool:
        return selectors.may_mark(self.request.user, self.production, self.membership)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.method == "POST":
            allowed = self.may_mark if self.post_rule == "mark" else self.may_plan
            if not allowed:
                raise PermissionDenied("Your access to this production does not include this.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_plan"] = self.may_plan
        context["may_mark"] = self.may_mark
        return context


class SceneShotsView(PlanPageMixin, TemplateView):
    """A scene's shot list: add, reorder (by keyboard form or drag), duplicate, delete; the
    scene's time from the plan and the board's days that now run long."""

    nav = "scenes"
    template_name = "shots/scene_shots.html"

    @cached_property
    def scene(self):
        return selectors.scene_of(self.production, self.kwargs["scene_pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scene = self.scene
        shots = selectors.shots_of_scene(scene)
        estimate = selectors.scene_estimate(scene, shots, self.production.setup_allowance_minutes)
        context.update(
            scene=scene,
            shots=shots,
            estimate=estimate,
            plan_duration=plan.format_minutes(estimate.minutes),
            long_days=selectors.long_days_with(self.production, scene),
            days=selectors.scene_days(self.production, scene),
            order_url=reverse(
                "shot-order", kwargs={"slug": self.production.slug, "scene_pk": scene.pk}
            ),
            add_form=kwargs.get("add_form") or QuickShotForm(),
            allowance_form=kwargs.get("allowance_form")
            or AllowanceForm(initial={"minutes": self.production.setup_allowance_minutes}),
            error=kwargs.get("error"),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        handler = getattr(self, f"_post_{action}", None)
        if handler is None:
            return self.render_to_response(
                self.get_context_data(error="That is not something this page can do.")
            )
        try:
            return handler(request)
        except ApplicationError as error:
            return self.render_to_response(self.get_context_data(error=error.message))

    def _back(self, anchor: str = ""):
        url = reverse(
            "shots:scene", kwargs={"slug": self.production.slug, "scene_pk": self.scene.pk}
        )
        return redirect(f"{url}{anchor}")

    def _shot(self, request):
        shot = selectors.shot_of(self.production, request.POST.get("shot", ""))
        if shot.scene_id != self.scene.pk:
            raise ApplicationError("That shot is not in this scene.")
        return shot

    def _post_add(self, request):
        form = QuickShotForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(add_form=form))
        shot = services.shot_create(scene=self.scene, by=request.user, **form.cleaned_data)
        messages.success(request, f"Shot {shot.number} added.")
        return self._back(f"#shot-{shot.pk}")

    def _post_step(self, request):
        shot = services.shot_step(
            shot=self._shot(request), direction=request.POST.get("direction", ""), by=request.user
        )
        messages.success(request, f"Shot moved; it is {shot.number} now.")
        return self._back(f"#shot-{shot.pk}")

    def _post_duplicate(self, request):
        copy = services.shot_duplicate(shot=self._shot(request), by=request.user)
        messages.success(request, f"Shot copied as {copy.number}.")
        return self._back(f"#shot-{copy.pk}")

    def _post_delete(self, request):
        shot = self._shot(request)
        number = shot.number
        services.shot_delete(shot=shot, by=request.user)
        messages.success(request, f"Shot {number} deleted.")
        return self._back()

    def _post_from_plan(self, request):
        services.scene_estimate_from_plan(scene=self.scene, by=request.user)
        messages.success(request, "The scene's time comes from the shot list again.")
        return self._back()

    def _post_allowance(self, request):
        form = AllowanceForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(allowance_form=form))
        services.setup_allowance_set(
            production=self.production, minutes=form.cleaned_data["minutes"], by=request.user
        )
        messages.success(request, "The setup allowance is changed for every scene's plan.")
        return self._back()


class ShotEditView(PlanPageMixin, TemplateView):
    """One shot: its fields, its storyboard frames, and moving it to another scene."""

    nav = "scenes"
    template_name = "shots/shot_form.html"

    @cached_property
    def shot(self):
        return selectors.shot_of(self.production, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shot = self.shot
        context.update(
            shot=shot,
            scene=shot.scene,
            frames=list(shot.frames.order_by("position", "pk")),
            shot_form=kwargs.get("shot_form") or ShotForm(instance=shot, scene=shot.scene),
            move_form=kwargs.get("move_form")
            or ShotMoveForm(
                scenes=selectors.scene_choices(self.production).exclude(pk=shot.scene_id)
            ),
            frame_form=kwargs.get("frame_form") or FrameUploadForm(),
        )
        return context

    def _back(self, anchor=""):
        url = reverse("shots:shot_edit", kwargs={"slug": self.production.slug, "pk": self.shot.pk})
        return redirect(url + anchor)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "save")
        try:
            if action == "move":
                return self._move(request)
            if action == "frame_add":
                return self._frame_add(request)
            if action == "frame_delete":
                frame = selectors.frame_of(self.production, request.POST.get("frame", ""))
                if frame.shot_id != self.shot.pk:
                    raise ApplicationError("That frame is not of this shot.")
                frames.frame_delete(frame=frame, by=request.user)
                messages.success(request, "Frame deleted.")
                return self._back("#frames")
            return self._save(request)
        except ApplicationError as error:
            form_name = {"move": "move_form", "frame_add": "frame_form"}.get(action, "shot_form")
            form = {
                "move_form": lambda: ShotMoveForm(
                    request.POST, scenes=selectors.scene_choices(self.production)
                ),
                "frame_form": lambda: FrameUploadForm(request.POST, request.FILES),
                "shot_form": lambda: ShotForm(
                    request.POST, instance=self.shot, scene=self.shot.scene
                ),
            }[form_name]()
            form.is_valid()
            for field, errors in error.errors.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
            if not error.errors:
                form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(**{form_name: form}), status=400)

    def _save(self, request):
        self.shot.refresh_from_db()
        form = ShotForm(request.POST, instance=self.shot, scene=self.shot.scene)
        if not form.is_valid():
            # The form changed the instance while validating: show the stored shot's number.
            self.shot.refresh_from_db()
            return self.render_to_response(self.get_context_data(shot_form=form), status=400)
        data = dict(form.cleaned_data)
        characters = data.pop("characters")
        shot = selectors.shot_of(self.production, self.shot.pk)
        services.shot_update(shot=shot, characters=characters, by=request.user, **data)
        messages.success(request, f"Shot {shot.number} saved.")
        return redirect(shot.get_absolute_url())

    def _move(self, request):
        form = ShotMoveForm(request.POST, scenes=selectors.scene_choices(self.production))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(move_form=form), status=400)
        shot = services.shot_move_to_scene(
            shot=self.shot, scene=form.cleaned_data["scene"], by=request.user
        )
        messages.success(request, f"Shot moved to scene {shot.scene.number} as {shot.number}.")
        return redirect(shot.get_absolute_url())

    def _frame_add(self, request):
        form = FrameUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(frame_form=form), status=400)
        frames.frame_add(shot=self.shot, upload=form.cleaned_data["image"], by=request.user)
        messages.success(request, "Frame added; its thumbnail follows in a moment.")
        return self._back("#frames")


class FrameFileView(ProductionPageMixin, View):
    """A storyboard image, only for the production's members (never a public media URL)."""

    kind = "image"

    def get(self, request, slug, pk):
        frame = selectors.frame_of(self.production, pk)
        stored = frame.thumbnail if self.kind == "thumbnail" and frame.thumbnail else frame.image
        content_type = "image/jpeg" if stored is frame.thumbnail else frame.content_type
        response = FileResponse(stored.open("rb"), content_type=content_type)
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class StoryboardView(PlanPageMixin, TemplateView):
    """The scene's storyboard: a grid of frames with each shot's fields; printable as a PDF."""

    nav = "scenes"
    template_name = "shots/storyboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scene = selectors.scene_of(self.production, self.kwargs["scene_pk"])
        context.update(
            scene=scene,
            shots=selectors.shots_of_scene(scene),
            per_page_choices=PER_PAGE_CHOICES,
        )
        return context


class StoryboardPdfView(ProductionPageMixin, View):
    def get(self, request, slug, scene_pk):
        scene = selectors.scene_of(self.production, scene_pk)
        try:
            per_page = int(request.GET.get("per_page", "6"))
        except ValueError:
            per_page = 0
        if per_page not in PER_PAGE_CHOICES:
            return HttpResponse(
                "A storyboard page holds 6 or 9 frames: ?per_page=6 or ?per_page=9.",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        shots = selectors.shots_of_scene(scene)
        pdf = storyboard_pdf(self.production, scene, storyboard_pages(shots, per_page), per_page)
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"storyboard-scene-{scene.number}.pdf".replace(" ", "-")
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response


class DayShotsView(PlanPageMixin, TemplateView):
    """The day's shot list on set: grouped by setup (or in script order), marked from a phone."""

    nav = "stripboard"
    template_name = "shots/day_shots.html"
    post_rule = "mark"

    @cached_property
    def day(self):
        return selectors.day_of(self.production, self.kwargs["pk"])

    def _order(self) -> str:
        order = self.request.GET.get("order") or self.request.POST.get("order") or "setup"
        return order if order in selectors.ORDERS else "setup"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        listing = selectors.day_shot_list(self.production, self.day, self._order())
        context.update(day=self.day, listing=listing, error=kwargs.get("error"))
        return context

    def post(self, request, *args, **kwargs):
        try:
            shot = selectors.shot_of(self.production, request.POST.get("shot", ""))
            shot = services.shot_mark(
                shot=shot, status=request.POST.get("status", ""), by=request.user
            )
        except ApplicationError as error:
            return self.render_to_response(self.get_context_data(error=error.message), status=400)
        label = "shot" if shot.status == "shot" else "not shot"
        messages.success(request, f"{shot.number} marked {label}.")
        url = reverse("shots:day", kwargs={"slug": self.production.slug, "pk": self.day.pk})
        return redirect(f"{url}?order={self._order()}#shot-{shot.pk}")
