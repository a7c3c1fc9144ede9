"""Webhooks through the API and the pages: the owners' alone, the secret shown once, the log
and the resend button."""

import pytest
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.factories import WebhookFactory
from tests.webhooks.test_webhook_delivery import Receiver
from webhooks.models import Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db

API = "/api/v1/productions/{slug}/webhooks/"
PAGE = "/productions/{slug}/webhooks/"


@pytest.fixture
def allow_private(settings):
    settings.STUDIO_WEBHOOKS_ALLOW_PRIVATE = True


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


def page_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def delivered(webhook, count: int = 1) -> list[WebhookDelivery]:
    return [
        WebhookDelivery.objects.create(
            webhook=webhook,
            event="schedule.changed",
            payload={"event": "schedule.changed", "data": {"n": n}},
            status="succeeded",
            attempts=1,
            response_code=200,
        )
        for n in range(count)
    ]


def test_an_owner_registers_a_webhook_and_sees_its_secret_once(
    production, owner, allow_private, receiver
):
    api = client_for(owner)
    base = API.format(slug=production.slug)

    created = api.post(base, {"url": receiver.url, "events": ["dpr.approved"]}, format="json")

    assert created.status_code == 201
    secret = created.json()["secret"]
    assert secret.startswith("whsec_") and len(secret) > 40
    assert Webhook.objects.get().secret == secret
    listed = api.get(base).json()["results"]
    assert listed[0]["url"] == receiver.url and "secret" not in listed[0]
    assert "secret" not in api.get(f"{base}{created.json()['id']}/").json()


def test_a_private_target_is_refused_with_a_400(production, owner):
    response = client_for(owner).post(
        API.format(slug=production.slug),
        {"url": "http://127.0.0.1:9/hook", "events": ["report.ready"]},
        format="json",
    )

    assert response.status_code == 400
    assert "public addresses" in response.json()["message"]
    assert "url" in response.json()["errors"]


def test_an_unknown_event_is_refused_with_a_400(production, owner):
    response = client_for(owner).post(
        API.format(slug=production.slug),
        {"url": "https://example.com/hook", "events": ["payroll.exploded"]},
        format="json",
    )

    assert response.status_code == 400 and "events" in response.json()["errors"]


def test_the_owner_reads_the_log_resends_and_deletes(
    production, owner, allow_private, receiver, django_capture_on_commit_callbacks
):
    webhook = WebhookFactory(production=production, url=receiver.url)
    (delivery,) = delivered(webhook)
    api = client_for(owner)
    base = f"{API.format(slug=production.slug)}{webhook.pk}/"

    log = api.get(f"{base}deliveries/").json()
    assert log["count"] == 1 and log["results"][0]["response_code"] == 200

    with django_capture_on_commit_callbacks(execute=True):
        resent = api.post(f"{base}deliveries/{delivery.pk}/resend/")
    assert resent.status_code == 202
    assert len(receiver.requests) == 1
    assert receiver.requests[0]["headers"]["X-Studio-Delivery"] == str(delivery.event_id)

    assert api.delete(base).status_code == 204
    assert not Webhook.objects.exists()


def test_a_delivery_of_another_webhook_cannot_be_resent(production, owner):
    mine = WebhookFactory(production=production)
    (theirs,) = delivered(WebhookFactory(production=production))

    response = client_for(owner).post(
        f"{API.format(slug=production.slug)}{mine.pk}/deliveries/{theirs.pk}/resend/"
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        ("outsider", 404),
        ("crew_member", 403),
        ("coordinator", 403),
        ("producer", 403),
    ],
)
def test_only_owners_touch_webhooks_in_the_api(request, production, who, status):
    webhook = WebhookFactory(production=production)
    (delivery,) = delivered(webhook)
    api = client_for(request.getfixturevalue(who) if who else None)
    base = API.format(slug=production.slug)

    assert api.get(base).status_code == status
    assert api.get(f"{base}{webhook.pk}/deliveries/").status_code == status
    assert api.post(f"{base}{webhook.pk}/deliveries/{delivery.pk}/resend/").status_code == status
    assert (
        api.post(base, {"url": "https://e.com", "events": ["dpr.approved"]}).status_code == status
    )
    assert api.delete(f"{base}{webhook.pk}/").status_code == status
    assert Webhook.objects.count() == 1


# ---------------------------------------------------------------- the pages


def test_the_page_shows_the_secret_only_on_the_answer_to_adding(
    production, owner, allow_private, receiver
):
    client = page_client(owner)
    url = PAGE.format(slug=production.slug)

    response = client.post(url, {"url": receiver.url, "events": ["dpr.approved", "report.ready"]})

    assert response.status_code == 201
    secret = Webhook.objects.get().secret
    assert secret in response.content.decode()
    assert secret not in client.get(url).content.decode()
    assert Webhook.objects.get().events == ["report.ready", "dpr.approved"]


def test_the_page_explains_a_refused_url(production, owner):
    response = page_client(owner).post(
        PAGE.format(slug=production.slug),
        {"url": "http://169.254.169.254/latest/", "events": ["dpr.approved"]},
    )

    assert response.status_code == 400
    assert "public addresses" in response.content.decode()


def test_the_log_page_lists_attempts_and_resends(
    production, owner, allow_private, receiver, django_capture_on_commit_callbacks
):
    webhook = WebhookFactory(production=production, url=receiver.url)
    (delivery,) = delivered(webhook)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status="failed", response_code=502, error="HTTP 502: bad gateway"
    )
    client = page_client(owner)
    base = f"{PAGE.format(slug=production.slug)}{webhook.pk}/"

    html = client.get(base).content.decode()
    assert "HTTP 502: bad gateway" in html and "Failed, will retry" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{base}deliveries/{delivery.pk}/resend/")
    assert response.status_code == 302 and len(receiver.requests) == 1

    assert client.post(f"{base}delete/").status_code == 302
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("outsider", 404), ("crew_member", 403), ("producer", 403), ("owner", 200)],
)
def test_privacy_of_the_webhook_pages(request, production, who, status):
    webhook = WebhookFactory(production=production)
    client = page_client(request.getfixturevalue(who) if who else None)

    assert client.get(PAGE.format(slug=production.slug)).status_code == status
    assert client.get(f"{PAGE.format(slug=production.slug)}{webhook.pk}/").status_code == status


def test_only_owners_see_the_webhooks_tab(production, owner, producer):
    reports = f"/productions/{production.slug}/reports/"

    assert PAGE.format(slug=production.slug) in page_client(owner).get(reports).content.decode()
    assert (
        PAGE.format(slug=production.slug) not in page_client(producer).get(reports).content.decode()
    )


def queries_for(get) -> int:
    get()
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        assert get().status_code == 200
    return len(captured.captured_queries)


def test_webhook_lists_run_as_many_queries_for_many_rows_as_for_few(production, owner):
    webhook = WebhookFactory(production=production)
    delivered(webhook, 2)
    api, page = client_for(owner), page_client(owner)
    urls = [
        (api, API.format(slug=production.slug)),
        (api, f"{API.format(slug=production.slug)}{webhook.pk}/deliveries/"),
        (page, PAGE.format(slug=production.slug)),
        (page, f"{PAGE.format(slug=production.slug)}{webhook.pk}/"),
    ]
    few = [queries_for(lambda c=c, u=u: c.get(u)) for c, u in urls]
    for _ in range(10):
        WebhookFactory(production=production)
    delivered(webhook, 30)

    assert [queries_for(lambda c=c, u=u: c.get(u)) for c, u in urls] == few
