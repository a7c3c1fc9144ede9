"""The link to the schedule: linked lines follow every board change in the same transaction."""

from decimal import Decimal as D

import pytest

from budgets import selectors, services
from schedules import services as schedule_services
from schedules.models import ScheduleVersion
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
BASE = "/api/v1/productions/long-night"


@pytest.fixture
def linked(budget, owner, scheduled):
    cast = budget.accounts.get(number="1401")
    anna = services.line_create(
        budget=budget,
        by=owner,
        account=cast,
        description="Anna",
        link={"kind": "cast", "assignment": scheduled["anna"].assignment_id},
    )
    ben = services.line_create(
        budget=budget,
        by=owner,
        account=cast,
        description="Ben",
        link={"kind": "cast", "assignment": scheduled["ben"].assignment_id},
    )
    return anna, ben


def _move_last_strip_to_day_two(client):
    loaded = client.get(f"{BASE}/stripboard/")
    body = loaded.json()
    strip = body["days"][2]["strips"].pop()
    body["days"][1]["strips"].append(strip)
    return client.put(f"{BASE}/stripboard/", body, format="json", HTTP_IF_MATCH=loaded["ETag"])


def test_a_cast_line_is_the_actors_work_and_hold_days_times_the_daily_rate(linked):
    anna, ben = linked
    assert (anna.amount, anna.rate, anna.subtotal) == (D("3"), D("1000"), D("3000.00"))  # 2W + 1H
    assert (ben.amount, ben.subtotal) == (D("1"), D("500.00"))
    assert anna.link["kind"] == "cast" and anna.person_id is not None


def test_moving_a_strip_through_the_stripboard_api_changes_the_line_by_the_actors_change(
    linked, budget, owner
):
    anna, ben = linked
    budget.refresh_from_db()
    before = budget.grand_total

    response = _move_last_strip_to_day_two(client_for(owner))

    assert response.status_code == 200, response.json()
    anna.refresh_from_db()
    ben.refresh_from_db()
    # Anna now works days 1 and 2 and is no longer held: one day less, × 1,000.
    assert (anna.amount, anna.subtotal) == (D("2"), D("2000.00"))
    assert ben.subtotal == D("500.00")
    budget.refresh_from_db()
    assert budget.grand_total == before - D("1000")
    assert "Followed the schedule" in budget.changes.first().summary


def test_changing_the_active_version_recomputes_linked_lines(linked, production, owner):
    anna, _ = linked
    original = ScheduleVersion.objects.get(production=production, is_active=True)
    copy = schedule_services.version_save_as(production=production, by=owner, name="Alternative")
    # On the copy, the last shoot day goes: Anna works only day 1 (no hold).
    schedule_services.version_activate(version=copy, by=owner)
    schedule_services.shoot_day_remove(day=copy.days.order_by("date").last(), by=owner)
    anna.refresh_from_db()
    assert anna.amount == D("1")
    schedule_services.version_activate(version=original, by=owner)
    anna.refresh_from_db()
    assert anna.amount == D("3")


def test_a_locked_budget_keeps_its_numbers_and_shows_the_drift(linked, budget, owner):
    anna, _ = linked
    services.budget_update(budget=budget, by=owner, status="approved")
    budget.refresh_from_db()
    total = budget.grand_total

    assert _move_last_strip_to_day_two(client_for(owner)).status_code == 200

    budget.refresh_from_db()
    anna.refresh_from_db()
    assert budget.grand_total == total and anna.amount == D("3")
    assert selectors.drift(budget) == D("-1000.00")
    assert (
        selectors.board_summary(budget.production, budget.production.memberships.get(user=owner))
        == "This board: −1,000.00 USD under the approved budget “Shooting budget”"
    )


def test_unlinking_freezes_the_current_value(linked, owner):
    anna, _ = linked
    anna = services.line_update(line=anna, by=owner, link=None)
    assert anna.link is None and anna.amount == D("3")
    assert _move_last_strip_to_day_two(client_for(owner)).status_code == 200
    anna.refresh_from_db()
    assert anna.amount == D("3")


def test_a_crew_line_linked_to_a_role_follows_the_shoot_days(budget, owner, production, scheduled):
    from tests.factories import AssignmentFactory, department

    gaffer = AssignmentFactory(
        production=production,
        department=department("Electric"),
        title="Gaffer",
        daily_rate=D("650"),
    )
    line = services.line_create(
        budget=budget,
        by=owner,
        account=budget.accounts.get(number="2901"),
        link={"kind": "crew", "assignment": gaffer.pk},
    )
    assert (line.amount, line.rate, line.subtotal) == (D("3"), D("650"), D("1950.00"))


def test_a_travel_day_is_paid_on_the_linked_line_as_soon_as_it_is_added(
    linked, production, scheduled
):
    from datetime import date

    anna, _ = linked
    event = schedule_services.cast_event_add(
        production=production, character=scheduled["anna"], date=date(2026, 3, 1), kind="TR"
    )
    anna.refresh_from_db()
    assert (anna.amount, anna.subtotal) == (D("4"), D("4000.00"))  # 2 W + 1 H + 1 TR
    schedule_services.cast_event_remove(event=event)
    anna.refresh_from_db()
    assert anna.amount == D("3")


def test_removing_a_linked_cast_role_unlinks_its_line_and_keeps_its_numbers(linked, owner):
    anna, _ = linked
    response = client_for(owner).delete(f"{BASE}/crew/{anna.link_assignment_id}/")

    assert response.status_code == 204
    anna.refresh_from_db()
    assert anna.link is None
    assert (anna.amount, anna.rate, anna.subtotal) == (D("3"), D("1000"), D("3000.00"))
