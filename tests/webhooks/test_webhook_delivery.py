"""Webhook deliveries against a real HTTP server on 127.0.0.1, started by the tests.

Signed, retried with backoff, given up on, never sent for a change that was rolled back, and
never sent to a private address unless the setting allows it.
"""

import hashlib
import hmac
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.utils import timezone

from core.events import emit
from core.exceptions import ApplicationError
from webhooks import services
from webhooks.models import Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db


class Receiver:
    """A local HTTP server that records each POST and answers with the statuses it is given
    (the last one repeats)."""

    def __init__(self, statuses=(200,), delay: float = 0.0) -> None:
        self.statuses = list(statuses)
        self.delay = delay
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                time.sleep(receiver.delay)
                index = min(len(receiver.requests), len(receiver.statuses)) - 1
                self.send_response(receiver.statuses[index])
                self.end_headers()
                self.wfile.write(b"thanks" if receiver.statuses[index] < 300 else b"boom")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/studio?team=1"

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait(self, count: int, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.requests) < count:
            time.sleep(0.1)
        return len(self.requests) >= count


def signature_ok(request: dict, secret: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), request["body"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(request["headers"]["X-Studio-Signature"], expected)


@pytest.fixture
def allow_private(settings):
    settings.STUDIO_WEBHOOKS_ALLOW_PRIVATE = True


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


def register(production, owner, url, events=("dpr.approved", "schedule.changed")) -> Webhook:
    return services.webhook_register(production=production, url=url, events=list(events), by=owner)


def announce(production, capture, event="schedule.changed", payload=None):
    with capture(execute=True):
        emit(production_id=production.pk, event=event, payload=payload or {"revision": 7})


def test_a_delivery_is_signed_and_says_what_happened(
    production, owner, allow_private, receiver, django_capture_on_commit_callbacks
):
    webhook = register(production, owner, receiver.url)

    announce(production, django_capture_on_commit_callbacks)

    (request,) = receiver.requests
    body = json.loads(request["body"])
    assert signature_ok(request, webhook.secret)
    assert not signature_ok(request, "whsec_someone_else")
    assert body["event"] == "schedule.changed" and body["production"] == "long-night"
    assert body["data"] == {"revision": 7}
    assert request["headers"]["X-Studio-Event"] == "schedule.changed"
    assert request["headers"]["X-Studio-Delivery"] == body["id"]
    assert abs(int(request["headers"]["X-Studio-Timestamp"]) - time.time()) < 60
    assert request["headers"]["Content-Type"] == "application/json"
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 1, 200)
    assert str(delivery.event_id) == body["id"]
    assert delivery.duration_ms is not None and delivery.delivered_at is not None
    assert delivery.attempt_log.count() == 1


def test_a_webhook_hears_only_the_events_it_chose(
    production, owner, allow_private, receiver, django_capture_on_commit_callbacks
):
    register(production, owner, receiver.url, events=["dpr.approved"])

    announce(production, django_capture_on_commit_callbacks, event="scene.changed")

    assert receiver.requests == [] and not WebhookDelivery.objects.exists()


def test_a_failed_delivery_is_retried_with_backoff_and_then_succeeds(
    production, owner, allow_private, django_capture_on_commit_callbacks
):
    with Receiver(statuses=[500, 200]) as receiver:
        register(production, owner, receiver.url)
        announce(production, django_capture_on_commit_callbacks)

        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.response_code) == ("failed", 1, 500)
        assert delivery.error == "HTTP 500: boom"
        wait = delivery.next_attempt_at - timezone.now()
        assert timedelta(seconds=50) < wait <= timedelta(seconds=60)
        assert services.webhooks_retry_due() == 0  # not due yet

        WebhookDelivery.objects.update(next_attempt_at=timezone.now())
        assert services.webhooks_retry_due() == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 2, 200)
    assert [a.response_code for a in delivery.attempt_log.all()] == [500, 200]
    first, second = receiver.requests
    assert first["headers"]["X-Studio-Delivery"] == second["headers"]["X-Studio-Delivery"]


def test_the_wait_doubles_and_is_capped(settings):
    settings.STUDIO_WEBHOOK_BACKOFF_SECONDS = 60

    waits = [services.backoff(n).total_seconds() / 60 for n in range(1, 13)]

    assert waits[:5] == [1, 2, 4, 8, 16]
    assert waits[-1] == 360
    assert sum(waits[:11]) / 60 < 24  # all twelve attempts within a day


def test_a_delivery_gives_up_after_the_last_attempt(
    production, owner, allow_private, settings, django_capture_on_commit_callbacks
):
    settings.STUDIO_WEBHOOK_MAX_ATTEMPTS = 3
    with Receiver(statuses=[503]) as receiver:
        register(production, owner, receiver.url)
        announce(production, django_capture_on_commit_callbacks)
        for _ in range(4):
            due = WebhookDelivery.objects.filter(status__in=WebhookDelivery.DUE)
            due.update(next_attempt_at=timezone.now())
            services.webhooks_retry_due()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("gave_up", 3, None)
    assert len(receiver.requests) == 3
    assert delivery.attempt_log.count() == 3


def test_a_repeated_task_posts_nothing_more(
    production, owner, allow_private, receiver, django_capture_on_commit_callbacks
):
    register(production, owner, receiver.url)
    announce(production, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()

    assert services.webhook_deliver(delivery_id=delivery.pk) is None
    assert len(receiver.requests) == 1


def test_a_slow_receiver_times_out_and_is_retried(
    production, owner, allow_private, settings, django_capture_on_commit_callbacks
):
    settings.STUDIO_WEBHOOK_TIMEOUT_SECONDS = 0.3
    with Receiver(delay=1.0) as receiver:
        register(production, owner, receiver.url)
        announce(production, django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and delivery.response_code is None
    assert "timed out" in delivery.error.lower()


def test_the_owner_can_resend_with_the_same_event_id(
    production, owner, allow_private, receiver, django_capture_on_commit_callbacks
):
    register(production, owner, receiver.url)
    announce(production, django_capture_on_commit_callbacks)
    first = WebhookDelivery.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        again = services.webhook_resend(delivery=first)

    again.refresh_from_db()
    assert again.pk != first.pk and again.status == "succeeded"
    ids = [r["headers"]["X-Studio-Delivery"] for r in receiver.requests]
    assert ids == [str(first.event_id)] * 2


@pytest.mark.django_db(transaction=True)
def test_nothing_is_delivered_for_a_change_that_was_rolled_back(
    production, owner, allow_private, receiver
):
    register(production, owner, receiver.url)

    with pytest.raises(RuntimeError):
        with transaction.atomic():
            emit(production_id=production.pk, event="schedule.changed", payload={"revision": 8})
            raise RuntimeError("the save failed after the event was emitted")

    assert not WebhookDelivery.objects.exists()
    emit(production_id=production.pk, event="schedule.changed", payload={"revision": 9})
    assert receiver.wait(1) and len(receiver.requests) == 1
    assert json.loads(receiver.requests[0]["body"])["data"] == {"revision": 9}


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "http://224.0.0.1/hook",
        "http://100.64.0.1/hook",
    ],
)
def test_private_targets_are_refused_at_registration(production, owner, url):
    with pytest.raises(ApplicationError, match="webhooks go only to public addresses") as refused:
        register(production, owner, url)

    assert refused.value.errors["url"]
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://example.com/hook", "starts with https://"),
        ("https://user:pw@example.com/hook", "credentials"),
        ("https://no-such-host.invalid/hook", "could not be found"),
    ],
)
def test_unusable_urls_are_refused_with_a_reason(production, owner, url, words):
    with pytest.raises(ApplicationError, match=words):
        register(production, owner, url)


def test_a_target_that_turns_private_is_refused_when_delivering(
    production, owner, settings, receiver, django_capture_on_commit_callbacks
):
    # Registered while allowed; then the rule tightens, as a rebinding DNS answer would.
    settings.STUDIO_WEBHOOKS_ALLOW_PRIVATE = True
    register(production, owner, receiver.url)
    settings.STUDIO_WEBHOOKS_ALLOW_PRIVATE = False

    announce(production, django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and "public addresses" in delivery.error
    assert receiver.requests == []


def test_events_must_be_known(production, owner, allow_private, receiver):
    with pytest.raises(ApplicationError, match="not an event"):
        register(production, owner, receiver.url, events=["payroll.exploded"])
    with pytest.raises(ApplicationError, match="at least one"):
        register(production, owner, receiver.url, events=[])
