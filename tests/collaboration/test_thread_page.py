"""The thread as a page (the live partial and the discussion page): the same queries at 3 and
30 comments, and each reader gets the links and buttons that are theirs."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from collaboration import services

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%fake but starts right\n"
POSTED = datetime.datetime(2026, 7, 2, 14, 5, tzinfo=datetime.UTC)  # London is at +1


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def add(production, on, people, count, start=0):
    """Post ``count`` comments in turns, every third a reply with a PDF attached."""
    root = None
    with time_machine.travel(POSTED, tick=False):
        for n in range(start, start + count):
            by = people[n % len(people)]
            pdf = SimpleUploadedFile(f"notes-{n}.pdf", PDF, content_type="application/pdf")
            comment = services.comment_create(
                production=production,
                by=by,
                on=on,
                body=f"Note {n} @producer1",
                parent=root if n % 3 else None,
                files=[pdf] if n % 3 == 2 else (),
            )
            root = comment if comment.parent_id is None else root


@pytest.mark.parametrize("page", ["thread", "discussion"])
def test_a_thread_page_reads_in_the_same_number_of_queries_at_3_and_30_comments(
    client, production, producer, crew_member, objects, page, django_assert_num_queries
):
    on = objects["scene"]
    url = f"/productions/long-night/{page}/?on={on}"
    client.force_login(crew_member)
    add(production, on, [producer, crew_member], 3)
    client.get(url)  # warm what is cached per member
    # A new comment expires the cached partial: both counts below are of a fresh render.
    add(production, on, [producer, crew_member], 1, start=3)
    reset_queries()  # a request resets the log: start from empty so the count survives it
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    small_count = len(small)  # read now: the log is reset by later requests
    add(production, on, [producer, crew_member], 26, start=4)
    with django_assert_num_queries(small_count):
        html = client.get(url).content.decode()
    assert "Note 29 @producer1" in html and "Note 0 @producer1" in html
    assert html.count("notes-") == 10  # every attachment, linked


def test_each_reader_gets_their_own_buttons_and_the_times_in_the_productions_zone(
    client, production, producer, crew_member, objects
):
    on = objects["scene"]
    add(production, on, [producer, crew_member], 3)
    url = f"/productions/long-night/thread/?on={on}"
    client.force_login(crew_member)
    html = client.get(url).content.decode()
    # Crew edit and remove only their own comment (Note 1); everyone may resolve a thread.
    assert html.count(">Remove</button>") == 1 and html.count("<summary>Edit</summary>") == 1
    mine = html.split('data-comment-id="', 2)[2]  # the second comment is crew's reply
    assert "/edit/" in mine.split("</article>")[0]
    assert "/resolve/" in html
    when = datetime.datetime.fromisoformat(html.split('<time datetime="')[1].split('"')[0])
    assert when == POSTED and when.utcoffset() == datetime.timedelta(hours=1)
    assert "2 Jul, 15:05" in html
    client.force_login(producer)
    html = client.get(url).content.decode()
    assert html.count(">Remove</button>") == 3  # a producer may remove anyone's
    link = html.split('<ul class="plain collab-files">')[1].split('href="')[1].split('"')[0]
    response = client.get(link)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
