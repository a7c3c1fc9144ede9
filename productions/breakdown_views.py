"""The breakdown sheet of one scene: quick to edit, and printable."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from core.exceptions import ApplicationError
from core.forms import show_application_error
from productions import selectors, services
from productions.forms import (
    CharacterCastForm,
    ElementTagForm,
    SceneCharacterForm,
    SceneForm,
)
from productions.models import BreakdownElement, Scene
from productions.pages import EditorPostMixin, ProductionPageMixin


class SceneBreakdownView(ProductionPageMixin, EditorPostMixin, TemplateView):
    """The breakdown sheet of one scene: quick to edit, and printable.

    Each small form on the sheet posts an ``action``; a refusal shows the sheet again with the
    words on that form, and changes nothing.
    """

    nav = "scenes"
    template_name = "productions/scene_breakdown.html"
    actions = ("scene", "tag", "untag", "add_character", "remove_character", "cast")

    @cached_property
    def scene(self) -> Scene:
        return get_object_or_404(
            selectors.scenes_for_production(self.production), pk=self.kwargs["pk"]
        )

    def _forms(self) -> dict:
        scene, production = self.scene, self.production
        return {
            "scene_form": SceneForm(
                production=production,
                initial={
                    "synopsis": scene.synopsis,
                    "page_eighths": scene.page_eighths,
                    "estimated_minutes": scene.estimated_minutes,
                    "location": scene.location_id,
                    "omitted": scene.omitted,
                },
            ),
            "tag_form": ElementTagForm(),
            "character_form": SceneCharacterForm(production=production),
        }

    def get_context_data(self, **kwargs):
        forms = {**self._forms(), **{k: v for k, v in kwargs.items() if k.endswith("_form")}}
        context = super().get_context_data(**kwargs)
        scene = self.scene
        characters = list(scene.characters.all())
        in_scene = {character.pk for character in characters}
        previous_scene, next_scene = selectors.scene_neighbours(scene)
        context.update(
            forms,
            scene=scene,
            characters=characters,
            other_characters=[
                c for c in self.production.characters.order_by("name") if c.pk not in in_scene
            ],
            element_groups=_group_by_category(scene.elements.all()),
            element_names=self.production.elements.order_by("name")
            .values_list("name", flat=True)
            .distinct(),
            cast=list(selectors.cast_assignments(self.production)),
            previous_scene=previous_scene,
            next_scene=next_scene,
        )
        return context

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(**{form.context_name: form}))

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in self.actions:
            messages.error(request, "That change is not one the breakdown sheet knows.")
            return self._back()
        return getattr(self, f"_post_{action}")()

    def _back(self, anchor: str = ""):
        kwargs = {"slug": self.production.slug, "pk": self.scene.pk}
        url = reverse("productions:scene", kwargs=kwargs)
        return redirect(f"{url}#{anchor}" if anchor else url)

    def _post_scene(self):
        form = SceneForm(self.request.POST, production=self.production)
        if not form.is_valid():
            return self.form_invalid(form)
        try:
            services.scene_update(scene=self.scene, **form.cleaned_data)
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, "Saved.")
        return self._back()

    def _post_tag(self):
        form = ElementTagForm(self.request.POST)
        if not form.is_valid():
            return self.form_invalid(form)
        try:
            element = services.scene_element_tag(scene=self.scene, **form.cleaned_data)
        except ApplicationError as error:
            return show_application_error(self, form, error)
        messages.success(self.request, f"{element} added.")
        return self._back("elements")

    def _post_untag(self):
        element = get_object_or_404(self.production.elements, pk=self.request.POST.get("element"))
        services.scene_element_untag(scene=self.scene, element=element)
        messages.success(self.request, f"{element} taken off this scene.")
        return self._back("elements")

    def _post_add_character(self):
        form = SceneCharacterForm(self.request.POST, production=self.production)
        if not form.is_valid():
            return self.form_invalid(form)
        character = form.cleaned_data["character"]
        services.scene_update(
            scene=self.scene, characters=[*self.scene.characters.all(), character]
        )
        messages.success(self.request, f"{character.name} added to the scene.")
        return self._back("cast")

    def _post_remove_character(self):
        character = get_object_or_404(
            self.production.characters, pk=self.request.POST.get("character")
        )
        remaining = [c for c in self.scene.characters.all() if c.pk != character.pk]
        services.scene_update(scene=self.scene, characters=remaining)
        messages.success(self.request, f"{character.name} taken off this scene.")
        return self._back("cast")

    def _post_cast(self):
        form = CharacterCastForm(self.request.POST, production=self.production)
        if not form.is_valid():
            messages.error(self.request, "Choose one of this production's cast roles.")
            return self._back("cast")
        character = form.cleaned_data["character"]
        try:
            services.character_update(
                character=character, assignment=form.cleaned_data["assignment"]
            )
        except ApplicationError as error:
            messages.error(self.request, error.message)
            return self._back("cast")
        messages.success(self.request, f"{character.name}'s actor saved.")
        return self._back("cast")


def _group_by_category(elements) -> list[tuple[str, str, list]]:
    """Return (category, label, elements) in the breakdown's category order."""
    groups: dict[str, list] = {}
    for element in elements:
        groups.setdefault(element.category, []).append(element)
    return [
        (value, label, groups[value])
        for value, label in BreakdownElement.Category.choices
        if value in groups
    ]
