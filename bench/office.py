"""The ten productions of the ``office_mix`` load (``bench/office_mix.py``).

Each is a mid-size shoot (100 scenes over 20 days, 16 cast, 24 crew) with a call sheet
published for its first day, and five members: the owner and a coordinator (who save the
board) and three crew (who read). ``bench_seed`` builds them and hands the load generator
each member's session cookie and API token, the production's paths and its crew's personal
links.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from bench import callsheet as bench_callsheets
from bench.stripboard import schedule_fixture
from callsheets import services as callsheet_services
from crew.models import Assignment, Department, Person
from crew.services import departments_ensure_standard
from productions.models import Membership, Production
from schedules.models import ShootDay

PRODUCTIONS = 10
SIZE = {"scenes": 100, "days": 20, "cast": 16}
CREW = 24
MEMBERS = (("owner", "owner"), ("coordinator", "coordinator"), ("crew1", "crew"),
           ("crew2", "crew"), ("crew3", "crew"))  # fmt: skip


def slugs() -> list[str]:
    return [f"office-{n}" for n in range(PRODUCTIONS)]


def _crew(production: Production, index: int) -> None:
    departments_ensure_standard()
    departments = list(Department.objects.filter(production=None).exclude(name="Cast"))
    people = Person.objects.bulk_create(
        Person(name=f"Office {index} crew {n}", email=f"o{index}c{n}@bench.example")
        for n in range(CREW)
    )
    Assignment.objects.bulk_create(
        Assignment(
            production=production,
            person=person,
            department=departments[n % len(departments)],
            title=f"Crew role {n}",
            role_kind="crew",
        )
        for n, person in enumerate(people)
    )


def office_fixture(index: int) -> tuple[Production, list[tuple[object, bool]], list[str]]:
    """Build office production ``index``; return it, its members (user, may edit) and the
    paths of its call sheet's personal pages."""
    users = []
    for name, access in MEMBERS:
        user, _ = get_user_model().objects.get_or_create(username=f"office-{index}-{name}")
        users.append((user, access))
    owner = users[0][0]
    production = schedule_fixture(slug=f"office-{index}", user=owner, seed=100 + index, **SIZE)
    Membership.objects.bulk_create(
        Membership(production=production, user=user, access=access) for user, access in users[1:]
    )
    _crew(production, index)
    first = ShootDay.objects.filter(version__production=production).order_by("date").first()
    generate = callsheet_services.callsheet_generate
    callsheet = generate(production=production, on=first.date, by=owner)
    callsheet_services.callsheet_publish(callsheet=callsheet, by=owner, send=False)
    members = [(user, access in ("owner", "coordinator")) for user, access in users]
    return production, members, bench_callsheets.personal_paths(callsheet)
