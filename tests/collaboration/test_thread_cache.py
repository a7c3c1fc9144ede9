"""The cached thread partial (collaboration.thread_cache): every write that changes what a
reader sees shows on their next read, each reader keeps their own buttons, and the forms carry
the reader's current CSRF token."""

import pytest
from django.test import Client

from collaboration import approvals, services
from collaboration.models import Comment
from productions.models import Membership, Scene

pytestmark = pytest.mark.django_db


def url(on):
    return f"/productions/long-night/thread/?on={on}"


def membership(production, user):
    return Membership.objects.get(production=production, user=user)


def read(client, on):
    response = client.get(url(on))
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_comment_an_edit_and_a_resolve_show_on_the_next_read(
    client, production, producer, crew_member, objects
):
    on = objects["scene"]
    client.force_login(crew_member)
    services.comment_create(production=production, by=producer, on=on, body="First take")
    assert "First take" in read(client, on)
    assert "First take" in read(client, on)  # served from the cache
    services.comment_create(production=production, by=producer, on=on, body="Second take")
    assert "Second take" in read(client, on)
    comment = Comment.objects.get(body="First take")
    services.comment_edit(
        comment=comment,
        by=producer,
        membership=membership(production, producer),
        body="First, fixed",
    )
    html = read(client, on)
    assert "First, fixed" in html and "First take" not in html
    assert "/reopen/" not in html
    services.comment_resolve(
        comment=comment, by=producer, membership=membership(production, producer), resolved=True
    )
    assert "/reopen/" in read(client, on)


def test_a_sign_off_shows_and_is_marked_changed_after_an_unannounced_edit(
    client, production, producer, coordinator, scene, objects
):
    on = objects["scene"]
    client.force_login(producer)
    assert "Sign-offs" not in read(client, on)
    approvals.approval_request(
        production=production,
        by=coordinator,
        membership=membership(production, coordinator),
        on=on,
        approvers=["producer1"],
        note="Lock it?",
    )
    html = read(client, on)
    assert "Sign-offs" in html and ">Approve</button>" in html
    # A queryset update sends no signal and expires no cached read; the sign-off still shows
    # as changed, because marking it changed expires the partial.
    Scene.objects.filter(pk=scene.pk).update(synopsis="A new ending")
    html = read(client, on)
    assert "<strong>Changed" in html and ">Approve</button>" not in html


def test_each_reader_keeps_their_own_buttons_from_the_cache(
    client, production, producer, crew_member, objects
):
    on = objects["scene"]
    services.comment_create(production=production, by=producer, on=on, body="Producer's note")
    client.force_login(producer)
    assert read(client, on).count(">Remove</button>") == 1
    client.force_login(crew_member)
    assert read(client, on).count(">Remove</button>") == 0  # not the producer's cached page


def test_a_form_from_the_cached_thread_posts_after_signing_in_again(production, producer, objects):
    on = objects["scene"]
    services.comment_create(production=production, by=producer, on=on, body="Lock the day?")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(producer)
    read(browser, on)  # cached now
    browser.logout()
    browser.force_login(producer)  # a new session: a new CSRF secret
    html = read(browser, on)
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = browser.post(
        "/productions/long-night/comments/new/",
        {"csrfmiddlewaretoken": token, "on": on, "body": "Posted from the thread"},
    )
    assert response.status_code == 302
    assert "Posted from the thread" in read(browser, on)


def test_on_the_real_redis_a_reply_shows_on_the_next_read(
    redis_cache, client, production, producer, crew_member, objects
):
    on = objects["scene"]
    root = services.comment_create(production=production, by=producer, on=on, body="Rain cover?")
    client.force_login(crew_member)
    assert "Rain cover?" in read(client, on)
    assert "Rain cover?" in read(client, on)  # from Redis now
    services.comment_create(
        production=production, by=crew_member, on=on, body="Stage 2 is free", parent=root
    )
    html = read(client, on)
    assert "Rain cover?" in html and "Stage 2 is free" in html


def test_a_renamed_author_shows_by_their_new_name_on_the_next_read(
    client, production, producer, crew_member, objects
):
    on = objects["scene"]
    producer.first_name, producer.last_name = "Ada", "Quill"
    producer.save()
    services.comment_create(production=production, by=producer, on=on, body="Lens choice")
    client.force_login(crew_member)
    assert "Ada Quill" in read(client, on)
    producer.first_name = "Adaline"
    producer.save(update_fields=["first_name"])
    assert "Adaline Quill" in read(client, on)
