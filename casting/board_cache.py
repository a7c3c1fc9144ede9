"""A role's casting board, rendered once per state of the role and served from the cache.

Forty candidates with their picks, conflicts, headshots and two forms each are most of the
board page's time (about 30 ms), the same for every request until someone changes the role.
So the cards and the bulk form are kept in the cache (``core.read_cache``) under the
production's generation, and rendered again only after a write that can change them.

What the fragments show, and so what expires them: the role, its candidates, their picks,
headshots, offers and audition slots (``receivers_connect`` here); the candidates' people,
their dates off and their bookings anywhere (a booking on another production is a conflict
on this board: the candidate's productions are expired, not only the booking's); the pickers'
names; and the role's work days, the schedule the stripboard's receivers already watch
(``schedules.board_cache``). An entry is for one access level: the office sees the agents,
the move and upload forms and the bulk form, a director only the cards. The fragments name no
other production, so viewers of a level share one entry.

The CSRF token is a placeholder in the cached text, filled in as the page is served.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from casting.models import AuditionSession, Candidate, Headshot, Offer, Pick, Role, Slot
from core import read_cache
from crew.models import Assignment, Person, Unavailability

CSRF_PLACEHOLDER = "__studio_casting_csrf__"
# Part of every key: change it whenever what is cached changes shape.
FORMAT = 1


@dataclass(frozen=True)
class BoardFragments:
    cards_html: str
    bulk_html: str

    def for_request(self, request) -> dict[str, SafeString]:
        token = get_token(request)
        return {
            "cards": mark_safe(self.cards_html.replace(CSRF_PLACEHOLDER, token)),
            "bulk": mark_safe(self.bulk_html.replace(CSRF_PLACEHOLDER, token)),
        }


def render(context: dict) -> BoardFragments:
    """Render the board's cards and bulk form from ``context`` (the work a hit saves)."""
    context = {**context, "csrf_token": CSRF_PLACEHOLDER}
    bulk = ""
    if context["access"].office:
        bulk = render_to_string("casting/_board_bulk.html", context)
    return BoardFragments(render_to_string("casting/_board_cards.html", context), bulk)


def _key(role: Role, office: bool) -> str:
    return f"casting-board:{FORMAT}:{role.production_id}:{role.pk}:{int(office)}"


def cached(role: Role, *, office: bool, compute) -> BoardFragments:
    """Return the role's fragments for this access level, from the cache while fresh.

    ``compute`` must read only what the receivers below (and the stripboard's) expire.
    """
    if not settings.STUDIO_BOARD_CACHE:
        return compute()
    key = _key(role, office)
    # The stamps are read before the data: a write racing the render leaves it unserved.
    value, stamps = read_cache.lookup(key, role.production_id)
    if isinstance(value, BoardFragments):
        return value
    value = compute()
    read_cache.store(key, stamps, value)
    return value


@dataclass(frozen=True)
class RoleDays:
    """The role's shoot dates on the active schedule and the production's latest script."""

    work_days: tuple
    latest_script_id: int | None


def cached_days(role: Role, *, compute) -> RoleDays:
    """Return the role's work days and latest script, from the cache while fresh.

    Both are the production's schedule and scripts, which the stripboard's receivers expire;
    the role's character, which ours do.
    """
    if not settings.STUDIO_BOARD_CACHE:
        return compute()
    key = f"casting-board-days:{FORMAT}:{role.production_id}:{role.pk}"
    value, stamps = read_cache.lookup(key, role.production_id)
    if isinstance(value, RoleDays):
        return value
    value = compute()
    read_cache.store(key, stamps, value)
    return value


# ---------------------------------------------------------------- what makes boards stale


def _candidate_productions(person_ids) -> list[int]:
    return list(
        Candidate.objects.filter(person_id__in=person_ids)
        .values_list("role__production_id", flat=True)
        .distinct()
    )


def _productions_of(instance) -> list[int]:
    if isinstance(instance, Role | Offer | AuditionSession):
        return [instance.production_id]
    if isinstance(instance, Candidate):
        return list(
            Role.objects.filter(pk=instance.role_id).values_list("production_id", flat=True)
        )
    if isinstance(instance, Pick | Headshot):
        return list(
            Candidate.objects.filter(pk=instance.candidate_id).values_list(
                "role__production_id", flat=True
            )
        )
    if isinstance(instance, Slot):
        return list(
            AuditionSession.objects.filter(pk=instance.session_id).values_list(
                "production_id", flat=True
            )
        )
    if isinstance(instance, Person):
        return _candidate_productions([instance.pk])
    if isinstance(instance, Unavailability | Assignment):
        # A date off or a booking anywhere is a conflict on every board the person is on.
        return _candidate_productions([instance.person_id])
    return []


def _expire_on_change(sender, instance, **kwargs) -> None:
    for production_id in set(_productions_of(instance)):
        if production_id is not None:
            read_cache.expire(production_id)


def _expire_on_user(sender, instance, update_fields=None, **kwargs) -> None:
    # Signing in saves ``last_login`` alone: that changes no board.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    productions = (
        Pick.objects.filter(user=instance)
        .values_list("candidate__role__production_id", flat=True)
        .distinct()
    )
    for production_id in productions:
        read_cache.expire(production_id)


WATCHED = (Role, Candidate, Pick, Headshot, Offer, AuditionSession, Slot)
PEOPLE = (Person, Unavailability, Assignment)


def receivers_connect() -> None:
    """Expire the production's cached boards whenever what they show is saved or deleted.

    Writes that bypass signals (``Role.objects.filter().update`` of the sides' state) change
    nothing the fragments show.
    """
    read_cache.expire_on_writes(_expire_on_change, (*WATCHED, *PEOPLE), uid="casting-board")
    user = get_user_model()
    post_save.connect(_expire_on_user, sender=user, dispatch_uid="casting-board-user")
