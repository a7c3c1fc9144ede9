"""Redis may fail; Studio does not: with the cache's Redis refusing connections, people sign in
(page and token), and the dashboard, the stripboard and a personal call sheet answer 200.
``/readyz/`` says which service is down; sign-in throttling keeps counting in the database."""

import logging
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client

from tests.factories import callsheet_schedule

pytestmark = pytest.mark.django_db

REPO_ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory's


def refused_port() -> int:
    """Return a local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    """Point the cache at a Redis port that refuses connections, as in production settings."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{refused_port()}/1",
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.STUDIO_PERSONAL_PAGE_CACHE = True
    yield caches["default"]


@pytest.fixture
def personal_path(production, owner, settings, tmp_path):
    from callsheets import links, services
    from callsheets.models import CallSheetLink

    settings.MEDIA_ROOT = tmp_path
    plan = callsheet_schedule(production, by=owner)
    callsheet = services.callsheet_generate(production=production, on=plan["days"][0])
    version = services.callsheet_publish(callsheet=callsheet, send=False)
    grip = plan["crew"]["Key Grip"].person
    link = CallSheetLink.objects.get(callsheet=version.callsheet, person=grip)
    return f"/c/{links.link_token(link)}/"


# The day before the first shoot day of ``callsheet_schedule`` (12 January 2027): personal
# links work until a week after it, so the test must not depend on today's date.
EVE_OF_SHOOT = "2027-01-11 12:00:00+00:00"


@pytest.fixture
def eve_of_shoot():
    import time_machine

    with time_machine.travel(EVE_OF_SHOOT, tick=True):
        yield


def test_with_redis_down_people_sign_in_and_every_page_answers(
    eve_of_shoot, redis_down, production, owner, personal_path, caplog
):
    client = Client(enforce_csrf_checks=False)

    with caplog.at_level(logging.WARNING, logger="core.cache"):
        signed_in = client.post("/accounts/login/", {"username": "owner", "password": PASSWORD})
        dashboard = client.get("/")
        stripboard = client.get("/productions/long-night/schedule/")
        token = Client().post(
            "/api/v1/auth/token/",
            {"username": "owner", "password": PASSWORD},
            content_type="application/json",
        )
        api = Client().get(
            "/api/v1/productions/", HTTP_AUTHORIZATION=f"Token {token.json()['token']}"
        )
        personal = Client().get(personal_path)
        personal_again = Client().get(personal_path)

    assert signed_in.status_code == 302 and signed_in["Location"] == "/"
    assert dashboard.status_code == 200 and "The Long Night" in dashboard.content.decode()
    assert stripboard.status_code == 200
    assert token.status_code == 200 and len(token.json()["token"]) == 64
    assert api.status_code == 200 and api.json()["count"] == 1
    assert personal.status_code == 200 and "Gus Grip" in personal.content.decode()
    assert personal_again.status_code == 200 and "Gus Grip" in personal_again.content.decode()
    # Logged once a window (the client then leaves Redis alone for 5 s): maybe while the
    # fixtures published the call sheet, maybe during the requests.
    logged = [r.getMessage() for when in ("setup", "call") for r in caplog.get_records(when)]
    assert any("The cache (Redis) cannot be reached" in message for message in logged)


def test_a_cache_that_cannot_be_reached_is_a_miss_and_a_dropped_write(redis_down):
    assert redis_down.get("anything", "default") == "default"
    assert redis_down.add("anything", 1) is False
    redis_down.set("anything", 1)
    assert redis_down.get_many(["a", "b"]) == {}
    assert redis_down.get_or_set("computed", 42) == 42
    assert redis_down.incr("count", 3) == 3  # taken as raised, never an error
    redis_down.delete("anything")


def test_after_an_outage_with_lost_writes_the_cache_starts_empty(redis_cache):
    redis_cache.set("page", "old")
    client = redis_cache._cache
    client._health["lost_writes"] = True  # as after an expiry bump dropped during an outage

    assert redis_cache.get("page") is None
    redis_cache.set("page", "new")
    assert redis_cache.get("page") == "new"


def test_healthz_is_liveness_only(redis_down, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{refused_port()}/0"
    response = Client().get("/healthz/")
    assert response.status_code == 200 and response.content == b"ok"


def test_readyz_answers_200_when_every_service_answers(redis_cache, settings):
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    response = Client().get("/readyz/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok", "broker": "ok"}


def test_readyz_answers_503_naming_the_redis_that_is_down(redis_down, settings):
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    response = Client().get("/readyz/")
    body = response.json()
    assert response.status_code == 503
    assert body["database"] == "ok" and body["broker"] == "ok"
    assert body["redis"].startswith("error: ")


def test_readyz_answers_503_when_the_broker_is_down(redis_cache, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{refused_port()}/0"
    response = Client().get("/readyz/")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error: ")
    assert response.json()["redis"] == "ok"


# ---------------------------------------------------------------- sign-in throttling


def test_five_failed_sign_ins_lock_the_account_out_even_with_redis_down(redis_down, owner):
    client = Client()
    failures = [
        client.post("/accounts/login/", {"username": "owner", "password": "wrong"}).status_code
        for _ in range(5)
    ]
    blocked = client.post("/accounts/login/", {"username": "owner", "password": PASSWORD})

    # The fifth failure already answers with the lock: the right password no longer helps.
    assert failures == [200, 200, 200, 200, 429]
    assert blocked.status_code == 429
    assert "Too many failed sign-ins. Wait 15 minutes" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_address_too(owner):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for name in ("a", "b", "c", "d", "e"):
        client.post("/accounts/login/", {"username": name, "password": "wrong"})
    blocked = client.post("/accounts/login/", {"username": "owner", "password": PASSWORD})
    elsewhere = Client(REMOTE_ADDR="198.51.100.1").post(
        "/accounts/login/", {"username": "owner", "password": PASSWORD}
    )

    assert blocked.status_code == 429
    assert elsewhere.status_code == 302


def test_four_failures_do_not_lock_anyone_out(owner):
    client = Client()
    for _ in range(4):
        client.post("/accounts/login/", {"username": "owner", "password": "wrong"})
    assert (
        client.post("/accounts/login/", {"username": "owner", "password": PASSWORD}).status_code
        == 302
    )


def test_the_token_endpoint_locks_out_after_five_failures_with_json(redis_down, owner):
    def token(password):
        return Client().post(
            "/api/v1/auth/token/",
            {"username": "owner", "password": password},
            content_type="application/json",
        )

    failures = [token("wrong").status_code for _ in range(5)]
    blocked = token(PASSWORD)

    assert failures == [400, 400, 400, 400, 429]
    assert blocked.status_code == 429 and blocked["Content-Type"] == "application/json"
    assert blocked.json() == {
        "message": "Too many failed sign-ins. Wait 15 minutes or reset your password.",
        "errors": {},
    }


def test_the_lock_lifts_after_15_minutes(owner):
    import time_machine

    with time_machine.travel("2027-01-11 09:00:00+00:00", tick=False):
        client = Client()
        for _ in range(5):
            client.post("/accounts/login/", {"username": "owner", "password": "wrong"})
        assert (
            client.post("/accounts/login/", {"username": "owner", "password": PASSWORD}).status_code
            == 429
        )
    with time_machine.travel("2027-01-11 09:15:30+00:00", tick=False):
        assert (
            Client()
            .post("/accounts/login/", {"username": "owner", "password": PASSWORD})
            .status_code
            == 302
        )


# ---------------------------------------------------------------- the secret key


def run_check(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STUDIO_"))}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO_ROOT,
        env={**clean, "DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "studio.example.com", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "key, words",
    [
        ("change-me-in-production-to-a-long-random-string", "published development or example"),
        ("django-insecure-development-key-never-use-in-production", "published development"),
        ("short-but-random-Qx7", "too short"),
    ],
)
def test_production_refuses_a_known_or_short_secret_key(key, words):
    result = run_check(DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    assert words in result.stderr


def test_production_reads_the_secret_key_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("Zr8" + "a1b2c3d4e5f6g7h8" * 4 + "\n")
    assert run_check(DJANGO_SECRET_KEY_FILE=str(key_file)).returncode == 0
    missing = run_check(DJANGO_SECRET_KEY_FILE=str(tmp_path / "nowhere"))
    assert missing.returncode != 0 and "DJANGO_SECRET_KEY_FILE cannot be read" in missing.stderr
