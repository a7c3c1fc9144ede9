"""Every write of comments, mentions and follows, one transaction each.

Sign-offs live in ``approvals.py`` and notifications in ``notifications.py``; the sign-off gate
other apps call is re-exported here as ``signoff_required_check``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from collaboration import live, notifications, registry
from collaboration.approvals import signoff_required_check  # noqa: F401 - the gate's home
from collaboration.markdown import mention_handles, render
from collaboration.models import Attachment, Comment, Follow, Notification
from core import events
from core.exceptions import ApplicationError
from productions.models import Membership, Production

EDIT_WINDOW = timedelta(minutes=15)
ATTACHMENT_TYPES = {
    "image/png": (b"\x89PNG",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
    "application/pdf": (b"%PDF",),
}
ATTACHMENT_MAX_BYTES = getattr(settings, "STUDIO_COMMENT_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENTS_PER_COMMENT = 5


@dataclass
class Mentions:
    users: set[int]
    listed: list[dict]


def members_by_id(production: Production) -> dict[int, Membership]:
    return {
        m.user_id: m
        for m in Membership.objects.filter(production=production).select_related("user")
    }


def mentions_resolve(
    *, production: Production, kind: registry.Kind, body: str, members: dict[int, Membership]
) -> Mentions:
    """Return whom the body mentions, refusing in words a handle nobody may be reached by."""
    handles = mention_handles(body)
    if not handles:
        return Mentions(set(), [])
    by_username = {m.user.username.lower(): m for m in members.values()}
    groups = registry.mention_groups(production.pk)
    users: set[int] = set()
    listed: list[dict] = []
    for handle in handles:
        member = by_username.get(handle)
        if member is not None:
            if not kind.can_view(member):
                raise ApplicationError(
                    f"@{member.user.username} cannot see this {registry.noun(kind.name)}, "
                    "so they cannot be mentioned here.",
                    errors={"body": [f"@{member.user.username} may not see this."]},
                )
            users.add(member.user_id)
            listed.append({"kind": "user", "id": member.user.username})
        elif handle in groups:
            reachable = {u for u in groups[handle] if u in members and kind.can_view(members[u])}
            if not reachable:
                raise ApplicationError(
                    f"Nobody in @{handle} can see this {registry.noun(kind.name)} "
                    "in Studio, so the department cannot be mentioned here.",
                    errors={"body": [f"Nobody in @{handle} may see this."]},
                )
            users |= reachable
            listed.append({"kind": "department", "id": handle})
        else:
            raise ApplicationError(
                f"No member or department of this production is called @{handle}.",
                errors={"body": [f"Unknown mention @{handle}."]},
            )
    return Mentions(users, listed)


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ApplicationError("Write something first.", errors={"body": ["This is empty."]})
    if len(body) > 10000:
        raise ApplicationError(
            "A comment has at most 10,000 characters.", errors={"body": ["Too long."]}
        )
    return body


def _check_files(files) -> list[tuple[UploadedFile, str]]:
    files = list(files or [])
    if len(files) > ATTACHMENTS_PER_COMMENT:
        raise ApplicationError(f"Attach at most {ATTACHMENTS_PER_COMMENT} files to a comment.")
    checked = []
    for upload in files:
        if upload.size > ATTACHMENT_MAX_BYTES:
            raise ApplicationError(
                f"{upload.name} is larger than {ATTACHMENT_MAX_BYTES // (1024 * 1024)} MB.",
                errors={"files": ["Too large."]},
            )
        head = upload.read(8)
        upload.seek(0)
        content_type = next(
            (t for t, magics in ATTACHMENT_TYPES.items() if head.startswith(magics)), None
        )
        if content_type is None:
            raise ApplicationError(
                f"{upload.name} is not an image or a PDF: attach PNG, JPEG, GIF, WebP or PDF.",
                errors={"files": ["Only images and PDFs."]},
            )
        checked.append((upload, content_type))
    return checked


def follow_set(*, production: Production, user, kind: str, object_id: int, active: bool) -> Follow:
    follow, _ = Follow.objects.update_or_create(
        production=production,
        user=user,
        kind=kind,
        object_id=object_id,
        defaults={"active": active},
    )
    return follow


def _follow_on_taking_part(production, user, kind: str, object_id: int) -> None:
    # Taking part follows the object, unless the person unfollowed it on purpose.
    Follow.objects.get_or_create(production=production, user=user, kind=kind, object_id=object_id)


@transaction.atomic
def comment_create(
    *,
    production: Production,
    by,
    on: str,
    body: str,
    parent: Comment | None = None,
    decision: bool = False,
    files=(),
) -> Comment:
    """Add a comment (or a reply) on an object; notify those mentioned and taking part."""
    members = members_by_id(production)
    membership = members.get(by.pk)
    kind, obj = registry.resolve(production.pk, on, membership)
    body = _check_body(body)
    uploads = _check_files(files)
    if parent is not None:
        if parent.production_id != production.pk or parent.on != f"{kind.name}:{obj.pk}":
            raise ApplicationError(
                "A reply must be on the same object as its thread.",
                errors={"parent": ["Not in this thread."]},
            )
        parent = parent.parent or parent
    mentions = mentions_resolve(production=production, kind=kind, body=body, members=members)
    comment = Comment.objects.create(
        production=production,
        kind=kind.name,
        object_id=obj.pk,
        parent=parent,
        author=by,
        body=body,
        body_html=render(body),
        mentions=mentions.listed,
        decision=bool(decision) and parent is None,
    )
    for upload, content_type in uploads:
        Attachment.objects.create(
            comment=comment,
            file=upload,
            name=upload.name[:200],
            content_type=content_type,
            size=upload.size,
        )
    _follow_on_taking_part(production, by, kind.name, obj.pk)
    _notify_thread(comment, kind, obj, members, mentions)
    events.emit(
        production_id=production.pk,
        event="comment.created",
        payload={"id": comment.pk, "on": comment.on, "parent": comment.parent_id},
    )
    live.broadcast_on_commit(
        production.pk, {"event": "comment.created", "on": comment.on, "id": comment.pk}, by
    )
    return comment


def _notify_thread(comment, kind, obj, members, mentions: Mentions) -> None:
    """Mentioned people get a mention; the thread's author, participants and followers a reply."""
    label = kind.label_of(obj)
    who = comment.author.get_full_name() or comment.author.username
    url = kind.url(obj)
    common = {
        "production": comment.production,
        "on_kind": kind.name,
        "on_id": obj.pk,
        "actor": comment.author,
        "url": url,
    }
    mentioned = mentions.users - {comment.author_id}
    notifications.notify(
        user_ids=mentioned,
        kind=Notification.Kind.MENTIONS,
        text=f"{who} mentioned you on {label}",
        members=members,
        visible=kind.can_view,
        **common,
    )
    thread = Comment.objects.filter(production=comment.production, kind=kind.name, object_id=obj.pk)
    if comment.parent_id:
        thread = thread.filter(Q(pk=comment.parent_id) | Q(parent_id=comment.parent_id))
    taking_part = set(thread.exclude(author=None).values_list("author_id", flat=True))
    follows = Follow.objects.filter(
        production=comment.production, kind=kind.name, object_id=obj.pk
    ).values_list("user_id", "active")
    followers = {u for u, active in follows if active}
    unfollowed = {u for u, active in follows if not active}
    others = ((taking_part - unfollowed) | followers) - mentioned - {comment.author_id}
    verb = "replied" if comment.parent_id else "commented"
    notifications.notify(
        user_ids=others,
        kind=Notification.Kind.REPLIES,
        text=f"{who} {verb} on {label}",
        members=members,
        visible=kind.can_view,
        **common,
    )


def _own_comment(comment: Comment, by, membership: Membership | None) -> registry.Kind:
    kind = registry.kind(comment.kind)
    if membership is None or not kind.can_view(membership):
        raise ApplicationError("No such comment.", status_code=404)
    if comment.is_deleted:
        raise ApplicationError("This comment was removed.", status_code=409)
    return kind


@transaction.atomic
def comment_edit(*, comment: Comment, by, membership: Membership, body: str) -> Comment:
    """Change the body: by its author only, within 15 minutes of posting."""
    kind = _own_comment(comment, by, membership)
    if comment.author_id != by.pk:
        raise ApplicationError("Only its author can edit a comment.", status_code=403)
    if timezone.now() - comment.created_at > EDIT_WINDOW:
        raise ApplicationError(
            "A comment can be edited for 15 minutes after it is posted; reply instead.",
            status_code=409,
        )
    body = _check_body(body)
    members = members_by_id(comment.production)
    mentions = mentions_resolve(
        production=comment.production, kind=kind, body=body, members=members
    )
    comment.body, comment.body_html = body, render(body)
    comment.mentions = mentions.listed
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "mentions", "edited_at"])
    events.emit(
        production_id=comment.production_id,
        event="comment.edited",
        payload={"id": comment.pk, "on": comment.on},
    )
    live.broadcast_on_commit(
        comment.production_id, {"event": "comment.edited", "on": comment.on, "id": comment.pk}, by
    )
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, by, membership: Membership) -> Comment:
    """Remove a comment (its author or a manager); the thread keeps "comment removed"."""
    _own_comment(comment, by, membership)
    if comment.author_id != by.pk and not membership.can_manage:
        raise ApplicationError(
            "Only its author or the production's owners and producers can remove a comment.",
            status_code=403,
        )
    comment.deleted_at = timezone.now()
    comment.body = comment.body_html = ""
    comment.mentions = []
    comment.save(update_fields=["deleted_at", "body", "body_html", "mentions"])
    for attachment in comment.attachments.all():
        attachment.file.delete(save=False)
    comment.attachments.all().delete()
    events.emit(
        production_id=comment.production_id,
        event="comment.deleted",
        payload={"id": comment.pk, "on": comment.on},
    )
    live.broadcast_on_commit(
        comment.production_id, {"event": "comment.deleted", "on": comment.on, "id": comment.pk}, by
    )
    return comment


@transaction.atomic
def comment_resolve(
    *, comment: Comment, by, membership: Membership, resolved: bool = True
) -> Comment:
    """Resolve a thread, or reopen it (``resolved=False``); any member who may see it can."""
    _own_comment(comment, by, membership)
    root = comment.parent or comment
    root.resolved = bool(resolved)
    root.resolved_by = by if resolved else None
    root.save(update_fields=["resolved", "resolved_by"])
    events.emit(
        production_id=root.production_id,
        event="comment.resolved",
        payload={"id": root.pk, "on": root.on, "resolved": root.resolved},
    )
    live.broadcast_on_commit(
        root.production_id, {"event": "comment.resolved", "on": root.on, "id": root.pk}, by
    )
    return root


@transaction.atomic
def comment_mark_decision(
    *, comment: Comment, by, membership: Membership, decision: bool = True
) -> Comment:
    """Mark a thread as a decision (it then appears in the decision log); editors only."""
    _own_comment(comment, by, membership)
    if not membership.can_edit and comment.author_id != by.pk:
        raise ApplicationError(
            "Only the thread's author or the production's editors can mark a decision.",
            status_code=403,
        )
    root = comment.parent or comment
    root.decision = bool(decision)
    root.save(update_fields=["decision"])
    return root
