"""The webhooks' reads: a production's webhooks and a webhook's deliveries."""

from django.db.models import QuerySet

from productions.models import Production
from webhooks.models import Webhook, WebhookDelivery


def webhooks_of(production: Production) -> QuerySet[Webhook]:
    return production.webhooks.select_related("created_by").order_by("created_at", "pk")


def deliveries_of(webhook: Webhook) -> QuerySet[WebhookDelivery]:
    return webhook.deliveries.select_related("webhook").order_by("-created_at", "-pk")
