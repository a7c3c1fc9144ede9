from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, Count, Prefetch, Q, QuerySet, When
from django.db.models.functions import Length
from django.http import Http404
from django.utils import timezone

from productions.models import (
    BreakdownElement,
    Character,
    Location,
    Membership,
    Production,
    Scene,
    Script,
)


def productions_for_user(user: AbstractBaseUser) -> QuerySet[Production]:
    return Production.objects.visible_to(user)


def membership_for(user: AbstractBaseUser, production: Production) -> Membership | None:
    """Return the user's membership, or an owner's rights for a superuser who has none."""
    membership = Membership.objects.filter(production=production, user=user).first()
    if membership is None and user.is_superuser:
        membership = Membership(production=production, user=user, access=Membership.Access.OWNER)
    return membership


def production_for_user(user: AbstractBaseUser, slug: str) -> tuple[Production, Membership]:
    """Return the production and the user's membership, or raise 404 (never 403).

    A production the user may not see answers exactly like one that does not exist.
    """
    if user.is_authenticated and not user.is_superuser:
        # Every page and API request comes through here: one query, the membership with its
        # production, instead of the production and then the membership.
        membership = (
            Membership.objects.select_related("production")
            .filter(user=user, production__slug=slug, production__deleted_at__isnull=True)
            .first()
        )
        if membership is None:
            raise Http404("No production found.")
        return membership.production, membership
    production = productions_for_user(user).filter(slug=slug).first()
    if production is None:
        raise Http404("No production found.")
    membership = membership_for(user, production)
    if membership is None:
        raise Http404("No production found.")
    return production, membership


def memberships_of_production(production: Production) -> QuerySet[Membership]:
    return production.memberships.select_related("user").order_by("user__username")


# ---------------------------------------------------------------- the screenplay and its breakdown


def _cast_order(prefix: str = "") -> list:
    """Order characters as a stripboard does: by cast ID as a number, then by name."""
    return [
        Case(When(**{f"{prefix}cast_id": ""}, then=1), default=0),
        Length(f"{prefix}cast_id"),
        f"{prefix}cast_id",
        f"{prefix}name",
    ]


def scenes_for_production(production: Production) -> QuerySet[Scene]:
    """Return the production's scenes in script order, with everything a list shows prefetched."""
    return (
        production.scenes.select_related("location")
        .prefetch_related(
            Prefetch("characters", queryset=Character.objects.order_by(*_cast_order())),
            Prefetch("elements", queryset=BreakdownElement.objects.order_by("category", "name")),
        )
        .order_by("script_order", "pk")
    )


def scene_neighbours(scene: Scene) -> tuple[Scene | None, Scene | None]:
    """Return the scenes before and after ``scene`` in script order."""
    scenes = scene.production.scenes.only("pk", "number", "script_order")
    earlier = Q(script_order__lt=scene.script_order) | Q(
        script_order=scene.script_order, pk__lt=scene.pk
    )
    later = Q(script_order__gt=scene.script_order) | Q(
        script_order=scene.script_order, pk__gt=scene.pk
    )
    previous = scenes.filter(earlier).order_by("-script_order", "-pk").first()
    following = scenes.filter(later).order_by("script_order", "pk").first()
    return previous, following


def characters_for_production(production: Production) -> QuerySet[Character]:
    """Return the characters in cast-ID order, with their actor and how many scenes they are in."""
    return (
        production.characters.select_related("assignment__person")
        .annotate(scene_count=Count("scenes", distinct=True))
        .order_by(*_cast_order())
    )


def elements_for_production(production: Production) -> QuerySet[BreakdownElement]:
    return production.elements.annotate(scene_count=Count("scenes", distinct=True)).order_by(
        "category", "name"
    )


def locations_for_production(production: Production) -> QuerySet[Location]:
    return (
        production.locations.annotate(scene_count=Count("scenes", distinct=True))
        .prefetch_related("unavailabilities")
        .order_by("name", "pk")
    )


def scripts_for_production(production: Production) -> QuerySet[Script]:
    return production.scripts.select_related("uploaded_by").order_by("-uploaded_at", "-pk")


def cast_assignments(production: Production) -> QuerySet:
    """Return the production's cast roles (``crew.Assignment``), for linking characters."""
    return (
        production.assignments.filter(role_kind="cast")
        .select_related("person")
        .order_by("title", "person__name")
    )


def scene_page_totals(scenes) -> dict[str, int]:
    """Return how many scenes and eighths ``scenes`` hold, in all and by strip colour."""
    totals = {"scenes": 0, "eighths": 0}
    for scene in scenes:
        totals["scenes"] += 1
        totals["eighths"] += scene.page_eighths
        totals[scene.strip_colour] = totals.get(scene.strip_colour, 0) + scene.page_eighths
    return totals


RESTORE_DAYS = 30


def productions_deleted_by_owner(user) -> QuerySet[Production]:
    """Return the user's soft-deleted productions that an owner may still restore."""
    since = timezone.now() - timedelta(days=RESTORE_DAYS)
    return Production.objects.filter(
        deleted_at__gte=since,
        memberships__user=user,
        memberships__access=Membership.Access.OWNER,
    ).order_by("-deleted_at")
