"""Objects of each kind to discuss, and people to discuss them."""

import datetime

import pytest

from productions.models import Membership
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    PersonFactory,
    SceneFactory,
    UserFactory,
    department,
    schedule_build,
)


@pytest.fixture
def scene(production):
    return SceneFactory(production=production, number="12", set_name="KITCHEN")


@pytest.fixture
def version(production, scene):
    return schedule_build(production, {datetime.date(2026, 3, 2): [scene]})


@pytest.fixture
def budget(production):
    from budgets.models import Budget

    return Budget.objects.create(production=production, name="Draft budget")


@pytest.fixture
def objects(production, scene, version, budget):
    """One object of each kind the tests cover, named as the API names them."""
    day = version.days.first()
    return {
        "scene": f"scene:{scene.pk}",
        "schedule_version": f"schedule_version:{version.pk}",
        "shoot_day": f"shoot_day:{day.pk}",
        "budget": f"budget:{budget.pk}",
    }


def member(production, username, access, *, email=True, full_name=""):
    first, _, last = full_name.partition(" ")
    user = UserFactory(
        username=username,
        email=f"{username}@example.com" if email else "",
        first_name=first,
        last_name=last,
    )
    MembershipFactory(production=production, user=user, access=access)
    return user


@pytest.fixture
def director(production):
    return member(production, "director", Membership.Access.PRODUCER, full_name="Ada Vance")


@pytest.fixture
def writer(production):
    return member(production, "writer", Membership.Access.CREW, full_name="Jo Marlowe")


@pytest.fixture
def camera_crew(production):
    """Two members of the production's Camera department, signed up as users."""
    users = []
    for name in ("focus", "loader"):
        user = member(production, name, Membership.Access.CREW)
        AssignmentFactory(
            production=production,
            person=PersonFactory(name=name.title(), user=user),
            department=department("Camera"),
            title=name.title(),
        )
        users.append(user)
    return users
