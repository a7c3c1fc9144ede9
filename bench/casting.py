"""The casting board at a big role's size, for the load test.

``casting_board_seed(production, *, candidates=40)`` builds a role (a new character in two
scenes on the active schedule, if it has one) with ``candidates`` candidates spread over the
board's columns, each with an agent, a date off, and picks by the production's owner. It
returns the role and the board's path, ``/productions/<slug>/casting/roles/<id>/``, which a
casting-level or owner session can load. Idempotent by character name.
"""

from datetime import timedelta

from django.db import transaction

from casting import services
from casting.models import Candidate, Role
from crew.models import Person, Unavailability
from productions.models import Character, Membership, Production
from schedules.models import ScheduleVersion

NAME = "BENCH ROLE"
# Where each candidate ends up, in turn: every column of the board gets some.
PATHS = [
    [],
    ["shortlisted"],
    ["shortlisted", "callback"],
    ["shortlisted", "callback", "pinned"],
    ["shortlisted", "callback", "on_avail"],
    ["shortlisted", "callback", "on_hold"],
    ["released"],
]


def board_path(role: Role) -> str:
    return f"/productions/{role.production.slug}/casting/roles/{role.pk}/"


def _character(production: Production) -> Character:
    character = production.characters.filter(name=NAME).first()
    if character is not None:
        return character
    character = Character.objects.create(production=production, name=NAME)
    version = ScheduleVersion.objects.filter(production=production, is_active=True).first()
    if version is not None:
        scenes = [s.scene for s in version.strips.filter(day__isnull=False).exclude(scene=None)]
        for scene in scenes[:2]:
            scene.characters.add(character)
    return character


@transaction.atomic
def casting_board_seed(production: Production, *, candidates: int = 40) -> tuple[Role, str]:
    """Return a role with ``candidates`` candidates and the path of its board."""
    character = _character(production)
    role = Role.objects.filter(character=character).first()
    if role is not None:
        return role, board_path(role)
    role = services.role_create(production=production, character=character, age_range="30-40")
    owner = production.memberships.filter(access=Membership.Access.OWNER).first()
    people = Person.objects.bulk_create(
        Person(
            name=f"Bench Actor {n:03d}",
            email=f"bench.actor.{n}@example.com",
            agent="Bench Agency",
            agent_email=f"agent.{n}@example.com",
        )
        for n in range(candidates)
    )
    start = production.start_date
    if start is not None:
        # Every fifth candidate is off on the first shoot day: the board shows conflicts.
        Unavailability.objects.bulk_create(
            Unavailability(person=p, start_date=start, end_date=start + timedelta(days=1))
            for n, p in enumerate(people)
            if n % 5 == 0
        )
    for n, person in enumerate(people):
        candidate = services.candidate_add(
            role=role, person=person, source=Candidate.Source.AGENT, photo_url=""
        )
        for step in PATHS[n % len(PATHS)]:
            candidate = services.candidate_move(candidate=candidate, status=step)
        if owner is not None:
            services.pick_record(candidate=candidate, user=owner.user, pick="maybe", note="")
    return role, board_path(role)
