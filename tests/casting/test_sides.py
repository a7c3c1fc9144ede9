"""Sides from the script: the role's scenes from the latest revision as screenplay pages,
marked SIDES with the production and role, made by a task; the actor downloads them at their
link, the office from the role page; uploaded sides still win."""

import io
import time
from datetime import date, datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from casting import auditions, services, sides, tokens
from casting.models import Role
from productions.scripts import script_import
from tests.conftest import client_for
from tests.factories import CharacterFactory

LONDON = ZoneInfo("Europe/London")
SCRIPT = b"""Title: The Long Night

INT. DINER - NIGHT

Rain on the windows. MARA sits at the counter.

WAITRESS
(pouring)
Coffee's on the house tonight.
You look like you need it.

MARA
Thanks.

EXT. DOCKS - NIGHT

Cranes against the sky. No one speaks of diners here.

DANIEL
The books balance fine.

INT. DINER - LATER

WAITRESS
We're closing, honey.

CUT TO:
"""


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def scripted(production, owner):
    script_import(production=production, file=SCRIPT, filename="night.fountain", by=owner,
                  revision_name="Blue")  # fmt: skip
    waitress = production.characters.get(name="WAITRESS")
    return services.role_create(production=production, character=waitress)


def _make(client, role, capture):
    with capture(execute=True):
        return client.post(f"/productions/long-night/casting/roles/{role.pk}/sides/", follow=True)


@pytest.mark.django_db
def test_sides_hold_the_roles_scenes_as_screenplay_pages(
    scripted, casting_member, django_capture_on_commit_callbacks
):
    page = Client()
    page.force_login(casting_member)
    response = _make(page, scripted, django_capture_on_commit_callbacks)
    assert "being made from the script" in response.content.decode()
    role = Role.objects.get(pk=scripted.pk)
    assert role.script_sides and role.script_sides_from.revision_name == "Blue"
    board = page.get(f"/productions/long-night/casting/roles/{role.pk}/").content.decode()
    assert "Download the sides (from the script)" in board and "Blue revision" in board
    pdf = page.get(f"/productions/long-night/casting/roles/{role.pk}/sides/")
    assert pdf["Content-Type"] == "application/pdf"
    text = _text(b"".join(pdf.streaming_content))
    assert "SIDES" in text and "The Long Night" in text and "WAITRESS" in text
    assert "Coffee's on the house tonight." in text and "We're closing, honey." in text
    assert "(pouring)" in text and "Scenes 1, 3" in text
    # Scene 2 has no WAITRESS: not in her sides.
    assert "The books balance fine." not in text


@pytest.mark.django_db
def test_the_actor_downloads_the_script_sides_and_an_upload_wins(
    scripted, candidate_for_scripted, django_capture_on_commit_callbacks, production
):
    with django_capture_on_commit_callbacks(execute=True):
        sides.sides_request(role=scripted)
        session = auditions.session_create(
            production=production, role=scripted, kind="in_person", date=date(2027, 1, 5),
            start=clock(10), end=clock(11),
        )  # fmt: skip
        [slot] = auditions.session_invite(session=session, candidates=[candidate_for_scripted])
    link = f"/a/{tokens.token_for(slot.salt)}/"
    with time_machine.travel(datetime(2027, 1, 3, 12, tzinfo=LONDON), tick=False):
        assert "Download your sides" in Client().get(link).content.decode()
        made = Client().get(link + "sides/")
        assert made.status_code == 200
        assert "Coffee's on the house" in _text(b"".join(made.streaming_content))
        uploaded = b"%PDF-1.4\n% the casting office's own sides\n"
        services.role_update(role=scripted, sides=SimpleUploadedFile("mine.pdf", uploaded))
        assert b"".join(Client().get(link + "sides/").streaming_content) == uploaded


@pytest.fixture
def candidate_for_scripted(scripted):
    from tests.factories import PersonFactory

    person = PersonFactory(name="June Park", email="june@example.com")
    return services.candidate_add(role=scripted, person=person)


@pytest.mark.django_db
def test_no_script_or_no_scenes_is_refused_in_words(production, role, casting_member):
    page = Client()
    page.force_login(casting_member)
    response = page.post(f"/productions/long-night/casting/roles/{role.pk}/sides/", follow=True)
    assert "The production has no script yet" in response.content.decode()
    api = client_for(casting_member).post(f"/api/v1/productions/long-night/roles/{role.pk}/sides/")
    assert api.status_code == 400 and "no script yet" in api.json()["message"]
    assert Role.objects.get(pk=role.pk).script_sides_requested_at is None
    script_import(production=production, file=SCRIPT, filename="night.fountain")
    silent = services.role_create(
        production=production, character=CharacterFactory(production=production, name="EXTRA")
    )
    api = client_for(casting_member).post(
        f"/api/v1/productions/long-night/roles/{silent.pk}/sides/"
    )
    assert api.status_code == 400 and "EXTRA is in no scene" in api.json()["message"]


@pytest.mark.django_db
def test_the_api_answers_202_then_shows_the_sides(
    scripted, casting_member, crew_member, outsider, director, django_capture_on_commit_callbacks
):
    url = f"/api/v1/productions/long-night/roles/{scripted.pk}/sides/"
    assert client_for(outsider).post(url).status_code == 404
    assert client_for(crew_member).post(url).status_code == 403
    assert client_for(director).post(url).status_code == 403  # the director reads, not makes
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(casting_member).post(url)
    assert response.status_code == 202 and response.json()["sides"]["pending"] is True
    sides.sides_build(role_id=scripted.pk)
    data = client_for(casting_member).get(f"/api/v1/productions/long-night/roles/{scripted.pk}/")
    assert data.json()["sides"]["source"] == "script" and data.json()["sides"]["pending"] is False
    download = data.json()["sides"]["url"]
    statuses = {}
    for name, user in {"director": director, "crew": crew_member, "outsider": outsider}.items():
        client = Client()
        client.force_login(user)
        statuses[name] = client.get(download).status_code
    assert statuses == {"director": 200, "crew": 403, "outsider": 404}


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_sides(scripted, casting_member, celery_worker_process):
    sides.sides_request(role=scripted)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        role = Role.objects.get(pk=scripted.pk)
        if role.script_sides or role.script_sides_error:
            break
        time.sleep(0.3)
    assert role.script_sides_error == "" and role.script_sides
    assert "We're closing, honey." in _text(role.script_sides.read())
