"""Sides made from the script: the pages of the role's scenes from the latest revision, set
as a screenplay and marked with the production, the role and "SIDES".

Asking checks what can be checked at once (a script, scenes for the role) and answers in
words; the PDF is made by ``sides_build_task`` after the commit, since WeasyPrint takes a
second or more for a long role. Uploaded sides still win: ``Role.sides_file``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from casting.models import Role
from casting.script_pages import SceneText, scene_texts
from core import outbox
from core.exceptions import ApplicationError
from productions.models import Scene, Script
from productions.screenplay import ScreenplayError

SIDES_TASK = "casting.tasks.sides_build_task"


@dataclass
class SidesScene:
    scene: Scene
    text: SceneText | None
    cue: str = ""

    @property
    def lines(self) -> list[tuple[str, str, bool]]:
        """Each element with whether it is the role's own (its cue, then its words)."""
        lines, mine = [], False
        for kind, text in self.text.elements if self.text else []:
            if kind == "character":
                mine = text == self.cue
            elif kind not in ("dialogue", "parenthetical"):
                mine = False
            lines.append((kind, text, mine))
        return lines


def latest_script(role: Role) -> Script | None:
    return (
        Script.objects.filter(production_id=role.production_id)
        .order_by("-uploaded_at", "-pk")
        .first()
    )


def role_scenes(role: Role) -> list[Scene]:
    return list(
        Scene.objects.filter(characters=role.character_id, omitted=False).order_by(
            "script_order", "pk"
        )
    )


def _check(role: Role) -> tuple[Script, list[Scene]]:
    script = latest_script(role)
    if script is None:
        raise ApplicationError(
            "The production has no script yet: import it first, or upload the sides as a PDF.",
            errors={"sides": ["No script."]},
        )
    scenes = role_scenes(role)
    if not scenes:
        raise ApplicationError(
            f"{role.character.name} is in no scene of the script, so there are no sides.",
            errors={"sides": ["No scenes for this role."]},
        )
    return script, scenes


@transaction.atomic
def sides_request(*, role: Role) -> Role:
    """Ask for sides from the script; they are made after the commit, by a task."""
    role = Role.objects.select_for_update().select_related("character").get(pk=role.pk)
    _check(role)
    role.script_sides_requested_at = timezone.now()
    role.script_sides_error = ""
    role.save(update_fields=["script_sides_requested_at", "script_sides_error"])
    outbox.enqueue_on_commit(SIDES_TASK, [role.pk])
    return role


def sides_pdf(role: Role, script: Script, scenes: list[Scene]) -> bytes:
    """Render the role's scenes from ``script`` as screenplay pages (WeasyPrint, no fetching)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    with script.file.open("rb") as handle:
        data = handle.read()
    texts = scene_texts(data, script.original_name or script.file.name)
    production = role.production
    html = render_to_string(
        "casting/sides.html",
        {
            "production": production,
            "role": role,
            "script": script,
            "scenes": [
                SidesScene(scene, texts.get(scene.number), role.character.name.upper())
                for scene in scenes
            ],
            "made": timezone.localtime(timezone.now(), production.tz),
        },
    )
    # The script's words are the writer's text: nothing in them may make a request.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


def sides_build(*, role_id: int) -> bool:
    """Make the sides PDF and store it on the role; return whether it was made."""
    role = Role.objects.select_related("character", "production").get(pk=role_id)
    try:
        script, scenes = _check(role)
        pdf = sides_pdf(role, script, scenes)
    except (ApplicationError, ScreenplayError) as error:
        message = getattr(error, "message", None) or str(error)
        Role.objects.filter(pk=role_id).update(script_sides_error=message[:300])
        return False
    old = role.script_sides.name if role.script_sides else ""
    name = role.script_sides.field.generate_filename(role, "sides.pdf")
    stored = role.script_sides.storage.save(name, ContentFile(pdf))
    Role.objects.filter(pk=role_id).update(
        script_sides=stored,
        script_sides_from=script,
        script_sides_made_at=timezone.now(),
        script_sides_error="",
    )
    if old:
        role.script_sides.storage.delete(old)
    return True
