"""Every write of casting's roles, candidates, picks and offers; one transaction each.

Auditions and their invitations are in ``casting.auditions``, the booking an accepted offer
makes in ``casting.booking``: three modules of one job each.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django_fsm import TransitionNotAllowed

from casting import offer_mail, outbox, selectors, tokens, uploads
from casting.models import Candidate, Headshot, Offer, OfferEmail, OfferEvent, Pick, Role
from collaboration.services import signoff_required_check
from core import outbox as core_outbox
from core.events import emit
from core.exceptions import ApplicationError
from core.services import save_validated
from productions.models import Character, Production

ROLE_FIELDS = ("name", "description", "age_range", "gender", "union", "rate", "status", "sides")
S = Candidate.Status

# The board's target state -> the transition that reaches it.
MOVES = {
    S.SHORTLISTED: "shortlist",
    S.CALLBACK: "callback",
    S.PINNED: "pin",
    S.ON_AVAIL: "put_on_avail",
    S.ON_HOLD: "put_on_hold",
    S.RELEASED: "release",
}


def _label(status: str) -> str:
    return Candidate.Status(status).label.lower()


def _role_event(role: Role, event: str = "casting.role_changed", **extra) -> None:
    emit(
        production_id=role.production_id,
        event=event,
        payload={"role": role.pk, "status": role.status, **extra},
    )


def _candidate_event(candidate: Candidate) -> None:
    emit(
        production_id=candidate.role.production_id,
        event="casting.candidate_changed",
        payload={"role": candidate.role_id, "candidate": candidate.pk, "status": candidate.status},
    )


# ---------------------------------------------------------------- roles


@transaction.atomic
def role_create(*, production: Production, character: Character, **fields: Any) -> Role:
    if character.production_id != production.pk:
        raise ApplicationError(
            "That character is not in this production.", errors={"character": ["Not found."]}
        )
    role = Role(production=production, character=character, name=character.name)
    for key, value in fields.items():
        if key in ROLE_FIELDS and value is not None:
            setattr(role, key, value)
    save_validated(role)
    _role_event(role)
    return role


@transaction.atomic
def roles_create_from_script(*, production: Production) -> list[Role]:
    """Open a role for every character of the script that has none; return the new ones."""
    return [
        role_create(production=production, character=character)
        for character in selectors.characters_without_role(production)
    ]


@transaction.atomic
def role_update(*, role: Role, **fields: Any) -> Role:
    if fields.get("status") == Role.Status.CAST and role.assignment_id is None:
        raise ApplicationError(
            "A role is cast by accepting an offer, not by changing its status.",
            errors={"status": ["Accept an offer to cast the role."]},
        )
    if role.status == Role.Status.CAST and fields.get("status") not in (None, Role.Status.CAST):
        raise ApplicationError(
            "The role is cast: release the booked actor first.",
            errors={"status": ["Release the booked actor first."]},
        )
    sides = fields.get("sides")
    if isinstance(sides, UploadedFile):
        _check_sides(sides)
    for key, value in fields.items():
        if key in ROLE_FIELDS:
            setattr(role, key, value)
    save_validated(role)
    _role_event(role)
    return role


def _check_sides(upload) -> None:
    """Sides are a PDF: the actor downloads them from their link, so nothing else is served."""
    head = upload.read(5)
    upload.seek(0)
    if not (upload.name or "").lower().endswith(".pdf") or head != b"%PDF-":
        raise ApplicationError("Sides must be a PDF.", errors={"sides": ["Upload a PDF."]})
    if upload.size > 20 * 1024 * 1024:
        raise ApplicationError("Sides are limited to 20 MB.", errors={"sides": ["Too large."]})


# ---------------------------------------------------------------- candidates


@transaction.atomic
def candidate_add(*, role: Role, person, headshot=None, by=None, **fields: Any) -> Candidate:
    if role.status != Role.Status.OPEN:
        raise ApplicationError(f"The role is {role.get_status_display().lower()}, not open.")
    candidate = Candidate(role=role, person=person)
    for key in ("source", "photo_url", "links"):
        if fields.get(key) is not None:
            setattr(candidate, key, fields[key])
    save_validated(candidate)
    if headshot is not None:
        headshot_upload(candidate=candidate, upload=headshot, by=by)
    _candidate_event(candidate)
    return candidate


def headshot_max_bytes() -> int:
    return settings.STUDIO_HEADSHOT_MAX_BYTES


@transaction.atomic
def headshot_upload(*, candidate: Candidate, upload, by=None) -> Headshot:
    """Store a headshot under a random name if its bytes are a PNG, JPEG or WebP image."""
    limit = headshot_max_bytes()
    if not upload or not upload.size:
        raise ApplicationError("The photo is empty.", errors={"headshot": ["Empty file."]})
    if upload.size > limit:
        text = f"The photo is larger than the limit of {limit // (1024 * 1024)} MB."
        raise ApplicationError(text, errors={"headshot": [text]})
    found = uploads.image_type(upload)
    if found is None:
        text = "A headshot must be a PNG, JPEG or WebP image; this file is not one."
        raise ApplicationError(text, errors={"headshot": [text]})
    content_type, (width, height) = found
    uploads.virus_scan(upload, field="headshot")
    headshot = Headshot(
        candidate=candidate,
        content_type=content_type,
        size=upload.size,
        width=width,
        height=height,
        uploaded_by=by,
    )
    headshot.file.save("photo" + uploads.IMAGE_SUFFIX[content_type], upload, save=False)
    try:
        save_validated(headshot)
    except ApplicationError:
        headshot.file.delete(save=False)
        raise
    _candidate_event(candidate)
    return headshot


def _allowed_from(candidate: Candidate) -> list[str]:
    """Where the candidate may go from here, in the trade's order."""
    targets = {t.target for t in candidate.get_available_status_transitions()}
    return [s.value for s in Candidate.Status if s.value in targets]


def _refuse(candidate: Candidate, target: str) -> ApplicationError:
    if target == S.BOOKED:
        text = "A candidate is booked only by accepting an offer."
    elif target == S.OFFERED:
        text = "A candidate is offered the role by sending an approved offer."
    else:
        allowed = [_label(s) for s in _allowed_from(candidate) if s not in (S.OFFERED, S.BOOKED)]
        where = ", ".join(allowed) if allowed else "nowhere"
        text = (
            f"{candidate.person.name} is {_label(candidate.status)} and cannot move to "
            f"{_label(target)}; from here they can move to {where}."
        )
    return ApplicationError(text, errors={"status": [text]}, status_code=409)


@transaction.atomic
def candidate_move(*, candidate: Candidate, status: str, message: str = "") -> Candidate:
    """Move a candidate along the trade's states, or refuse in words and change nothing."""
    candidate = (
        Candidate.objects.select_for_update().select_related("person", "role").get(pk=candidate.pk)
    )
    if status == candidate.status:
        return candidate
    if status == S.RELEASED and candidate.status == S.BOOKED:
        raise ApplicationError(
            "The candidate is booked: use 'release booking', which says what it changes.",
            errors={"status": ["Release the booking explicitly."]},
            status_code=409,
        )
    method = MOVES.get(status)
    if method is None:
        raise _refuse(candidate, status)
    try:
        getattr(candidate, method)()
    except TransitionNotAllowed as error:
        raise _refuse(candidate, status) from error
    if status == S.RELEASED:
        candidate.release_message = message
    candidate.save(update_fields=["status", "release_message", "updated_at"])
    _candidate_event(candidate)
    return candidate


@transaction.atomic
def candidates_bulk_move(
    *, role: Role, candidate_ids: list[int], status: str, message: str = ""
) -> list[Candidate]:
    """Move several candidates at once: all of them, or none if one is refused."""
    chosen = list(Candidate.objects.filter(role=role, pk__in=candidate_ids).order_by("pk"))
    if len(chosen) != len(set(candidate_ids)):
        raise ApplicationError(
            "Some of those candidates are not on this role.",
            errors={"candidates": ["Not found on this role."]},
        )
    return [candidate_move(candidate=c, status=status, message=message) for c in chosen]


@transaction.atomic
def candidate_update(*, candidate: Candidate, **fields: Any) -> Candidate:
    for key in ("source", "photo_url", "links"):
        if key in fields:
            setattr(candidate, key, fields[key])
    save_validated(candidate)
    if fields.get("status") not in (None, candidate.status):
        candidate = candidate_move(
            candidate=candidate, status=fields["status"], message=fields.get("message", "")
        )
    return candidate


@transaction.atomic
def pick_record(*, candidate: Candidate, user, pick: str, note: str = "") -> Pick:
    if pick not in Pick.Choice.values:
        raise ApplicationError(
            "A pick is yes, no or maybe.", errors={"pick": ["Choose yes, no or maybe."]}
        )
    row, _ = Pick.objects.update_or_create(
        candidate=candidate, user=user, defaults={"pick": pick, "note": note}
    )
    _candidate_event(candidate)
    return row


# ---------------------------------------------------------------- offers

OFFER_TERMS = (
    "rate",
    "rate_unit",
    "guaranteed_days",
    "start_date",
    "end_date",
    "billing",
    "terms",
)


def offer_terms(offer: Offer) -> dict:
    def plain(value):
        if isinstance(value, Decimal):
            return str(value)
        return value.isoformat() if hasattr(value, "isoformat") else value

    return {key: plain(getattr(offer, key)) for key in OFFER_TERMS}


def _history(offer: Offer, by, note: str = "") -> OfferEvent:
    event = OfferEvent.objects.create(
        offer=offer, status=offer.status, by=by, note=note, terms=offer_terms(offer)
    )
    emit(
        production_id=offer.production_id,
        event="casting.offer_changed",
        payload={"offer": offer.pk, "candidate": offer.candidate_id, "status": offer.status},
    )
    return event


def _apply_terms(offer: Offer, fields: dict) -> None:
    for key in OFFER_TERMS:
        if fields.get(key) is not None:
            setattr(offer, key, fields[key])


def _transition(offer: Offer, method: str, words: str) -> None:
    try:
        getattr(offer, method)()
    except TransitionNotAllowed as error:
        raise ApplicationError(
            f"An offer that is {offer.get_status_display().lower()} cannot be {words}.",
            errors={"status": [f"The offer is {offer.status}."]},
            status_code=409,
        ) from error


@transaction.atomic
def offer_create(*, production: Production, candidate: Candidate, by, **fields: Any) -> Offer:
    """Draft an offer; guaranteed days default to the role's work days on the schedule."""
    if candidate.role.production_id != production.pk:
        raise ApplicationError("That candidate is not in this production.")
    if candidate.status not in Candidate.HELD:
        raise ApplicationError(
            f"{candidate.person.name} is {_label(candidate.status)}: offers go to candidates "
            "on callback, pinned, on avail or on hold.",
            errors={"candidate": ["Not ready for an offer."]},
        )
    offer = Offer(production=production, candidate=candidate, created_by=by)
    _apply_terms(offer, fields)
    if not fields.get("guaranteed_days"):
        days = selectors.roles_with_days(production, [candidate.role])[0].work_days
        offer.guaranteed_days = max(len(days), 1)
        offer.start_date = offer.start_date or (days[0] if days else None)
        offer.end_date = offer.end_date or (days[-1] if days else None)
    if offer.rate is None and candidate.role.rate is not None:
        offer.rate = candidate.role.rate
    save_validated(offer)
    _history(offer, by, "Drafted.")
    return offer


@transaction.atomic
def offer_update(*, offer: Offer, by, **fields: Any) -> Offer:
    if offer.status != Offer.Status.DRAFT:
        raise ApplicationError(
            f"Only a draft can be changed; this offer is {offer.get_status_display().lower()}.",
            status_code=409,
        )
    _apply_terms(offer, fields)
    save_validated(offer)
    _history(offer, by, "Terms changed.")
    return offer


@transaction.atomic
def offer_approve(*, offer: Offer, by, membership) -> Offer:
    if not membership.can_manage:
        raise ApplicationError(
            "Only the production's owners and producers can approve an offer.", status_code=403
        )
    _transition(offer, "approve", "approved")
    offer.approved_by = by
    offer.save(update_fields=["status", "approved_by"])
    _history(offer, by, "Approved.")
    return offer


@transaction.atomic
def offer_send(*, offer: Offer, by) -> Offer:
    """Send approved terms: the candidate is offered and the agent gets them by email, once."""
    offer = (
        Offer.objects.select_for_update()
        .select_related("production", "candidate__person")
        .get(pk=offer.pk)
    )
    if offer.status == Offer.Status.DRAFT:
        raise ApplicationError(
            "The offer is not approved yet: an owner or producer approves it before it is sent.",
            errors={"status": ["Not approved."]},
            status_code=409,
        )
    # A production may require an approved sign-off of the offer first (collaboration).
    signoff_required_check(production=offer.production_id, kind="offer", obj=offer, action="offer")
    _transition(offer, "send", "sent")
    to, cc = offer_mail.recipients_check(offer.candidate.person)
    candidate = Candidate.objects.select_for_update().get(pk=offer.candidate_id)
    if candidate.status != S.OFFERED:
        try:
            candidate.offer()
        except TransitionNotAllowed as error:
            raise ApplicationError(
                f"The candidate is {_label(candidate.status)} and cannot be offered the role.",
                status_code=409,
            ) from error
        candidate.save(update_fields=["status", "updated_at"])
    if not offer.memo_salt:
        # One link per offer: a countered offer sent again keeps the agent's link.
        offer.memo_salt = tokens.new_salt()
        offer.memo_token_hash = tokens.token_hash(offer_mail.memo_token(offer.memo_salt))
    offer.save(update_fields=["status", "memo_salt", "memo_token_hash"])
    event = _history(offer, by, f"Sent to {to}.")
    email = OfferEmail.objects.create(
        offer=offer, event=event, to=to, cc=cc, reply_to=getattr(by, "email", "") or ""
    )
    core_outbox.enqueue_on_commit(outbox.OFFER_TASK, [email.pk])
    return offer


@transaction.atomic
def offer_withdraw(*, offer: Offer, by, note: str = "") -> Offer:
    _transition(offer, "withdraw", "withdrawn")
    offer.save(update_fields=["status"])
    _candidate_offer_closed(offer.candidate_id)
    _history(offer, by, note or "Withdrawn.")
    return offer


def _candidate_offer_closed(candidate_id: int) -> None:
    candidate = Candidate.objects.select_for_update().get(pk=candidate_id)
    if candidate.status == S.OFFERED:
        candidate.offer_closed()
        candidate.save(update_fields=["status", "updated_at"])


@transaction.atomic
def offer_answer(*, offer: Offer, answer: str, by, note: str = "", **terms: Any) -> Offer:
    """Record the other side's answer; "accepted" books the actor (``casting.booking``)."""
    from casting.booking import booking_make

    offer = Offer.objects.select_for_update().select_related("candidate__role").get(pk=offer.pk)
    if answer == "accepted":
        _transition(offer, "accept", "accepted")
        offer.save(update_fields=["status"])
        _history(offer, by, note or "Accepted.")
        booking_make(offer=offer, by=by)
    elif answer == "countered":
        _transition(offer, "counter", "countered")
        _apply_terms(offer, terms)
        save_validated(offer)
        _history(offer, by, note or "Countered with new terms.")
    elif answer == "declined":
        _transition(offer, "decline", "declined")
        offer.save(update_fields=["status"])
        _candidate_offer_closed(offer.candidate_id)
        _history(offer, by, note or "Declined.")
    elif answer == "withdrawn":
        offer = offer_withdraw(offer=offer, by=by, note=note)
    else:
        raise ApplicationError(
            "The answer is accepted, countered, declined or withdrawn.",
            errors={"answer": ["Not a valid answer."]},
        )
    return offer
