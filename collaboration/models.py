"""Comments, follows, notifications and their emails, sign-offs, the production's policy and
its activity. Objects of other apps are named by ``kind`` and ``object_id`` (see registry)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from productions.models import Production

USER = settings.AUTH_USER_MODEL


class Comment(models.Model):
    """One comment in the thread on an object; a reply has a ``parent`` (the thread's first)."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="comments")
    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(max_length=10000)
    body_html = models.TextField(blank=True, editable=False)
    mentions = models.JSONField(default=list, blank=True, editable=False)
    resolved = models.BooleanField(default=False)
    resolved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.BooleanField(
        default=False, help_text="A thread marked as a decision appears in the decision log."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["production", "kind", "object_id"])]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.kind}:{self.object_id}"

    @property
    def on(self) -> str:
        return f"{self.kind}:{self.object_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def attachment_path(instance, filename: str) -> str:
    return f"collaboration/{instance.comment.production_id}/{instance.comment_id}/{filename}"


class Attachment(models.Model):
    """An image or PDF on a comment, served only through an access-checking view."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.name


class Follow(models.Model):
    """Someone following an object: its new comments and sign-offs notify them."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="collab_follows")
    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    # An explicit unfollow is kept, so taking part again does not silently re-follow.
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "production", "kind", "object_id"], name="follow_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.kind}:{self.object_id}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        MENTIONS = "mentions", "Mentions"
        REPLIES = "replies", "Replies"
        APPROVALS = "approvals", "Approvals"
        CALLSHEETS = "callsheets", "Call sheets"
        CASTING = "casting", "Casting"
        BUDGET = "budget", "Budget"

    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="notifications")
    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    on_kind = models.CharField(max_length=40, blank=True)
    on_id = models.PositiveBigIntegerField(null=True, blank=True)
    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the person wants it in the daily digest; cleared by the digest that sends it.
    digest_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["recipient"], condition=Q(digest_pending=True), name="notif_digest_due"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def on(self) -> str:
        return f"{self.on_kind}:{self.on_id}" if self.on_kind else ""


class Preference(models.Model):
    """How one person wants one kind of notification: at once by email, digest, or in Studio."""

    class Delivery(models.TextChoices):
        EMAIL = "email", "At once by email"
        DIGEST = "digest", "In a daily digest"
        NONE = "none", "In Studio only"

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="notification_prefs")
    kind = models.CharField(max_length=20, choices=Notification.Kind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.delivery}"


class OutgoingEmail(models.Model):
    """One email to send, at most once: a worker claims the row before it sends."""

    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    notification = models.OneToOneField(
        Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="email"
    )
    # A digest is one email per person per local day: the key makes a second one impossible.
    digest_key = models.CharField(max_length=60, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "digest_key"],
                condition=~Q(digest_key=""),
                name="outgoing_email_one_digest_a_day",
            )
        ]

    def __str__(self) -> str:
        return self.subject


class ProductionPolicy(models.Model):
    """A production's rules for sign-offs."""

    production = models.OneToOneField(
        Production, on_delete=models.CASCADE, related_name="collaboration_policy"
    )
    signoff_before_publish = models.BooleanField(
        default=False, help_text="A call sheet needs an approved sign-off before it is published."
    )
    signoff_before_offer = models.BooleanField(
        default=False, help_text="An offer needs an approved sign-off before it is sent."
    )

    class Meta:
        verbose_name_plural = "production policies"

    def __str__(self) -> str:
        return f"Sign-off policy of {self.production}"


class Approval(models.Model):
    """A request that named people approve one version of an object."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        CHANGED = "changed", "Changed since approved"

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="approvals")
    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    version = models.CharField(max_length=64)
    label = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True, max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["production", "kind", "object_id"])]

    def __str__(self) -> str:
        return f"Sign-off of {self.kind}:{self.object_id} ({self.status})"

    @property
    def on(self) -> str:
        return f"{self.kind}:{self.object_id}"


class Approver(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    approval = models.ForeignKey(Approval, on_delete=models.CASCADE, related_name="approvers")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    note = models.TextField(blank=True, max_length=2000)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["approval", "user"], name="approver_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.decision}"


class Activity(models.Model):
    """One domain event of a production, as the feed shows it."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="activity")
    event = models.CharField(max_length=60)
    actor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_kind = models.CharField(max_length=40, blank=True)
    on_id = models.PositiveBigIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=300)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "activity"
        indexes = [models.Index(fields=["production", "-created_at"])]

    def __str__(self) -> str:
        return self.summary

    @property
    def on(self) -> str:
        return f"{self.on_kind}:{self.on_id}" if self.on_kind else ""
