"""The API speaks JSON, always: unknown paths, wrong methods, malformed or oversized bodies,
form-encoded bodies, and every route of the router called with ids that do not exist."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from productions.models import Membership
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

MISSING_ID = "999999"
MALFORMED_ID = "1.5"
GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>")


def assert_error_json(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"message", "errors"} and body["message"], body
    return body


def api_routes() -> list[str]:
    """Return every route under /api/v1/ as a template with {name} for each parameter."""
    (api,) = [p for p in get_resolver().url_patterns if str(p.pattern) == "api/v1/"]
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
            if "format" in route:  # the router's .json suffix variants
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                found.append(GROUP.sub(lambda m: "{" + (m.group(1) or m.group(2)) + "}", route))

    walk(api.url_patterns, "/api/v1/")
    return sorted({route.replace("\\.", ".") for route in found if "{" in route})


def fill(route: str, value: str, slug: str = "long-night") -> str:
    return re.sub(r"\{(\w+)\}", lambda m: slug if m.group(1) == "slug" else value, route)


ROUTES = api_routes()


def test_the_router_has_routes_with_ids():
    assert "/api/v1/productions/{slug}/members/{pk}/" in ROUTES
    assert len(ROUTES) > 20


@pytest.mark.parametrize("value", [MISSING_ID, MALFORMED_ID, "no%20such"])
def test_every_api_route_called_with_an_unknown_or_malformed_id_answers_json(
    owner, production, value
):
    client = client_for(owner)
    answers = {}
    for route in ROUTES:
        response = client.get(fill(route, value))
        answers[route] = (response.status_code, response["Content-Type"])
    not_json = {r: a for r, a in answers.items() if not a[1].startswith("application/json")}
    errors = {r: a for r, a in answers.items() if a[0] >= 500}
    assert not not_json and not errors, (not_json, errors)
    assert {status for status, _ in answers.values()} <= {200, 400, 403, 404, 405}


def test_every_api_route_of_an_unknown_production_answers_json_404(owner, production):
    client = client_for(owner)
    for route in ROUTES:
        response = client.get(fill(route, MISSING_ID, slug="no-such-production"))
        assert response.status_code in (404, 405), route
        assert response["Content-Type"].startswith("application/json"), route


@pytest.mark.parametrize(
    "path",
    ["/api/v1/departments/1.5/", "/api/v1/productions/a b/", "/api/v1/nothing-here/", "/api/x"],
)
def test_an_unknown_api_path_answers_json_404(owner, path):
    assert_error_json(client_for(owner).get(path), 404)


def test_an_unknown_api_path_answers_json_even_in_debug(owner, settings):
    settings.DEBUG = True
    assert_error_json(client_for(owner).get("/api/v1/departments/1.5/"), 404)


def test_a_wrong_method_answers_json_405(owner):
    assert_error_json(client_for(owner).delete("/api/v1/departments/"), 405)


def test_malformed_json_answers_400_and_creates_nothing(owner):
    response = client_for(owner).post(
        "/api/v1/productions/", data='{"title": ', content_type="application/json"
    )
    assert "JSON" in assert_error_json(response, 400)["message"]


def test_a_body_too_large_answers_json_413(owner):
    response = client_for(owner).post(
        "/api/v1/productions/", data="x" * (12 * 1024 * 1024), content_type="application/json"
    )
    assert "too large" in assert_error_json(response, 413)["message"]


def test_a_body_too_large_answers_json_413_before_the_api_view_too(owner):
    response = Client().post(
        "/api/v1/auth/token/", data="x" * (12 * 1024 * 1024), content_type="application/json"
    )
    assert "too large" in assert_error_json(response, 413)["message"]


@pytest.mark.parametrize(
    "content_type, data",
    [
        ("application/x-www-form-urlencoded", "title=Form+Show&phone_private=0"),
        (
            "multipart/form-data; boundary=B",
            '--B\r\nContent-Disposition: form-data; name="title"\r\n\r\nForm Show\r\n--B--\r\n',
        ),
        ("text/plain", '{"title": "Form Show"}'),
    ],
)
def test_a_json_endpoint_refuses_other_bodies_with_415(owner, content_type, data):
    from productions.models import Production

    response = client_for(owner).post("/api/v1/productions/", data=data, content_type=content_type)

    assert "Unsupported media type" in assert_error_json(response, 415)["message"]
    assert not Production.objects.filter(title="Form Show").exists()


def test_script_uploads_keep_multipart(owner, production):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("short.fountain", b"INT. ROOM - DAY\n\nA room.\n")
    response = client_for(owner).post(
        "/api/v1/productions/long-night/scripts/", {"file": upload}, format="multipart"
    )
    assert response.status_code in (200, 201), response.content[:300]


def test_the_api_never_answers_html_to_a_browser(owner):
    client = client_for(owner)
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/api/v1/productions/", HTTP_ACCEPT=browser)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


def test_adding_a_member_without_access_is_refused_in_words(owner, production):
    from tests.factories import UserFactory

    UserFactory(username="newcomer")
    client = client_for(owner)

    missing = client.post("/api/v1/productions/long-night/members/", {"user": "newcomer"})
    unknown = client.post(
        "/api/v1/productions/long-night/members/", {"user": "newcomer", "access": "god"}
    )
    null = client.post(
        "/api/v1/productions/long-night/members/", {"user": "newcomer", "access": None}
    )

    assert assert_error_json(missing, 400)["errors"]["access"] == [
        "Choose an access level: owner, producer, coordinator, crew, viewer, accountant, casting."
    ]
    assert '"god" is not an access level' in assert_error_json(unknown, 400)["message"]
    assert assert_error_json(null, 400)["errors"]["access"]
    assert not Membership.objects.filter(user__username="newcomer").exists()


def test_adding_a_member_with_an_access_level_works(owner, production):
    from tests.factories import UserFactory

    UserFactory(username="newcomer")
    response = client_for(owner).post(
        "/api/v1/productions/long-night/members/", {"user": "newcomer", "access": "viewer"}
    )
    assert response.status_code == 201
    assert Membership.objects.get(user__username="newcomer").access == "viewer"


def test_a_patch_of_a_member_that_changes_nothing_answers_the_member(owner, production):
    membership = Membership.objects.get(user=owner)
    response = client_for(owner).patch(
        f"/api/v1/productions/long-night/members/{membership.pk}/", {}
    )
    assert response.status_code == 200 and response.json()["access"] == "owner"


@pytest.mark.parametrize("body", ["null", "[]", '"access"'])
def test_a_patch_of_a_member_with_a_body_that_is_no_object_is_refused_in_words(
    owner, production, body
):
    membership = Membership.objects.get(user=owner)
    response = client_for(owner).patch(
        f"/api/v1/productions/long-night/members/{membership.pk}/",
        data=body,
        content_type="application/json",
    )
    assert_error_json(response, 400)


def test_a_crew_member_cannot_patch_a_member_even_with_nothing_to_change(owner, crew_member):
    membership = Membership.objects.get(user=owner)
    response = client_for(crew_member).patch(
        f"/api/v1/productions/long-night/members/{membership.pk}/", {}
    )
    assert response.status_code in (403, 404)
    assert response["Content-Type"] == "application/json"
