"""A real Celery worker, in its own process, consuming from the real Redis."""

import time
from email import message_from_bytes

import pytest

from productions import services
from productions.models import Membership
from tests.factories import UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return predicate()


def test_a_new_member_gets_their_welcome_email_from_the_worker(celery_worker_process, production):
    owner = UserFactory(username="boss")
    Membership.objects.create(production=production, user=owner, access="owner")
    newcomer = UserFactory(username="newcomer", email="newcomer@example.com")

    membership = services.membership_add(
        production=production, user=newcomer, access="crew", by=owner
    )

    sent = wait_for(lambda: Membership.objects.get(pk=membership.pk).welcome_sent_at)
    assert sent is not None, celery_worker_process["log"].read_text()
    files = list(celery_worker_process["mail_dir"].iterdir())
    assert len(files) == 1
    message = message_from_bytes(files[0].read_bytes())
    assert message["To"] == "newcomer@example.com"
    assert message["Subject"] == "You are on The Long Night in Studio"
    assert "/productions/long-night/" in message.get_payload()


def test_a_repeated_welcome_task_sends_nothing_more(celery_worker_process, production):
    from productions.tasks import membership_welcome_task

    newcomer = UserFactory(username="again", email="again@example.com")
    membership = Membership.objects.create(production=production, user=newcomer, access="crew")

    first = membership_welcome_task.delay(membership.pk).get(timeout=20)
    second = membership_welcome_task.delay(membership.pk).get(timeout=20)

    assert (first, second) == (True, False)
    assert len(list(celery_worker_process["mail_dir"].iterdir())) == 1
