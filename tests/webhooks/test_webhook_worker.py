"""A webhook delivered by a real Celery worker over the real Redis: after the commit, signed,
and retried on its backoff after the receiver's 500."""

import json
import time as clock
from datetime import date, time

import pytest

from reports import dpr_services
from tests.factories import scene_with, schedule_build
from tests.webhooks.test_webhook_delivery import Receiver, signature_ok
from webhooks import services
from webhooks.models import WebhookDelivery

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(settings, monkeypatch, request):
    # The worker reads these from its environment; the test process from its settings.
    monkeypatch.setenv("STUDIO_WEBHOOKS_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("STUDIO_WEBHOOK_BACKOFF_SECONDS", "1")
    settings.STUDIO_WEBHOOKS_ALLOW_PRIVATE = True
    return request.getfixturevalue("celery_worker_process")


def test_an_approved_dpr_reaches_the_webhook_after_a_retry(worker, production, owner):
    day = date(2027, 1, 11)
    schedule_build(production, {day: [scene_with(production, number="1")]}, by=owner)
    report = dpr_services.dpr_start(production=production, date=day, by=owner)
    dpr_services.dpr_update(report=report, by=owner, lunch_start=time(12), wrap=time(19))

    with Receiver(statuses=[500, 200]) as receiver:
        webhook = services.webhook_register(
            production=production, url=receiver.url, events=["dpr.approved"], by=owner
        )
        dpr_services.dpr_approve(report=report, by=owner, notify=False)

        assert receiver.wait(2, timeout=30), worker["log"].read_text()

    first, second = receiver.requests
    assert all(signature_ok(request, webhook.secret) for request in receiver.requests)
    body = json.loads(second["body"])
    assert body["event"] == "dpr.approved" and body["data"]["date"] == "2027-01-11"
    assert first["headers"]["X-Studio-Delivery"] == second["headers"]["X-Studio-Delivery"]
    delivery = WebhookDelivery.objects.get()

    def settled():
        delivery.refresh_from_db()
        return delivery.status == "succeeded"

    assert _eventually(settled), worker["log"].read_text()
    assert (delivery.attempts, delivery.response_code) == (2, 200)


def _eventually(predicate, timeout: float = 10.0) -> bool:
    deadline = clock.monotonic() + timeout
    while clock.monotonic() < deadline:
        if predicate():
            return True
        clock.sleep(0.1)
    return predicate()
