"""Fixtures shared by every test: people at each access level, API clients, a real Celery
worker over Redis, and a real Chromium driven by Playwright."""

import asyncio
import os
import shutil
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from productions.models import Membership
from tests.factories import MembershipFactory, ProductionFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous, so Django's async guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("STUDIO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Start each test with an empty cache: login throttling counts live there."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_and_eager(settings, request):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from studio.celery import app

    eager = request.node.get_closest_marker("worker") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def production(db):
    return ProductionFactory(title="The Long Night", slug="long-night", time_zone="Europe/London")


@pytest.fixture
def other_production(db):
    return ProductionFactory(title="Another Show", slug="another-show")


def _member(production, access, username):
    user = UserFactory(username=username)
    MembershipFactory(production=production, user=user, access=access)
    return user


@pytest.fixture
def owner(production):
    return _member(production, Membership.Access.OWNER, "owner")


@pytest.fixture
def producer(production):
    return _member(production, Membership.Access.PRODUCER, "producer1")


@pytest.fixture
def coordinator(production):
    return _member(production, Membership.Access.COORDINATOR, "coordinator")


@pytest.fixture
def crew_member(production):
    return _member(production, Membership.Access.CREW, "crewmember")


@pytest.fixture
def accountant(production):
    return _member(production, Membership.Access.ACCOUNTANT, "accountant1")


@pytest.fixture
def casting_member(production):
    return _member(production, Membership.Access.CASTING, "casting1")


@pytest.fixture
def outsider(other_production):
    """A producer — but of another production."""
    return _member(other_production, Membership.Access.OWNER, "outsider")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def redis_cache(settings):
    """Make the default cache Studio's Redis cache, on the real Redis, for one test."""
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail("This test needs Redis: set REDIS_URL (make test does when Redis answers).")
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": redis_url.rsplit("/", 1)[0] + "/2",
            # Each test's keys apart from any other run's.
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    yield caches["default"]
    caches["default"].clear()


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


# ---------------------------------------------------------------- a real Celery worker


def run_async(coroutine_function, *args):
    """Run ``coroutine_function(*args)`` to its end on a fresh event loop in a thread of its own.

    Once the session's browser has started, Playwright's sync API keeps an event loop running
    in the main thread, where ``asyncio.run`` and ``async_to_sync`` then refuse to start. The
    tests calling this use the transactional database, so another thread sees their rows.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine_function(*args)).result()


def _database_url_for_worker() -> str:
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host = f"{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}"
    return f"postgres://{user}{password}@{host}/{s['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path, settings):
    """Start ``celery worker`` in its own process, on the test database and the real Redis.

    Each test gets its own queue so a developer's running worker never steals its tasks.
    Emails the worker sends are written as files under ``tmp_path / "mail"``.
    """
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail("This test needs Redis: set REDIS_URL (make test does when Redis answers).")
    from studio.celery import app

    queue = f"studio-test-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url_for_worker(),
        "REDIS_URL": redis_url,
        "STUDIO_TESTING": "1",
        "STUDIO_CELERY_QUEUE": queue,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "STUDIO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(
        [
            celery,
            "-A",
            "studio",
            "worker",
            "-P",
            "solo",
            "-Q",
            queue,
            "-l",
            "info",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    app.conf.broker_url = redis_url
    app.conf.result_backend = redis_url
    try:
        _wait_for_worker(app, queue, worker, tmp_path / "worker.log")
        yield {"queue": queue, "mail_dir": mail_dir, "log": tmp_path / "worker.log"}
    finally:
        app.conf.task_default_queue = previous_queue
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()


def _wait_for_worker(app, queue, worker, log_path, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            pytest.fail(f"The Celery worker exited:\n{Path(log_path).read_text()}")
        if "ready." in Path(log_path).read_text():
            return
        time.sleep(0.2)
    pytest.fail(f"The Celery worker did not start in {timeout}s:\n{Path(log_path).read_text()}")


# ---------------------------------------------------------------- a real browser


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not at {CHROMIUM}: run `make system-deps`.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def screenshots(request):
    folder = REPO_ROOT / "test-results" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def has_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


AXE_SCRIPT = REPO_ROOT / "tests" / "e2e" / "vendor" / "axe-core" / "axe.min.js"


def serious_accessibility_violations(page) -> list[str]:
    """Run axe-core in the page and return its serious and critical violations, in words."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
