"""Audition sessions, their slots, invitations by personal link, the emails (at most once
each), the reminders the day before, the answers and the self-tapes."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from casting import outbox, tokens, uploads
from casting.models import AuditionSession, Candidate, InvitationEmail, SelfTape, Slot
from core import outbox as core_outbox
from core.events import emit
from core.exceptions import ApplicationError
from core.services import save_validated


def tape_max_bytes() -> int:
    return settings.STUDIO_SELF_TAPE_MAX_BYTES


def _slot_times(session: AuditionSession) -> list:
    start = datetime.combine(session.date, session.start)
    end = datetime.combine(session.date, session.end)
    step = timedelta(minutes=session.slot_minutes)
    times = []
    while start + step <= end:
        times.append(start.time())
        start += step
    return times or [session.start]


@transaction.atomic
def session_create(*, production, **fields) -> AuditionSession:
    """Create a session and split it into slots of ``slot_minutes``."""
    role = fields.get("role")
    if role is not None and role.production_id != production.pk:
        raise ApplicationError("That role is not in this production.", errors={"role": ["?"]})
    session = AuditionSession(production=production)
    for key in ("role", "kind", "date", "start", "end", "slot_minutes", "place", "notes"):
        if key in fields and fields[key] is not None:
            setattr(session, key, fields[key])
    save_validated(session)
    Slot.objects.bulk_create(Slot(session=session, start=t) for t in _slot_times(session))
    return session


@transaction.atomic
def session_invite(*, session: AuditionSession, candidates: list[Candidate]) -> list[Slot]:
    """Give each candidate an open slot and queue one invitation email each."""
    session = AuditionSession.objects.select_for_update().get(pk=session.pk)
    wrong = [c for c in candidates if c.role.production_id != session.production_id]
    if wrong or not candidates:
        raise ApplicationError(
            "Choose candidates of this production to invite.",
            errors={"candidates": ["Not candidates of this production."]},
        )
    have = set(session.slots.filter(candidate__isnull=False).values_list("candidate", flat=True))
    new = [c for c in candidates if c.pk not in have]
    free = list(session.slots.filter(candidate__isnull=True).order_by("start", "pk"))
    if len(free) < len(new):
        raise ApplicationError(
            f"The session has {len(free)} open slot(s) for {len(new)} new candidate(s).",
            errors={"candidates": ["Not enough open slots."]},
        )
    missing = [c.person.name for c in new if not (c.person.email or c.person.agent_email)]
    if missing:
        raise ApplicationError(
            f"No email address for {', '.join(missing)}: add theirs or their agent's.",
            errors={"candidates": ["No email address."]},
        )
    now = timezone.now()
    invited, emails = [], []
    for candidate, slot in zip(new, free, strict=False):
        slot.candidate = candidate
        slot.state = Slot.State.INVITED
        slot.salt = tokens.new_salt()
        slot.token_hash = tokens.token_hash(tokens.token_for(slot.salt))
        slot.invited_at = now
        slot.save()
        email = InvitationEmail.objects.create(
            slot=slot,
            kind=InvitationEmail.Kind.INVITE,
            to=candidate.person.email or candidate.person.agent_email,
        )
        emails.append(email.pk)
        invited.append(slot)
    core_outbox.enqueue_on_commit(outbox.INVITATION_TASK, emails)
    emit(
        production_id=session.production_id,
        event="casting.audition_invited",
        payload={"session": session.pk, "slots": [s.pk for s in invited]},
    )
    return invited


def invitation_email_send(*, email_id: int) -> bool:
    """Send one invitation or reminder email, at most once; return whether it went now."""
    if outbox.claim(InvitationEmail, email_id) is None:
        return False
    email = InvitationEmail.objects.select_related(
        "slot__session__production", "slot__session__role", "slot__candidate__person"
    ).get(pk=email_id)
    slot = email.slot
    context = {
        "slot": slot,
        "session": slot.session,
        "production": slot.session.production,
        "person": slot.candidate.person,
        "link": tokens.link_url(slot.salt),
        "reminder": email.kind == InvitationEmail.Kind.REMINDER,
        "moved": email.kind == InvitationEmail.Kind.MOVED,
    }
    prefix = {InvitationEmail.Kind.REMINDER: "Reminder: ", InvitationEmail.Kind.MOVED: "New time: "}
    subject = prefix.get(email.kind, "") + (
        f"Audition for {slot.session.production.title}, {slot.session.date:%a %-d %b} "
        f"at {slot.start:%H:%M}"
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("casting/emails/invitation.txt", context),
        to=[email.to],
        headers={"Message-ID": outbox.message_id(email)},
    )
    try:
        message.send()
    except Exception as error:
        outbox.fail(InvitationEmail, email_id, error)
        raise
    outbox.sent(InvitationEmail, email_id)
    return True


def reminders_enqueue(*, now: datetime | None = None) -> int:
    """Queue a reminder for every invited or confirmed slot of tomorrow's sessions, once.

    "Tomorrow" is in each production's time zone. The reminder row is unique per slot, so a
    second run (or a second beat) queues nothing.
    """
    now = now or timezone.now()
    earliest = (now - timedelta(days=1)).date()
    latest = (now + timedelta(days=2)).date()
    slots = Slot.objects.filter(
        session__date__range=(earliest, latest),
        state__in=[Slot.State.INVITED, Slot.State.CONFIRMED],
        candidate__isnull=False,
        session__production__deleted_at__isnull=True,
    ).exclude(emails__kind=InvitationEmail.Kind.REMINDER)
    queued = 0
    for slot in slots.select_related("session__production", "candidate__person"):
        tomorrow = timezone.localtime(now, slot.session.production.tz).date() + timedelta(days=1)
        if slot.session.date != tomorrow:
            continue
        person = slot.candidate.person
        with transaction.atomic():
            email, created = InvitationEmail.objects.get_or_create(
                slot=slot,
                kind=InvitationEmail.Kind.REMINDER,
                defaults={"to": person.email or person.agent_email},
            )
        if created and email.to:
            queued += core_outbox.enqueue(outbox.INVITATION_TASK, [email.pk])
    return queued


def open_slots_for_move(production) -> list[Slot]:
    """Return the open slots an invitation may move to: sessions from today on."""
    today = timezone.localdate(timezone=production.tz)
    return list(
        Slot.objects.filter(
            session__production=production, session__date__gte=today, candidate__isnull=True
        )
        .select_related("session__role")
        .order_by("session__date", "start", "pk")
    )


@transaction.atomic
def slot_move(*, slot: Slot, to: Slot) -> Slot:
    """Move an invitation to another slot (of this session or another), keeping its link.

    The actor's personal link is the same (the salt moves with them), the new time is emailed
    once, and the reminder is sent again for the new day. A taken slot is refused in words.
    """
    # Lock both rows in a fixed order so two moves at once cannot deadlock or share a slot.
    locked = {
        s.pk: s
        for s in Slot.objects.select_for_update(of=("self",))
        .filter(pk__in=[slot.pk, to.pk])
        .select_related("session__production", "candidate__person")
        .order_by("pk")
    }
    slot, to = locked.get(slot.pk), locked.get(to.pk)
    if slot is None or to is None or to.session.production_id != slot.session.production_id:
        raise ApplicationError(
            "Choose a slot of this production's auditions.", errors={"to": ["Not found."]}
        )
    if slot.candidate_id is None:
        raise ApplicationError(
            "No one is invited to that slot, so there is nothing to move.",
            errors={"slot": ["Not invited."]},
        )
    if slot.pk == to.pk:
        raise ApplicationError(
            "That is the slot the invitation already has.", errors={"to": ["Same slot."]}
        )
    when = f"{to.session.date:%a %-d %b} at {to.start:%H:%M}"
    if to.candidate_id is not None:
        raise ApplicationError(
            f"The slot {when} is taken: choose an open one.",
            errors={"to": ["That slot is full."]},
            status_code=409,
        )
    candidate = slot.candidate
    if (
        to.session_id != slot.session_id
        and Slot.objects.filter(session_id=to.session_id, candidate=candidate).exists()
    ):
        raise ApplicationError(
            f"{candidate.person.name} already has a slot in that session.",
            errors={"to": ["Already invited to that session."]},
            status_code=409,
        )
    today = timezone.localdate(timezone=to.session.production.tz)
    if to.session.date < today:
        raise ApplicationError(
            f"The session of {when} is over.", errors={"to": ["That session is over."]}
        )
    salt, token_hash, invited_at = slot.salt, slot.token_hash, slot.invited_at
    slot.candidate, slot.state, slot.note = None, Slot.State.OPEN, ""
    slot.salt = slot.token_hash = ""
    slot.invited_at = slot.answered_at = slot.rescheduled_at = None
    slot.save()
    to.candidate, to.state, to.note = candidate, Slot.State.INVITED, ""
    to.salt, to.token_hash, to.invited_at = salt, token_hash, invited_at
    to.answered_at, to.rescheduled_at = None, timezone.now()
    to.save()
    # The emails follow the person; a reminder for the old day is no reminder for the new one.
    InvitationEmail.objects.filter(slot=slot, kind=InvitationEmail.Kind.REMINDER).delete()
    InvitationEmail.objects.filter(slot=slot).update(slot=to)
    person = candidate.person
    email = InvitationEmail.objects.create(
        slot=to, kind=InvitationEmail.Kind.MOVED, to=person.email or person.agent_email
    )
    if email.to:
        core_outbox.enqueue_on_commit(outbox.INVITATION_TASK, [email.pk])
    # A move is an invitation to a new time: the same event, saying where it came from.
    emit(
        production_id=to.session.production_id,
        event="casting.audition_invited",
        payload={"session": to.session_id, "slots": [to.pk], "moved_from": slot.pk},
    )
    return to


ANSWERS = {
    "confirm": Slot.State.CONFIRMED,
    "decline": Slot.State.DECLINED,
    "reschedule": Slot.State.RESCHEDULE,
}


@transaction.atomic
def invitation_answer(*, slot: Slot, answer: str, note: str = "") -> Slot:
    """Record the actor's (or agent's) answer at their link."""
    if answer not in ANSWERS:
        raise ApplicationError(
            "Answer confirm, decline or reschedule.", errors={"answer": ["Not a valid answer."]}
        )
    if len(note) > 2000:
        raise ApplicationError("The note is too long.", errors={"note": ["2000 characters."]})
    slot = Slot.objects.select_for_update().get(pk=slot.pk)
    slot.state = ANSWERS[answer]
    slot.note = note
    slot.answered_at = timezone.now()
    slot.save(update_fields=["state", "note", "answered_at"])
    emit(
        production_id=slot.session.production_id,
        event="casting.audition_answered",
        payload={"session": slot.session_id, "slot": slot.pk, "state": slot.state},
    )
    return slot


def _check_tape(upload) -> str:
    """Return the tape's video type read from its bytes, or refuse it in words."""
    if upload.size > tape_max_bytes():
        raise ApplicationError(
            f"The video is larger than the limit of {tape_max_bytes() // (1024 * 1024)} MB.",
            errors={"file": ["Too large."]},
        )
    if upload.size == 0:
        raise ApplicationError("The upload was empty or interrupted.", errors={"file": ["Empty."]})
    # The bytes decide, never the name or the browser's word: "tape.mp4" may be a script.
    content_type = uploads.video_type(upload)
    if content_type is None:
        raise ApplicationError(
            "A self-tape must be a video (MP4, MOV or WebM); this file does not look like one.",
            errors={"file": ["Not a video file."]},
        )
    uploads.virus_scan(upload)
    return content_type


@transaction.atomic
def self_tape_upload(*, slot: Slot, upload) -> SelfTape:
    """Store a self-tape under a random name; refuse anything but a whole video in words."""
    content_type = _check_tape(upload)
    tape = SelfTape(
        slot=slot,
        content_type=content_type,
        size=upload.size,
        original_name=(upload.name or "")[:200],
    )
    # The stored name is random with the sniffed type's suffix (models.tape_path).
    tape.file.save("tape" + uploads.VIDEO_SUFFIX[content_type], upload, save=False)
    tape.save()
    return tape
