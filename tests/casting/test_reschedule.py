"""Another time: the actor asks at their link, the casting director moves the invitation to an
open slot (of the session or another), the actor is emailed the new time with the same link."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client

from casting import auditions, tokens
from casting.models import InvitationEmail, Slot
from core.exceptions import ApplicationError
from tests.conftest import (
    client_for,
    has_horizontal_scroll,
    serious_accessibility_violations,
    sign_in,
)
from tests.factories import PersonFactory

LONDON = ZoneInfo("Europe/London")
DAY = date(2027, 1, 5)
BEFORE = datetime(2027, 1, 3, 12, tzinfo=LONDON)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def sessions(production, role):
    first = auditions.session_create(
        production=production, role=role, kind="in_person", date=DAY, start=time(10),
        end=time(11), slot_minutes=30, place="Harbor Casting",
    )  # fmt: skip
    second = auditions.session_create(
        production=production, role=role, kind="callback", date=date(2027, 1, 6),
        start=time(14), end=time(15), slot_minutes=30, place="Harbor Casting",
    )  # fmt: skip
    return first, second


@pytest.fixture
def invited(sessions, candidate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [slot] = auditions.session_invite(session=sessions[0], candidates=[candidate])
    mail.outbox.clear()
    return slot


def _link(slot) -> str:
    return f"/a/{tokens.token_for(slot.salt)}/"


@pytest.mark.django_db
@time_machine.travel(BEFORE, tick=False)
def test_asked_for_another_time_and_moved_the_actor_keeps_the_link(
    invited, sessions, casting_member, django_capture_on_commit_callbacks
):
    link = _link(invited)
    Client().post(link, {"answer": "reschedule", "note": "Mornings are hard"})
    page = Client()
    page.force_login(casting_member)
    session_url = f"/productions/long-night/casting/auditions/{sessions[0].pk}/"
    assert "Mornings are hard" in page.get(session_url).content.decode()
    later = sessions[0].slots.get(start=time(10, 30))
    with django_capture_on_commit_callbacks(execute=True):
        response = page.post(
            f"{session_url}slots/{invited.pk}/move/", {"to": later.pk}, follow=True
        )
    assert "June Park moved to Tue 5 Jan at 10:30" in response.content.decode()
    invited.refresh_from_db()
    later.refresh_from_db()
    assert (invited.candidate, invited.state, invited.token_hash) == (None, "open", "")
    assert later.state == Slot.State.INVITED and later.rescheduled_at is not None
    [message] = mail.outbox
    assert message.subject == "New time: Audition for The Long Night, Tue 5 Jan at 10:30"
    assert link in message.body and "has a new time" in message.body
    # The same link opens the new time.
    actor_page = Client().get(link).content.decode()
    assert "10:30" in actor_page and "New time" in actor_page
    token = link.strip("/").split("/")[-1]
    mine = Client().get(f"/api/v1/auditions/{token}/").json()
    assert mine["start"] == "10:30:00" and mine["rescheduled_at"] and mine["state"] == "invited"


@pytest.mark.django_db
@time_machine.travel(BEFORE, tick=False)
def test_moving_to_another_session_resets_the_reminder_for_the_new_day(
    invited, sessions, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime(2027, 1, 4, 12, tzinfo=LONDON), tick=False):
        assert auditions.reminders_enqueue() == 1  # the day before the first session
    target = sessions[1].slots.get(start=time(14, 30))
    moved = auditions.slot_move(slot=invited, to=target)
    assert moved.session == sessions[1]
    kinds = sorted(InvitationEmail.objects.filter(slot=moved).values_list("kind", flat=True))
    assert kinds == ["invite", "moved"]
    with time_machine.travel(datetime(2027, 1, 5, 12, tzinfo=LONDON), tick=False):
        assert auditions.reminders_enqueue() == 1  # the day before the callback
        assert auditions.reminders_enqueue() == 0


@pytest.mark.django_db
@time_machine.travel(BEFORE, tick=False)
def test_a_full_slot_is_refused_in_words_and_nothing_moves(invited, sessions, role):
    from casting import services

    other = services.candidate_add(
        role=role, person=PersonFactory(name="Kit Lowe", email="kit@example.com")
    )
    [taken] = auditions.session_invite(session=sessions[0], candidates=[other])
    with pytest.raises(ApplicationError, match="The slot Tue 5 Jan at 10:30 is taken") as error:
        auditions.slot_move(slot=invited, to=taken)
    assert error.value.status_code == 409
    invited.refresh_from_db()
    taken.refresh_from_db()
    assert invited.candidate.person.name == "June Park" and taken.candidate == other


@pytest.mark.django_db
@time_machine.travel(BEFORE, tick=False)
def test_the_api_moves_for_the_office_only(
    invited, sessions, casting_member, crew_member, outsider, django_capture_on_commit_callbacks
):
    url = f"/api/v1/productions/long-night/auditions/{sessions[0].pk}/move/"
    target = sessions[1].slots.first()
    body = {"slot": invited.pk, "to": target.pk}
    assert client_for(None).post(url, body, format="json").status_code == 401
    assert client_for(outsider).post(url, body, format="json").status_code == 404
    assert client_for(crew_member).post(url, body, format="json").status_code == 403
    bad = client_for(casting_member).post(url, {"slot": invited.pk, "to": 999999}, format="json")
    assert bad.status_code == 404 and bad.json()["message"].startswith("Choose an invited slot")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(casting_member).post(url, body, format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == target.pk and data["state"] == "invited" and data["rescheduled_at"]
    assert data["link"].endswith(_link(invited))
    full = client_for(casting_member).post(
        url, {"slot": sessions[0].slots.first().pk, "to": target.pk}, format="json"
    )
    assert full.status_code == 400  # that slot is open now: nothing to move
    assert "nothing to move" in full.json()["message"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_casting_director_moves_an_invitation_on_a_phone(
    browser, live_server, sessions, candidate, casting_member, screenshots
):
    [slot] = auditions.session_invite(session=sessions[0], candidates=[candidate])
    auditions.invitation_answer(slot=slot, answer="reschedule", note="After lunch please")
    context = browser.new_context(viewport=PHONE, bypass_csp=True)  # for axe
    page = context.new_page()
    try:
        with time_machine.travel(BEFORE):
            sign_in(page, live_server.url, "casting1", "pw-for-tests-1")
            page.goto(
                f"{live_server.url}/productions/long-night/casting/auditions/{sessions[0].pk}/"
            )
            assert "After lunch please" in page.locator("main").inner_text()
            assert not has_horizontal_scroll(page)
            assert serious_accessibility_violations(page) == []
            page.screenshot(path=screenshots / "session-move-phone.png", full_page=True)
            page.get_by_label("Move June Park to").select_option(label="Wed 6 Jan 14:30 (Callback)")
            page.get_by_role("button", name="Move").click()
            page.wait_for_load_state("networkidle")
            assert "moved to Wed 6 Jan at 14:30" in page.locator(".messages").inner_text()
            assert "Callback" in page.locator("h1").inner_text()
            assert "Moved here" in page.locator("main").inner_text()
    finally:
        context.close()
