"""The casting board's cards come from the cache while the role is unchanged: each write that
changes what a card shows is on the next page, and each access level sees its own board."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casting import services
from tests.casting.test_headshots import image_bytes
from tests.factories import AssignmentFactory, ProductionFactory, UnavailabilityFactory

pytestmark = pytest.mark.django_db
BASE = "/productions/long-night/casting"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _board(client, role) -> str:
    response = client.get(f"{BASE}/roles/{role.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _card(html: str, candidate) -> str:
    start = html.index(f'id="candidate-{candidate.pk}"')
    return html[start : html.index("</li>", start)]


def test_a_second_look_is_served_from_the_cache_with_this_visits_token(
    casting_member, role, candidate
):
    _board(_client(casting_member), role)  # cached by another visit
    client = Client(enforce_csrf_checks=True)
    client.force_login(casting_member)
    with CaptureQueriesContext(connection) as warm:
        html = _board(client, role)
    assert "June Park" in html and "Agent: Ava Agent, CAA" in html
    # The cards' queries (candidates, picks, headshots, conflicts) are not run.
    assert "casting_candidate" not in " ".join(q["sql"] for q in warm.captured_queries)
    assert "__studio_casting_csrf__" not in html
    # The move form carries this visit's token: the move is accepted, not refused (403).
    card = _card(html, candidate)
    token = card.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    url = f"{BASE}/roles/{role.pk}/candidates/{candidate.pk}/move/"
    response = client.post(url, {"status": "shortlisted", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == "shortlisted"


def test_the_director_never_gets_the_offices_cached_board(
    casting_member, director, role, candidate
):
    office = _board(_client(casting_member), role)
    assert "Agent: Ava Agent, CAA" in office and "move-form" in office
    seen = _board(_client(director), role)
    assert "June Park" in seen
    assert "Agent:" not in seen and "move-form" not in seen and "bulk-form" not in seen
    # And the other way round: the director's board, cached first, is not the office's.
    assert "move-form" in _board(_client(casting_member), role)


def test_a_move_is_on_the_next_board(casting_member, role, candidate):
    client = _client(casting_member)
    assert 'data-status="considering"' in _board(client, role)
    url = f"{BASE}/roles/{role.pk}/candidates/{candidate.pk}/move/"
    client.post(url, {"status": "shortlisted"})
    html = _board(client, role)
    shortlisted = html[html.index('data-status="shortlisted"') :]
    assert "June Park" in shortlisted[: shortlisted.index("</section>")]


def test_a_pick_is_on_the_next_board(casting_member, producer, role, candidate):
    client = _client(casting_member)
    assert "picks-line" not in _card(_board(client, role), candidate)
    services.pick_record(candidate=candidate, user=producer, pick="yes")
    assert f"{producer.username}" in _card(_board(client, role), candidate)


def test_a_headshot_is_on_the_next_board(casting_member, role, candidate):
    client = _client(casting_member)
    assert "Headshot of June Park" not in _board(client, role)
    upload = SimpleUploadedFile("h.png", image_bytes("PNG", size=(4, 4)))
    services.headshot_upload(candidate=candidate, upload=upload)
    assert "Headshot of June Park" in _board(client, role)


def test_a_date_off_or_a_booking_elsewhere_is_on_the_next_board(casting_member, role, candidate):
    client = _client(casting_member)
    assert "conflict" not in _card(_board(client, role), candidate)
    UnavailabilityFactory(
        person=candidate.person, start_date=date(2027, 1, 14), end_date=date(2027, 1, 14)
    )
    assert "Unavailable 14 Jan" in _card(_board(client, role), candidate)
    AssignmentFactory(
        production=ProductionFactory(title="Other Show"),
        person=candidate.person,
        start_date=date(2027, 1, 22),
        end_date=date(2027, 1, 22),
    )
    assert "Booked elsewhere 22 Jan" in _card(_board(client, role), candidate)


def test_a_renamed_actor_or_agent_is_on_the_next_board(casting_member, role, candidate):
    client = _client(casting_member)
    assert "June Park" in _board(client, role)
    person = candidate.person
    person.name, person.agent = "June Park-Lee", "New Agency"
    person.save()
    card = _card(_board(client, role), candidate)
    assert "June Park-Lee" in card and "Agent: New Agency" in card


def test_a_renamed_picker_is_on_the_next_board(casting_member, producer, role, candidate):
    services.pick_record(candidate=candidate, user=producer, pick="yes")
    client = _client(casting_member)
    assert producer.username in _card(_board(client, role), candidate)
    producer.username = "renamed-producer"
    producer.save()
    assert "renamed-producer" in _card(_board(client, role), candidate)


def test_a_change_to_the_roles_scenes_is_on_the_next_board(casting_member, role, candidate):
    client = _client(casting_member)
    UnavailabilityFactory(
        person=candidate.person, start_date=date(2027, 1, 22), end_date=date(2027, 1, 22)
    )
    html = _board(client, role)
    assert "Needed 2 days, 14–22 Jan" in html and "Unavailable 22 Jan" in html
    # The WAITRESS leaves scene 11, the one on 22 Jan: she works one day, no conflict.
    scene = role.character.scenes.get(number="11")
    scene.characters.remove(role.character)
    html = _board(client, role)
    assert "Needed 1 day, 14 Jan" in html
    assert "Unavailable 22 Jan" not in _card(html, candidate)


def test_a_newer_script_is_on_the_next_board(casting_member, production, role):
    from django.utils import timezone

    from productions.models import Script

    def script(name):
        return Script.objects.create(
            production=production, file=f"scripts/{name}.fountain", original_name=name,
            format="fountain", revision_name=name, checksum=name,
        )  # fmt: skip

    client = _client(casting_member)
    first = script("white")
    role.script_sides = "scripts/sides.pdf"
    role.script_sides_from = first
    role.script_sides_made_at = timezone.now()
    role.save()
    assert "newer revision" not in _board(client, role)
    script("blue")
    assert "The script has a newer revision: make the sides again." in _board(client, role)
