"""The report files API and pages: who may request, see and download, and what it costs in
queries."""

import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reports.models import Report
from tests.conftest import client_for
from tests.factories import AssignmentFactory, ReportFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/productions/{slug}/reports/"
PAGE = "/productions/{slug}/reports/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def finished(production, kind="crew_list", format="csv", content=b"Department,Role\n"):
    report = ReportFactory(production=production, kind=kind, format=format)
    report.file.save(f"x.{format}", ContentFile(content))
    return report


def page_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content)


# ---------------------------------------------------------------- the API


def test_a_request_answers_202_with_its_status_url(production, owner):
    api = client_for(owner)

    response = api.post(
        API.format(slug=production.slug), {"kind": "crew_list", "format": "pdf"}, format="json"
    )

    assert response.status_code == 202
    data = response.json()
    assert data["status"] == "queued" and data["file"] is None
    assert data["url"] == f"http://testserver/api/v1/productions/long-night/reports/{data['id']}/"
    again = api.post(
        API.format(slug=production.slug), {"kind": "crew_list", "format": "pdf"}, format="json"
    )
    assert again.status_code == 200 and again.json()["id"] == data["id"]


def test_a_finished_report_links_its_download(
    production, owner, django_capture_on_commit_callbacks
):
    AssignmentFactory(production=production, person__name="Kira Lund", title="Gaffer")
    api = client_for(owner)
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(
            API.format(slug=production.slug), {"kind": "crew_list", "format": "csv"}
        ).json()

    report = api.get(created["url"]).json()
    download = api.get(report["file"])

    assert (report["status"], report["progress"]) == ("done", 100)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="long-night-crew-list-')
    assert b"Kira Lund" in body(download)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "gossip", "format": "pdf"}, "kind"),
        ({"kind": "one_line", "format": "xlsx"}, "format"),
        ({"kind": "dpr", "format": "pdf", "params": {"date": "yesterday"}}, "params"),
    ],
)
def test_a_bad_request_says_what_is_wrong(production, owner, data, field):
    response = client_for(owner).post(API.format(slug=production.slug), data, format="json")

    assert response.status_code == 400
    assert response.json()["message"] and field in response.json()["errors"]


def test_anonymous_gets_401(production):
    assert client_for(None).get(API.format(slug=production.slug)).status_code == 401


def test_a_member_of_another_production_gets_404_everywhere(production, outsider):
    report = finished(production)
    api = client_for(outsider)
    base = API.format(slug=production.slug)

    assert api.get(base).status_code == 404
    assert api.get(f"{base}{report.pk}/").status_code == 404
    assert api.get(f"{base}{report.pk}/download/").status_code == 404
    assert api.post(base, {"kind": "crew_list", "format": "csv"}).status_code == 404


def test_another_production_s_report_is_not_found_under_mine(production, owner, other_production):
    theirs = finished(other_production)

    response = client_for(owner).get(f"{API.format(slug=production.slug)}{theirs.pk}/download/")

    assert response.status_code == 404


def test_crew_read_and_download_but_cannot_request(production, crew_member):
    report = finished(production)
    api = client_for(crew_member)
    base = API.format(slug=production.slug)

    assert api.get(base).json()["count"] == 1
    assert api.get(f"{base}{report.pk}/download/").status_code == 200
    refused = api.post(base, {"kind": "crew_list", "format": "csv"})
    assert refused.status_code == 403 and refused.json()["message"]


def test_what_the_schedule_costs_is_for_owners_and_producers_only(
    production, owner, producer, coordinator, crew_member
):
    money = finished(production, kind="hold_cost")
    base = API.format(slug=production.slug)

    for user in (owner, producer):
        assert client_for(user).get(f"{base}{money.pk}/download/").status_code == 200
    for user in (coordinator, crew_member):
        api = client_for(user)
        assert api.get(f"{base}{money.pk}/").status_code == 404
        assert api.get(base).json()["count"] == 0
    refused = client_for(coordinator).post(base, {"kind": "hold_cost", "format": "csv"})
    assert refused.status_code == 403


def test_a_report_still_being_built_has_nothing_to_download(production, owner):
    report = ReportFactory(production=production, status="running", progress=40)

    response = client_for(owner).get(f"{API.format(slug=production.slug)}{report.pk}/download/")

    assert response.status_code == 404


def test_files_are_not_served_as_public_media(production, owner):
    report = finished(production)

    response = Client().get(f"/media/{report.file.name}")

    assert response.status_code == 404


def queries_for(get) -> int:
    get()
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = get()
    assert response.status_code == 200
    return len(captured.captured_queries)


def make_reports(production, owner, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        ReportFactory(
            production=production,
            kind="dpr",
            format="pdf",
            params={"date": f"2027-01-{n % 28 + 1:02d}", "n": n},
            requested_by=owner,
            status=("done", "failed", "running")[n % 3],
        )


def test_the_list_endpoint_runs_as_many_queries_for_50_reports_as_for_5(production, owner):
    api = client_for(owner)
    url = API.format(slug=production.slug)
    make_reports(production, owner, 5)
    few = queries_for(lambda: api.get(url))
    make_reports(production, owner, 45, start=5)

    assert api.get(url).json()["count"] == 50
    assert queries_for(lambda: api.get(url)) == few


# ---------------------------------------------------------------- the page


def test_the_page_shows_progress_errors_and_downloads(production, owner):
    done = finished(production)
    ReportFactory(production=production, kind="cast_list", status="running", progress=40)
    ReportFactory(production=production, kind="dood", status="failed", error="No shoot days.")

    html = page_client(owner).get(PAGE.format(slug=production.slug)).content.decode()

    assert f"/productions/long-night/reports/{done.pk}/download/" in html
    assert 'max="100" value="40"' in html
    assert "No shoot days." in html
    assert 'data-report-url="/api/v1/productions/long-night/reports/' in html
    # The page's only script is a file: the Content-Security-Policy forbids inline script.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/js/reports.js" defer>']


def test_the_form_requests_a_report(production, owner, django_capture_on_commit_callbacks):
    client = page_client(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            PAGE.format(slug=production.slug), {"kind": "crew_list", "format": "csv"}
        )

    assert response.status_code == 302
    assert Report.objects.get().status == "done"
    assert "is being built" in client.get(response.url).content.decode()


def test_the_form_says_why_it_refuses(production, owner):
    response = page_client(owner).post(
        PAGE.format(slug=production.slug), {"kind": "one_line", "format": "xlsx"}
    )

    assert response.status_code == 400
    assert "comes as PDF" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("outsider", 404), ("crew_member", 200), ("owner", 200)],
)
def test_privacy_of_the_page_and_its_downloads(request, production, who, status):
    report = finished(production)
    user = request.getfixturevalue(who) if who else None
    client = page_client(user)

    assert client.get(PAGE.format(slug=production.slug)).status_code == status
    download = client.get(f"{PAGE.format(slug=production.slug)}{report.pk}/download/")
    assert download.status_code == status


def test_crew_see_no_form_and_cannot_post_one(production, crew_member):
    client = page_client(crew_member)

    assert (
        'id="report-request"' not in client.get(PAGE.format(slug=production.slug)).content.decode()
    )
    refused = client.post(PAGE.format(slug=production.slug), {"kind": "crew_list", "format": "csv"})
    assert refused.status_code == 403


def test_the_page_runs_as_many_queries_for_50_reports_as_for_5(production, owner):
    client = page_client(owner)
    url = PAGE.format(slug=production.slug)
    make_reports(production, owner, 5)
    few = queries_for(lambda: client.get(url))
    make_reports(production, owner, 45, start=5)

    assert queries_for(lambda: client.get(url)) == few
