"""A webhook's deliveries are written in the transaction that emits the event: a process that
dies after the commit, before anything was queued, loses none of them (beat queues them)."""

import pytest
from django.db import transaction

from core.events import emit
from tests.webhooks.test_webhook_delivery import allow_private, register  # noqa: F401
from webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("allow_private")
def test_the_delivery_is_recorded_inside_the_emitting_transaction(production, owner):
    register(production, owner, "http://127.0.0.1:9/hook")

    with transaction.atomic():
        emit(production_id=production.pk, event="schedule.changed", payload={"revision": 3})
        # Nothing has committed and no callback has run: the row is already part of the change.
        (delivery,) = WebhookDelivery.objects.all()

    assert delivery.event == "schedule.changed"
    assert delivery.payload["data"] == {"revision": 3}
    assert delivery.status in WebhookDelivery.DUE
