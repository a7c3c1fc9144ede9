"""Invitations end to end: a real Celery worker over Redis emails the personal link, the actor
confirms it in Chromium at 390×844, the casting office sees it; one reminder; an expired link
says so."""

import re
import time
from datetime import date, datetime
from datetime import time as clock
from email import message_from_bytes
from zoneinfo import ZoneInfo

import pytest
import time_machine

from casting import auditions, services
from casting.models import InvitationEmail, Slot
from tests.conftest import has_horizontal_scroll, serious_accessibility_violations, sign_in
from tests.factories import CharacterFactory, PersonFactory

pytestmark = [pytest.mark.worker, pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
LONDON = ZoneInfo("Europe/London")
SESSION_DAY = date(2027, 1, 5)


def wait_for(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def _mails(mail_dir) -> list:
    """Return the emails the worker has finished writing (the file backend ends each with a
    line of dashes): a file read while it is being written has no headers yet."""
    done = [f.read_bytes() for f in sorted(mail_dir.iterdir())]
    return [message_from_bytes(data) for data in done if data.endswith(b"-" * 79 + b"\n")]


@pytest.fixture
def invited(production, casting_member, celery_worker_process):
    character = CharacterFactory(production=production, name="NURSE", cast_id="9")
    role = services.role_create(production=production, character=character)
    candidate = services.candidate_add(
        role=role, person=PersonFactory(name="Theo Grant", email="theo@example.com")
    )
    session = auditions.session_create(
        production=production, role=role, kind="in_person", date=SESSION_DAY,
        start=clock(10), end=clock(11), slot_minutes=30, place="Harbor Casting, San Pedro",
    )  # fmt: skip
    auditions.session_invite(session=session, candidates=[candidate])
    mail_dir = celery_worker_process["mail_dir"]
    [message] = wait_for(lambda: _mails(mail_dir))
    return {"session": session, "message": message, "mail_dir": mail_dir}


def test_the_actor_confirms_on_a_phone_and_the_office_sees_it(
    browser, live_server, screenshots, invited, casting_member
):
    message = invited["message"]
    assert message["To"] == "theo@example.com"
    assert message["Subject"] == "Audition for The Long Night, Tue 5 Jan at 10:00"
    path = re.search(r"https?://[^/\s]+(/a/[\w-]+/)", message.get_payload()).group(1)

    context = browser.new_context(viewport=PHONE, bypass_csp=True)  # for axe
    page = context.new_page()
    try:
        with time_machine.travel(datetime(2027, 1, 3, 12, tzinfo=LONDON)):
            page.goto(f"{live_server.url}{path}")
            assert page.locator("h1").inner_text() == "Your audition"
            assert "Harbor Casting, San Pedro" in page.locator("main").inner_text()
            assert not has_horizontal_scroll(page)
            assert serious_accessibility_violations(page) == []
            page.screenshot(path=screenshots / "invitation-phone.png", full_page=True)
            page.get_by_label("I'll be there").check()
            page.get_by_label("Note").fill("See you there")
            page.get_by_role("button", name="Send my answer").click()
            page.wait_for_load_state("networkidle")
            assert "the casting office has your answer" in page.locator("main").inner_text()
            assert page.locator(".answer-state").inner_text() == "Confirmed"
            assert not has_horizontal_scroll(page)

        slot = Slot.objects.get(session=invited["session"], candidate__isnull=False)
        assert slot.state == Slot.State.CONFIRMED

        office = browser.new_context(viewport=PHONE).new_page()
        sign_in(office, live_server.url, "casting1", "pw-for-tests-1")
        office.goto(
            f"{live_server.url}/productions/long-night/casting/auditions/{slot.session_id}/"
        )
        row = office.locator("tr.slot-confirmed")
        assert "Theo Grant" in row.inner_text() and "See you there" in row.inner_text()
        assert not has_horizontal_scroll(office)
        office.context.close()

        # The day before, the reminder goes once, however often beat runs.
        evening = datetime(2027, 1, 4, 18, tzinfo=LONDON)
        assert auditions.reminders_enqueue(now=evening) == 1
        assert auditions.reminders_enqueue(now=evening) == 0
        mail_dir = invited["mail_dir"]
        mails = wait_for(lambda: len(_mails(mail_dir)) == 2 and _mails(mail_dir))
        assert mails[1]["Subject"].startswith("Reminder: Audition for The Long Night")
        wait_for(lambda: InvitationEmail.objects.filter(kind="reminder", sent_at__isnull=False))
        time.sleep(1)
        assert len(_mails(mail_dir)) == 2

        # After the session the link says it has expired.
        with time_machine.travel(datetime(2027, 1, 6, 9, tzinfo=LONDON)):
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 410
            assert page.locator("h1").inner_text() == "This invitation has expired"
            assert not has_horizontal_scroll(page)
    finally:
        context.close()
