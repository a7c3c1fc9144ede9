"""Booking an actor from an accepted offer, releasing them, and the deal memo PDF.

A booking is what the rest of Studio reads: a ``cast`` Assignment on the production with a
daily rate, linked from the character. The Day Out of Days, call sheets and the budget read
that link, so nothing else has to be told.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from casting.models import Candidate, Offer, Role
from core.events import emit
from core.exceptions import ApplicationError
from core.services import save_validated
from crew.models import Assignment, Department
from crew.services import departments_ensure_standard

CENT = Decimal("0.01")
# A weekly rate covers five shoot days, as the unions' weekly player contracts count it.
DAYS_PER_WEEK = 5


def daily_rate(offer: Offer) -> Decimal:
    """Return the offer's rate per day, rounded half up to the cent."""
    rate = Decimal(offer.rate)
    if offer.rate_unit == Offer.RateUnit.WEEK:
        rate = rate / DAYS_PER_WEEK
    return rate.quantize(CENT, rounding=ROUND_HALF_UP)


def _cast_department() -> Department:
    department = Department.objects.filter(production=None, name="Cast").first()
    if department is None:
        departments_ensure_standard()
        department = Department.objects.get(production=None, name="Cast")
    return department


def booking_make(*, offer: Offer, by) -> Assignment:
    """Book the offer's candidate; runs inside ``offer_answer``'s transaction."""
    candidate = (
        Candidate.objects.select_for_update()
        .select_related("person", "role")
        .get(pk=offer.candidate_id)
    )
    role = Role.objects.select_for_update().select_related("character").get(pk=candidate.role_id)
    if role.assignment_id is not None:
        raise ApplicationError(
            f"{role.name} is already cast: release that booking first.", status_code=409
        )
    candidate.book()
    candidate.save(update_fields=["status", "updated_at"])
    assignment = Assignment(
        production=role.production,
        person=candidate.person,
        department=_cast_department(),
        title=role.character.name.title(),
        role_kind=Assignment.RoleKind.CAST,
        start_date=offer.start_date,
        end_date=offer.end_date,
        daily_rate=daily_rate(offer),
    )
    save_validated(assignment)
    role.character.assignment = assignment
    role.character.save(update_fields=["assignment"])
    role.assignment = assignment
    role.status = Role.Status.CAST
    role.save(update_fields=["assignment", "status"])
    offer.deal_memo.save("memo.pdf", ContentFile(deal_memo_pdf(offer, assignment)), save=True)
    emit(
        production_id=role.production_id,
        event="casting.actor_booked",
        payload={
            "role": role.pk,
            "candidate": candidate.pk,
            "assignment": assignment.pk,
            "character": role.character_id,
        },
    )
    return assignment


@transaction.atomic
def booking_release(*, role: Role, by) -> list[str]:
    """Unbook the role's actor and return, in words, what that changed."""
    role = Role.objects.select_for_update().select_related("character").get(pk=role.pk)
    assignment = role.assignment
    if assignment is None:
        raise ApplicationError("No one is booked for this role.", status_code=409)
    person = assignment.person
    changes = [
        f"{person.name} is no longer cast as {role.name}.",
        f"{role.character.name} has no actor: the Day Out of Days and call sheets drop "
        f"{person.name} from the next version.",
        f"{person.name}'s cast role on the crew list is removed.",
        "The role is open again.",
    ]
    role.character.assignment = None
    role.character.save(update_fields=["assignment"])
    role.assignment = None
    role.status = Role.Status.OPEN
    role.save(update_fields=["assignment", "status"])
    booked = Candidate.objects.filter(role=role, status=Candidate.Status.BOOKED)
    for candidate in booked:
        candidate.release()
        candidate.release_message = "Booking released."
        candidate.save(update_fields=["status", "release_message", "updated_at"])
    assignment.delete()
    emit(
        production_id=role.production_id,
        event="casting.actor_released",
        payload={"role": role.pk, "person": person.pk, "changes": changes},
    )
    return changes


def deal_memo_draft_pdf(offer: Offer) -> bytes:
    """Render the memo an offer would make, marked as a draft, for the agent to read."""
    candidate = offer.candidate
    assignment = Assignment(
        production=offer.production, person=candidate.person, daily_rate=daily_rate(offer)
    )
    return deal_memo_pdf(offer, assignment, draft=True)


def deal_memo_pdf(offer: Offer, assignment: Assignment, *, draft: bool = False) -> bytes:
    """Render the deal memo for signature (WeasyPrint, fetching nothing)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    production = assignment.production
    html = render_to_string(
        "casting/deal_memo.html",
        {
            "offer": offer,
            "assignment": assignment,
            "production": production,
            "role": offer.candidate.role,
            "person": assignment.person,
            "daily_rate": assignment.daily_rate,
            "generated": timezone.localtime(timezone.now(), production.tz),
            "draft": draft,
        },
    )
    # Only inline data: the memo holds text people typed and must make no request.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
