"""The security pass: headers, CSRF, cookies, scripts and error pages."""

import re

import pytest
from django.test import Client

from tests.test_settings import run_manage

pytestmark = pytest.mark.django_db


def test_every_page_sends_a_content_security_policy_without_inline_script(owner, production):
    client = Client()
    client.force_login(owner)
    response = client.get("/productions/long-night/")
    policy = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert script_src.strip() == "'self'"
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/productions/long-night/",
        "/productions/long-night/crew/",
        "/productions/long-night/members/",
        "/productions/new/",
        "/api/docs/",
    ],
)
def test_pages_carry_no_inline_script(owner, production, path):
    client = Client()
    client.force_login(owner)
    html = client.get(path).content.decode()
    inline = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag]
    assert inline == []
    assert not re.search(r"\son(click|load|submit|change)=", html)


def test_forms_refuse_a_post_without_the_csrf_token(owner, production):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post("/productions/long-night/edit/", {"title": "Renamed"})
    assert response.status_code == 403
    production.refresh_from_db()
    assert production.title == "The Long Night"


def test_production_cookies_are_secure_and_http_only():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY)",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k" * 60,
    )
    assert result.stdout.split()[-4:] == ["True", "True", "True", "True"], result.stderr


def test_an_error_page_shows_no_stack_trace(owner):
    client = Client()
    client.force_login(owner)
    response = client.get("/productions/does-not-exist/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Traceback" not in body and "SELECT" not in body


def test_the_api_is_throttled(owner, production):
    from rest_framework.throttling import UserRateThrottle

    from tests.conftest import client_for

    original = UserRateThrottle.THROTTLE_RATES
    UserRateThrottle.THROTTLE_RATES = {**original, "user": "3/minute"}
    try:
        client = client_for(owner)
        statuses = [client.get("/api/v1/productions/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert "throttled" in client.get("/api/v1/productions/").json()["message"].lower()
    finally:
        UserRateThrottle.THROTTLE_RATES = original
