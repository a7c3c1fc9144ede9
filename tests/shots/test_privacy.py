"""Who may do what with shot lists: every page and endpoint, for every kind of visitor.

Anonymous visitors sign in (pages) or get 401 (API); a member of another production gets 404,
never 403; every member reads; the director (a crew member whose person directs the
production), coordinators, producers and owners plan; the crew on set also marks shots.
"""

import pytest
from django.test import Client

from crew.models import Assignment
from productions.models import Membership
from shots import frames
from tests.conftest import _member, client_for
from tests.factories import AssignmentFactory, PersonFactory, department
from tests.shots.conftest import image_upload, plan_shots

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "outsider", "viewer", "crew", "director", "coordinator", "producer", "owner"]
PLANNERS = {"director", "coordinator", "producer", "owner"}
MARKERS = PLANNERS | {"crew"}


@pytest.fixture
def people(production, owner, producer, coordinator, crew_member, outsider):
    director = _member(production, Membership.Access.CREW, "director")
    AssignmentFactory(
        production=production,
        person=PersonFactory(name="Dana Director", user=director),
        department=department("Production"),
        title="Director",
        role_kind=Assignment.RoleKind.DIRECTOR,
    )
    return {
        "anonymous": None,
        "outsider": outsider,
        "viewer": _member(production, Membership.Access.VIEWER, "viewer1"),
        "crew": crew_member,
        "director": director,
        "coordinator": coordinator,
        "producer": producer,
        "owner": owner,
    }


@pytest.fixture
def planned(day_plan):
    scene = day_plan["scenes"][0]
    shot_a, shot_b = plan_shots(scene, "door", "window")
    frame = frames.frame_add(shot=shot_a, upload=image_upload())
    return {"scene": scene, "shot": shot_a, "other": shot_b, "frame": frame, "day": day_plan["day"]}


def page_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def read_pages(p) -> list[str]:
    base = "/productions/long-night"
    return [
        f"{base}/scenes/{p['scene'].pk}/shots/",
        f"{base}/scenes/{p['scene'].pk}/storyboard/",
        f"{base}/scenes/{p['scene'].pk}/storyboard/pdf/?per_page=6",
        f"{base}/shots/{p['shot'].pk}/",
        f"{base}/shot-frames/{p['frame'].pk}/image/",
        f"{base}/shot-frames/{p['frame'].pk}/thumbnail/",
        f"{base}/schedule/days/{p['day'].pk}/shots/",
    ]


@pytest.mark.parametrize("who", WHO)
def test_shot_pages_answer_each_visitor_as_they_should(planned, people, who):
    client = page_client(people[who])
    for path in read_pages(planned):
        response = client.get(path)
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], path
        elif who == "outsider":
            assert response.status_code == 404, path
        else:
            assert response.status_code == 200, (path, response.status_code)


@pytest.mark.parametrize("who", WHO)
def test_only_planners_change_the_plan_from_the_pages(planned, people, who):
    client = page_client(people[who])
    scene, shot = planned["scene"], planned["shot"]
    response = client.post(
        f"/productions/long-night/scenes/{scene.pk}/shots/",
        {"action": "duplicate", "shot": shot.pk},
    )
    expected = {"anonymous": 302, "outsider": 404}.get(who, 302 if who in PLANNERS else 403)
    assert response.status_code == expected
    assert scene.shots.count() == (3 if who in PLANNERS else 2)
    edit = client.post(f"/productions/long-night/shots/{shot.pk}/", {"action": "move"})
    assert edit.status_code == (
        {"anonymous": 302, "outsider": 404}.get(who, 400 if who in PLANNERS else 403)
    )


@pytest.mark.parametrize("who", WHO)
def test_the_set_marks_shots_from_the_day_page(planned, people, who):
    client = page_client(people[who])
    shot = planned["shot"]
    response = client.post(
        f"/productions/long-night/schedule/days/{planned['day'].pk}/shots/",
        {"shot": shot.pk, "status": "shot"},
    )
    expected = {"anonymous": 302, "outsider": 404}.get(who, 302 if who in MARKERS else 403)
    assert response.status_code == expected
    shot.refresh_from_db()
    assert shot.status == ("shot" if who in MARKERS else "planned")


def api_status(who: str, allowed: bool, ok: int) -> int:
    return {"anonymous": 401, "outsider": 404}.get(who, ok if allowed else 403)


@pytest.mark.parametrize("who", WHO)
def test_the_shots_api_answers_each_visitor_as_it_should(planned, people, who):
    api = client_for(people[who])
    scene, shot, other, frame = (
        planned["scene"],
        planned["shot"],
        planned["other"],
        planned["frame"],
    )
    base = f"/api/v1/productions/long-night/scenes/{scene.pk}/shots/"
    reads = [
        base,
        f"{base}{shot.pk}/",
        f"/api/v1/productions/long-night/shoot-days/{planned['day'].pk}/shots/",
    ]
    for path in reads:
        assert api.get(path).status_code == api_status(who, True, 200), path
    planner = who in PLANNERS
    writes = [
        ("put", f"{base}order/", {"shots": [other.pk, shot.pk]}, 200),
        ("post", base, {"description": "Insert: the key"}, 201),
        ("patch", f"{base}{shot.pk}/", {"description": "Wide"}, 200),
        ("post", f"{base}{shot.pk}/duplicate/", None, 201),
        ("delete", f"{base}{shot.pk}/frames/{frame.pk}/", None, 204),
        ("delete", f"{base}{other.pk}/", None, 204),
    ]
    for method, path, data, ok in writes:
        response = getattr(api, method)(path, data, format="json")
        assert response.status_code == api_status(who, planner, ok), (method, path, response.json())
    upload = api.post(f"{base}{shot.pk}/frames/", {"image": image_upload()}, format="multipart")
    assert upload.status_code == api_status(who, planner, 201)
    mark = api.post(
        f"/api/v1/productions/long-night/shots/{shot.pk}/mark/", {"status": "shot"}, format="json"
    )
    assert mark.status_code == api_status(who, who in MARKERS, 200)


def test_another_productions_scene_and_shot_are_404_even_for_its_own_owner(
    planned, outsider, other_production
):
    from tests.factories import SceneFactory

    theirs = SceneFactory(production=other_production)
    (their_shot,) = plan_shots(theirs, "x")
    api = client_for(outsider)
    # Their own production, but our scene in the URL: 404, and ours through theirs: 404.
    assert (
        api.get(f"/api/v1/productions/another-show/scenes/{planned['scene'].pk}/shots/").status_code
        == 404
    )
    assert (
        api.get(
            f"/api/v1/productions/another-show/scenes/{theirs.pk}/shots/{planned['shot'].pk}/"
        ).status_code
        == 404
    )
    assert (
        api.post(
            f"/api/v1/productions/another-show/shots/{planned['shot'].pk}/mark/",
            {"status": "shot"},
            format="json",
        ).status_code
        == 404
    )
    client = page_client(outsider)
    assert (
        client.get(
            f"/productions/another-show/shot-frames/{planned['frame'].pk}/image/"
        ).status_code
        == 404
    )
    assert client.get(f"/productions/another-show/shots/{their_shot.pk}/").status_code == 200
