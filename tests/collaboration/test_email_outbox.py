"""A notification's email is an outbox row: lost on the way to the broker, or held by a worker
that died, it is still sent once (the sweep after the grace period, the claim's lease); a mail
server that refuses it is tried again once the lease is over, not on every sweep."""

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from collaboration import notifications
from collaboration.models import OutgoingEmail
from core import outbox
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DECIDED = "2027-03-01 09:00:00+00:00"


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.fixture
def email(settings):
    settings.STUDIO_OUTBOX_GRACE_SECONDS = 60
    settings.STUDIO_DELIVERY_LEASE_SECONDS = 600
    with time_machine.travel(DECIDED, tick=False):
        return OutgoingEmail.objects.create(
            recipient=UserFactory(username="gaffer", email="gaffer@example.com"),
            subject="The Long Night: @gaffer, the lamp at the window",
            body="Have a look.",
        )


def test_an_email_whose_task_was_lost_is_sent_once_by_the_sweep_after_the_grace_period(email):
    with time_machine.travel(DECIDED, tick=False) as clock:
        clock.shift(30)
        assert notifications.emails_unsent() == []
        clock.shift(31)
        assert notifications.emails_unsent() == [email.pk]

        assert notifications.email_send(email_id=email.pk) is True
        assert notifications.emails_unsent() == []
        assert notifications.email_send(email_id=email.pk) is False

    (message,) = mail.outbox
    assert message.to == ["gaffer@example.com"]
    assert message.message()["Message-ID"] == outbox.message_id("email", email.pk)


def test_an_email_held_by_a_worker_that_died_is_sent_once_after_the_lease(email):
    with time_machine.travel(DECIDED, tick=False) as clock:
        clock.shift(120)
        assert outbox.claim(OutgoingEmail.objects.filter(sent_at=None), email.pk) is not None
        assert notifications.emails_unsent() == []
        assert notifications.email_send(email_id=email.pk) is False

        clock.shift(601)
        assert notifications.emails_unsent() == [email.pk]
        assert notifications.email_send(email_id=email.pk) is True
    assert len(mail.outbox) == 1


def test_an_email_the_mail_server_refused_waits_for_the_lease_then_goes_once(email, settings):
    with time_machine.travel(DECIDED, tick=False) as clock:
        clock.shift(120)
        settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
        with pytest.raises(ConnectionRefusedError):
            notifications.email_send(email_id=email.pk)
        clock.shift(60)
        assert notifications.emails_unsent() == []

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        clock.shift(541)
        assert notifications.emails_unsent() == [email.pk]
        assert notifications.email_send(email_id=email.pk) is True
    assert len(mail.outbox) == 1
