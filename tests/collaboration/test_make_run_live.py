"""`make run` serves the live websocket: `manage.py runserver` is daphne's, with the in-memory
channel layer (no REDIS_URL), and a signed-in member's socket hears a comment posted over HTTP
to the same server."""

import asyncio
import base64
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from knox.models import AuthToken

from tests.conftest import REPO_ROOT, _database_url_for_worker, run_async


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def runserver(django_db_setup, tmp_path_factory):
    """Start `manage.py runserver` as `make run` does: DEBUG on, no Redis, on the test DB.

    One server for the module (it takes seconds to start); each test's rows are its own,
    through ``transactional_db``, so the server sees them committed.
    """
    tmp_path = tmp_path_factory.mktemp("runserver")
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "STUDIO_TESTING", "CACHE_URL", "PYTEST_CURRENT_TEST")
    }
    env.update(DATABASE_URL=_database_url_for_worker(), DJANGO_DEBUG="1")
    log_path = tmp_path / "runserver.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"runserver exited:\n{log_path.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"runserver did not listen:\n{log_path.read_text()}")
                time.sleep(0.2)
        yield port, log_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _session_cookie(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{django_settings.SESSION_COOKIE_NAME}={session.session_key}"


async def _read_frame(reader) -> tuple[int, bytes]:
    """Read one frame the server sends (never masked, RFC 6455 5.1): its opcode and payload."""
    first, second = await reader.readexactly(2)
    length = second & 0x7F
    if length == 126:
        length = int.from_bytes(await reader.readexactly(2), "big")
    elif length == 127:
        length = int.from_bytes(await reader.readexactly(8), "big")
    return first & 0x0F, await reader.readexactly(length)


async def _listen(port: int, slug: str, cookie: str, then, wait: float = 5.0):
    """Open the production's socket with ``cookie`` as a browser would; once it is open, call
    ``then`` (in a thread); return the messages heard and whether the server let it open.

    A few lines of RFC 6455 rather than a client library: autobahn's asyncio flavour cannot
    load beside daphne's Twisted one in the same process, and ``websockets`` is not installed.
    """
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    key = base64.b64encode(os.urandom(16)).decode()
    headers = [
        f"GET /ws/productions/{slug}/ HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
        f"Origin: http://127.0.0.1:{port}",
    ]
    if cookie:
        headers.append(f"Cookie: {cookie}")
    writer.write(("\r\n".join(headers) + "\r\n\r\n").encode())
    heard: list[dict] = []
    try:
        status = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        if not status.startswith(b"HTTP/1.1 101"):
            return heard, False
        accept = base64.b64encode(
            hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()
        )
        assert accept in status
        # The consumer accepts after its membership query; a refusal is a close frame.
        try:
            opcode, _ = await asyncio.wait_for(_read_frame(reader), 0.5)
        except TimeoutError:
            opcode = None
        if opcode == 0x8:
            return heard, False
        await asyncio.to_thread(then)
        deadline = asyncio.get_running_loop().time() + wait
        while not heard:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                break
            try:
                opcode, payload = await asyncio.wait_for(_read_frame(reader), left)
            except TimeoutError:
                break
            if opcode == 0x1:
                heard.append(json.loads(payload))
            elif opcode == 0x8:
                return heard, False
        return heard, True
    finally:
        writer.close()


def _post_comment(port: int, user, on: str, body: str) -> dict:
    _, token = AuthToken.objects.create(user)
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/productions/long-night/comments/",
        data=json.dumps({"on": on, "body": body}).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201
        return json.loads(response.read())


def test_make_runs_server_sends_a_comment_to_an_open_page_live(
    runserver, transactional_db, production, producer, crew_member, scene
):
    port, log_path = runserver
    posted = {}

    def post():
        posted.update(_post_comment(port, producer, f"scene:{scene.pk}", "Dusk, not night"))

    heard, opened = run_async(_listen, port, "long-night", _session_cookie(crew_member), post)
    assert opened, log_path.read_text()
    assert posted["body"] == "Dusk, not night"
    assert {
        "event": "comment.created",
        "on": f"scene:{scene.pk}",
        "id": posted["id"],
        "actor": "producer1",
    }.items() <= heard[0].items(), heard
    assert "Daphne" in log_path.read_text()  # runserver is daphne's, not Django's WSGI one


def test_make_runs_server_refuses_the_socket_to_someone_signed_out_or_outside(
    runserver, transactional_db, production, outsider
):
    port, _ = runserver
    assert run_async(_listen, port, "long-night", "", lambda: None) == ([], False)
    outside = _session_cookie(outsider)
    assert run_async(_listen, port, "long-night", outside, lambda: None) == ([], False)


def test_make_runs_server_serves_the_pages_static_files(runserver):
    port, _ = runserver
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=10) as response:
        assert response.status == 200
    css = sorted((REPO_ROOT / "static" / "css").glob("*.css"))[0].name
    url = f"http://127.0.0.1:{port}/static/css/{css}"
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        assert "css" in response.headers["Content-Type"]
