"""The demo's call sheets show the whole flow: a revised sheet, every state, the crew user."""

import pytest
from django.test import Client

from callsheets import selectors
from callsheets.models import CallSheet, CallSheetVersion, Delivery
from demo.seed import DEMO_PASSWORD, demo_seed

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_revised_call_sheet_with_deliveries_in_every_state():
    production = demo_seed()

    first, second = CallSheet.objects.filter(production=production).order_by("date")
    latest = selectors.version_get(first)
    assert (latest.number, latest.revised) == (2, True)
    assert selectors.version_get(second) is None  # the next day is a draft
    counts = selectors.delivery_counts(latest)
    for status in ("queued", "sent", "failed", "opened", "confirmed"):
        assert counts[status] >= 1, status
    assert latest.deliveries.exclude(changes=[]).exists()  # camera's earlier call


def test_the_crew_demo_user_finn_fontaine_is_on_it_and_can_confirm():
    production = demo_seed()
    callsheet = CallSheet.objects.filter(production=production).order_by("date").first()
    client = Client()
    assert client.login(username="crew", password=DEMO_PASSWORD)

    html = client.get(callsheet.get_absolute_url()).content.decode()
    client.post(f"{callsheet.get_absolute_url()}confirm/")

    assert "Your call" in html and "Confirm my call" in html
    finn = Delivery.objects.get(
        version=selectors.version_get(callsheet), person__name="Finn Fontaine"
    )
    assert finn.status == "confirmed"


def test_the_demo_seed_is_idempotent():
    production = demo_seed()
    before = (CallSheet.objects.count(), CallSheetVersion.objects.count(), Delivery.objects.count())

    demo_seed()

    assert (
        CallSheet.objects.count(),
        CallSheetVersion.objects.count(),
        Delivery.objects.count(),
    ) == before
    assert production.callsheets.count() == 2
