"""Fixtures the casting tests share: a WAITRESS role that works two days on the schedule."""

from datetime import date

import pytest

from casting import services
from casting.models import Candidate
from tests.factories import (
    AssignmentFactory,
    CharacterFactory,
    PersonFactory,
    UserFactory,
    department,
    scene_with,
    schedule_build,
)

DAY_1 = date(2027, 1, 14)
DAY_2 = date(2027, 1, 22)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Sides, self-tapes and deal memos: in the test's folder, not the project's media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def waitress(production, owner):
    """The WAITRESS (cast ID 7), in scenes on 14 and 22 Jan 2027 of the active schedule."""
    character = CharacterFactory(production=production, name="WAITRESS", cast_id="7")
    first = scene_with(production, character, number="10", set_name="DINER")
    second = scene_with(production, character, number="11", set_name="DINER - BACK")
    schedule_build(production, {DAY_1: [first], DAY_2: [second]}, by=owner)
    return character


@pytest.fixture
def role(production, waitress):
    return services.role_create(
        production=production, character=waitress, age_range="20-30", union="SAG-AFTRA"
    )


@pytest.fixture
def actor():
    return PersonFactory(
        name="June Park", email="june@example.com", agent="Ava Agent, CAA",
        agent_email="ava@caa.example.com",
    )  # fmt: skip


@pytest.fixture
def candidate(role, actor):
    return services.candidate_add(role=role, person=actor, source=Candidate.Source.AGENT)


def held(candidate) -> Candidate:
    """Move a candidate to on hold, the way the board does."""
    for status in ("shortlisted", "callback", "on_hold"):
        candidate = services.candidate_move(candidate=candidate, status=status)
    return candidate


@pytest.fixture
def director(production):
    """A crew member who is the production's director on the crew list."""
    from productions.models import Membership
    from tests.factories import MembershipFactory

    user = UserFactory(username="iris")
    MembershipFactory(production=production, user=user, access=Membership.Access.CREW)
    AssignmentFactory(
        production=production,
        person=PersonFactory(name="Iris Calloway", user=user),
        department=department("Direction"),
        title="Director",
        role_kind="director",
    )
    return user
