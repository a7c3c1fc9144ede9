"""A department mention reaches everyone in it: each person's email once (through one fan-out
task a real worker turns into a send each), and each person's open page at once."""

import asyncio
import re

import pytest
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.db import transaction

from collaboration import services
from collaboration.routing import websocket_urlpatterns
from tests.collaboration.test_notifications import mails, subjects
from tests.conftest import run_async


@pytest.mark.worker
def test_a_department_mention_emails_each_person_in_it_once_with_their_own_link(
    celery_worker_process, production, producer, camera_crew, scene
):
    services.comment_create(
        production=production, by=producer, on=f"scene:{scene.pk}", body="@camera the crane"
    )
    texts = mails(celery_worker_process["mail_dir"], expect=2)
    assert len(subjects(texts)) == 2  # once each, even though the sends were fanned out
    mail = "\n".join(texts)
    assert "focus@example.com" in mail and "loader@example.com" in mail
    # Each person's own one-click link in the body, not one shared by the department.
    links = set(re.findall(r"with one click: (\S+)", mail))
    assert len(links) == 2 and all("/unsubscribe/" in link for link in links)


@pytest.mark.django_db(transaction=True)
def test_a_department_mention_reaches_each_persons_open_page(
    production, producer, camera_crew, scene
):
    async def watch():
        sockets = []
        for user in camera_crew:
            socket = WebsocketCommunicator(
                URLRouter(websocket_urlpatterns), "/ws/productions/long-night/"
            )
            socket.scope["user"] = user
            connected, _ = await socket.connect()
            assert connected
            sockets.append(socket)

        def post():
            with transaction.atomic():
                services.comment_create(
                    production=production, by=producer, on=f"scene:{scene.pk}", body="@camera"
                )

        await asyncio.to_thread(post)
        heard = []
        for socket in sockets:
            messages = [await socket.receive_json_from(timeout=3) for _ in range(2)]
            heard.append(sorted(m["event"] for m in messages))
            await socket.disconnect()
        return heard

    # Each hears the comment on the production and their own notification.
    assert run_async(watch) == [["comment.created", "notification"]] * 2
