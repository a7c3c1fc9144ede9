"""Every non-trivial read of collaboration, each scoped to what the member may see."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from collaboration import registry
from collaboration.activity import hidden_for
from collaboration.approvals import approvals_mark_changed
from collaboration.inbox import (  # noqa: F401 - reads of the inbox
    inbox_counts,
    notifications_for,
    unread_count,
)
from collaboration.models import Activity, Approval, Approver, Attachment, Comment
from productions.models import Membership, Production


def visible_kinds(membership: Membership | None) -> list[str]:
    return [name for name, k in registry.kinds().items() if k.can_view(membership)]


def comments_for(production: Production, membership: Membership, on: str | None = None):
    """Return the comments the member may see, with authors and attachments, oldest first."""
    comments = (
        Comment.objects.filter(production=production, kind__in=visible_kinds(membership))
        .select_related("author", "resolved_by")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .order_by("created_at", "pk")
    )
    if on:
        name, pk = registry.parse_ref(on)
        comments = comments.filter(kind=name, object_id=pk)
    return comments


def thread_for(production: Production, membership: Membership, on: str) -> list[dict]:
    """Return the object's threads: each first comment with its replies, in order."""
    comments = list(comments_for(production, membership, on))
    roots = [c for c in comments if c.parent_id is None]
    replies: dict[int, list[Comment]] = {}
    for c in comments:
        if c.parent_id:
            replies.setdefault(c.parent_id, []).append(c)
    return [{"comment": root, "replies": replies.get(root.pk, [])} for root in roots]


def comment_for(production: Production, membership: Membership, pk: int) -> Comment | None:
    return comments_for(production, membership).filter(pk=pk).first()


def approvals_for(production: Production, membership: Membership, on: str | None = None):
    """Return the sign-offs the member may see, newest first, each in its current state.

    A read that first writes: sign-offs whose object changed since are marked "changed"
    (``approvals_mark_changed``), so every page and the API show what the gates enforce.
    """
    approvals_mark_changed(production_id=production.pk)
    approvals = (
        Approval.objects.filter(production=production, kind__in=visible_kinds(membership))
        .select_related("requested_by")
        .prefetch_related(
            Prefetch("approvers", queryset=Approver.objects.select_related("user").order_by("pk"))
        )
        .order_by("-created_at", "-pk")
    )
    if on:
        name, pk = registry.parse_ref(on)
        approvals = approvals.filter(kind=name, object_id=pk)
    return approvals


def activity_for(
    production: Production,
    membership: Membership,
    *,
    event: str = "",
    actor: str = "",
) -> QuerySet[Activity]:
    """Return the production's activity the member may see, newest first."""
    hidden_kinds, hidden_prefixes = hidden_for(membership)
    feed = (
        Activity.objects.filter(production=production)
        .exclude(on_kind__in=hidden_kinds)
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )
    for prefix in hidden_prefixes:
        feed = feed.exclude(event__startswith=prefix)
    if event:
        feed = feed.filter(Q(event=event) | Q(event__startswith=f"{event}."))
    if actor:
        feed = feed.filter(actor__username=actor)
    return feed


def decisions_for(
    production: Production, membership: Membership, *, kind: str = "", person: str = ""
) -> list[dict]:
    """Return the decision log: every sign-off and every thread marked a decision, newest first."""
    approvals = approvals_for(production, membership)
    threads = comments_for(production, membership).filter(decision=True, parent=None)
    threads = threads.annotate(reply_count=Count("replies"))
    if kind:
        approvals, threads = approvals.filter(kind=kind), threads.filter(kind=kind)
    if person:
        approvals = approvals.filter(
            Q(requested_by__username=person) | Q(approvers__user__username=person)
        ).distinct()
        threads = threads.filter(author__username=person)
    rows = [
        {
            "type": "sign-off",
            "kind": a.kind,
            "on": a.on,
            "label": a.label,
            "who": a.requested_by,
            "when": a.decided_at or a.created_at,
            "version": a.version,
            "status": a.get_status_display(),
            "note": a.note,
            "approvers": list(a.approvers.all()),
        }
        for a in approvals
    ]
    rows += [
        {
            "type": "decision",
            "kind": c.kind,
            "on": c.on,
            "label": c.body[:140],
            "who": c.author,
            "when": c.created_at,
            "version": "",
            "status": "Resolved" if c.resolved else "Open",
            "note": "",
            "approvers": [],
            "comment": c,
        }
        for c in threads
    ]
    rows.sort(key=lambda r: r["when"], reverse=True)
    return rows


def mention_candidates(production: Production, membership: Membership, query: str = ""):
    """Return the members and departments one may mention, for the editor's autocomplete."""
    query = (query or "").lower().lstrip("@")
    members = Membership.objects.filter(production=production).select_related("user")
    people = [
        {
            "kind": "user",
            "id": m.user.username,
            "label": m.user.get_full_name() or m.user.username,
        }
        for m in members
        if m.user.username.lower().startswith(query)
        or (m.user.get_full_name() or "").lower().startswith(query)
    ]
    groups = [
        {"kind": "department", "id": name, "label": name}
        for name in sorted(registry.mention_groups(production.pk))
        if name.startswith(query)
    ]
    return (people + groups)[:20]


def members_for_filter(production: Production) -> list:
    """Return the production's users, for the person filters of the log and the feed."""
    return [m.user for m in Membership.objects.filter(production=production).select_related("user")]
