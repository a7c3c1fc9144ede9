"""Sending an offer emails the candidate's agent the terms and a link to the deal memo, once:
through the outbox row, the task (a real worker over Redis) and the beat sweep."""

import re
import time
from datetime import timedelta
from decimal import Decimal
from email import message_from_bytes

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from casting import outbox, services
from casting.models import Candidate, Offer, OfferEmail
from core.exceptions import ApplicationError
from tests.casting.conftest import held
from tests.factories import PersonFactory


def _approved(production, candidate, owner, **terms) -> Offer:
    offer = services.offer_create(
        production=production, candidate=held(candidate), by=owner, **terms
    )
    membership = production.memberships.get(user=owner)
    return services.offer_approve(offer=offer, by=owner, membership=membership)


def _memo_path(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/o/[\w-]+/)", body).group(1)


def _written(mail_dir) -> bool:
    files = list(mail_dir.iterdir())
    return bool(files) and all(f.read_bytes().endswith(b"-" * 79 + b"\n") for f in files)


def _pdf_text(content: bytes) -> str:
    import io

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.django_db
def test_sending_emails_the_agent_the_terms_and_the_memo_link(
    production, candidate, owner, django_capture_on_commit_callbacks
):
    candidate.person.manager_email = "max@mgmt.example.com"
    candidate.person.save()
    offer = _approved(
        production, candidate, owner, rate=Decimal("4500.00"), rate_unit="week",
        billing="Fourth position", terms="Travel: two flights, economy",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_send(offer=offer, by=owner)
    [message] = mail.outbox
    assert message.to == ["ava@caa.example.com"] and message.cc == ["max@mgmt.example.com"]
    assert message.subject == "Offer: June Park as WAITRESS in The Long Night"
    assert "USD 4500.00 per week (USD 900.00 a day)" in message.body
    assert "Guaranteed: 2 days" in message.body and "Fourth position" in message.body
    assert "Travel: two flights, economy" in message.body
    response = Client().get(_memo_path(message.body))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "draft" in text and "June Park" in text and "4500.00" in text
    row = OfferEmail.objects.get()
    assert row.sent_at is not None and row.to == "ava@caa.example.com"
    assert offer.history.last().note == "Sent to ava@caa.example.com."


@pytest.mark.django_db
def test_the_memo_link_stops_working_once_the_offer_is_withdrawn(
    production, candidate, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        offer = services.offer_send(
            offer=_approved(production, candidate, owner, rate="1"), by=owner
        )
    path = _memo_path(mail.outbox[0].body)
    services.offer_answer(offer=offer, answer="withdrawn", by=owner)
    response = Client().get(path)
    assert response.status_code == 404
    assert "no longer open" in response.content.decode()
    assert Client().get("/o/not-a-token/").status_code == 404


@pytest.mark.django_db
def test_an_offer_with_no_address_to_send_to_is_refused_and_changes_nothing(
    production, role, owner
):
    silent = services.candidate_add(role=role, person=PersonFactory(name="No Mail", email=""))
    offer = _approved(production, silent, owner, rate="100")
    with pytest.raises(ApplicationError, match="No email address for No Mail's agent"):
        services.offer_send(offer=offer, by=owner)
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.APPROVED
    assert Candidate.objects.get(pk=silent.pk).status == Candidate.Status.ON_HOLD
    assert not OfferEmail.objects.exists() and not mail.outbox


@pytest.mark.django_db
def test_the_sweep_sends_a_row_the_broker_never_got_and_only_once(
    production, candidate, owner, django_capture_on_commit_callbacks, settings
):
    # The commit's callbacks never run: the task was never queued, as with a broker down.
    with django_capture_on_commit_callbacks(execute=False):
        services.offer_send(offer=_approved(production, candidate, owner, rate="1"), by=owner)
    assert not mail.outbox
    assert outbox.outbox_requeue() == 0  # still within the grace period
    later = timezone.now() + timedelta(seconds=settings.STUDIO_OUTBOX_GRACE_SECONDS + 5)
    with time_machine.travel(later):
        assert outbox.outbox_requeue() == 1
        assert outbox.outbox_requeue() == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ava@caa.example.com"]


@pytest.mark.django_db
def test_the_offer_page_says_where_it_went(
    production, candidate, owner, django_capture_on_commit_callbacks
):
    offer = _approved(production, candidate, owner, rate="1")
    client = Client()
    client.force_login(owner)
    url = f"/productions/long-night/casting/offers/{offer.pk}/"
    assert "Send to the agent" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"step": "send"})
    page = client.get(url).content.decode()
    assert "Sent to ava@caa.example.com: emailed" in page
    api = client.get(f"/api/v1/productions/long-night/offers/{offer.pk}/").json()
    assert api["emails"][0]["to"] == "ava@caa.example.com" and api["emails"][0]["sent_at"]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_emails_the_agent_once(production, candidate, owner, celery_worker_process):
    offer = _approved(production, candidate, owner, rate="900.00")
    services.offer_send(offer=offer, by=owner)
    mail_dir = celery_worker_process["mail_dir"]
    deadline = time.monotonic() + 30
    # Until the worker has written the whole message (the file backend ends it with dashes).
    while not _written(mail_dir) and time.monotonic() < deadline:
        time.sleep(0.2)
    [path] = list(mail_dir.iterdir())
    message = message_from_bytes(path.read_bytes())
    assert message["To"] == "ava@caa.example.com"
    assert "USD 900.00 per day" in message.get_payload()
    # The sweep later finds the row sent: nothing goes twice.
    later = timezone.now() + timedelta(minutes=10)
    with time_machine.travel(later):
        assert outbox.outbox_requeue() == 0
    time.sleep(1)
    assert len(list(mail_dir.iterdir())) == 1
    assert OfferEmail.objects.get().sent_at is not None
