"""The personal page is served from the cache once rendered, and never shows anything stale:
whatever changes what the page shows is there on the next open."""

import gzip

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from callsheets import links, personal, personal_pages, services
from callsheets.models import CallSheetLink, Delivery
from crew import services as crew_services
from productions import services as production_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def grip(plan):
    return plan["crew"]["Key Grip"].person


@pytest.fixture
def path(version, grip):
    link = CallSheetLink.objects.get(callsheet=version.callsheet, person=grip)
    return f"/c/{links.link_token(link)}/"


def test_opening_the_page_again_runs_no_query_and_gives_a_working_confirm_form(
    path, version, grip, django_assert_num_queries
):
    client = Client(enforce_csrf_checks=True)
    first = client.get(path).content.decode()

    with django_assert_num_queries(0):
        again = client.get(path)

    html = again.content.decode()
    assert again.status_code == 200 and again["Cache-Control"] == "private, no-cache"
    assert "Gus Grip" in html and "data-own-call>07:00<" in html
    # The same bytes each time: nothing in them is filled in per request.
    assert html == first and "__studio_" not in html
    # No CSRF token to mint per request: the link is the credential, so no cookie either.
    assert "csrfmiddlewaretoken" not in html and not again.cookies
    assert client.post(f"{path}confirm/").status_code == 303
    assert Delivery.objects.get(version=version, person=grip).status == "confirmed"


def test_a_confirmation_shows_on_the_next_open(path, django_capture_on_commit_callbacks):
    client = Client()
    assert "data-confirmed" not in client.get(path).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{path}confirm/")

    assert "data-confirmed" in client.get(path).content.decode()


def test_a_new_version_shows_on_the_next_open(path, version):
    client = Client()
    client.get(path)

    services.callsheet_update(callsheet=version.callsheet, weather="Rain all day")
    services.callsheet_publish(callsheet=version.callsheet, send=False)

    html = client.get(path).content.decode()
    assert "REVISED — version 2" in html and "Rain all day" in html


def test_a_revoked_link_stops_at_once_even_when_its_page_was_cached(path, version, grip):
    client = Client()
    assert client.get(path).status_code == 200

    links.callsheet_link_revoke(callsheet=version.callsheet, person=grip)

    assert client.get(path).status_code == 404


def test_deleting_the_production_stops_a_cached_page(path, production, owner):
    client = Client()
    assert client.get(path).status_code == 200

    production_services.production_delete(
        production=production, by=owner, confirm_title=production.title
    )

    assert client.get(path).status_code == 404


def test_a_renamed_person_sees_their_new_name(path, grip):
    client = Client()
    client.get(path)

    crew_services.person_update(person=grip, name="Augusta Grip")

    assert "Augusta Grip" in client.get(path).content.decode()


def test_a_refusal_is_shown_once_and_not_kept_for_later_opens(path, version, grip):
    client = Client()
    client.get(path)
    Delivery.objects.filter(version=version, person=grip).delete()

    refused = client.post(f"{path}confirm/", follow=True).content.decode()
    later = client.get(path).content.decode()

    assert "There is nothing to confirm" in refused
    assert "There is nothing to confirm" not in later


def test_a_phone_that_holds_the_page_is_answered_304_until_the_page_changes(
    path, version, grip, django_assert_num_queries
):
    client = Client()
    first = client.get(path)
    etag = first["ETag"]
    assert etag.startswith('W/"') and "Accept-Encoding" in first["Vary"]

    with django_assert_num_queries(0):
        held = client.get(path, headers={"If-None-Match": etag})
    assert held.status_code == 304 and held.content == b"" and held["ETag"] == etag
    assert held["Cache-Control"] == "private, no-cache"

    services.delivery_confirm(view=personal.personal_view(version.callsheet, grip))

    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "data-confirmed" in changed.content.decode()


def test_a_phone_that_takes_gzip_downloads_the_same_page_compressed(path):
    client = Client()
    plain = client.get(path)

    packed = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})

    assert packed["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) * 3 < len(plain.content)
    assert packed["ETag"] == plain["ETag"]


def _page(production_id: int, generation: int, html: str) -> personal_pages.CachedPage:
    return personal_pages.page_make(
        production_id=production_id, generation=generation, time_zone="UTC", html=html
    )


def test_a_page_this_process_kept_is_not_served_once_another_process_changed_the_data(
    path, production, version
):
    # What a second worker does: it changes the data, which bumps the shared generation,
    # while this process still holds its own copy of the page.
    hashed = links.link_token_hash(path.split("/")[2])
    generation = personal_pages.production_generation(production.pk)
    kept = _page(production.pk, generation, "<p>kept</p>")
    personal_pages.page_store(token_hash=hashed, page=kept, last_day=version.callsheet.date)
    assert personal_pages.page_get(hashed, production.pk) == kept

    personal_pages.personal_pages_expire(production.pk)

    assert personal_pages.page_get(hashed, production.pk) is None
    assert "kept" not in Client().get(path).content.decode()


def test_a_page_rendered_before_a_change_is_never_served(path, version, production, grip):
    generation = personal_pages.production_generation(production.pk)
    hashed = links.link_token_hash(path.split("/")[2])
    page = _page(production.pk, generation, "<p>before</p>")

    services.delivery_confirm(view=personal.personal_view(version.callsheet, grip))
    personal_pages.page_store(token_hash=hashed, page=page, last_day=version.callsheet.date)

    assert personal_pages.page_get(hashed, production.pk) is None
    assert "before" not in Client().get(path).content.decode()


def test_each_link_has_its_own_cached_page(version, plan, path):
    other = plan["crew"]["1st AD"].person
    link = CallSheetLink.objects.get(callsheet=version.callsheet, person=other)
    client = Client()
    client.get(path)

    html = client.get(f"/c/{links.link_token(link)}/").content.decode()

    assert other.name in html and "Gus Grip" not in html.split("Crew calls")[0]


def test_without_a_shared_cache_every_open_reads_the_database(path, settings):
    settings.STUDIO_PERSONAL_PAGE_CACHE = False
    client = Client()
    client.get(path)

    with CaptureQueriesContext(connection) as queries:
        again = client.get(path)

    assert again.status_code == 200 and "Gus Grip" in again.content.decode()
    assert len(queries) >= 3  # the link, the version and the delivery, read afresh


def test_the_page_cached_in_redis_is_served_without_a_query_and_kept_fresh(
    redis_cache, path, version, grip, django_assert_num_queries
):
    client = Client()
    client.get(path)

    with django_assert_num_queries(0):
        assert "Gus Grip" in client.get(path).content.decode()
    client.post(f"{path}confirm/")
    assert "data-confirmed" in client.get(path).content.decode()
    links.callsheet_link_revoke(callsheet=version.callsheet, person=grip)
    assert client.get(path).status_code == 404
