"""Webhooks signed as Standard Webhooks: the id, the time and the body, so a captured delivery
cannot be replayed; the old body-only signature rides beside them for one release."""

import json

import pytest
import time_machine
from standardwebhooks.webhooks import Webhook as StandardWebhook
from standardwebhooks.webhooks import WebhookVerificationError

from tests.webhooks.test_webhook_delivery import announce, register, signature_ok
from webhooks.signing import standard_headers, webhook_secret_generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(production, owner, settings, django_capture_on_commit_callbacks):
    from tests.webhooks.test_webhook_delivery import Receiver

    settings.STUDIO_WEBHOOKS_ALLOW_PRIVATE = True
    with Receiver() as receiver:
        webhook = register(production, owner, receiver.url)
        with time_machine.travel("2027-01-11 09:00:00+00:00", tick=False):
            announce(production, django_capture_on_commit_callbacks)
        (request,) = receiver.requests
    return webhook, request


def verify_at(moment: str, secret: str, body: bytes, headers: dict):
    with time_machine.travel(moment, tick=False):
        return StandardWebhook(secret).verify(body, headers)


def test_a_delivery_carries_the_three_standard_headers_over_id_time_and_body(delivered):
    webhook, request = delivered
    headers, body = request["headers"], request["body"]

    assert headers["webhook-id"] == json.loads(body)["id"] == headers["X-Studio-Delivery"]
    assert headers["webhook-timestamp"] == headers["X-Studio-Timestamp"] == "1799658000"
    assert headers["webhook-signature"].startswith("v1,")
    payload = verify_at("2027-01-11 09:02:00+00:00", webhook.secret, body, headers)
    assert payload["event"] == "schedule.changed"


def test_the_old_signature_header_is_still_sent_for_one_release(delivered):
    webhook, request = delivered
    assert signature_ok(request, webhook.secret)


def test_a_replayed_delivery_is_refused_once_its_time_is_past(delivered):
    webhook, request = delivered
    with pytest.raises(WebhookVerificationError, match="too old"):
        verify_at("2027-01-11 09:06:00+00:00", webhook.secret, request["body"], request["headers"])


def test_a_replay_with_a_new_timestamp_does_not_verify(delivered):
    webhook, request = delivered
    forged = {**request["headers"], "webhook-timestamp": "1799661600"}  # an hour later
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        verify_at("2027-01-11 10:00:00+00:00", webhook.secret, request["body"], forged)


def test_a_changed_body_or_another_secret_does_not_verify(delivered):
    webhook, request = delivered
    tampered = request["body"].replace(b"schedule.changed", b"dpr.approved")
    with pytest.raises(WebhookVerificationError):
        verify_at("2027-01-11 09:01:00+00:00", webhook.secret, tampered, request["headers"])
    with pytest.raises(WebhookVerificationError):
        verify_at(
            "2027-01-11 09:01:00+00:00",
            webhook_secret_generate(),
            request["body"],
            request["headers"],
        )


def test_new_secrets_are_standard_base64_keys():
    secret = webhook_secret_generate()
    assert secret.startswith("whsec_")
    headers = standard_headers(secret, "msg_1", 1799658000, b'{"a":1}')
    assert verify_at("2027-01-11 09:00:30+00:00", secret, b'{"a":1}', headers) == {"a": 1}
