"""Sign-offs: named people approve one version of an object; a later change shows as "changed".

Other apps call ``signoff_required_check`` before publishing a call sheet or sending an offer
(also importable from ``collaboration.services``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from collaboration import live, notifications, registry, thread_cache
from collaboration.models import Approval, Approver, Notification, ProductionPolicy
from core import events
from core.exceptions import ApplicationError
from productions.models import Membership, Production

OPEN = (Approval.Status.PENDING, Approval.Status.APPROVED)
ACTIONS = {
    # action: (policy field, what the refusal says)
    "publish": ("signoff_before_publish", "published"),
    "offer": ("signoff_before_offer", "sent"),
}


def policy_of(production: Production) -> ProductionPolicy:
    return ProductionPolicy.objects.filter(production=production).first() or ProductionPolicy(
        production=production
    )


@transaction.atomic
def policy_set(*, production: Production, by_membership: Membership, **fields) -> ProductionPolicy:
    if not by_membership.can_manage:
        raise ApplicationError(
            "Only the production's owners and producers can change the sign-off rules.",
            status_code=403,
        )
    policy, _ = ProductionPolicy.objects.get_or_create(production=production)
    for name in ("signoff_before_publish", "signoff_before_offer"):
        if name in fields:
            setattr(policy, name, bool(fields[name]))
    policy.save()
    return policy


def signoff_required_check(*, production: Production | int, kind: str, obj, action: str) -> None:
    """Refuse in words to ``action`` ("publish", "offer") an object the policy says needs a
    sign-off, unless its current version is approved."""
    production_id = production if isinstance(production, int) else production.pk
    field, verb = ACTIONS[action]
    policy = ProductionPolicy.objects.filter(production_id=production_id).first()
    if policy is None or not getattr(policy, field):
        return
    k = registry.kind(kind)
    # The stored row, not the caller's copy in memory, is what was signed off.
    current = k.objects_of(production_id).filter(pk=obj.pk).prefetch_related(*k.children).first()
    version = k.version(current) if current is not None else None
    approved = Approval.objects.filter(
        production_id=production_id,
        kind=kind,
        object_id=obj.pk,
        status=Approval.Status.APPROVED,
        version=version,
    ).exists()
    if not approved:
        noun = registry.noun(kind)
        raise ApplicationError(
            f"This {noun} needs an approved sign-off before it is {verb}: "
            f"ask for one on the {noun}'s page, or a producer can turn the rule off.",
            status_code=409,
        )


def _status_from(approvers: list[Approver]) -> str:
    decisions = {a.decision for a in approvers}
    if Approver.Decision.REJECTED in decisions:
        return Approval.Status.REJECTED
    if decisions == {Approver.Decision.APPROVED}:
        return Approval.Status.APPROVED
    return Approval.Status.PENDING


@transaction.atomic
def approval_request(
    *, production: Production, by, membership: Membership, on: str, approvers: list[str], note=""
) -> Approval:
    """Ask the named members to approve the object's current version."""
    kind, obj = registry.resolve(production.pk, on, membership)
    if not membership.can_edit and not membership.can_see_money and not membership.can_cast:
        raise ApplicationError(
            "Viewers and crew cannot ask for sign-offs; ask a coordinator or producer.",
            status_code=403,
        )
    names = [str(n).strip().lstrip("@").lower() for n in approvers or [] if str(n).strip()]
    if not names:
        raise ApplicationError(
            "Name at least one approver.", errors={"approvers": ["Name at least one person."]}
        )
    members = {
        m.user.username.lower(): m
        for m in Membership.objects.filter(production=production).select_related("user")
    }
    unknown = [n for n in names if n not in members]
    if unknown:
        raise ApplicationError(
            f"Not members of this production: {', '.join(unknown)}.",
            errors={"approvers": [f"{n} is not a member." for n in unknown]},
        )
    blind = [n for n in names if not kind.can_view(members[n])]
    if blind:
        raise ApplicationError(
            f"{', '.join(blind)} cannot see this {registry.noun(kind.name)}, "
            "so they cannot approve it.",
            errors={"approvers": [f"{n} may not see this." for n in blind]},
        )
    if len(note or "") > 2000:
        raise ApplicationError("A note has at most 2,000 characters.", errors={"note": ["Long."]})
    approval = Approval.objects.create(
        production=production,
        kind=kind.name,
        object_id=obj.pk,
        version=kind.version(obj),
        label=kind.label_of(obj)[:200],
        requested_by=by,
        note=note or "",
    )
    chosen = sorted({members[n].user_id for n in names})
    Approver.objects.bulk_create([Approver(approval=approval, user_id=u) for u in chosen])
    who = by.get_full_name() or by.username
    notifications.notify(
        user_ids=set(chosen) - {by.pk},
        kind=Notification.Kind.APPROVALS,
        production=production,
        text=f"{who} asks you to sign off {approval.label}",
        on_kind=kind.name,
        on_id=obj.pk,
        actor=by,
        url=kind.url(obj),
        visible=kind.can_view,
    )
    events.emit(
        production_id=production.pk,
        event="approval.requested",
        payload={"id": approval.pk, "on": approval.on, "version": approval.version},
    )
    return approval


def approval_decide(
    *, approval: Approval, by, membership: Membership, decision: str, note: str = ""
) -> Approval:
    """Record one named approver's decision; the sign-off is approved when all approve.

    A sign-off whose object changed since it was asked is marked so first (and stays marked
    when the decision is then refused), so nobody approves a version that is gone.
    """
    approvals_mark_changed(production_id=approval.production_id, ids=[approval.pk])
    return _approval_decide(
        approval=approval, by=by, membership=membership, decision=decision, note=note
    )


@transaction.atomic
def _approval_decide(
    *, approval: Approval, by, membership: Membership, decision: str, note: str
) -> Approval:
    approval = Approval.objects.select_for_update().get(pk=approval.pk)
    kind = registry.kind(approval.kind)
    if not kind.can_view(membership):
        raise ApplicationError("No such sign-off.", status_code=404)
    if decision not in (Approver.Decision.APPROVED, Approver.Decision.REJECTED):
        raise ApplicationError(
            'Decide "approved" or "rejected".', errors={"decision": ["Approved or rejected."]}
        )
    approver = approval.approvers.filter(user=by).first()
    if approver is None:
        raise ApplicationError("Only the people asked can decide this sign-off.", status_code=403)
    if approval.status == Approval.Status.CHANGED:
        raise ApplicationError(
            "The object changed since this sign-off was asked for; ask again for its new version.",
            status_code=409,
        )
    if len(note or "") > 2000:
        raise ApplicationError("A note has at most 2,000 characters.", errors={"note": ["Long."]})
    approver.decision, approver.note, approver.decided_at = decision, note or "", timezone.now()
    approver.save(update_fields=["decision", "note", "decided_at"])
    approval.status = _status_from(list(approval.approvers.all()))
    approval.decided_at = timezone.now() if approval.status != Approval.Status.PENDING else None
    approval.save(update_fields=["status", "decided_at"])
    who = by.get_full_name() or by.username
    if approval.requested_by_id:
        notifications.notify(
            user_ids={approval.requested_by_id} - {by.pk},
            kind=Notification.Kind.APPROVALS,
            production=approval.production,
            text=f"{who} {decision} {approval.label}",
            on_kind=approval.kind,
            on_id=approval.object_id,
            actor=by,
            visible=kind.can_view,
        )
    events.emit(
        production_id=approval.production_id,
        event="approval.decided",
        payload={"id": approval.pk, "on": approval.on, "decision": decision, "by": by.username},
    )
    live.broadcast_on_commit(
        approval.production_id,
        {"event": "approval.decided", "on": approval.on, "id": approval.pk},
        by,
    )
    return approval


def approvals_mark_changed(*, production_id: int, ids: list[int] | None = None) -> int:
    """Mark open sign-offs whose object changed (or went) since they were asked: "changed".

    Called after every domain event and before sign-offs are read or decided, because not
    every edit announces itself (a call sheet's rows change without an event). The objects
    are read a kind at a time with their children, so the cost does not grow with the number
    of sign-offs; the guarded update makes concurrent callers mark (and announce) each once.
    """
    open_approvals = Approval.objects.filter(production_id=production_id, status__in=OPEN)
    if ids is not None:
        open_approvals = open_approvals.filter(pk__in=ids)
    by_kind: dict[str, list[tuple[int, int, str]]] = {}
    for pk, name, object_id, version in open_approvals.values_list(
        "pk", "kind", "object_id", "version"
    ):
        by_kind.setdefault(name, []).append((pk, object_id, version))
    stale: list[int] = []
    for name, rows in by_kind.items():
        k = registry.kinds().get(name)
        if k is None:
            continue
        objects = k.objects_of(production_id).filter(pk__in={row[1] for row in rows})
        current = {obj.pk: k.version(obj) for obj in objects.prefetch_related(*k.children)}
        stale += [pk for pk, object_id, version in rows if current.get(object_id) != version]
    changed = 0
    for approval in Approval.objects.filter(pk__in=stale).order_by("pk"):
        with transaction.atomic():
            updated = Approval.objects.filter(pk=approval.pk, status__in=OPEN).update(
                status=Approval.Status.CHANGED
            )
            if updated:
                changed += 1
                events.emit(
                    production_id=production_id,
                    event="approval.changed",
                    payload={"id": approval.pk, "on": approval.on, "version": approval.version},
                )
    if changed:
        # A queryset update sends no signal: the cached thread partials must stop showing them.
        thread_cache.expire(production_id)
    return changed
