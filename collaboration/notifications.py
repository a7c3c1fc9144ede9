"""Notifications: who gets one, how each person wants each kind, the emails and the digest.

Every email is a row (``OutgoingEmail``) claimed before it is sent, so a retried or duplicated
task never sends it twice; a digest row carries its person's local date as a unique key, so
there is at most one digest a day per person. The rows are the outbox (``core.outbox``):
``emails_requeue`` (beat) queues again every email still unsent after the grace period, one
whose task was lost with the broker or whose worker died holding its claim.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from collaboration import live
from collaboration.inbox import unread_count
from collaboration.models import Notification, OutgoingEmail, Preference
from collaboration.unread import unread_raise, unread_store
from core import outbox
from productions.models import Membership

logger = logging.getLogger(__name__)

DEFAULTS = {
    Notification.Kind.MENTIONS: Preference.Delivery.EMAIL,
    Notification.Kind.REPLIES: Preference.Delivery.EMAIL,
    Notification.Kind.APPROVALS: Preference.Delivery.EMAIL,
    Notification.Kind.CALLSHEETS: Preference.Delivery.DIGEST,
    Notification.Kind.CASTING: Preference.Delivery.DIGEST,
    Notification.Kind.BUDGET: Preference.Delivery.DIGEST,
}
# The local hour from which a person's daily digest goes out.
DIGEST_HOUR = 7
UNSUBSCRIBE_SALT = "studio.collaboration.unsubscribe"
# What an unsubscribe link of the digest email names: every kind sent by digest.
DIGEST = Preference.Delivery.DIGEST.value


# ---------------------------------------------------------------- preferences


def preferences_of(user) -> dict[str, str]:
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind.value: chosen.get(kind.value, DEFAULTS[kind]) for kind in Notification.Kind}


@transaction.atomic
def preferences_set(*, user, choices: dict[str, str]) -> dict[str, str]:
    """Set how ``user`` wants each kind named in ``choices``; refuse unknown words."""
    kinds, deliveries = set(Notification.Kind.values), set(Preference.Delivery.values)
    errors = {
        k: [f"Choose one of {', '.join(sorted(deliveries))}."]
        for k, v in choices.items()
        if k in kinds and v not in deliveries
    }
    errors.update({k: ["Not a kind of notification."] for k in choices if k not in kinds})
    if errors:
        from core.exceptions import ApplicationError

        raise ApplicationError("Some choices were not understood; nothing changed.", errors=errors)
    for kind, delivery in choices.items():
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
    return preferences_of(user)


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(user_id: int, kind: str) -> str:
    path = reverse("collaboration:unsubscribe", kwargs={"token": unsubscribe_token(user_id, kind)})
    return settings.STUDIO_BASE_URL.rstrip("/") + path


def unsubscribe_read(*, token: str) -> tuple[object, str]:
    """Return (user, kind) that an unsubscribe token names, changing nothing.

    ``kind`` is a kind of notification, or ``DIGEST`` for the daily digest as a whole.
    """
    from core.exceptions import ApplicationError

    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user = get_user_model().objects.get(pk=data["u"])
        kind = data["k"] if data["k"] == DIGEST else Notification.Kind(data["k"]).value
    except (signing.BadSignature, KeyError, TypeError, ValueError, get_user_model().DoesNotExist):
        raise ApplicationError("This unsubscribe link is not valid.", status_code=404) from None
    return user, kind


def unsubscribe_label(kind: str) -> str:
    return "the daily digest" if kind == DIGEST else Notification.Kind(kind).label.lower()


@transaction.atomic
def unsubscribe(*, token: str) -> tuple[object, str]:
    """Stop emails of one kind for the person the token names; return (user, kind).

    The digest's own link moves every kind that person gets by digest to "in Studio only".
    """
    user, kind = unsubscribe_read(token=token)
    if kind == DIGEST:
        kinds = [k for k, delivery in preferences_of(user).items() if delivery == DIGEST]
    else:
        kinds = [kind]
    for k in kinds:
        Preference.objects.update_or_create(
            user=user, kind=k, defaults={"delivery": Preference.Delivery.NONE}
        )
    return user, kind


# ---------------------------------------------------------------- creating notifications


def notify(
    *,
    user_ids: Iterable[int],
    kind: str,
    production,
    text: str,
    members: dict[int, Membership] | None = None,
    visible: Callable[[Membership], bool] | None = None,
    on_kind: str = "",
    on_id: int | None = None,
    actor=None,
    url: str = "",
) -> list[Notification]:
    """Notify members of ``production`` who may see the object; email or queue for the digest.

    Must run inside the caller's transaction: the emails are enqueued when it commits.
    """
    user_ids = set(user_ids)
    if members is None:
        members = {
            m.user_id: m
            for m in Membership.objects.filter(production=production, user__in=user_ids)
        }
    recipients = sorted(
        u for u in user_ids if u in members and (visible is None or visible(members[u]))
    )
    if not recipients:
        return []
    chosen = dict(
        Preference.objects.filter(user__in=recipients, kind=kind).values_list("user_id", "delivery")
    )
    delivery = {u: chosen.get(u, DEFAULTS[Notification.Kind(kind)]) for u in recipients}
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=u,
                production=production,
                kind=kind,
                on_kind=on_kind,
                on_id=on_id,
                actor=actor,
                text=text[:300],
                url=url[:300],
                digest_pending=delivery[u] == Preference.Delivery.DIGEST,
            )
            for u in recipients
        ]
    )
    emailed = [n for n in created if delivery[n.recipient_id] == Preference.Delivery.EMAIL]
    # One notification's emails differ only in their unsubscribe link: render the body once.
    body = _notification_body(emailed[0], production) if emailed else ""
    emails = OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                recipient_id=n.recipient_id,
                notification=n,
                subject=f"{production.title}: {n.text}"[:200],
                body=body.replace(UNSUBSCRIBE_SLOT, unsubscribe_url(n.recipient_id, n.kind)),
            )
            for n in emailed
        ]
    )
    if emails:
        ids = [e.pk for e in emails]
        transaction.on_commit(lambda: _enqueue_emails(ids))
    transaction.on_commit(lambda: unread_raise(recipients))
    live.notify_users_on_commit(
        [(n.recipient_id, {"event": "notification", "id": n.pk}) for n in created]
    )
    return created


# Where each recipient's own unsubscribe link goes in a body rendered once for them all.
UNSUBSCRIBE_SLOT = "\x00unsubscribe\x00"


def _notification_body(notification: Notification, production) -> str:
    """Render the email of ``notification``; its unsubscribe link is ``UNSUBSCRIBE_SLOT``."""
    base = settings.STUDIO_BASE_URL.rstrip("/")
    return render_to_string(
        "collaboration/emails/notification.txt",
        {
            "notification": notification,
            "production": production,
            "link": base + notification.url if notification.url.startswith("/") else base,
            "inbox": base + reverse("collaboration:inbox"),
            "unsubscribe": UNSUBSCRIBE_SLOT,
            "kind_label": Notification.Kind(notification.kind).label.lower(),
        },
    )


EMAIL_TASK = "collaboration.tasks.email_send_task"


FAN_OUT_TASK = "collaboration.tasks.emails_fan_out_task"


def _enqueue_emails(ids: list[int]) -> None:
    # By name: tasks import this module, never the reverse. Never raising: what the broker
    # refuses, emails_requeue queues later.
    if len(ids) > 1:
        # One message for many: a department mention decides 200 emails at once, and
        # publishing 200 tasks would hold its request for ~100 ms; a worker publishes them.
        outbox.enqueue(FAN_OUT_TASK, [(ids,)])
    else:
        outbox.enqueue(EMAIL_TASK, ids)


def emails_fan_out(*, ids: list[int]) -> int:
    """Queue one send task per email (each with its own retries); return how many."""
    return outbox.enqueue(EMAIL_TASK, ids)


def emails_unsent(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Return the emails still unsent after the grace period and held by no live claim."""
    return list(
        OutgoingEmail.objects.filter(sent_at=None)
        .filter(outbox.due("created_at", now=now))
        .filter(outbox.unclaimed(now=now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def emails_requeue(*, now: datetime | None = None) -> int:
    """Queue again every email still unsent after the grace period; return how many."""
    return outbox.enqueue(EMAIL_TASK, emails_unsent(now=now))


# ---------------------------------------------------------------- reading


def notifications_mark_read(*, user, ids: list[int] | None = None, all: bool = False) -> int:
    """Mark the user's own notifications read; return how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at=None)
    if not all:
        unread = unread.filter(pk__in=ids or [])
    marked = unread.update(read_at=timezone.now())
    unread_store(user.pk, unread_count(user))
    return marked


# ---------------------------------------------------------------- sending


def email_send(*, email_id: int) -> bool:
    """Send one queued email at most once; return whether it was sent now."""
    unsent = OutgoingEmail.objects.filter(sent_at=None)
    if outbox.claim(unsent, email_id) is None:
        return False
    email = OutgoingEmail.objects.select_related("recipient", "notification").get(pk=email_id)
    if not email.recipient.email:
        OutgoingEmail.objects.filter(pk=email_id).update(sent_at=timezone.now())
        return False
    kind = email.notification.kind if email.notification_id else DIGEST
    message = EmailMessage(email.subject, email.body, to=[email.recipient.email])
    # RFC 8058: mail clients offer "unsubscribe" and POST to the link; a GET only asks.
    message.extra_headers = {
        "List-Unsubscribe": f"<{unsubscribe_url(email.recipient_id, kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        # The same on every attempt, so a repeat after a lost worker can be deduplicated.
        "Message-ID": outbox.message_id("email", email.pk),
    }
    # A failure keeps the claim: the sweep tries again once its lease is over. Given back
    # at once, every sweep would start another chain of retries against a mail server that
    # is down.
    message.send()
    OutgoingEmail.objects.filter(pk=email_id).update(sent_at=timezone.now())
    return True


def _local_now(user_id: int, now: datetime):
    """Return ``now`` in the person's production's time zone (their first membership's)."""
    membership = (
        Membership.objects.filter(user_id=user_id).select_related("production").order_by("pk")
    ).first()
    return now.astimezone(membership.production.tz) if membership else now


def digests_send_due(*, now: datetime | None = None) -> int:
    """Queue today's digest for everyone whose local morning has come; return how many."""
    now = now or timezone.now()
    due = (
        Notification.objects.filter(digest_pending=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    queued = []
    for user_id in sorted(set(due)):
        local = _local_now(user_id, now)
        if local.hour < DIGEST_HOUR:
            continue
        email = _digest_create(user_id, local.date().isoformat())
        if email is not None:
            queued.append(email.pk)
    _enqueue_emails(queued)
    return len(queued)


@transaction.atomic
def _digest_create(user_id: int, local_date: str) -> OutgoingEmail | None:
    pending = list(
        Notification.objects.filter(recipient_id=user_id, digest_pending=True)
        .select_related("production")
        .order_by("production__title", "created_at")
        .select_for_update(of=("self",))
    )
    if not pending:
        return None
    base = settings.STUDIO_BASE_URL.rstrip("/")
    kinds = sorted({n.kind for n in pending})
    body = render_to_string(
        "collaboration/emails/digest.txt",
        {
            "notifications": pending,
            "base": base,
            "inbox": base + reverse("collaboration:inbox"),
            "unsubscribes": [
                (Notification.Kind(k).label, unsubscribe_url(user_id, k)) for k in kinds
            ],
        },
    )
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                recipient_id=user_id,
                digest_key=f"digest:{local_date}",
                subject=f"Studio: {len(pending)} update{'s' if len(pending) != 1 else ''} today",
                body=body,
            )
    except IntegrityError:
        # Today's digest went out already; the rest waits for tomorrow's.
        return None
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(digest_pending=False)
    return email
