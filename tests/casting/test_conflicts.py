"""Before an offer: the candidate's dates off and other bookings against the role's days."""

from datetime import date

import pytest

from casting import selectors
from tests.factories import AssignmentFactory, ProductionFactory, UnavailabilityFactory

pytestmark = pytest.mark.django_db


def test_the_role_knows_its_work_days_from_the_active_schedule(role, production):
    role = selectors.roles_with_days(production, [role])[0]
    assert role.work_days == [date(2027, 1, 14), date(2027, 1, 22)]
    assert role.needed == "needed 2 days, 14–22 Jan"


def test_a_role_not_on_the_schedule_says_so(production):
    assert selectors.work_days_label([]) == "not on the schedule yet"


def test_dates_off_and_other_bookings_on_work_days_are_conflicts(role, candidate, production):
    UnavailabilityFactory(
        person=candidate.person, start_date=date(2027, 1, 13), end_date=date(2027, 1, 15),
        reason="Wedding",
    )  # fmt: skip
    UnavailabilityFactory(
        person=candidate.person, start_date=date(2027, 1, 16), end_date=date(2027, 1, 20)
    )
    AssignmentFactory(
        production=ProductionFactory(title="Secret Other Show"),
        person=candidate.person,
        start_date=date(2027, 1, 21),
        end_date=date(2027, 1, 30),
    )
    role = selectors.role_get(production, role.pk)
    [found] = selectors.candidates_for_role(role)
    assert [c.text for c in found.conflicts] == [
        "unavailable 14 Jan (Wedding): the role works that day",
        "booked elsewhere 22 Jan: the role works that day",
    ]
    assert not any("Secret" in c.text for c in found.conflicts)
