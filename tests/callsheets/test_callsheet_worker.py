"""A real Celery worker, over the real Redis, emails the call sheet to everyone: once."""

import time
from email import message_from_bytes, policy
from email.message import Message

import pytest

from callsheets import services
from callsheets.models import Delivery
from callsheets.tasks import delivery_send_task
from tests.factories import callsheet_schedule

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Before the worker starts: it is handed MEDIA_ROOT, where the PDF is kept.
    settings.MEDIA_ROOT = tmp_path / "media"


def wait_for(predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    return predicate()


def messages(mail_dir) -> list[Message]:
    found = []
    for path in sorted(mail_dir.iterdir()):
        # The file backend writes every message of a connection to one file, 79 dashes apart.
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                found.append(message_from_bytes(chunk, policy=policy.default))
    return found


def results(tasks, worker) -> list:
    try:
        return [task.get(timeout=60) for task in tasks]
    except Exception as error:  # the worker's log says why
        pytest.fail(f"{error!r}\n{worker['log'].read_text()}")


def attachments(message: Message) -> list[tuple[str, str]]:
    return [
        (part.get_filename(), part.get_content_type())
        for part in message.walk()
        if part.get_filename()
    ]


def test_the_worker_sends_each_person_their_call_sheet_and_a_second_run_sends_nothing(
    celery_worker_process, production, owner
):
    plan = callsheet_schedule(production, by=owner)
    callsheet = services.callsheet_generate(production=production, on=plan["days"][0])
    log = celery_worker_process["log"]

    version = services.callsheet_publish(callsheet=callsheet, by=owner)

    everyone = version.deliveries.count()
    sent = wait_for(
        lambda: Delivery.objects.filter(version=version, state="sent").count() == everyone
    )
    assert sent, log.read_text()
    found = messages(celery_worker_process["mail_dir"])
    assert len(found) == everyone == 6
    calls = {d.email: d.call_time.strftime("%H:%M") for d in version.deliveries.all()}
    for message in found:
        call = calls[message["To"]]
        assert message["Subject"].strip() == f"Call {call} Tue 12 Jan — Day 1 — The Long Night"
        assert attachments(message) == [
            ("the-long-night-day-1-2027-01-12-v1.pdf", "application/pdf")
        ]
        text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
        assert "/c/" in text.get_content()

    again = [delivery_send_task.delay(d.pk) for d in version.deliveries.all()]
    assert results(again, celery_worker_process) == [False] * everyone
    assert len(messages(celery_worker_process["mail_dir"])) == everyone


def test_the_same_task_queued_twice_emails_once(celery_worker_process, production, owner):
    plan = callsheet_schedule(production, by=owner)
    callsheet = services.callsheet_generate(production=production, on=plan["days"][0])
    version = services.callsheet_publish(callsheet=callsheet, by=owner, send=False)
    delivery = version.deliveries.first()

    tasks = [delivery_send_task.delay(delivery.pk) for _ in range(3)]

    assert sorted(results(tasks, celery_worker_process)) == [False, False, True]
    assert len(messages(celery_worker_process["mail_dir"])) == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("sent", 1)
