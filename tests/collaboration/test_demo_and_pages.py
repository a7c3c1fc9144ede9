"""The demo's discussion, and the pages: the thread on a scene, the inbox, the decision log
(and its PDF) and the feed, with who may open them."""

import pytest

from collaboration import services
from collaboration.models import Approval, Comment
from demo.collaboration import demo_collaboration_seed

pytestmark = pytest.mark.django_db


def test_the_demo_discussion_is_seeded_once(production, owner, scene, version):
    demo_collaboration_seed(production)
    demo_collaboration_seed(production)
    assert Comment.objects.filter(production=production).count() >= 5
    assert set(Approval.objects.values_list("status", flat=True)) == {"pending", "approved"}
    assert production.memberships.filter(user__username="writer").exists()


def test_the_scene_page_shows_its_thread_and_posting_works_without_javascript(
    client, production, producer, scene
):
    client.force_login(producer)
    page = f"/productions/long-night/scenes/{scene.pk}/"
    response = client.post(
        "/productions/long-night/comments/new/",
        {"on": f"scene:{scene.pk}", "body": "Dusk, please", "next": page},
    )
    assert response.status_code == 302 and response["Location"] == page
    html = client.get(page).content.decode()
    assert "Dusk, please" in html and "Discussion" in html


def test_a_refused_post_from_a_page_says_why_and_changes_nothing(client, producer, scene):
    client.force_login(producer)
    page = f"/productions/long-night/scenes/{scene.pk}/"
    response = client.post(
        "/productions/long-night/comments/new/",
        {"on": f"scene:{scene.pk}", "body": "ask @nobody", "next": page},
        follow=True,
    )
    assert "No member or department of this production is called @nobody" in (
        response.content.decode()
    )
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/productions/long-night/activity/",
        "/productions/long-night/decisions/",
        "/productions/long-night/decisions.pdf",
    ],
)
@pytest.mark.parametrize("who, status", [("crew_member", 200), ("outsider", 404), (None, 302)])
def test_the_production_pages_are_for_its_members(request, client, path, who, status, producer):
    if who:
        client.force_login(request.getfixturevalue(who))
    assert client.get(path).status_code == status


def test_the_decision_log_lists_decisions_and_its_pdf_is_a_pdf(client, production, producer, scene):
    services.comment_create(
        production=production,
        by=producer,
        on=f"scene:{scene.pk}",
        body="We shoot at dusk",
        decision=True,
    )
    client.force_login(producer)
    assert "We shoot at dusk" in client.get("/productions/long-night/decisions/").content.decode()
    pdf = client.get("/productions/long-night/decisions.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_inbox_shows_the_unread_count_in_the_header(
    client, production, producer, crew_member, scene
):
    services.comment_create(
        production=production, by=producer, on=f"scene:{scene.pk}", body="@crewmember look"
    )
    client.force_login(crew_member)
    html = client.get("/inbox/").content.decode()
    assert "mentioned you" in html
    assert "data-unread-count>1<" in html
    client.post("/inbox/", {"all": "1"})
    assert "data-unread-count" not in client.get("/inbox/").content.decode()


def test_a_call_sheet_and_a_shoot_day_show_their_threads(client, production, producer, version):
    from callsheets.models import CallSheet

    sheet = CallSheet.objects.create(production=production, date="2026-03-02")
    day = version.days.first()
    services.comment_create(
        production=production, by=producer, on=f"callsheet:{sheet.pk}", body="Unit call 06:00?"
    )
    services.comment_create(
        production=production, by=producer, on=f"shoot_day:{day.pk}", body="Weather cover"
    )
    client.force_login(producer)
    sheet_page = client.get(f"/productions/long-night/callsheets/{sheet.pk}/")
    assert sheet_page.status_code == 200
    assert "Unit call 06:00?" in sheet_page.content.decode()
    day_page = client.get(f"/productions/long-night/schedule/days/{day.pk}/")
    assert "Weather cover" in day_page.content.decode()


def test_the_discussion_page_is_for_those_who_may_see_its_object(
    client, production, crew_member, accountant, outsider, objects
):
    page = "/productions/long-night/discussion/"
    client.force_login(crew_member)
    assert client.get(page, {"on": objects["scene"]}).status_code == 200
    assert client.get(page, {"on": objects["budget"]}).status_code == 404
    assert client.get(page, {"on": "scene:99999999999999999999"}).status_code == 404
    client.force_login(accountant)
    assert client.get(page, {"on": objects["budget"]}).status_code == 200
    client.force_login(outsider)
    assert client.get(page, {"on": objects["scene"]}).status_code == 404
