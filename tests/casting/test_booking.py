"""Accepting an offer books the actor: the crew list, the character, the Day Out of Days and
a regenerated call sheet carry them with no other step; releasing says what it changes."""

from decimal import Decimal

import pytest
from pypdf import PdfReader

from casting import booking, services
from casting.models import Candidate, Offer, Role
from core.exceptions import ApplicationError
from crew.models import Assignment
from crew.selectors import crew_by_department
from schedules.selectors import dood_for
from tests.casting.conftest import DAY_1, held

pytestmark = pytest.mark.django_db


def _sent_offer(production, candidate, owner, **terms) -> Offer:
    offer = services.offer_create(
        production=production, candidate=held(candidate), by=owner, **terms
    )
    membership = production.memberships.get(user=owner)
    offer = services.offer_approve(offer=offer, by=owner, membership=membership)
    return services.offer_send(offer=offer, by=owner)


@pytest.fixture
def booked(production, candidate, owner):
    offer = _sent_offer(production, candidate, owner, rate=Decimal("4500.00"), rate_unit="week")
    return services.offer_answer(offer=offer, answer="accepted", by=owner)


def test_accepting_books_the_actor_at_a_fifth_of_the_weekly_rate(booked, role, actor):
    role.refresh_from_db()
    assignment = role.assignment
    assert role.status == Role.Status.CAST
    assert assignment.person == actor
    assert assignment.role_kind == Assignment.RoleKind.CAST
    assert assignment.daily_rate == Decimal("900.00")
    assert Candidate.objects.get(person=actor, role=role).status == Candidate.Status.BOOKED


def test_the_character_and_the_crew_list_carry_the_actor(booked, role, production):
    role.character.refresh_from_db()
    assert role.character.assignment.person.name == "June Park"
    cast = dict((d.name, rows) for d, rows in crew_by_department(production))["Cast"]
    assert [(a.person.name, a.title, a.daily_rate) for a in cast] == [
        ("June Park", "Waitress", Decimal("900.00"))
    ]


def test_the_day_out_of_days_row_carries_the_actor_and_rate(booked, production):
    line = next(line for line in dood_for(production).lines if line.cast_id == "7")
    assert line.person == "June Park"
    assert line.daily_rate == Decimal("900.00")


def test_a_regenerated_call_sheet_draft_carries_the_actor(booked, production):
    from callsheets.assembly import callsheet_sheet
    from callsheets.services import callsheet_generate

    sheet = callsheet_sheet(callsheet_generate(production=production, on=DAY_1))
    rows = [row for row in sheet["cast"] if row["cast_id"] == "7"]
    assert [(row["character"], row["actor"]) for row in rows] == [("WAITRESS", "June Park")]


def test_the_deal_memo_is_a_pdf_with_the_terms(booked):
    booked.refresh_from_db()
    with booked.deal_memo.open("rb") as file:
        text = "".join(page.extract_text() for page in PdfReader(file).pages)
    assert "June Park" in text and "WAITRESS" in text
    assert "900.00" in text and "4500.00" in text
    assert "/casting/memos/" in "/" + booked.deal_memo.name


def test_daily_rate_rounds_half_up_to_the_cent():
    offer = Offer(rate=Decimal("1000.02"), rate_unit="week")
    assert booking.daily_rate(offer) == Decimal("200.00")
    offer.rate = Decimal("1000.025")
    assert booking.daily_rate(offer) == Decimal("200.01")
    assert booking.daily_rate(Offer(rate=Decimal("812.5"), rate_unit="day")) == Decimal("812.50")


def test_a_second_acceptance_for_a_cast_role_is_refused_and_changes_nothing(
    booked, role, production, owner
):
    from tests.factories import PersonFactory

    # A role wrongly reopened by hand still keeps its one booking.
    Role.objects.filter(pk=role.pk).update(status="open")
    other = services.candidate_add(role=Role.objects.get(pk=role.pk), person=PersonFactory())
    offer = _sent_offer(production, other, owner, rate="100")
    with pytest.raises(ApplicationError, match="already cast"):
        services.offer_answer(offer=offer, answer="accepted", by=owner)
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.SENT
    assert Candidate.objects.get(pk=other.pk).status == Candidate.Status.OFFERED
    assert Assignment.objects.filter(role_kind="cast", production=production).count() == 1


def test_releasing_the_booking_unlinks_and_says_what_changed(booked, role, production, owner):
    changes = booking.booking_release(role=role, by=owner)
    assert changes[0] == "June Park is no longer cast as WAITRESS."
    assert any("Day Out of Days" in change for change in changes)
    role.refresh_from_db()
    role.character.refresh_from_db()
    assert role.status == Role.Status.OPEN and role.assignment is None
    assert role.character.assignment is None
    assert not Assignment.objects.filter(production=production, role_kind="cast").exists()
    assert Candidate.objects.get(role=role).status == Candidate.Status.RELEASED
    # The Day Out of Days keeps the character, to be cast, with no actor and no rate.
    rows = [line for line in dood_for(production).lines if line.cast_id == "7"]
    assert [(line.person, line.daily_rate) for line in rows] in ([], [("", None)])
