"""Comments through the API: threads, Markdown, edits, removal, resolving, mentions, files,
and who may see them."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from collaboration.models import Comment, Notification
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/productions/long-night/comments/"
PDF = b"%PDF-1.4\n%fake but starts right\n"


def post(user, on, body, **extra):
    return client_for(user).post(URL, {"on": on, "body": body, **extra}, format="json")


def test_a_comment_is_rendered_from_markdown_without_raw_html(producer, objects):
    response = post(producer, objects["scene"], "**Cut** the <script>alert(1)</script> line")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["on"] == objects["scene"]
    assert data["author"] == "producer1"
    assert "<strong>Cut</strong>" in data["body_html"]
    assert "<script>" not in data["body_html"]
    assert data["edited_at"] is None and data["resolved"] is False


def test_a_reply_joins_the_thread_of_its_parent(producer, crew_member, objects):
    first = post(producer, objects["scene"], "Night or day?").json()
    reply = post(crew_member, objects["scene"], "Night.", parent=first["id"]).json()
    again = post(producer, objects["scene"], "Sure?", parent=reply["id"]).json()
    assert reply["parent"] == first["id"]
    assert again["parent"] == first["id"]  # replies to a reply stay in the one thread
    listed = client_for(crew_member).get(URL, {"on": objects["scene"]}).json()["results"]
    assert [c["id"] for c in listed] == [first["id"], reply["id"], again["id"]]


def test_a_reply_on_another_object_is_refused_in_words(producer, objects):
    first = post(producer, objects["scene"], "Night or day?").json()
    response = post(producer, objects["shoot_day"], "Here", parent=first["id"])
    assert response.status_code == 400
    assert "same object" in response.json()["message"]


def test_an_empty_body_and_a_badly_named_object_are_refused(producer, objects):
    assert post(producer, objects["scene"], "   ").status_code == 400
    response = post(producer, "scene-12", "Hello")
    assert response.status_code == 404
    assert Comment.objects.count() == 0


def test_the_author_edits_for_15_minutes_and_edited_shows(producer, objects):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.UTC)):
        comment = post(producer, objects["scene"], "Draft").json()
    url = f"{URL}{comment['id']}/"
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, 14, tzinfo=datetime.UTC)):
        edited = client_for(producer).patch(url, {"body": "Final"}, format="json")
    assert edited.status_code == 200
    assert edited.json()["body"] == "Final" and edited.json()["edited_at"]
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, 16, tzinfo=datetime.UTC)):
        late = client_for(producer).patch(url, {"body": "Later"}, format="json")
    assert late.status_code == 409
    assert "15 minutes" in late.json()["message"]
    assert Comment.objects.get(pk=comment["id"]).body == "Final"


def test_only_the_author_edits(producer, crew_member, objects):
    comment = post(crew_member, objects["scene"], "Mine").json()
    response = client_for(producer).patch(f"{URL}{comment['id']}/", {"body": "x"}, format="json")
    assert response.status_code == 403
    assert "author" in response.json()["message"]


def test_a_form_edit_without_fields_changes_nothing(producer, objects):
    comment = post(producer, objects["scene"], "Mine").json()
    url = f"{URL}{comment['id']}/"
    empty_form = client_for(producer).patch(url, {}, format="multipart")
    assert empty_form.status_code == 400 and "body" in empty_form.json()["errors"]
    edited = client_for(producer).patch(url, {"body": "Ours"}, format="multipart")
    assert edited.status_code == 200 and edited.json()["body"] == "Ours"


def test_removal_by_a_manager_leaves_comment_removed(producer, crew_member, objects):
    comment = post(crew_member, objects["scene"], "Oops").json()
    other = post(crew_member, objects["scene"], "Not mine to remove").json()
    assert client_for(producer).delete(f"{URL}{comment['id']}/").status_code == 204
    listed = client_for(crew_member).get(URL, {"on": objects["scene"]}).json()["results"]
    removed = next(c for c in listed if c["id"] == comment["id"])
    assert removed["deleted"] is True and removed["body"] == ""
    writer2 = client_for(crew_member)
    assert writer2.delete(f"{URL}{other['id']}/").status_code == 204


def test_crew_cannot_remove_someone_elses_comment(producer, crew_member, objects):
    comment = post(producer, objects["scene"], "Keep").json()
    response = client_for(crew_member).delete(f"{URL}{comment['id']}/")
    assert response.status_code == 403
    assert not Comment.objects.get(pk=comment["id"]).is_deleted


def test_resolve_and_reopen_a_thread(producer, crew_member, objects):
    comment = post(producer, objects["scene"], "Fix the gate").json()
    url = f"{URL}{comment['id']}/resolve/"
    assert client_for(crew_member).post(url, {}, format="json").json()["resolved"] is True
    reopened = client_for(crew_member).post(url, {"resolved": False}, format="json")
    assert reopened.json()["resolved"] is False


def test_mentioning_a_member_who_may_not_see_a_budget_is_refused(
    producer, accountant, crew_member, objects
):
    response = post(producer, objects["budget"], "@crewmember can you check this?")
    assert response.status_code == 400
    assert "crewmember cannot see this budget" in response.json()["message"]
    assert not Notification.objects.exists()
    ok = post(producer, objects["budget"], "@accountant1 please check")
    assert ok.status_code == 201
    assert ok.json()["mentions"] == [{"kind": "user", "id": "accountant1"}]


def test_an_unknown_mention_is_refused_and_an_email_address_is_no_mention(producer, objects):
    response = post(producer, objects["scene"], "ask @nobody")
    assert response.status_code == 400
    assert "@nobody" in response.json()["message"]
    assert post(producer, objects["scene"], "mail jo@example.com").status_code == 201


def test_a_department_mention_reaches_everyone_in_it(producer, camera_crew, objects):
    response = post(producer, objects["scene"], "@camera we need the crane")
    assert response.status_code == 201
    assert response.json()["mentions"] == [{"kind": "department", "id": "camera"}]
    notified = set(
        Notification.objects.filter(kind="mentions").values_list("recipient__username", flat=True)
    )
    assert notified == {"focus", "loader"}


def test_mention_autocomplete_lists_members_and_departments(producer, camera_crew):
    response = client_for(producer).get("/api/v1/productions/long-night/mentions/", {"q": "ca"})
    assert {"kind": "department", "id": "camera", "label": "camera"} in response.json()
    names = client_for(producer).get("/api/v1/productions/long-night/mentions/", {"q": "fo"})
    assert [c["id"] for c in names.json()] == ["focus"]


def test_a_pdf_attachment_is_kept_and_served_only_to_members(
    producer, crew_member, outsider, objects, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("notes.pdf", PDF, content_type="application/pdf")
    response = client_for(producer).post(
        URL, {"on": objects["scene"], "body": "See notes", "files": [upload]}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    url = response.json()["attachments"][0]["url"]
    crew = client_for(None)
    crew.force_login(crew_member)
    assert crew.get(url).status_code == 200
    stranger = client_for(None)
    stranger.force_login(outsider)
    assert stranger.get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302  # to sign in


def test_a_file_that_is_not_an_image_or_pdf_is_refused(producer, objects, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/pdf")
    response = client_for(producer).post(
        URL, {"on": objects["scene"], "body": "x", "files": [upload]}, format="multipart"
    )
    assert response.status_code == 400
    assert "not an image or a PDF" in response.json()["message"]
    assert not Comment.objects.exists()


# ---------------------------------------------------------------- who may see what

KINDS = ["scene", "schedule_version", "shoot_day", "budget"]
# who → the kinds they may see
SEES = {
    "anonymous": set(),
    "outsider": set(),
    "crew_member": {"scene", "schedule_version", "shoot_day"},
    "accountant": set(KINDS),
    "casting_member": {"scene", "schedule_version", "shoot_day"},
    "producer": set(KINDS),
}


@pytest.mark.parametrize("who", list(SEES))
@pytest.mark.parametrize("kind", KINDS)
def test_a_comment_is_visible_exactly_to_those_who_may_see_its_object(
    request, who, kind, owner, objects
):
    comment = post(owner, objects[kind], "Thoughts?").json()
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = client_for(user)
    listed = client.get(URL, {"on": objects[kind]})
    detail = client.get(f"{URL}{comment['id']}/")
    posted = client.post(URL, {"on": objects[kind], "body": "Me too"}, format="json")
    if who == "anonymous":
        assert {listed.status_code, detail.status_code, posted.status_code} == {401}
    elif kind in SEES[who]:
        assert listed.status_code == 200 and len(listed.json()["results"]) == 1
        assert detail.status_code == 200
        assert posted.status_code == 201
    elif who == "outsider":
        assert {listed.status_code, detail.status_code, posted.status_code} == {404}
    else:
        assert listed.status_code == 200 and listed.json()["results"] == []
        assert detail.status_code == 404
        assert posted.status_code == 404


def test_a_thread_reads_in_the_same_number_of_queries_at_3_and_30_comments(
    producer, crew_member, objects, django_assert_num_queries
):
    def add(count):
        for n in range(count):
            post(producer if n % 2 else crew_member, objects["scene"], f"Note {n} @producer1")

    client = client_for(crew_member)
    add(3)
    reset_queries()  # a request resets the log: start from empty so the count survives it
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, {"on": objects["scene"]}).json()["count"] == 3
    small_count = len(small)  # read now: the log is reset by later requests
    add(27)
    with django_assert_num_queries(small_count):
        assert client.get(URL, {"on": objects["scene"]}).json()["count"] == 30


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("get", f"{URL}99999999999999999999/", None),
        ("get", URL + "?on=scene:99999999999999999999", None),
        ("get", URL + "?on=scene:%C2%B2", None),
        ("post", URL, {"on": "scene:1", "body": "x", "parent": 10**30}),
        ("post", URL, {"on": ["scene:1"], "body": {"a": 1}}),
        ("post", "/api/v1/notifications/read/", {"ids": [10**30]}),
        ("put", "/api/v1/notification-preferences/", ["email"]),
        ("post", "/api/v1/productions/long-night/approvals/", {"on": "scene:1", "approvers": "x"}),
    ],
)
def test_bad_input_is_answered_in_json_words_and_never_a_500(producer, method, path, body):
    response = getattr(client_for(producer), method)(path, body, format="json")
    assert 400 <= response.status_code < 500
    assert "message" in response.json()
