"""The casting pages: who may open which (the privacy matrix), and what they do without
JavaScript: the board's move form, bulk moves, picks, sessions and offers."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.test import Client

from casting import auditions, services
from casting.models import Candidate, Offer, Pick
from tests.casting.conftest import held
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
BASE = "/productions/long-night/casting"


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def people(production, outsider, crew_member, casting_member, producer, owner, director):
    viewer = UserFactory(username="viewer1")
    MembershipFactory(production=production, user=viewer, access="viewer")
    return {
        "anonymous": None,
        "outsider": outsider,
        "crew": crew_member,
        "viewer": viewer,
        "director": director,
        "casting": casting_member,
        "producer": producer,
        "owner": owner,
    }


@pytest.fixture
def booked_offer(production, candidate, owner):
    offer = services.offer_create(
        production=production, candidate=held(candidate), by=owner, rate=Decimal("800")
    )
    offer = services.offer_approve(
        offer=offer, by=owner, membership=production.memberships.get(user=owner)
    )
    offer = services.offer_send(offer=offer, by=owner)
    return services.offer_answer(offer=offer, answer="accepted", by=owner)


@pytest.fixture
def session(production, role):
    return auditions.session_create(
        production=production, role=role, kind="in_person", date=date(2027, 1, 5),
        start=time(10), end=time(11), place="12 Casting St",
    )  # fmt: skip


PAGES = {
    # page: (anonymous, outsider, crew, viewer, director, casting, producer, owner)
    "roles": (302, 404, 200, 200, 200, 200, 200, 200),
    "board": (302, 404, 403, 403, 200, 200, 200, 200),
    "picks": (302, 404, 403, 403, 200, 200, 200, 200),
    "edit": (302, 404, 403, 403, 403, 200, 200, 200),
    "add": (302, 404, 403, 403, 403, 200, 200, 200),
    "sessions": (302, 404, 403, 403, 200, 200, 200, 200),
    "session": (302, 404, 403, 403, 200, 200, 200, 200),
    "offer": (302, 404, 403, 403, 403, 200, 200, 200),
    "memo": (302, 404, 403, 403, 403, 200, 200, 200),
    "release": (302, 404, 403, 403, 403, 200, 200, 200),
    "sides": (302, 404, 403, 403, 200, 200, 200, 200),
    "headshot": (302, 404, 403, 403, 200, 200, 200, 200),
}
# The pages' forms that change something: the casting office only (a refusal redirects back).
POSTS = {
    # form: (anonymous, outsider, crew, viewer, director, casting, producer, owner)
    "make sides": (302, 404, 403, 403, 403, 302, 302, 302),
    "add headshot": (302, 404, 403, 403, 403, 302, 302, 302),
    "move slot": (302, 404, 403, 403, 403, 302, 302, 302),
}
WHO = ("anonymous", "outsider", "crew", "viewer", "director", "casting", "producer", "owner")


@pytest.mark.parametrize("page", list(PAGES))
def test_privacy_matrix_of_pages(people, role, session, booked_offer, page):
    urls = {
        "roles": f"{BASE}/",
        "board": f"{BASE}/roles/{role.pk}/",
        "picks": f"{BASE}/roles/{role.pk}/picks/",
        "edit": f"{BASE}/roles/{role.pk}/edit/",
        "add": f"{BASE}/roles/{role.pk}/add/",
        "sessions": f"{BASE}/auditions/",
        "session": f"{BASE}/auditions/{session.pk}/",
        "offer": f"{BASE}/offers/{booked_offer.pk}/",
        "memo": f"{BASE}/offers/{booked_offer.pk}/memo.pdf",
        "release": f"{BASE}/roles/{role.pk}/release/",
        "sides": f"{BASE}/roles/{role.pk}/sides/",
        "headshot": f"{BASE}/headshots/{_headshot(booked_offer.candidate).pk}/",
    }
    if page == "sides":
        from django.core.files.uploadedfile import SimpleUploadedFile

        services.role_update(role=role, sides=SimpleUploadedFile("s.pdf", b"%PDF-1.4 sides"))
    got = tuple(_client(people[who]).get(urls[page]).status_code for who in WHO)
    assert got == PAGES[page]


def _headshot(candidate):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.casting.test_headshots import image_bytes

    upload = SimpleUploadedFile("h.png", image_bytes("PNG", size=(4, 4)))
    return services.headshot_upload(candidate=candidate, upload=upload)


@pytest.mark.parametrize("form", list(POSTS))
def test_privacy_matrix_of_forms(people, role, candidate, session, form):
    slot = session.slots.first()
    urls = {
        "make sides": f"{BASE}/roles/{role.pk}/sides/",
        "add headshot": f"{BASE}/roles/{role.pk}/candidates/{candidate.pk}/headshots/",
        "move slot": f"{BASE}/auditions/{session.pk}/slots/{slot.pk}/move/",
    }
    got = tuple(_client(people[who]).post(urls[form]).status_code for who in WHO)
    assert got == POSTS[form]


def test_crew_see_who_is_booked_and_nothing_else(people, booked_offer, role):
    html = _client(people["crew"]).get(f"{BASE}/").content.decode()
    assert "Played by <strong>June Park</strong>" in html
    assert "SAG-AFTRA" not in html and f"/roles/{role.pk}/" not in html


def test_the_deal_memo_is_served_as_a_pdf_to_the_office(people, booked_offer):
    response = _client(people["casting"]).get(f"{BASE}/offers/{booked_offer.pk}/memo.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_board_shows_columns_by_status_with_conflicts(people, role, candidate):
    from tests.factories import UnavailabilityFactory

    UnavailabilityFactory(
        person=candidate.person, start_date=date(2027, 1, 22), end_date=date(2027, 1, 22)
    )
    html = _client(people["casting"]).get(f"{BASE}/roles/{role.pk}/").content.decode()
    for label in ("Considering", "Shortlisted", "Callback", "Pinned", "On avail", "On hold"):
        assert f">{label} <small>" in html
    assert "Unavailable 22 Jan (Holiday): the role works that day" in html
    assert "Needed 2 days, 14–22 Jan" in html


def test_moving_a_card_without_javascript(people, role, candidate):
    client = _client(people["casting"])
    url = f"{BASE}/roles/{role.pk}/candidates/{candidate.pk}/move/"
    response = client.post(url, {"status": "shortlisted"}, follow=True)
    assert "June Park: Shortlisted." in response.content.decode()
    response = client.post(url, {"status": "pinned"}, follow=True)
    assert "cannot move to pinned" in response.content.decode()
    assert Candidate.objects.get(pk=candidate.pk).status == "shortlisted"


def test_the_director_cannot_move_cards(people, role, candidate):
    url = f"{BASE}/roles/{role.pk}/candidates/{candidate.pk}/move/"
    assert _client(people["director"]).post(url, {"status": "shortlisted"}).status_code == 403
    assert Candidate.objects.get(pk=candidate.pk).status == "considering"


def test_picks_side_by_side_with_the_directors_marked(people, role, candidate):
    for who, pick in (("director", "yes"), ("producer", "maybe")):
        response = _client(people[who]).post(
            f"{BASE}/roles/{role.pk}/picks/",
            {"candidate": candidate.pk, "pick": pick, "note": f"{who} note"},
        )
        assert response.status_code == 302
    html = _client(people["casting"]).get(f"{BASE}/roles/{role.pk}/picks/").content.decode()
    assert "Director&#x27;s pick" in html or "Director's pick" in html
    assert "director note" in html and "producer note" in html
    assert Pick.objects.count() == 2


def test_the_offer_page_approval_is_for_owners_and_producers(people, production, candidate,
                                                            owner):  # fmt: skip
    offer = services.offer_create(
        production=production, candidate=held(candidate), by=owner, rate=Decimal("700")
    )
    url = f"{BASE}/offers/{offer.pk}/"
    casting = _client(people["casting"])
    assert "Waiting for an owner or producer" in casting.get(url).content.decode()
    response = casting.post(url, {"step": "approve"}, follow=True)
    assert "Only the production&#x27;s owners and producers" in response.content.decode()
    assert Offer.objects.get(pk=offer.pk).status == "draft"
    _client(people["producer"]).post(url, {"step": "approve"})
    assert Offer.objects.get(pk=offer.pk).status == "approved"


def test_release_booking_page_says_what_it_changes(people, role, booked_offer):
    client = _client(people["casting"])
    html = client.get(f"{BASE}/roles/{role.pk}/release/").content.decode()
    assert "the Day Out of Days, call sheets and budget drop them" in html
    response = client.post(f"{BASE}/roles/{role.pk}/release/", follow=True)
    assert "June Park is no longer cast as WAITRESS." in response.content.decode()


def test_the_offer_form_shows_conflicts_and_drafts_with_the_roles_days(people, role, candidate):
    from tests.factories import UnavailabilityFactory

    candidate = held(candidate)
    UnavailabilityFactory(
        person=candidate.person, start_date=date(2027, 1, 14), end_date=date(2027, 1, 14),
        reason="Theatre",
    )  # fmt: skip
    client = _client(people["casting"])
    url = f"{BASE}/roles/{role.pk}/candidates/{candidate.pk}/offer/"
    html = client.get(url).content.decode()
    assert "Unavailable 14 Jan (Theatre): the role works that day" in html
    response = client.post(url, {"rate": "950.00", "rate_unit": "day", "billing": "Card 4"})
    offer = Offer.objects.get(candidate=candidate)
    assert response.status_code == 302 and response["Location"].endswith(f"/offers/{offer.pk}/")
    assert (offer.guaranteed_days, offer.status, offer.rate) == (2, "draft", Decimal("950.00"))
    bad = client.post(url, {"rate": "-5", "rate_unit": "day"})
    assert bad.status_code == 200
    assert Offer.objects.filter(candidate=candidate).count() == 1


def test_opening_roles_from_the_script_on_the_page(people, production, waitress):
    from tests.factories import CharacterFactory

    CharacterFactory(production=production, name="NURSE", cast_id="8")
    client = _client(people["casting"])
    assert "Open roles for 2 characters" in client.get(f"{BASE}/").content.decode()
    response = client.post(f"{BASE}/", follow=True)
    assert "2 role(s) opened from the script." in response.content.decode()
    assert _client(people["crew"]).post(f"{BASE}/").status_code == 403
