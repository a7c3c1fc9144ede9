"""The demo's discussion: threads between the director, the producers and the writer on scenes
and the schedule, a mention of @camera, one pending and one given sign-off, and a few days of
activity. Idempotent: a production that has comments already is left alone."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from collaboration import approvals, services
from collaboration.models import Activity, Comment
from core.exceptions import ApplicationError
from productions.models import Membership, Production

PASSWORD = "studio-demo"


def _member(production: Production, username: str, first: str, last: str, access: str):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@longnight.example"},
    )
    if created:
        user.set_password(PASSWORD)
        user.save()
    Membership.objects.get_or_create(production=production, user=user, defaults={"access": access})
    return user


def _camera_user(production: Production) -> None:
    """Give the Camera department's first person a Studio account, so @camera reaches someone."""
    from crew.models import Assignment

    role = (
        Assignment.objects.filter(production=production, department__name="Camera")
        .select_related("person")
        .order_by("pk")
        .first()
    )
    if role is None or role.person.user_id:
        return
    user = _member(production, "dp", *_split(role.person.name), Membership.Access.CREW)
    role.person.user = user
    role.person.save(update_fields=["user"])


def _split(name: str) -> tuple[str, str]:
    first, _, last = name.partition(" ")
    return first, last


def _say(production, by, on, body, parent=None, **extra):
    try:
        return services.comment_create(
            production=production, by=by, on=on, body=body, parent=parent, **extra
        )
    except ApplicationError:
        # A mention the demo's data cannot reach (no one in the department) stays plain text.
        return services.comment_create(
            production=production, by=by, on=on, body=body.replace("@", ""), parent=parent
        )


def demo_collaboration_seed(production: Production) -> None:
    if Comment.objects.filter(production=production).exists():
        return
    producer = production.memberships.filter(access=Membership.Access.OWNER).first().user
    director = _member(production, "director", "Ada", "Vance", Membership.Access.PRODUCER)
    writer = _member(production, "writer", "Jo", "Marlowe", Membership.Access.CREW)
    _camera_user(production)
    scenes = list(production.scenes.order_by("script_order")[:2])
    if not scenes:
        return
    first, second = scenes[0], scenes[-1]
    on_first, on_second = f"scene:{first.pk}", f"scene:{second.pk}"
    opening = _say(
        production,
        director,
        on_first,
        "I want this at **dusk**, not night. @writer can the dialogue carry the light change?",
    )
    _say(production, writer, on_first, "Yes: I'll move the line about the lamps.", opening)
    _say(production, producer, on_first, "Dusk means a short window; agreed.", opening)
    services.comment_mark_decision(
        comment=opening,
        by=director,
        membership=Membership(production=production, user=director, access="producer"),
    )
    _say(production, director, on_second, "@camera we need the crane for the reveal.")
    version = getattr(production, "schedule_versions", None)
    version = version.filter(is_active=True).first() if version is not None else None
    if version is not None:
        on_board = f"schedule_version:{version.pk}"
        thread = _say(production, producer, on_board, "Can we shoot the exteriors first?")
        _say(production, director, on_board, "Only if the weather cover holds.", thread)
        membership = Membership.objects.get(production=production, user=producer)
        approvals.approval_request(
            production=production,
            by=producer,
            membership=membership,
            on=on_board,
            approvers=["director"],
            note="Lock the board for the first week?",
        )
    given = approvals.approval_request(
        production=production,
        by=director,
        membership=Membership.objects.get(production=production, user=director),
        on=on_first,
        approvers=[producer.username],
        note="The dusk version of the scene.",
    )
    approvals.approval_decide(
        approval=given,
        by=producer,
        membership=Membership.objects.get(production=production, user=producer),
        decision="approved",
        note="Approved.",
    )
    # A few days of activity, as if the office had been at it all week.
    now = timezone.now()
    for days, (actor, summary) in enumerate(
        [
            (producer, "Imported the script"),
            (director, "Changed scene 1"),
            (producer, "Changed the board"),
        ],
        start=1,
    ):
        item = Activity.objects.create(
            production=production, event="scene.changed", actor=actor, summary=summary
        )
        Activity.objects.filter(pk=item.pk).update(created_at=now - timedelta(days=days))
