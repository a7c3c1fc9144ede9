"""The REST shapes of webhooks and their deliveries."""

from rest_framework import serializers

from core.events import EVENTS
from webhooks.models import Webhook, WebhookDelivery


class WebhookSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=[(e, e) for e in EVENTS]), allow_empty=False
    )
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Webhook
        fields = ["id", "url", "events", "active", "created_by", "created_at"]
        read_only_fields = ["id", "active", "created_by", "created_at"]


class WebhookCreatedSerializer(WebhookSerializer):
    """The answer to registering: the only time the secret is shown."""

    secret = serializers.CharField(read_only=True)

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event",
            "event_id",
            "status",
            "attempts",
            "response_code",
            "duration_ms",
            "error",
            "next_attempt_at",
            "created_at",
            "delivered_at",
            "payload",
        ]
        read_only_fields = fields
