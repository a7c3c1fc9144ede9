"""Every kind of report, built by a real Celery worker over the real Redis, read back.

Few tests, as each starts a worker: one builds every kind and format and checks what the
files say; one shows a failed build's error on the page and in the API.
"""

import csv
import io
import time
from datetime import date
from datetime import time as clock

import pytest
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from productions.models import BreakdownElement
from reports import dpr_services, services
from reports.builders import BUILDERS
from reports.models import DailyReport, Report
from tests.conftest import client_for
from tests.factories import (
    AssignmentFactory,
    ElementFactory,
    PersonFactory,
    cast_member,
    department,
    scene_with,
    schedule_build,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

MON, TUE, WED = date(2027, 1, 11), date(2027, 1, 12), date(2027, 1, 13)


@pytest.fixture
def worker(settings, tmp_path, request):
    # The worker writes the files where the test reads them: set before it starts.
    settings.MEDIA_ROOT = tmp_path / "media"
    return request.getfixturevalue("celery_worker_process")


@pytest.fixture
def show(production, owner):
    """Two actors (Maya held on Tuesday), a gaffer, a private phone, a prop, a filed DPR."""
    maya = cast_member(production, "MAYA", "1", rate=2400)
    daniel = cast_member(production, "DANIEL", "2", rate=1800)
    AssignmentFactory(
        production=production,
        person=PersonFactory(name="Kira Lund", phone="020 7946 0001"),
        department=department("Electric"),
        title="Gaffer",
    )
    AssignmentFactory(
        production=production,
        person=PersonFactory(name="Quiet Quinn", phone="020 7946 0999", phone_private=True),
        title="Best Boy",
    )
    ledger = ElementFactory(
        production=production, category=BreakdownElement.Category.PROPS, name="The Ledger"
    )
    first = scene_with(production, maya, number="1", set_name="HARBOUR OFFICE", page_eighths=12)
    first.elements.add(ledger)
    schedule_build(
        production,
        {
            MON: [first],
            TUE: [scene_with(production, daniel, number="2", set_name="DOCKS")],
            WED: [scene_with(production, maya, daniel, number="3", set_name="LIGHTHOUSE")],
        },
        by=owner,
    )
    report = dpr_services.dpr_start(production=production, date=MON, by=owner)
    dpr_services.dpr_update(
        report=report, by=owner, setups=17, lunch_start=clock(12), wrap=clock(19)
    )
    dpr_services.dpr_approve(report=report, by=owner, notify=False)
    return production


def wait_for(predicate, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    return predicate()


def download(api, url: str) -> bytes:
    response = api.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def pdf_text(content: bytes) -> str:
    assert content[:4] == b"%PDF"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def check(kind: str, format: str, content: bytes) -> None:
    """Check what each file says."""
    if format == "csv":
        text = content.decode("utf-8-sig")
        rows = csv_rows(content)
    elif format == "pdf":
        text = pdf_text(content)
    if (kind, format) == ("dood", "csv"):
        maya = next(row for row in rows if row[1] == "MAYA")
        assert maya[3:6] == ["SW", "H", "WF"]
    elif (kind, format) == ("dood", "xlsx"):
        sheet = load_workbook(io.BytesIO(content)).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        maya = next(row for row in values if row[1] == "MAYA")
        assert maya[2] == "Actor Maya" and maya[3:6] == ["SW", "H", "WF"]
        assert values[0][:3] == ["Cast ID", "Character", "Actor"]
    elif (kind, format) == ("dood", "pdf"):
        assert "MAYA" in text and "SW" in text and "WF" in text and "Hold" in text
    elif kind == "one_line":
        assert "Day 1 of 3" in text and "HARBOUR OFFICE" in text and "LIGHTHOUSE" in text
    elif kind == "shooting_schedule":
        assert "The Ledger" in text and "Props" in text and "1. MAYA" in text
    elif kind == "crew_list":
        assert "Kira Lund" in text and "Gaffer" in text
        assert "Actor Maya" not in text  # cast are on the cast list
        if format == "csv":
            assert ["Electric", "Gaffer", "Kira Lund", "", ""] in rows
    elif kind == "cast_list":
        assert "MAYA" in text and "Actor Daniel" in text
        if format == "csv":
            assert ["1", "MAYA", "Actor Maya", "2", "2027-01-11", "2027-01-13"] in rows
    elif kind == "contact_sheet":
        assert "020 7946 0001" in text and "Quiet Quinn" in text
        assert "020 7946 0999" not in text and "(private)" in text
    elif kind == "dpr":
        assert "Day 1" in text and "HARBOUR OFFICE" in text and "1 4/8 of 1 4/8" in text
    elif kind == "hold_cost":
        assert "MAYA" in text
        assert ("2,400.00" if format == "pdf" else "2400.00") in text


def test_the_worker_builds_every_kind_of_report_with_its_progress(worker, show, owner):
    api = client_for(owner)
    wanted = {}
    for kind, format in BUILDERS:
        params = {"date": MON.isoformat()} if kind == "dpr" else {}
        response = api.post(
            f"/api/v1/productions/{show.slug}/reports/",
            {"kind": kind, "format": format, "params": params},
            format="json",
        )
        assert response.status_code == 202, response.json()
        assert set(response.json()) >= {"id", "status", "url"}
        wanted[(kind, format)] = response.json()

    def finished():
        rows = Report.objects.filter(pk__in=[r["id"] for r in wanted.values()])
        return all(r.status in ("done", "failed") for r in rows)

    assert wait_for(finished), list(Report.objects.values_list("kind", "format", "status"))
    for (kind, format), created in wanted.items():
        report = api.get(created["url"]).json()
        assert (report["status"], report["progress"], report["error"]) == ("done", 100, ""), (
            kind,
            format,
            report,
        )
        check(kind, format, download(api, report["file"]))


def test_a_failed_build_shows_its_error_on_the_page_and_in_the_api(worker, show, owner):
    membership = show.memberships.get(user=owner)
    with transaction.atomic():
        report, _ = services.report_request(
            production=show,
            membership=membership,
            kind="dpr",
            format="pdf",
            params={"date": MON.isoformat()},
            by=owner,
        )
        # The report is deleted before the worker gets to it.
        DailyReport.objects.filter(production=show).delete()

    assert wait_for(lambda: Report.objects.get(pk=report.pk).status == "failed"), worker[
        "log"
    ].read_text()
    words = "There is no daily production report for Mon 11 Jan 2027."
    detail = client_for(owner).get(f"/api/v1/productions/{show.slug}/reports/{report.pk}/")
    assert (detail.json()["status"], detail.json()["error"], detail.json()["file"]) == (
        "failed",
        words,
        None,
    )
    page = Client()
    page.force_login(owner)
    html = page.get(f"/productions/{show.slug}/reports/").content.decode()
    assert words in html and "Traceback" not in html
    assert page.get(f"/productions/{show.slug}/reports/{report.pk}/download/").status_code == 404
