"""A new member's welcome is owed from the transaction that adds them: a queue that lost it,
or a worker that died holding it, still ends in one email (the sweep, the claim's lease)."""

import pytest
import time_machine
from django.core import mail
from django.db import transaction

from core import outbox
from productions import services
from productions.models import Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADDED = "2027-03-01 09:00:00+00:00"


@pytest.fixture
def newcomer():
    return UserFactory(username="newcomer", email="newcomer@example.com")


def test_the_welcome_is_owed_as_the_member_is_added_and_not_when_the_add_rolls_back(
    production, owner, newcomer
):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.membership_add(production=production, user=newcomer, access="crew", by=owner)
        raise RuntimeError("the request failed after the member was added")
    assert not Membership.objects.filter(user=newcomer).exists()

    membership = services.membership_add(
        production=production, user=newcomer, access="crew", by=owner
    )
    assert membership.welcome_requested_at is not None
    assert membership.welcome_sent_at is None


def test_a_welcome_never_queued_is_found_by_the_sweep_after_the_grace_period(
    production, owner, newcomer, settings
):
    settings.STUDIO_OUTBOX_GRACE_SECONDS = 60
    with time_machine.travel(ADDED, tick=False) as clock:
        # The test's transaction never commits, so the queueing on commit never runs: as if
        # the broker had been down, or the process had died after the commit.
        membership = services.membership_add(
            production=production, user=newcomer, access="crew", by=owner
        )
        clock.shift(30)
        assert services.welcomes_unsent() == []
        clock.shift(31)
        assert services.welcomes_unsent() == [membership.pk]

        assert services.membership_welcome_send(membership_id=membership.pk) is True
        assert services.welcomes_unsent() == []
    assert [m.to for m in mail.outbox] == [["newcomer@example.com"]]


def test_no_welcome_is_owed_to_someone_who_added_themselves_or_has_no_email(production, owner):
    themselves = UserFactory(username="self", email="self@example.com")
    no_email = UserFactory(username="noemail", email="")
    with time_machine.travel(ADDED, tick=False) as clock:
        services.membership_add(
            production=production, user=themselves, access="crew", by=themselves
        )
        services.membership_add(production=production, user=no_email, access="crew", by=owner)
        clock.shift(3600)
        assert services.welcomes_unsent() == []
    owed = Membership.objects.filter(user__in=[themselves, no_email])
    assert list(owed.values_list("welcome_requested_at", flat=True)) == [None, None]


def test_a_welcome_held_by_a_worker_that_died_is_sent_once_after_its_lease(
    production, owner, newcomer, settings
):
    settings.STUDIO_DELIVERY_LEASE_SECONDS = 600
    with time_machine.travel(ADDED, tick=False) as clock:
        membership = services.membership_add(
            production=production, user=newcomer, access="crew", by=owner
        )
        clock.shift(120)
        # A worker claims it and is killed before it sends.
        unsent = Membership.objects.filter(welcome_sent_at__isnull=True)
        assert outbox.claim(unsent, membership.pk, field="welcome_claimed_at") is not None
        assert services.welcomes_unsent() == []
        assert services.membership_welcome_send(membership_id=membership.pk) is False

        clock.shift(601)
        assert services.welcomes_unsent() == [membership.pk]
        assert services.membership_welcome_send(membership_id=membership.pk) is True
        assert services.membership_welcome_send(membership_id=membership.pk) is False
    assert len(mail.outbox) == 1


def test_every_attempt_at_a_welcome_carries_the_same_message_id(production, owner, newcomer):
    membership = services.membership_add(
        production=production, user=newcomer, access="crew", by=owner
    )
    services.membership_welcome_send(membership_id=membership.pk)

    (message,) = mail.outbox
    assert message.extra_headers["Message-ID"] == outbox.message_id("welcome", membership.pk)
    assert outbox.message_id("welcome", membership.pk) == outbox.message_id(
        "welcome", membership.pk
    )
    assert outbox.message_id("welcome", membership.pk + 1) != message.extra_headers["Message-ID"]
    assert message.message()["Message-ID"] == message.extra_headers["Message-ID"]
