"""Import a screenplay into a production's scenes and characters: parse, plan, write."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from core import events
from core.exceptions import ApplicationError
from core.services import save_validated
from productions.models import (
    Character,
    Production,
    Scene,
    Script,
)
from productions.screenplay import (
    MAX_SCRIPT_BYTES,
    ParsedScene,
    ParsedScript,
    ScreenplayError,
    format_for,
    parse_screenplay,
    to_contract_dict,
)
from productions.screenplay.fdx import NOT_FINAL_DRAFT
from productions.screenplay.text import NOT_TEXT

#
# What a script import may change, and what it never touches:
#
# * Scenes are matched by number. A scene's heading parts, page length, synopsis and script
#   order follow the script, but a field changes only where the writer changed it since the last
#   import (``Scene.script_data`` remembers what that import read). An AD's own edit survives
#   every revision until the writer changes that very field.
# * Speaking characters are linked, never unlinked, except that a link the previous import made
#   goes when the revision no longer has the character speak in that scene. Links added by hand
#   stay.
# * Breakdown elements, locations and estimated times are the AD's alone: no import changes them.
# * A scene the previous import brought in and the new one lacks is marked omitted, never deleted,
#   so its breakdown and schedule placement are still there if it comes back (it is un-omitted
#   then). Scenes added by hand are not the script's and are never omitted by an import.
SCRIPT_SCENE_FIELDS = ("int_ext", "set_name", "time_of_day", "page_eighths", "synopsis", "heading")


_MAX_LENGTHS = {"set_name": 200, "time_of_day": 40, "heading": 300}


_TOO_LARGE = 413


_UNSUPPORTED = 415


@dataclass
class ImportResult:
    """What an import did: counts per kind of change, the scenes read and what was unreadable."""

    created: int
    updated: int
    omitted: int
    unchanged: int
    title: str
    scenes: list[dict[str, Any]]
    warnings: list[str]
    # The version stored; None when the file is the current version already and changed nothing.
    script: Script | None = None

    def as_contract_dict(self) -> dict[str, Any]:
        """Return the ``import_script --json`` shape of the contract, plus warnings and version."""
        return {
            "created": self.created,
            "updated": self.updated,
            "omitted": self.omitted,
            "unchanged": self.unchanged,
            "title": self.title,
            "scenes": self.scenes,
            "warnings": self.warnings,
            "script": self.script.pk if self.script else None,
        }

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated or self.omitted)


@dataclass
class _Plan:
    """The writes one import needs, gathered first so they run as a few bulk queries."""

    new_scenes: list[Scene] = field(default_factory=list)
    changed_scenes: list[Scene] = field(default_factory=list)
    links_to_add: list[tuple[Scene, int]] = field(default_factory=list)
    link_ids_to_remove: list[int] = field(default_factory=list)
    updated: int = 0
    omitted: int = 0
    unchanged: int = 0


@transaction.atomic
def script_import(
    *,
    production: Production,
    file: bytes | UploadedFile,
    filename: str,
    by=None,
    revision_name: str = "",
    revision_colour: str = Script.Colour.WHITE,
) -> ImportResult:
    """Import a Fountain or Final Draft file as the production's current script, in one go.

    Bad input raises ``ApplicationError`` with a one-line message (413 too large, 415 not a
    screenplay file, 400 otherwise) and changes nothing.
    """
    data = _script_bytes(file)
    parsed = _parse_script(data, filename)
    _refuse_unusable_numbers(parsed)
    # One import at a time per production: two revisions racing would each omit the other's scenes.
    list(Production.objects.select_for_update().filter(pk=production.pk).values_list("pk"))
    plan = _plan_revision(production, parsed)
    _write_plan(plan)
    result = ImportResult(
        created=len(plan.new_scenes),
        updated=plan.updated,
        omitted=plan.omitted,
        unchanged=plan.unchanged,
        title=parsed.title,
        scenes=to_contract_dict(parsed)["scenes"],
        warnings=list(parsed.warnings),
    )
    checksum = hashlib.sha256(data).hexdigest()
    latest = production.scripts.order_by("-uploaded_at", "-pk").only("checksum").first()
    if result.changed_anything or latest is None or latest.checksum != checksum:
        result.script = _store_script(
            production, data, filename, parsed, checksum, by, revision_name, revision_colour, result
        )
    if result.changed_anything:
        scenes_announce(production, "script_import", result.created + result.updated)
    return result


def scenes_announce(production: Production, cause: str, count: int, scene=None) -> None:
    """Tell integrations that scenes changed (webhooks deliver it after commit)."""
    payload = {"cause": cause, "scenes_changed": count}
    if scene is not None:
        payload.update(scene=scene.pk, number=scene.number)
    events.emit(production_id=production.pk, event="scene.changed", payload=payload)


def _script_bytes(file: bytes | UploadedFile) -> bytes:
    """Return the upload's bytes, refusing one over the size limit before reading it."""
    if isinstance(file, bytes | bytearray | memoryview):
        data = bytes(file)
    else:
        if (file.size or 0) > MAX_SCRIPT_BYTES:
            raise _too_large(file.size)
        file.seek(0)
        data = file.read(MAX_SCRIPT_BYTES + 1)
    if len(data) > MAX_SCRIPT_BYTES:
        raise _too_large(len(data))
    return data


def _too_large(size: int) -> ApplicationError:
    megabytes = math.ceil(size * 10 / (1024 * 1024)) / 10
    limit = MAX_SCRIPT_BYTES // (1024 * 1024)
    message = f"The file is {megabytes:.1f} MB; the limit is {limit} MB."
    return ApplicationError(message, errors={"file": [message]}, status_code=_TOO_LARGE)


def _parse_script(data: bytes, filename: str) -> ParsedScript:
    """Read the screenplay, turning the reader's refusal into an ``ApplicationError``."""
    try:
        format_for(filename)
    except ScreenplayError as error:
        raise _refusal(error, _UNSUPPORTED) from None
    try:
        return parse_screenplay(data, filename)
    except ScreenplayError as error:
        # A binary file, or XML that is some other kind of document: the wrong type of file.
        status = _UNSUPPORTED if str(error) in (NOT_TEXT, NOT_FINAL_DRAFT) else 400
        raise _refusal(error, status) from None


def _refusal(error: ScreenplayError, status: int) -> ApplicationError:
    message = str(error)
    return ApplicationError(message, errors={"file": [message]}, status_code=status)


def _refuse_unusable_numbers(parsed: ParsedScript) -> None:
    """Refuse scene numbers a revision could not match: used twice, or too long to store."""
    max_length = Scene._meta.get_field("number").max_length
    seen: set[str] = set()
    for scene in parsed.scenes:
        if len(scene.number) > max_length:
            message = (
                f"Scene number '{scene.number[:20]}' is too long: a scene number has at most "
                f"{max_length} characters."
            )
            raise ApplicationError(message, errors={"file": [message]})
        if scene.number in seen:
            message = (
                f"Scene number {scene.number} is used by more than one scene: give each scene "
                "its own number and upload again."
            )
            raise ApplicationError(message, errors={"file": [message]})
        seen.add(scene.number)


def _script_values(scene: ParsedScene) -> dict[str, Any]:
    """Return what the script states for a scene, fitted to the model's fields."""
    values: dict[str, Any] = {
        "int_ext": scene.int_ext,
        "set_name": scene.set_name or scene.heading,
        "time_of_day": scene.time_of_day,
        "page_eighths": scene.page_eighths,
        "synopsis": scene.synopsis,
        "heading": scene.heading,
    }
    for name, max_length in _MAX_LENGTHS.items():
        values[name] = values[name][:max_length]
    values["characters"] = [_character_key(name) for name in scene.characters]
    return values


def _character_name(name: str) -> str:
    return name[: Character._meta.get_field("name").max_length]


def _character_key(name: str) -> str:
    return _character_name(name).upper()


def _plan_revision(production: Production, parsed: ParsedScript) -> _Plan:
    plan = _Plan()
    characters = _characters_for_import(production, parsed)
    existing = {scene.number: scene for scene in production.scenes.all()}
    links = _character_links(production)
    now = timezone.now()
    for position, parsed_scene in enumerate(parsed.scenes, start=1):
        incoming = _script_values(parsed_scene)
        scene = existing.pop(parsed_scene.number, None)
        if scene is None:
            _plan_new_scene(plan, production, parsed_scene.number, position, incoming, characters)
        else:
            _plan_scene_revision(plan, scene, position, incoming, characters, links, now)
    for scene in existing.values():
        _plan_absence(plan, scene, now)
    return plan


def _plan_new_scene(
    plan: _Plan,
    production: Production,
    number: str,
    position: int,
    incoming: dict[str, Any],
    characters: dict[str, Character],
) -> None:
    fields = {name: incoming[name] for name in SCRIPT_SCENE_FIELDS}
    scene = Scene(
        production=production,
        number=number,
        script_order=position,
        script_data={**incoming, "in_script": True},
        **fields,
    )
    _validate_scene(scene)
    plan.new_scenes.append(scene)
    plan.links_to_add.extend((scene, characters[name].pk) for name in incoming["characters"])


def _plan_scene_revision(
    plan: _Plan,
    scene: Scene,
    position: int,
    incoming: dict[str, Any],
    characters: dict[str, Character],
    links: dict[int, dict[int, int]],
    now,
) -> None:
    """Apply what the writer changed since the last import to an existing scene."""
    previous = scene.script_data or {}
    changed = False
    for name in SCRIPT_SCENE_FIELDS:
        value = incoming[name]
        if previous.get(name) != value and getattr(scene, name) != value:
            setattr(scene, name, value)
            changed = True
    if scene.omitted and not previous.get("in_script"):
        scene.omitted = False
        changed = True
    changed |= _plan_character_links(plan, scene, previous, incoming, characters, links)
    script_data = {**incoming, "in_script": True}
    if changed:
        _validate_scene(scene)
        scene.updated_at = now
        plan.updated += 1
    else:
        plan.unchanged += 1
    # Script order follows the script silently: a scene inserted earlier moves every later one,
    # which is not a change to those scenes.
    if changed or scene.script_order != position or scene.script_data != script_data:
        scene.script_order, scene.script_data = position, script_data
        plan.changed_scenes.append(scene)


def _plan_character_links(
    plan: _Plan,
    scene: Scene,
    previous: dict[str, Any],
    incoming: dict[str, Any],
    characters: dict[str, Character],
    links: dict[int, dict[int, int]],
) -> bool:
    """Link new speakers; unlink those only the previous import had linked. Return if any."""
    current = links.get(scene.pk, {})
    before = {characters[name].pk for name in previous.get("characters", []) if name in characters}
    now_speaking = {characters[name].pk for name in incoming["characters"]}
    to_add = [pk for pk in now_speaking - before if pk not in current]
    to_remove = [current[pk] for pk in before - now_speaking if pk in current]
    plan.links_to_add.extend((scene, pk) for pk in sorted(to_add))
    plan.link_ids_to_remove.extend(to_remove)
    return bool(to_add or to_remove)


def _plan_absence(plan: _Plan, scene: Scene, now) -> None:
    """Omit a scene the previous import brought in and this one lacks."""
    if not (scene.script_data or {}).get("in_script"):
        return
    scene.script_data = {**scene.script_data, "in_script": False}
    if not scene.omitted:
        scene.omitted = True
        scene.updated_at = now
        plan.omitted += 1
    plan.changed_scenes.append(scene)


def _validate_scene(scene: Scene) -> None:
    # Field checks only: numbers were checked for uniqueness already, and the foreign keys are
    # this production's own, so the per-row queries full_clean() would add buy nothing here.
    try:
        scene.full_clean(
            exclude=["production", "location"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from error


def _character_links(production: Production) -> dict[int, dict[int, int]]:
    """Return {scene id: {character id: link row id}} for the production's scenes."""
    rows = Scene.characters.through.objects.filter(scene__production=production).values_list(
        "pk", "scene_id", "character_id"
    )
    links: dict[int, dict[int, int]] = {}
    for pk, scene_id, character_id in rows:
        links.setdefault(scene_id, {})[character_id] = pk
    return links


def _characters_for_import(production: Production, parsed: ParsedScript) -> dict[str, Character]:
    """Return the production's characters by upper-case name, creating the script's new ones.

    New characters get the next cast IDs, the most scenes first and, among equals, the first to
    appear: the lead is "1". Existing characters keep theirs.
    """
    known = {character.name.upper(): character for character in production.characters.all()}
    counts: dict[str, int] = {}
    display: dict[str, str] = {}
    for scene in parsed.scenes:
        for name in scene.characters:
            key = _character_key(name)
            counts[key] = counts.get(key, 0) + 1
            display.setdefault(key, _character_name(name))
    first_seen = {key: index for index, key in enumerate(counts)}
    new_keys = sorted(
        (key for key in counts if key not in known), key=lambda k: (-counts[k], first_seen[k])
    )
    next_id = _next_cast_number(known.values())
    new = [
        Character(production=production, name=display[key], cast_id=str(next_id + offset))
        for offset, key in enumerate(new_keys)
    ]
    for character in Character.objects.bulk_create(new):
        known[character.name.upper()] = character
    return known


def _next_cast_number(characters) -> int:
    numbers = [int(c.cast_id) for c in characters if c.cast_id.isascii() and c.cast_id.isdigit()]
    return max(numbers, default=0) + 1


def _write_plan(plan: _Plan) -> None:
    Scene.objects.bulk_create(plan.new_scenes)
    if plan.changed_scenes:
        Scene.objects.bulk_update(
            plan.changed_scenes,
            [*SCRIPT_SCENE_FIELDS, "omitted", "script_order", "script_data", "updated_at"],
        )
    through = Scene.characters.through
    if plan.link_ids_to_remove:
        through.objects.filter(pk__in=plan.link_ids_to_remove).delete()
    if plan.links_to_add:
        through.objects.bulk_create(
            [through(scene_id=scene.pk, character_id=pk) for scene, pk in plan.links_to_add]
        )


def _store_script(
    production: Production,
    data: bytes,
    filename: str,
    parsed: ParsedScript,
    checksum: str,
    by,
    revision_name: str,
    revision_colour: str,
    result: ImportResult,
) -> Script:
    original_name = PurePath(filename.replace("\\", "/")).name
    stem, suffix = PurePath(get_valid_filename(original_name) or "script").stem, parsed.format
    script = Script(
        production=production,
        file=ContentFile(data, name=f"{stem[:40]}.{suffix}"),
        original_name=original_name[:255],
        format=parsed.format,
        title=parsed.title[:200],
        revision_name=revision_name,
        revision_colour=revision_colour or Script.Colour.WHITE,
        checksum=checksum,
        uploaded_by=by if getattr(by, "pk", None) else None,
        # The counts and warnings, for the list of versions; the scenes are in the scenes.
        result={
            key: value
            for key, value in result.as_contract_dict().items()
            if key not in ("scenes", "script")
        },
    )
    return save_validated(script)
