"""The casting API as the contract has it, and who may use which part (the privacy matrix)."""

from datetime import date, time

import pytest

from casting import auditions, services
from casting.models import Candidate, Offer, Slot
from tests.casting.conftest import held
from tests.conftest import client_for
from tests.factories import MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/productions/long-night"


@pytest.fixture
def people(production, outsider, crew_member, coordinator, accountant, casting_member, producer,
           owner, director):  # fmt: skip
    viewer = UserFactory(username="viewer1")
    MembershipFactory(production=production, user=viewer, access="viewer")
    return {
        "anonymous": None,
        "outsider": outsider,
        "crew": crew_member,
        "viewer": viewer,
        "coordinator": coordinator,
        "accountant": accountant,
        "casting": casting_member,
        "producer": producer,
        "owner": owner,
        "director": director,
    }


@pytest.fixture
def session(production, role, candidate):
    session = auditions.session_create(
        production=production, role=role, kind="in_person", date=date(2027, 1, 5),
        start=time(10), end=time(11), slot_minutes=15, place="12 Casting St",
    )  # fmt: skip
    auditions.session_invite(session=session, candidates=[candidate])
    return session


@pytest.fixture
def offer(production, candidate, owner):
    return services.offer_create(production=production, candidate=held(candidate), by=owner, rate=1)


def _status(user, method, url, data=None):
    return getattr(client_for(user), method)(url, data, format="json").status_code


# Who gets what. Crew, viewers, coordinators and accountants see only booked roles.
MATRIX = [
    # who, roles, candidates, auditions, offers
    ("anonymous", 401, 401, 401, 401),
    ("outsider", 404, 404, 404, 404),
    ("crew", 200, 403, 403, 403),
    ("viewer", 200, 403, 403, 403),
    ("coordinator", 200, 403, 403, 403),
    ("accountant", 200, 403, 403, 403),
    ("director", 200, 200, 200, 403),
    ("casting", 200, 200, 200, 200),
    ("producer", 200, 200, 200, 200),
    ("owner", 200, 200, 200, 200),
]


@pytest.mark.parametrize("who,roles,candidates,sessions,offers", MATRIX)
def test_privacy_matrix_of_reads(people, role, session, offer, who, roles, candidates, sessions,
                                 offers):  # fmt: skip
    user = people[who]
    assert _status(user, "get", f"{BASE}/roles/") == roles
    assert _status(user, "get", f"{BASE}/roles/{role.pk}/candidates/") == candidates
    assert _status(user, "get", f"{BASE}/auditions/") == sessions
    assert _status(user, "get", f"{BASE}/offers/") == offers
    assert _status(user, "get", f"{BASE}/offers/{offer.pk}/") == offers


@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 401), ("outsider", 404), ("crew", 403), ("director", 403), ("accountant", 403),
     ("casting", 201), ("producer", 201)],
)  # fmt: skip
def test_only_the_casting_office_adds_candidates(people, role, who, expected):
    # The person is one the user added, so the directory lets them name it.
    person = PersonFactory(created_by=people[who])
    url = f"{BASE}/roles/{role.pk}/candidates/"
    status = _status(people[who], "post", url, {"person": person.pk, "source": "agent_submission"})
    assert status == expected
    assert Candidate.objects.filter(person=person).exists() == (expected == 201)


def test_crew_see_only_who_is_booked(people, role, production):
    data = client_for(people["crew"]).get(f"{BASE}/roles/").json()
    assert data["results"] == []
    data = client_for(people["casting"]).get(f"{BASE}/roles/").json()
    [row] = data["results"]
    assert row["name"] == "WAITRESS" and row["work_days"] == ["2027-01-14", "2027-01-22"]
    assert row["first_day"] == "2027-01-14" and row["last_day"] == "2027-01-22"
    assert row["status"] == "open" and "rate" in row


def test_the_director_sees_candidates_without_contact_details(people, role, candidate):
    url = f"{BASE}/roles/{role.pk}/candidates/"
    [row] = client_for(people["director"]).get(url).json()["results"]
    assert row["contact"] is None
    [row] = client_for(people["casting"]).get(url).json()["results"]
    assert row["contact"]["agent_email"] == "ava@caa.example.com"


def test_links_are_shown_to_the_casting_office_only(people, session):
    [row] = client_for(people["director"]).get(f"{BASE}/auditions/").json()["results"]
    assert {s["link"] for s in row["slots"]} == {None}
    [row] = client_for(people["casting"]).get(f"{BASE}/auditions/").json()["results"]
    links = [s["link"] for s in row["slots"] if s["link"]]
    assert len(links) == 1 and "/a/" in links[0]


@pytest.mark.parametrize(
    "who,expected",
    [("crew", 403), ("accountant", 403), ("director", 200), ("producer", 200), ("casting", 200)],
)
def test_picks_by_the_director_producers_and_casting_office(people, role, candidate, who,
                                                            expected):  # fmt: skip
    url = f"{BASE}/roles/{role.pk}/candidates/{candidate.pk}/pick/"
    response = client_for(people[who]).post(url, {"pick": "yes", "note": "Great read"})
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["director"] == (who == "director")


def test_a_pick_must_be_yes_no_or_maybe(people, role, candidate):
    url = f"{BASE}/roles/{role.pk}/candidates/{candidate.pk}/pick/"
    response = client_for(people["director"]).post(url, {"pick": "definitely"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"message", "errors"}
    assert not candidate.picks.exists()


def test_a_refused_move_answers_409_in_words_and_changes_nothing(people, role, candidate):
    url = f"{BASE}/roles/{role.pk}/candidates/{candidate.pk}/"
    response = client_for(people["casting"]).patch(url, {"status": "booked"}, format="json")
    assert response.status_code == 409
    assert response.json()["message"] == "A candidate is booked only by accepting an offer."
    assert Candidate.objects.get(pk=candidate.pk).status == "considering"


def test_bulk_shortlist_and_release_with_a_message(people, role, candidate):
    others = [services.candidate_add(role=role, person=PersonFactory()) for _ in range(3)]
    api = client_for(people["casting"])
    url = f"{BASE}/roles/{role.pk}/candidates/bulk/"
    ids = [candidate.pk, others[0].pk]
    assert api.post(url, {"candidates": ids, "status": "shortlisted"}).status_code == 200
    rest = [c.pk for c in others[1:]]
    response = api.post(url, {"candidates": rest, "status": "released", "message": "Thank you"})
    assert response.status_code == 200
    assert sorted(Candidate.objects.values_list("status", flat=True)) == [
        "released", "released", "shortlisted", "shortlisted",
    ]  # fmt: skip


def test_roles_from_the_script_with_one_click(people, production, waitress):
    from tests.factories import CharacterFactory

    CharacterFactory(production=production, name="NURSE", cast_id="8")
    response = client_for(people["casting"]).post(f"{BASE}/roles/from-script/")
    assert response.status_code == 201
    assert sorted(r["name"] for r in response.json()) == ["NURSE", "WAITRESS"]
    again = client_for(people["casting"]).post(f"{BASE}/roles/from-script/")
    assert again.json() == []


def test_a_role_cannot_be_marked_cast_by_hand(people, role):
    response = client_for(people["casting"]).patch(
        f"{BASE}/roles/{role.pk}/", {"status": "cast"}, format="json"
    )
    assert response.status_code == 400
    assert "accepting an offer" in response.json()["message"]


def test_offer_approval_by_owner_or_producer_only_then_send_and_accept(people, offer):
    casting = client_for(people["casting"])
    url = f"{BASE}/offers/{offer.pk}/"
    assert casting.post(url + "send/").status_code == 409
    refused = casting.post(url + "approve/")
    assert refused.status_code == 403
    assert refused.json()["message"] == (
        "Only the production's owners and producers can approve an offer."
    )
    approved = client_for(people["producer"]).post(url + "approve/")
    assert approved.status_code == 200
    assert approved.json()["approved_by"] == "producer1"
    assert casting.post(url + "send/").json()["status"] == "sent"
    accepted = casting.post(url + "answer/", {"answer": "accepted"}, format="json")
    assert accepted.status_code == 200
    body = accepted.json()
    assert body["status"] == "accepted"
    assert [h["status"] for h in body["history"]] == ["draft", "approved", "sent", "accepted"]
    assert body["deal_memo"].endswith("/memo.pdf")
    assert Offer.objects.get(pk=offer.pk).candidate.status == "booked"


def test_the_invitation_link_shows_only_that_invitation(session, api):
    from casting import tokens

    slot = Slot.objects.get(session=session, candidate__isnull=False)
    url = f"/api/v1/auditions/{tokens.token_for(slot.salt)}/"
    data = api.get(url).json()
    assert data["name"] == "June Park" and data["state"] == "invited"
    assert "email" not in data and "slots" not in data
    response = api.post(url, {"answer": "confirm", "note": "See you"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "confirmed"
    assert api.get("/api/v1/auditions/not-a-token/").status_code == 404
    bad = api.post(url, {"answer": "maybe"}, format="json")
    assert bad.status_code == 400 and set(bad.json()) == {"message", "errors"}
