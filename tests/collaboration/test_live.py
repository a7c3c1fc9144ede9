"""Live updates in a real browser: the suite starts daphne on the test database with Redis as
the channel layer, and two Chromium contexts as two people watch the same scene."""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from tests.conftest import REPO_ROOT, _database_url_for_worker, client_for, has_horizontal_scroll


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def daphne_server(transactional_db, settings, tmp_path):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail("This test needs Redis: set REDIS_URL.")
    prefix = f"studio-test-{uuid.uuid4().hex[:8]}"
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": redis_url, "socket_timeout": 30}], "prefix": prefix},
        }
    }
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url_for_worker(),
        "REDIS_URL": redis_url,
        "STUDIO_TESTING": "1",
        "STUDIO_CHANNELS_PREFIX": prefix,
        "DJANGO_DEBUG": "1",
    }
    daphne = str(Path(sys.executable).parent / "daphne")
    log = open(tmp_path / "daphne.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [daphne, "-b", "127.0.0.1", "-p", str(port), "studio.asgi:application"],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if server.poll() is not None:
                pytest.fail(f"daphne exited:\n{(tmp_path / 'daphne.log').read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _signed_in_context(browser, base_url, user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": base_url,
            }
        ]  # fmt: skip
    )
    return context


def _wait_for_socket(page):
    page.wait_for_function("() => window.performance.getEntriesByType('resource').length > 0")
    page.wait_for_timeout(700)  # the websocket connects after the page's scripts run


@pytest.mark.browser
def test_a_comment_posted_in_one_browser_appears_in_the_other_within_2_seconds(
    browser, daphne_server, production, producer, crew_member, scene
):
    page_path = f"/productions/long-night/scenes/{scene.pk}/"
    poster = _signed_in_context(browser, daphne_server, producer).new_page()
    watcher = _signed_in_context(browser, daphne_server, crew_member).new_page()
    # The breakdown sheet shows the thread read-only; people post on its discussion page.
    poster.goto(f"{daphne_server}/productions/long-night/discussion/?on=scene:{scene.pk}")
    watcher.goto(daphne_server + page_path)
    _wait_for_socket(watcher)
    assert watcher.locator("text=Dusk, not night").count() == 0
    poster.fill("#collab-body", "Dusk, not night")
    poster.click("text=Post comment")
    poster.wait_for_load_state("load")
    started = time.monotonic()
    watcher.locator("text=Dusk, not night").wait_for(timeout=2000)
    assert time.monotonic() - started < 2
    assert not has_horizontal_scroll(watcher)  # 390 px wide


@pytest.mark.browser
def test_a_board_saved_by_someone_else_is_offered_on_the_open_stripboard(
    browser, daphne_server, production, producer, coordinator, scene, version
):
    watcher = _signed_in_context(browser, daphne_server, coordinator).new_page()
    watcher.goto(daphne_server + "/productions/long-night/schedule/")
    _wait_for_socket(watcher)
    saver = _signed_in_context(browser, daphne_server, producer).new_page()
    saver.goto(daphne_server + "/productions/long-night/schedule/")
    # The coordinator sees who else has the board open.
    watcher.locator("text=Also open by producer1").wait_for(timeout=3000)
    api = client_for(producer)
    board = api.get("/api/v1/productions/long-night/stripboard/")
    assert board.status_code == 200, board.content
    data = board.json()
    saved = api.put(
        "/api/v1/productions/long-night/stripboard/",
        data,
        format="json",
        HTTP_IF_MATCH=board["ETag"],
    )
    assert saved.status_code == 200, saved.json()
    started = time.monotonic()
    watcher.locator("text=producer1 saved the board").wait_for(timeout=2000)
    assert time.monotonic() - started < 2
    assert watcher.locator("[data-live-reload]").get_attribute("href").endswith("/schedule/")
