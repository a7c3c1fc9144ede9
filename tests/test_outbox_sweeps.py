"""Welcomes and webhooks decided while the broker is down reach people once it is back:
a real worker and beat over the real Redis, no one pressing anything."""

# ruff: noqa: F811 - stack_factory is the fixture of tests/test_outbox_workers.py, imported

import json
import time
from collections import Counter

import pytest

from core.events import emit
from productions import services
from tests.factories import UserFactory
from tests.test_outbox_workers import (  # noqa: F401 - stack_factory is a fixture
    broker_at,
    recipients,
    refused_port,
    stack_factory,
    wait_for,
)
from tests.webhooks.test_webhook_delivery import Receiver, signature_ok
from webhooks import services as webhook_services
from webhooks.models import WebhookDelivery

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SWEEP_OFTEN = {"STUDIO_OUTBOX_GRACE_SECONDS": "1", "STUDIO_OUTBOX_REQUEUE_SECONDS": "2"}


def test_a_member_added_while_the_broker_is_down_gets_one_welcome_once_it_is_back(
    stack_factory, production, owner
):
    from core.tasks import task_named

    stack = stack_factory(**SWEEP_OFTEN)
    task_named("productions.tasks.membership_welcome_task")  # a running server found it long ago
    newcomer = UserFactory(username="newcomer", email="newcomer@example.com")

    with broker_at(f"redis://127.0.0.1:{refused_port()}/0"):
        started = time.monotonic()
        membership = services.membership_add(
            production=production, user=newcomer, access="crew", by=owner
        )
        took = time.monotonic() - started
    assert took < 3, f"adding a member waited {took:.1f} s for a broker that is down"
    membership.refresh_from_db()
    assert membership.welcome_sent_at is None

    stack.worker("worker")
    stack.beat()

    def sent():
        membership.refresh_from_db()
        return membership.welcome_sent_at is not None

    assert wait_for(sent, timeout=120), stack.logs()
    time.sleep(4)  # later sweeps must find nothing left to send
    assert recipients(stack.mail_dir) == Counter({"newcomer@example.com": 1}), stack.logs()


def test_a_webhook_emitted_while_the_broker_is_down_reaches_its_receiver_once_it_is_back(
    stack_factory, production, owner, settings
):
    from core.tasks import task_named

    settings.STUDIO_WEBHOOKS_ALLOW_PRIVATE = True
    stack = stack_factory(STUDIO_WEBHOOKS_ALLOW_PRIVATE="1", **SWEEP_OFTEN)
    task_named("schedules.report_tasks.webhook_deliver_task")

    with Receiver() as receiver:
        webhook = webhook_services.webhook_register(
            production=production, url=receiver.url, events=["schedule.changed"], by=owner
        )
        with broker_at(f"redis://127.0.0.1:{refused_port()}/0"):
            started = time.monotonic()
            emit(production_id=production.pk, event="schedule.changed", payload={"revision": 5})
            took = time.monotonic() - started
        assert took < 3, f"the change waited {took:.1f} s for a broker that is down"
        assert WebhookDelivery.objects.get().status == "pending"

        stack.worker("worker")
        stack.beat()
        assert receiver.wait(1, timeout=120), stack.logs()
        time.sleep(4)  # later sweeps must post nothing more

    (request,) = receiver.requests
    assert json.loads(request["body"])["data"] == {"revision": 5}
    assert signature_ok(request, webhook.secret)
    assert WebhookDelivery.objects.get().status == "succeeded"
