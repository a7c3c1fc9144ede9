"""The collaboration API's shapes (contract: "Collaboration")."""

from django.urls import reverse
from rest_framework import serializers
from rest_framework.fields import empty

from collaboration.models import Activity, Approval, Approver, Comment, Notification, Preference

# Ids fit PostgreSQL's bigint: a larger number is refused in words, never a database error.
MAX_ID = 2**63 - 1
MENTION_KINDS = [("user", "A member"), ("department", "A department")]


class MentionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MENTION_KINDS)
    id = serializers.CharField()


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, attachment) -> str:
        slug = self.context["production"].slug
        return reverse("collaboration:attachment", kwargs={"slug": slug, "pk": attachment.pk})


class CommentSerializer(serializers.ModelSerializer):
    on = serializers.CharField(read_only=True)
    author = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="The author's username; null once their account is gone.",
    )
    mentions = MentionSerializer(many=True, read_only=True)
    deleted = serializers.BooleanField(source="is_deleted", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Comment
        fields = [
            "id", "on", "parent", "author", "body", "body_html", "mentions", "resolved",
            "decision", "created_at", "edited_at", "deleted", "attachments",
        ]  # fmt: skip
        read_only_fields = fields


class CommentCreateSerializer(serializers.Serializer):
    on = serializers.CharField(help_text='The object, as "<kind>:<id>", e.g. "scene:12".')
    parent = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID
    )
    body = serializers.CharField(max_length=10000, help_text="Markdown; no raw HTML.")
    decision = serializers.BooleanField(required=False, default=False)
    files = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="Images or PDFs (multipart)."
    )


class OptionalBooleanField(serializers.BooleanField):
    """A boolean a form may leave out: absent from form data is absent, not ``False``."""

    default_empty_html = empty


class CommentUpdateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10000, required=False)
    decision = OptionalBooleanField(required=False)


class ResolveSerializer(serializers.Serializer):
    resolved = serializers.BooleanField(required=False, default=True)


class NotificationSerializer(serializers.ModelSerializer):
    production = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    actor = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Who did it, by username; null when Studio did, or their account is gone.",
    )
    on = serializers.CharField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "production", "on", "actor", "text", "url", "read_at", "created_at"]
        read_only_fields = fields


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=1000,
    )
    all = serializers.BooleanField(required=False, default=False)

    def validate(self, data):
        if not data.get("all") and not data.get("ids"):
            raise serializers.ValidationError('Send {"ids": [...]} or {"all": true}.')
        return data


class MarkReadResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField()
    unread = serializers.IntegerField()


DELIVERY = serializers.ChoiceField(choices=Preference.Delivery.choices)


class PreferencesSerializer(serializers.Serializer):
    mentions = DELIVERY
    replies = DELIVERY
    approvals = DELIVERY
    callsheets = DELIVERY
    casting = DELIVERY
    budget = DELIVERY


class PreferencesUpdateSerializer(serializers.Serializer):
    """The kinds to change, each to a choice; a kind not named keeps its choice."""

    mentions = serializers.ChoiceField(choices=Preference.Delivery.choices, required=False)
    replies = serializers.ChoiceField(choices=Preference.Delivery.choices, required=False)
    approvals = serializers.ChoiceField(choices=Preference.Delivery.choices, required=False)
    callsheets = serializers.ChoiceField(choices=Preference.Delivery.choices, required=False)
    casting = serializers.ChoiceField(choices=Preference.Delivery.choices, required=False)
    budget = serializers.ChoiceField(choices=Preference.Delivery.choices, required=False)

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        unknown = sorted(str(key) for key in data if key not in self.fields)
        if unknown:
            raise serializers.ValidationError(
                {key: ["Not a kind of notification."] for key in unknown}
            )
        return values


class ApproverSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Approver
        fields = ["user", "decision", "note", "decided_at"]
        read_only_fields = fields


class ApprovalSerializer(serializers.ModelSerializer):
    on = serializers.CharField(read_only=True)
    requested_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Who asked, by username; null once their account is gone.",
    )
    approvers = ApproverSerializer(many=True, read_only=True)

    class Meta:
        model = Approval
        fields = ["id", "on", "version", "label", "requested_by", "note", "status", "approvers",
                  "created_at", "decided_at"]  # fmt: skip
        read_only_fields = fields


class ApprovalCreateSerializer(serializers.Serializer):
    on = serializers.CharField(help_text='The object, as "<kind>:<id>".')
    approvers = serializers.ListField(child=serializers.CharField(), help_text="Usernames.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approved", "rejected"])
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ActivitySerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Who did it, by username; null when Studio did, or their account is gone.",
    )
    on = serializers.CharField(read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "event", "actor", "on", "summary", "created_at"]
        read_only_fields = fields


class MentionCandidateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MENTION_KINDS)
    id = serializers.CharField()
    label = serializers.CharField()


class ActivityFilterSerializer(serializers.Serializer):
    """The feed's filters: refused in words when they are no text (a NUL byte, say)."""

    event = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    actor = serializers.CharField(required=False, allow_blank=True, max_length=150, default="")
