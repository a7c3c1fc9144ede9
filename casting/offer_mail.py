"""An offer by email to the candidate's agent (or manager), with a link to the deal memo.

The agent has no account: the link ``/o/<token>/`` is personal like an invitation's (the token
an HMAC of the offer's salt, the database keeping only its digest) and answers while the offer
is out or accepted. Before acceptance it serves the memo drawn from the terms as they stand,
marked as a draft; after, the memo made for signature.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from casting import booking, outbox
from casting.models import Offer, OfferEmail
from core.exceptions import ApplicationError
from core.links import signed_token, token_digest

MEMO_PURPOSE = "studio.casting.deal-memo"
# The memo answers while the offer is out, and for the booked actor's paperwork after.
MEMO_STATES = {Offer.Status.SENT, Offer.Status.COUNTERED, Offer.Status.ACCEPTED}


def memo_token(salt: str) -> str:
    return signed_token(MEMO_PURPOSE, salt, length=16)


def memo_link(offer: Offer) -> str:
    if not offer.memo_salt:
        return ""
    path = reverse("casting:offer_memo_link", kwargs={"token": memo_token(offer.memo_salt)})
    return settings.STUDIO_BASE_URL.rstrip("/") + path


def offer_for_memo_token(token: str) -> Offer | None:
    """Return the offer a deal-memo token opens while it is out or accepted, else None."""
    if not token or len(token) > 40:
        return None
    return (
        Offer.objects.filter(
            memo_token_hash=token_digest(token),
            status__in=MEMO_STATES,
            production__deleted_at__isnull=True,
        )
        .select_related("production", "candidate__person", "candidate__role__character")
        .select_related("approved_by")
        .first()
    )


def recipients(person) -> tuple[str, str]:
    """Return (to, cc): the agent, else the manager, else the actor; the manager copied."""
    to = person.agent_email or person.manager_email or person.email
    cc = person.manager_email if person.agent_email and person.manager_email else ""
    return to, cc


def recipients_check(person) -> tuple[str, str]:
    to, cc = recipients(person)
    if not to:
        raise ApplicationError(
            f"No email address for {person.name}'s agent or manager, nor {person.name}: "
            "add one to the person before sending the offer.",
            errors={"candidate": ["No agent, manager or actor email."]},
            status_code=409,
        )
    return to, cc


def offer_email_send(*, email_id: int) -> bool:
    """Send one offer email, at most once; return whether it went now."""
    if outbox.claim(OfferEmail, email_id) is None:
        return False
    email = OfferEmail.objects.select_related(
        "offer__production", "offer__candidate__person", "offer__candidate__role", "event"
    ).get(pk=email_id)
    offer = email.offer
    # The terms as they were when this sending was decided (the history row), not later edits.
    terms = email.event.terms
    production = offer.production
    role = offer.candidate.role
    person = offer.candidate.person
    context = {
        "offer": offer,
        "terms": terms,
        "rate_unit": Offer.RateUnit(terms.get("rate_unit") or "day").label.lower(),
        "daily_rate": booking.daily_rate(
            Offer(rate=Decimal(terms["rate"]), rate_unit=terms.get("rate_unit") or "day")
        ),
        "production": production,
        "role": role,
        "person": person,
        "link": memo_link(offer),
    }
    message = EmailMultiAlternatives(
        subject=f"Offer: {person.name} as {role.name} in {production.title}",
        body=render_to_string("casting/emails/offer.txt", context),
        to=[email.to],
        cc=[email.cc] if email.cc else [],
        reply_to=[email.reply_to] if email.reply_to else [],
        headers={"Message-ID": outbox.message_id(email)},
    )
    try:
        message.send()
    except Exception as error:
        outbox.fail(OfferEmail, email_id, error)
        raise
    outbox.sent(OfferEmail, email_id)
    return True
