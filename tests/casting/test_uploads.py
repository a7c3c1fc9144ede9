"""Self-tapes through a virus scanner: clamd's INSTREAM over a unix socket, served here by a
small local clamd that speaks the same protocol (the real daemon is not on the test machine)."""

import socket
import struct
import threading
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from casting import auditions, tokens
from casting.models import SelfTape

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class LocalClamd:
    """Answer INSTREAM like clamd: "stream: OK", or "... FOUND" for the EICAR test string."""

    def __init__(self, path):
        self.path = str(path)
        self.scanned: list[bytes] = []
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen(4)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _recv(self, conn, size):
        data = b""
        while len(data) < size:
            part = conn.recv(size - len(data))
            if not part:
                raise ConnectionError
            data += part
        return data

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                assert self._recv(conn, 10) == b"zINSTREAM\0"
                body = b""
                while length := struct.unpack("!L", self._recv(conn, 4))[0]:
                    body += self._recv(conn, length)
                self.scanned.append(body)
                found = EICAR in body
                conn.sendall(b"stream: Eicar-Signature FOUND\0" if found else b"stream: OK\0")

    def close(self):
        self.server.close()


@pytest.fixture
def clamd(tmp_path, settings):
    server = LocalClamd(tmp_path / "clamd.sock")
    settings.STUDIO_CLAMD_SOCKET = server.path
    yield server
    server.close()


@pytest.fixture
def link(production, role, candidate, django_capture_on_commit_callbacks):
    session = auditions.session_create(
        production=production, role=role, kind="self_tape", date=date(2027, 1, 5),
        start=time(10), end=time(11), slot_minutes=20,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        [slot] = auditions.session_invite(session=session, candidates=[candidate])
    return f"/a/{tokens.token_for(slot.salt)}/"


def _upload(link, content):
    upload = SimpleUploadedFile("tape.mp4", content, content_type="video/mp4")
    return Client().post(link + "tape/", {"file": upload})


@time_machine.travel(datetime(2027, 1, 3, 12, tzinfo=LONDON), tick=False)
def test_a_clean_tape_is_scanned_then_accepted(link, clamd):
    assert _upload(link, MP4).status_code == 302
    assert clamd.scanned == [MP4]
    assert SelfTape.objects.count() == 1


@time_machine.travel(datetime(2027, 1, 3, 12, tzinfo=LONDON), tick=False)
def test_an_infected_tape_is_refused_in_words_and_not_stored(link, clamd, settings):
    response = _upload(link, MP4 + EICAR)
    assert response.status_code == 400
    assert "contains a virus" in response.content.decode()
    assert not SelfTape.objects.exists()
    assert not list((settings.MEDIA_ROOT / "private").rglob("*.*"))


@time_machine.travel(datetime(2027, 1, 3, 12, tzinfo=LONDON), tick=False)
def test_a_scanner_that_does_not_answer_refuses_the_tape(link, settings, tmp_path):
    settings.STUDIO_CLAMD_SOCKET = str(tmp_path / "nobody-listens.sock")
    response = _upload(link, MP4)
    assert response.status_code == 400
    assert "virus scanner cannot be reached" in response.content.decode()
    assert not SelfTape.objects.exists()


@time_machine.travel(datetime(2027, 1, 3, 12, tzinfo=LONDON), tick=False)
def test_without_a_scanner_the_limit_comes_from_the_setting(link, settings):
    assert settings.STUDIO_CLAMD_SOCKET == ""
    settings.STUDIO_SELF_TAPE_MAX_BYTES = len(MP4) - 1
    response = _upload(link, MP4)
    assert "larger than the limit" in response.content.decode()
    settings.STUDIO_SELF_TAPE_MAX_BYTES = len(MP4)
    assert _upload(link, MP4).status_code == 302
