import hashlib
import math
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.text import get_valid_filename, slugify

from core import events
from core.exceptions import ApplicationError
from core.services import save_validated
from productions.models import (
    BreakdownElement,
    Character,
    Location,
    LocationUnavailability,
    Membership,
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
from productions.selectors import RESTORE_DAYS

User = get_user_model()

PRODUCTION_FIELDS = (
    "title",
    "slug",
    "kind",
    "phase",
    "logline",
    "start_date",
    "wrap_date",
    "time_zone",
    "currency",
)


def production_slug_for(title: str) -> str:
    """Return an unused slug made from ``title``."""
    base = slugify(title)[:70] or "production"
    slug, n = base, 2
    while Production.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def production_create(*, user, **fields: Any) -> Production:
    """Create a production and make ``user`` its owner."""
    data = {key: value for key, value in fields.items() if key in PRODUCTION_FIELDS}
    if not data.get("slug"):
        data["slug"] = production_slug_for(data.get("title", ""))
    production = save_validated(Production(**data))
    Membership.objects.create(production=production, user=user, access=Membership.Access.OWNER)
    return production


@transaction.atomic
def production_update(*, production: Production, **fields: Any) -> Production:
    for key, value in fields.items():
        if key in PRODUCTION_FIELDS:
            setattr(production, key, value)
    return save_validated(production)


@transaction.atomic
def production_delete(*, production: Production, by, confirm_title: str) -> Production:
    """Soft-delete a production; the owner can restore it for 30 days."""
    if confirm_title.strip() != production.title:
        raise ApplicationError(
            "Type the production's title exactly to confirm deleting it.",
            errors={"confirm_title": ["This does not match the production's title."]},
        )
    production.deleted_at = timezone.now()
    production.save(update_fields=["deleted_at", "updated_at"])
    return production


@transaction.atomic
def production_restore(*, production: Production, by) -> Production:
    """Undo a soft delete, for an owner, within 30 days of it."""
    if production.deleted_at is None:
        raise ApplicationError("This production is not deleted.", status_code=409)
    if not _is_owner(production, by):
        raise ApplicationError("Only an owner can restore the production.", status_code=403)
    if timezone.now() - production.deleted_at > timedelta(days=RESTORE_DAYS):
        raise ApplicationError(
            f"This production was deleted more than {RESTORE_DAYS} days ago and cannot be restored."
        )
    production.deleted_at = None
    production.save(update_fields=["deleted_at", "updated_at"])
    return production


def _owner_count(production: Production) -> int:
    return production.memberships.filter(access=Membership.Access.OWNER).count()


@transaction.atomic
def membership_add(*, production: Production, user, access: str, by) -> Membership:
    """Give ``user`` access to the production; refuse a second membership for the same user."""
    if access == Membership.Access.OWNER and not _is_owner(production, by):
        raise ApplicationError(
            "Only an owner can make someone else an owner.",
            errors={"access": ["Only an owner can grant owner access."]},
            status_code=403,
        )
    if Membership.objects.filter(production=production, user=user).exists():
        raise ApplicationError(
            f"{user.get_username()} is already a member of {production.title}.",
            errors={"user": ["This user is already a member."]},
        )
    membership = save_validated(Membership(production=production, user=user, access=access))
    if user != by and user.email:
        from productions.tasks import membership_welcome_task

        transaction.on_commit(lambda: membership_welcome_task.delay(membership.pk))
    return membership


def membership_welcome_send(*, membership_id: int) -> bool:
    """Email a new member a link to the production, once; return whether it was sent."""
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("production", "user")
            .filter(pk=membership_id, welcome_sent_at__isnull=True)
            .first()
        )
        if membership is None:
            return False
        production = membership.production
        link = settings.STUDIO_BASE_URL.rstrip("/") + production.get_absolute_url()
        send_mail(
            subject=f"You are on {production.title} in Studio",
            message=(
                f"Hello {membership.user.get_full_name() or membership.user.get_username()},\n\n"
                f"You now have {membership.get_access_display().lower()} access to "
                f"{production.title}.\nOpen it here: {link}\n"
            ),
            from_email=None,
            recipient_list=[membership.user.email],
        )
        membership.welcome_sent_at = timezone.now()
        membership.save(update_fields=["welcome_sent_at"])
    return True


@transaction.atomic
def membership_change(*, membership: Membership, access: str, by) -> Membership:
    production = membership.production
    if Membership.Access.OWNER in (access, membership.access) and not _is_owner(production, by):
        raise ApplicationError(
            "Only an owner can grant or take away owner access.", status_code=403
        )
    if membership.access == Membership.Access.OWNER and access != Membership.Access.OWNER:
        _refuse_losing_last_owner(production)
    membership.access = access
    return save_validated(membership)


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    production = membership.production
    if membership.access == Membership.Access.OWNER:
        if not _is_owner(production, by):
            raise ApplicationError("Only an owner can remove an owner.", status_code=403)
        _refuse_losing_last_owner(production)
    membership.delete()


def _is_owner(production: Production, user) -> bool:
    return (
        user.is_superuser
        or production.memberships.filter(user=user, access=Membership.Access.OWNER).exists()
    )


def _refuse_losing_last_owner(production: Production) -> None:
    # Lock the owners' rows so two owners removing each other cannot both succeed.
    owners = list(production.memberships.select_for_update().filter(access=Membership.Access.OWNER))
    if len(owners) <= 1:
        raise ApplicationError(
            "A production needs at least one owner: make someone else an owner first."
        )


# ---------------------------------------------------------------- the screenplay and its breakdown
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
        _announce_scenes(production, "script_import", result.created + result.updated)
    return result


def _announce_scenes(production: Production, cause: str, count: int, scene=None) -> None:
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


# ---------------------------------------------------------------- scenes

SCENE_FIELDS = (
    "number",
    "int_ext",
    "set_name",
    "time_of_day",
    "page_eighths",
    "synopsis",
    "estimated_minutes",
    "estimated_minutes_source",
    "omitted",
    "location",
)


def _estimate_source(scene: Scene, fields: dict[str, Any]) -> None:
    """Mark a time typed by hand as the AD's own (the shot list leaves it alone from then on);
    clearing it hands the time back to the shot list."""
    if "estimated_minutes" not in fields or "estimated_minutes_source" in fields:
        return
    if fields["estimated_minutes"] != scene.estimated_minutes:
        manual = fields["estimated_minutes"] is not None
        fields["estimated_minutes_source"] = (
            Scene.EstimateSource.MANUAL if manual else Scene.EstimateSource.SHOTS
        )


def _apply(instance, fields: dict[str, Any], allowed: tuple[str, ...]):
    for key, value in fields.items():
        if key in allowed:
            setattr(instance, key, value)
    return instance


def _refuse_foreign(production: Production, field_name: str, objects) -> None:
    """Refuse characters, elements or a location that belong to another production."""
    foreign = [obj for obj in objects if obj is not None and obj.production_id != production.pk]
    if foreign:
        message = f"{foreign[0]} is not part of {production.title}."
        raise ApplicationError(message, errors={field_name: [message]})


def _set_breakdown(scene: Scene, characters, elements) -> None:
    _refuse_foreign(scene.production, "characters", characters or [])
    _refuse_foreign(scene.production, "elements", elements or [])
    if characters is not None:
        scene.characters.set(characters)
    if elements is not None:
        scene.elements.set(elements)


@transaction.atomic
def scene_create(
    *,
    production: Production,
    characters: list[Character] | None = None,
    elements: list[BreakdownElement] | None = None,
    **fields: Any,
) -> Scene:
    """Add a scene by hand, after the script's last scene."""
    _estimate_source(Scene(), fields)
    scene = _apply(Scene(production=production), fields, SCENE_FIELDS)
    _refuse_foreign(production, "location", [scene.location])
    last = production.scenes.aggregate(last=Max("script_order"))["last"] or 0
    scene.script_order = last + 1
    save_validated(scene)
    _set_breakdown(scene, characters, elements)
    _announce_scenes(production, "scene_create", 1, scene)
    return scene


@transaction.atomic
def scene_update(
    *,
    scene: Scene,
    characters: list[Character] | None = None,
    elements: list[BreakdownElement] | None = None,
    **fields: Any,
) -> Scene:
    """Change a scene; ``characters`` and ``elements``, when given, replace the scene's own."""
    _estimate_source(scene, fields)
    _apply(scene, fields, SCENE_FIELDS)
    _refuse_foreign(scene.production, "location", [scene.location])
    save_validated(scene)
    _set_breakdown(scene, characters, elements)
    _announce_scenes(scene.production, "scene_update", 1, scene)
    return scene


@transaction.atomic
def scene_element_tag(*, scene: Scene, category: str, name: str) -> BreakdownElement:
    """Tag a scene with an element, adding it to the breakdown if it is new."""
    name = " ".join(name.split())
    element = scene.production.elements.filter(category=category, name__iexact=name).first()
    if element is None:
        element = element_create(production=scene.production, category=category, name=name)
    scene.elements.add(element)
    return element


@transaction.atomic
def scene_element_untag(*, scene: Scene, element: BreakdownElement) -> None:
    """Take an element off a scene; it stays in the breakdown for the other scenes."""
    scene.elements.remove(element)


def _delete(instance) -> None:
    """Delete ``instance``, refusing in words when something still depends on it."""
    try:
        instance.delete()
    except (ProtectedError, RestrictedError) as error:
        raise ApplicationError(
            f"{instance} is still used elsewhere in the production, so it cannot be deleted.",
            status_code=409,
        ) from error


# ---------------------------------------------------------------- characters

CHARACTER_FIELDS = ("name", "cast_id", "assignment")


def _refuse_foreign_assignment(production: Production, assignment) -> None:
    if assignment is not None and assignment.production_id != production.pk:
        message = "That role belongs to another production: choose one of this production's cast."
        raise ApplicationError(message, errors={"assignment": [message]})


@transaction.atomic
def character_create(*, production: Production, **fields: Any) -> Character:
    character = _apply(Character(production=production), fields, CHARACTER_FIELDS)
    character.name = " ".join(character.name.split())
    _refuse_foreign_assignment(production, character.assignment)
    return save_validated(character)


@transaction.atomic
def character_update(*, character: Character, **fields: Any) -> Character:
    """Change a character; ``assignment`` links the part to the actor's role on the production."""
    _apply(character, fields, CHARACTER_FIELDS)
    character.name = " ".join(character.name.split())
    _refuse_foreign_assignment(character.production, character.assignment)
    return save_validated(character)


@transaction.atomic
def character_delete(*, character: Character) -> None:
    _delete(character)


# ---------------------------------------------------------------- breakdown elements

ELEMENT_FIELDS = ("category", "name", "notes")


@transaction.atomic
def element_create(*, production: Production, **fields: Any) -> BreakdownElement:
    element = _apply(BreakdownElement(production=production), fields, ELEMENT_FIELDS)
    element.name = " ".join(element.name.split())
    return save_validated(element)


@transaction.atomic
def element_update(*, element: BreakdownElement, **fields: Any) -> BreakdownElement:
    _apply(element, fields, ELEMENT_FIELDS)
    element.name = " ".join(element.name.split())
    return save_validated(element)


@transaction.atomic
def element_delete(*, element: BreakdownElement) -> None:
    _delete(element)


# ---------------------------------------------------------------- locations

LOCATION_FIELDS = (
    "name",
    "address",
    "latitude",
    "longitude",
    "parking",
    "basecamp",
    "nearest_hospital",
    "hospital_address",
    "hospital_phone",
    "notes",
)


@transaction.atomic
def location_create(*, production: Production, **fields: Any) -> Location:
    return save_validated(_apply(Location(production=production), fields, LOCATION_FIELDS))


@transaction.atomic
def location_update(*, location: Location, **fields: Any) -> Location:
    return save_validated(_apply(location, fields, LOCATION_FIELDS))


@transaction.atomic
def location_delete(*, location: Location) -> None:
    """Delete a location; its scenes keep their breakdown and simply have no location."""
    _delete(location)


@transaction.atomic
def location_unavailability_add(
    *, location: Location, start_date, end_date, reason: str = ""
) -> LocationUnavailability:
    """Record dates the location cannot be used."""
    entry = LocationUnavailability(
        location=location, start_date=start_date, end_date=end_date, reason=reason
    )
    return save_validated(entry)


@transaction.atomic
def location_unavailability_remove(*, unavailability: LocationUnavailability) -> None:
    unavailability.delete()
