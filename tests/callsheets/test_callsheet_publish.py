"""Publishing: frozen versions, revisions, what changed for each person, and the emails."""

import smtplib
from datetime import time

import pytest
from django.core import mail

from callsheets import assembly, links, messages, personal, selectors
from callsheets import services as callsheet_services
from callsheets.models import CallSheetLink, CallSheetVersion, Delivery
from callsheets.tasks import delivery_send_task
from core import events, outbox
from core.exceptions import ApplicationError
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def callsheet(production, plan):
    return callsheet_services.callsheet_generate(production=production, on=plan["days"][0])


def publish(callsheet, capture, by=None):
    with capture(execute=True):
        return callsheet_services.callsheet_publish(callsheet=callsheet, by=by)


def test_publishing_freezes_version_1_and_emails_everyone_on_it(
    callsheet, owner, django_capture_on_commit_callbacks
):
    version = publish(callsheet, django_capture_on_commit_callbacks, by=owner)

    assert (version.number, version.revised, version.published_by) == (1, False, owner)
    # 2 cast + 4 crew, every one with an email.
    assert version.deliveries.count() == 6
    assert len(mail.outbox) == 6
    assert set(version.deliveries.values_list("state", flat=True)) == {"sent"}


def test_each_email_has_the_persons_own_call_in_the_subject_the_pdf_and_their_link(
    callsheet, plan, django_capture_on_commit_callbacks
):
    maya = plan["cast"]["MAYA"]
    callsheet_services.callsheet_cast_set(
        callsheet=callsheet, rows=[callsheet_services.CastTimes(maya.pk, makeup=time(6, 15))]
    )
    version = publish(callsheet, django_capture_on_commit_callbacks)

    person = maya.assignment.person
    message = next(m for m in mail.outbox if m.to == [person.email])
    assert message.subject == "Call 06:15 Tue 12 Jan — Day 1 — The Long Night"
    assert "Your call: 06:15" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html" and "06:15" in html
    name, pdf, mime = message.attachments[0]
    assert mime == "application/pdf" and pdf.startswith(b"%PDF")
    assert name == "the-long-night-day-1-2027-01-12-v1.pdf"
    link = CallSheetLink.objects.get(callsheet=callsheet, person=person)
    assert links.link_url(link) in message.body
    assert Delivery.objects.get(version=version, person=person).call_time == time(6, 15)


def test_a_published_version_never_changes_when_the_draft_does(
    callsheet, django_capture_on_commit_callbacks
):
    version = publish(callsheet, django_capture_on_commit_callbacks)
    frozen = CallSheetVersion.objects.get(pk=version.pk).data

    callsheet_services.callsheet_update(
        callsheet=callsheet, general_call=time(6, 0), weather="Storm"
    )

    assert CallSheetVersion.objects.get(pk=version.pk).data == frozen
    assert frozen["times"]["general_call"] == "07:00"
    assert assembly.callsheet_sheet(callsheet)["times"]["general_call"] == "06:00"


def test_publishing_again_makes_a_revised_version_2_telling_each_what_changed(
    callsheet, plan, production, django_capture_on_commit_callbacks
):
    publish(callsheet, django_capture_on_commit_callbacks)
    grip = plan["crew"]["Key Grip"]
    callsheet_services.callsheet_crew_set(
        callsheet=callsheet, people=[callsheet_services.CrewCall(grip.person_id, time(6, 0))]
    )
    elsewhere = plan["location"].__class__.objects.create(
        production=production, name="HARBOR WAREHOUSE", address="1201 E Anaheim St"
    )
    callsheet_services.callsheet_update(callsheet=callsheet, location=elsewhere)
    mail.outbox.clear()

    version = publish(callsheet, django_capture_on_commit_callbacks)

    assert (version.number, version.revised, version.data["version"]) == (2, True, 2)
    grip_copy = version.deliveries.get(person=grip.person)
    assert grip_copy.changes == [
        "Your call time changed from 07:00 to 06:00.",
        "The location changed to HARBOR WAREHOUSE, 1201 E Anaheim St.",
    ]
    director = version.deliveries.get(person=plan["crew"]["Director"].person)
    assert director.changes == ["The location changed to HARBOR WAREHOUSE, 1201 E Anaheim St."]
    message = next(m for m in mail.outbox if m.to == [grip.person.email])
    assert message.subject == "REVISED: Call 06:00 Tue 12 Jan — Day 1 — The Long Night"
    assert "Your call time changed from 07:00 to 06:00." in message.body
    assert callsheet.versions.get(number=1).data["times"]["general_call"] == "07:00"


def test_someone_dropped_from_the_sheet_is_told_they_are_released(
    callsheet, plan, production, django_capture_on_commit_callbacks
):
    publish(callsheet, django_capture_on_commit_callbacks)
    grip = plan["crew"]["Key Grip"]
    grip.end_date = plan["days"][0].replace(day=11)
    grip.start_date = grip.end_date
    grip.save()
    mail.outbox.clear()

    version = publish(callsheet, django_capture_on_commit_callbacks)

    released = version.deliveries.get(person=grip.person)
    assert released.call_time is None and released.released
    assert released.changes == ["You are no longer called on this day."]
    message = next(m for m in mail.outbox if m.to == [grip.person.email])
    assert message.subject.startswith("REVISED: Not called Tue 12 Jan")


def test_people_without_email_are_not_sent_anything_and_are_listed(
    callsheet, plan, django_capture_on_commit_callbacks
):
    grip = plan["crew"]["Key Grip"].person
    grip.email = ""
    grip.save()

    version = publish(callsheet, django_capture_on_commit_callbacks)

    assert not version.deliveries.filter(person=grip).exists()
    assert selectors.unreachable(version, version.deliveries.all()) == ["Gus Grip"]


def test_a_second_run_of_the_send_task_sends_nothing_more(
    callsheet, django_capture_on_commit_callbacks
):
    version = publish(callsheet, django_capture_on_commit_callbacks)
    delivery = version.deliveries.first()

    assert delivery_send_task.delay(delivery.pk).get() is False
    assert len(mail.outbox) == 6


def test_a_failed_send_is_recorded_then_the_retry_sends_it(
    callsheet, monkeypatch, django_capture_on_commit_callbacks
):
    real_send = messages.EmailMultiAlternatives.send
    down = {"yes": True}

    def flaky(message, *args, **kwargs):
        if down["yes"]:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(messages.EmailMultiAlternatives, "send", flaky)
    version = publish(callsheet, django_capture_on_commit_callbacks)

    delivery = version.deliveries.first()
    assert (delivery.state, delivery.attempts) == ("failed", 1)
    assert delivery.error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert delivery.failed_at is not None and delivery.claimed_at is None
    assert mail.outbox == []

    down["yes"] = False
    assert delivery_send_task.delay(delivery.pk).get() is True  # what Celery's retry runs
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.error) == ("sent", 2, "")


def test_mail_server_errors_are_retried_with_exponential_backoff():
    assert delivery_send_task.autoretry_for == (OSError,)  # smtplib's errors are OSErrors
    assert delivery_send_task.retry_backoff == 30
    assert delivery_send_task.retry_backoff_max == 30 * 60
    assert delivery_send_task.retry_jitter is True
    assert delivery_send_task.max_retries == 6
    assert delivery_send_task.time_limit == 60
    assert outbox.lease().total_seconds() > delivery_send_task.time_limit


def test_a_delivery_being_sent_by_another_worker_is_left_alone(
    callsheet, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        version = callsheet_services.callsheet_publish(callsheet=callsheet)
    delivery = version.deliveries.first()
    assert messages.delivery_claim(delivery.pk) is not None  # another worker holds it

    assert messages.delivery_send(delivery_id=delivery.pk) is False
    assert mail.outbox == []


def test_the_ad_can_resend_to_one_person_and_it_goes_once(
    callsheet, django_capture_on_commit_callbacks
):
    version = publish(callsheet, django_capture_on_commit_callbacks)
    delivery = version.deliveries.first()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        callsheet_services.delivery_resend(delivery=delivery)
    delivery_send_task.delay(delivery.pk)

    assert [m.to for m in mail.outbox] == [[delivery.email]]
    delivery.refresh_from_db()
    assert delivery.state == "sent" and delivery.attempts == 2


def test_only_the_latest_version_can_be_resent(callsheet, django_capture_on_commit_callbacks):
    first = publish(callsheet, django_capture_on_commit_callbacks)
    publish(callsheet, django_capture_on_commit_callbacks)

    with pytest.raises(ApplicationError) as refused:
        callsheet_services.delivery_resend(delivery=first.deliveries.first())
    assert refused.value.status_code == 409


def test_a_sheet_without_a_shoot_day_cannot_be_published(callsheet, plan, owner):
    from schedules import services

    day = plan["location"].shoot_days.get(date=callsheet.date)
    services.shoot_day_remove(day=day, by=owner)

    with pytest.raises(ApplicationError) as refused:
        callsheet_services.callsheet_publish(callsheet=callsheet)
    assert refused.value.status_code == 409
    assert not callsheet.versions.exists()


def test_publishing_and_confirming_announce_events(
    callsheet, plan, django_capture_on_commit_callbacks
):
    heard = []
    events.subscribe(listener := lambda production, event, payload: heard.append(event))
    try:
        version = publish(callsheet, django_capture_on_commit_callbacks)
        person = plan["crew"]["Key Grip"].person
        with django_capture_on_commit_callbacks(execute=True):
            callsheet_services.delivery_confirm(view=personal.personal_view(callsheet, person))
    finally:
        events._subscribers.remove(listener)

    assert heard == ["callsheet.published", "callsheet.confirmed"]
    assert version.deliveries.get(person=person).status == "confirmed"


def test_a_person_added_to_the_crew_after_version_1_is_told_they_are_now_called(
    callsheet, production, django_capture_on_commit_callbacks
):
    from tests.factories import AssignmentFactory, department

    publish(callsheet, django_capture_on_commit_callbacks)
    AssignmentFactory(
        production=production,
        person=PersonFactory(name="New Gaffer"),
        department=department("Electric"),
        title="Gaffer",
    )

    version = publish(callsheet, django_capture_on_commit_callbacks)

    assert version.deliveries.get(person__name="New Gaffer").changes == [
        "You are now called, at 07:00."
    ]
