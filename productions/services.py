"""Every write to a production and what it is made of: members, scenes, characters,
elements, locations. Importing a screenplay has a module of its own (``scripts``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.text import slugify

from core import outbox
from core.exceptions import ApplicationError
from core.services import save_validated
from productions import signals
from productions.models import (
    BreakdownElement,
    Character,
    Location,
    LocationUnavailability,
    Membership,
    Production,
    Scene,
)
from productions.scripts import scenes_announce
from productions.selectors import RESTORE_DAYS

User = get_user_model()

# By name: tasks import this module, never the reverse.
WELCOME_TASK = "productions.tasks.membership_welcome_task"


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
    owed = user != by and bool(user.email)
    membership = save_validated(
        Membership(
            production=production,
            user=user,
            access=access,
            # Owed in this transaction: if queueing fails, the sweep finds it unsent.
            welcome_requested_at=timezone.now() if owed else None,
        )
    )
    if owed:
        outbox.enqueue_on_commit(WELCOME_TASK, [membership.pk])
    return membership


def membership_welcome_send(*, membership_id: int) -> bool:
    """Email a new member a link to the production, once; return whether it was sent.

    The membership is claimed first (``core.outbox.claim``), so a duplicated or re-queued
    task sends nothing more; a failure gives the claim back for the task's retry.
    """
    unsent = Membership.objects.filter(welcome_sent_at__isnull=True)
    if outbox.claim(unsent, membership_id, field="welcome_claimed_at") is None:
        return False
    membership = Membership.objects.select_related("production", "user").get(pk=membership_id)
    production = membership.production
    link = settings.STUDIO_BASE_URL.rstrip("/") + production.get_absolute_url()
    message = EmailMessage(
        subject=f"You are on {production.title} in Studio",
        body=(
            f"Hello {membership.user.get_full_name() or membership.user.get_username()},\n\n"
            f"You now have {membership.get_access_display().lower()} access to "
            f"{production.title}.\nOpen it here: {link}\n"
        ),
        to=[membership.user.email],
        headers={"Message-ID": outbox.message_id("welcome", membership.pk)},
    )
    try:
        message.send()
    except Exception:
        Membership.objects.filter(pk=membership_id).update(welcome_claimed_at=None)
        raise
    Membership.objects.filter(pk=membership_id).update(welcome_sent_at=timezone.now())
    return True


def welcomes_unsent(*, now=None, limit: int = 500) -> list[int]:
    """Return the memberships whose welcome is owed past the grace period and held by nobody."""
    return list(
        Membership.objects.filter(welcome_sent_at__isnull=True)
        .filter(outbox.due("welcome_requested_at", now=now))
        .filter(outbox.unclaimed("welcome_claimed_at", now=now))
        .order_by("welcome_requested_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def welcomes_requeue(*, now=None) -> int:
    """Queue again every welcome still unsent after the grace period; return how many."""
    return outbox.enqueue(WELCOME_TASK, welcomes_unsent(now=now))


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
    scenes_announce(production, "scene_create", 1, scene)
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
    previous_source = scene.estimated_minutes_source
    _estimate_source(scene, fields)
    _apply(scene, fields, SCENE_FIELDS)
    _refuse_foreign(scene.production, "location", [scene.location])
    save_validated(scene)
    _set_breakdown(scene, characters, elements)
    to_plan = scene.estimated_minutes_source == Scene.EstimateSource.SHOTS
    if to_plan and (
        previous_source != scene.estimated_minutes_source or "estimated_minutes" in fields
    ):
        signals.scene_estimate_to_plan.send(sender=Scene, scene=scene)
    scenes_announce(scene.production, "scene_update", 1, scene)
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
