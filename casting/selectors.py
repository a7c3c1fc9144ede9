"""Every non-trivial read of casting: who may see what, the roles' work days, the board,
the candidates with their picks and conflicts, sessions and offers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from casting import tokens
from casting.models import AuditionSession, Candidate, Offer, Pick, Role, Slot
from crew.models import Assignment, Unavailability
from productions.models import Membership, Production, Scene
from schedules.models import ScheduleVersion, Strip

# ---------------------------------------------------------------- who may see what


def is_director(user, production: Production) -> bool:
    """Whether the user is a director of the production on its crew list."""
    return Assignment.objects.filter(
        production=production, role_kind=Assignment.RoleKind.DIRECTOR, person__user=user
    ).exists()


@dataclass(frozen=True)
class CastingAccess:
    """What a member may do in casting.

    ``office``: owners, producers and the casting level run casting and see talent's contact
    details and self-tapes. ``decide``: the office and the production's director see the
    candidates and pick. Everyone else sees only who is booked.
    """

    office: bool
    decide: bool
    approve: bool
    money: bool


def access_for(membership: Membership, user) -> CastingAccess:
    office = membership.can_cast
    decide = office or is_director(user, membership.production)
    return CastingAccess(
        office=office,
        decide=decide,
        approve=membership.can_manage,
        money=office or membership.can_see_money,
    )


# ---------------------------------------------------------------- work days


def work_days_by_character(production: Production, character_ids) -> dict[int, list[date]]:
    """Return the shoot dates on the active schedule on which each character works.

    The same placement the Day Out of Days counts: strips on a day, scenes not omitted.
    """
    version = ScheduleVersion.objects.filter(production=production, is_active=True).first()
    days: dict[int, set[date]] = defaultdict(set)
    if version is None or not character_ids:
        return {}
    pairs = Scene.characters.through.objects.filter(character_id__in=list(character_ids))
    scenes_of: dict[int, list[int]] = defaultdict(list)
    for scene_id, character_id in pairs.values_list("scene_id", "character_id"):
        scenes_of[scene_id].append(character_id)
    placed = Strip.objects.filter(
        version=version, day__isnull=False, scene_id__in=list(scenes_of), scene__omitted=False
    ).values_list("scene_id", "day__date")
    for scene_id, day in placed:
        for character_id in scenes_of[scene_id]:
            days[character_id].add(day)
    return {pk: sorted(found) for pk, found in days.items()}


def work_days_label(days: list[date]) -> str:
    """ "needed 4 days, 14–22 Jan", or that the role is not on the schedule yet."""
    if not days:
        return "not on the schedule yet"
    count = f"{len(days)} day" + ("s" if len(days) != 1 else "")
    first, last = days[0], days[-1]
    if first == last:
        return f"needed {count}, {first:%-d %b}"
    span = (
        f"{first:%-d}–{last:%-d %b}"
        if first.month == last.month
        else (f"{first:%-d %b}–{last:%-d %b}")
    )
    return f"needed {count}, {span}"


# ---------------------------------------------------------------- roles


def roles_of(production: Production) -> QuerySet[Role]:
    return (
        Role.objects.filter(production=production)
        .select_related("character", "assignment__person", "script_sides_from")
        .order_by("character__cast_id", "name", "pk")
    )


def roles_with_days(production: Production, roles=None) -> list[Role]:
    """Return the roles, each with ``work_days`` from the active schedule (3 queries)."""
    roles = list(roles if roles is not None else roles_of(production))
    days = work_days_by_character(production, {r.character_id for r in roles})
    for role in roles:
        role.work_days = days.get(role.character_id, [])
        role.needed = work_days_label(role.work_days)
    return roles


def role_get(production: Production, pk) -> Role:
    from django.shortcuts import get_object_or_404

    role = get_object_or_404(roles_of(production), pk=pk)
    return roles_with_days(production, [role])[0]


def characters_without_role(production: Production):
    return production.characters.filter(roles__isnull=True).order_by("cast_id", "name")


# ---------------------------------------------------------------- candidates


def candidates_of(role: Role) -> QuerySet[Candidate]:
    return (
        Candidate.objects.filter(role=role)
        .select_related("person")
        .prefetch_related(
            Prefetch("picks", queryset=Pick.objects.select_related("user").order_by("pk")),
            "headshots",
        )
        .order_by("person__name", "pk")
    )


@dataclass
class Conflict:
    day: date
    text: str


def conflicts_for(candidates: list[Candidate], role: Role, work_days: list[date]) -> None:
    """Set ``conflicts`` on each candidate: dates off and other bookings on the work days.

    Two queries for any number of candidates. Another production's booking is not named:
    its title is not the casting office's to see.
    """
    for candidate in candidates:
        candidate.conflicts = []
    if not work_days or not candidates:
        return
    first, last = work_days[0], work_days[-1]
    by_person = defaultdict(list)
    for candidate in candidates:
        by_person[candidate.person_id].append(candidate)
    days_off = Unavailability.objects.filter(
        person_id__in=list(by_person), start_date__lte=last, end_date__gte=first
    )
    for entry in days_off:
        for day in work_days:
            if entry.start_date <= day <= entry.end_date:
                reason = f" ({entry.reason})" if entry.reason else ""
                for candidate in by_person[entry.person_id]:
                    candidate.conflicts.append(
                        Conflict(day, f"unavailable {day:%-d %b}{reason}: the role works that day")
                    )
    bookings = (
        Assignment.objects.filter(person_id__in=list(by_person), start_date__lte=last)
        .exclude(production_id=role.production_id)
        .exclude(end_date__lt=first)
        .values_list("person_id", "start_date", "end_date")
    )
    for person_id, start, end in bookings:
        for day in work_days:
            if start <= day <= (end or start):
                for candidate in by_person[person_id]:
                    candidate.conflicts.append(
                        Conflict(day, f"booked elsewhere {day:%-d %b}: the role works that day")
                    )


def director_user_ids(production: Production | int) -> set[int]:
    return set(
        Assignment.objects.filter(
            production=production,
            role_kind=Assignment.RoleKind.DIRECTOR,
            person__user__isnull=False,
        ).values_list("person__user_id", flat=True)
    )


def candidates_for_role(role: Role) -> list[Candidate]:
    """Return the role's candidates with picks (director's marked) and conflicts.

    A constant number of queries (5) whatever the number of candidates.
    """
    candidates = list(candidates_of(role))
    conflicts_for(candidates, role, getattr(role, "work_days", []))
    # By id: ``role.production`` would be one more query for what the id already says.
    directors = director_user_ids(role.production_id)
    for candidate in candidates:
        # Lists, read once: a template that calls ``.all`` per use clones a queryset each time.
        candidate.pick_list = list(candidate.picks.all())
        candidate.photo = next(iter(candidate.headshots.all()), None)
        for pick in candidate.pick_list:
            pick.by_director = pick.user_id in directors
    return candidates


@dataclass
class BoardColumn:
    status: str
    label: str
    candidates: list = field(default_factory=list)


def board_for(role: Role) -> list[BoardColumn]:
    """Return the casting board: one column per state, in the trade's order."""
    columns = {s.value: BoardColumn(s.value, s.label) for s in Candidate.Status}
    for candidate in candidates_for_role(role):
        columns[candidate.status].candidates.append(candidate)
    return list(columns.values())


def candidate_get(role: Role, pk) -> Candidate:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Candidate.objects.select_related("person", "role"), pk=pk, role=role)


# ---------------------------------------------------------------- auditions


def sessions_of(production: Production) -> QuerySet[AuditionSession]:
    return (
        AuditionSession.objects.filter(production=production)
        .select_related("role")
        .prefetch_related(
            Prefetch(
                "slots",
                queryset=Slot.objects.select_related("candidate__person").order_by("start", "pk"),
            )
        )
        .order_by("date", "start", "pk")
    )


def slot_link(slot: Slot) -> str:
    return tokens.link_url(slot.salt) if slot.salt else ""


def invitation_expires_on(session: AuditionSession) -> date:
    """The last day a link works: the session's day (a self-tape's deadline)."""
    return session.date


def slot_find(token: str) -> tuple[Slot | None, bool]:
    """Return the slot a token opens and whether its link has expired; (None, False) if none."""
    if not token or len(token) > tokens.MAX_TOKEN_LENGTH:
        return None, False
    slot = (
        Slot.objects.filter(
            token_hash=tokens.token_hash(token),
            session__production__deleted_at__isnull=True,
        )
        .select_related("session__production", "session__role", "candidate__person")
        .first()
    )
    if slot is None or slot.candidate is None:
        return None, False
    today = timezone.localdate(timezone=slot.session.production.tz)
    return slot, today > invitation_expires_on(slot.session)


# ---------------------------------------------------------------- offers


def offers_of(production: Production) -> QuerySet[Offer]:
    return (
        Offer.objects.filter(production=production)
        .select_related("candidate__person", "candidate__role", "approved_by")
        .prefetch_related("history__by", "emails")
        .order_by("-created_at", "pk")
    )
