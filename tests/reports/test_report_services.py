"""Report files in-process: requests, deduplication, failures in words, and expiry."""

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import IntegrityError
from django.utils import timezone

from core.exceptions import ApplicationError
from productions.models import Membership
from reports import builders, selectors, services
from reports.models import Report
from tests.factories import (
    AssignmentFactory,
    PersonFactory,
    ReportFactory,
    cast_member,
    scene_with,
    schedule_build,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def owner_membership(production, owner):
    return Membership.objects.get(production=production, user=owner)


def ask(production, owner, kind="crew_list", format="csv", params=None, membership=None):
    membership = membership or Membership.objects.get(production=production, user=owner)
    return services.report_request(
        production=production,
        membership=membership,
        kind=kind,
        format=format,
        params=params,
        by=owner,
    )


def built(production, owner, capture, **kwargs) -> Report:
    with capture(execute=True):
        report, created = ask(production, owner, **kwargs)
    assert created
    report.refresh_from_db()
    return report


def rows_of(report: Report) -> list[list[str]]:
    with report.file.open("rb") as handle:
        return list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))


def test_a_report_is_queued_then_built_with_its_file(
    production, owner, django_capture_on_commit_callbacks
):
    AssignmentFactory(production=production, person__name="Kira Lund", title="Gaffer")

    report = built(production, owner, django_capture_on_commit_callbacks)

    assert (report.status, report.progress, report.error) == ("done", 100, "")
    assert report.finished_at and report.expires_at - report.finished_at == timedelta(days=7)
    assert report.file.name.startswith(f"reports/{production.pk}/")
    assert rows_of(report)[1][1:3] == ["Gaffer", "Kira Lund"]


def test_an_identical_request_in_progress_returns_the_same_report(production, owner):
    first, created = ask(production, owner)
    again, created_again = ask(production, owner)
    other, created_other = ask(production, owner, format="pdf")

    assert created and not created_again and again.pk == first.pk
    assert created_other and other.pk != first.pk


def test_once_done_the_same_request_builds_a_new_report(production, owner):
    first, _ = ask(production, owner)
    Report.objects.filter(pk=first.pk).update(status="done")

    second, created = ask(production, owner)

    assert created and second.pk != first.pk


def test_two_requests_racing_each_other_still_build_once(production, owner, monkeypatch):
    first, _ = ask(production, owner)
    real = services._in_progress
    calls = []

    def missed_once(*args):
        # The first look-up misses the report another request has just saved.
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(services, "_in_progress", missed_once)

    again, created = ask(production, owner)

    assert not created and again.pk == first.pk
    assert Report.objects.count() == 1


def test_the_database_refuses_a_second_identical_report_in_progress(production, owner):
    ReportFactory(production=production, status="running")

    with pytest.raises(IntegrityError):
        ReportFactory(production=production, status="queued")


def test_a_build_that_died_long_ago_no_longer_blocks_a_new_one(production, owner):
    stale, _ = ask(production, owner)
    Report.objects.filter(pk=stale.pk).update(
        status="running", created_at=timezone.now() - timedelta(hours=2)
    )

    fresh, created = ask(production, owner)

    assert created and fresh.pk != stale.pk
    stale.refresh_from_db()
    assert stale.status == "failed" and "stopped without finishing" in stale.error


def test_a_report_that_cannot_be_made_says_why(
    production, owner, django_capture_on_commit_callbacks
):
    report = built(
        production, owner, django_capture_on_commit_callbacks, kind="one_line", format="pdf"
    )

    assert report.status == "failed"
    assert report.error == "The schedule has no shoot days yet, so there is nothing to print."
    assert not report.file


def test_an_unexpected_failure_shows_words_not_the_trace(
    production, owner, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(production, params, progress):
        raise RuntimeError("password=hunter2 in /srv/studio/secret.py")

    monkeypatch.setitem(builders.BUILDERS, ("crew_list", "csv"), broken)

    report = built(production, owner, django_capture_on_commit_callbacks)

    assert report.status == "failed"
    assert report.error == services.FAILED_MESSAGE
    assert "hunter2" in caplog.text  # for the administrator, in the log


def test_a_repeated_task_does_not_build_twice(
    production, owner, django_capture_on_commit_callbacks
):
    report = built(production, owner, django_capture_on_commit_callbacks)

    assert services.report_build(report_id=report.pk) is None


def test_expired_reports_lose_their_files_and_rows(
    production, owner, django_capture_on_commit_callbacks
):
    old = built(production, owner, django_capture_on_commit_callbacks)
    kept = built(production, owner, django_capture_on_commit_callbacks, format="pdf")
    path = Path(old.file.path)
    assert path.exists()
    Report.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    assert services.reports_expire() == 1

    assert not path.exists()
    assert list(Report.objects.values_list("pk", flat=True)) == [kept.pk]
    assert Path(kept.file.path).exists()


def test_retention_follows_the_setting(
    production, owner, settings, django_capture_on_commit_callbacks
):
    settings.STUDIO_REPORT_RETENTION_DAYS = 2

    report = built(production, owner, django_capture_on_commit_callbacks)

    assert report.expires_at - report.finished_at == timedelta(days=2)


@pytest.mark.parametrize(
    ("kind", "format", "params", "words"),
    [
        ("gossip", "pdf", None, "not a kind of report"),
        ("one_line", "csv", None, "comes as PDF"),
        ("dpr", "pdf", None, "needs a date"),
        ("dpr", "pdf", {"date": "2027-01-11"}, "no daily production report"),
        ("crew_list", "csv", {"date": "2027-01-11"}, "takes no parameter"),
        ("hold_cost", "csv", {"version": 999999}, "not a schedule version"),
        ("crew_list", "csv", ["not", "an", "object"], "Params are an object"),
    ],
)
def test_requests_the_service_refuses_say_why(production, owner, kind, format, params, words):
    with pytest.raises(ApplicationError, match=words) as refused:
        ask(production, owner, kind=kind, format=format, params=params)

    assert refused.value.status_code == 400


def test_only_owners_and_producers_see_what_the_schedule_costs(production, owner, coordinator):
    membership = Membership.objects.get(user=coordinator)

    with pytest.raises(ApplicationError) as refused:
        ask(production, coordinator, kind="hold_cost", format="csv", membership=membership)

    assert refused.value.status_code == 403
    assert "hold_cost" not in dict(selectors.report_kinds_for(membership))
    ReportFactory(production=production, kind="hold_cost", format="csv")
    assert not selectors.reports_for(production, membership).exists()


def test_the_contact_sheet_leaves_out_private_phone_numbers(
    production, owner, django_capture_on_commit_callbacks
):
    AssignmentFactory(
        production=production,
        person=PersonFactory(name="Open Olga", phone="+44 1", email="olga@example.com"),
        title="Grip",
    )
    AssignmentFactory(
        production=production,
        person=PersonFactory(name="Private Pia", phone="+44 2", phone_private=True),
        title="Electrician",
    )

    report = built(
        production, owner, django_capture_on_commit_callbacks, kind="contact_sheet", format="csv"
    )

    people = {row[0]: row for row in rows_of(report)[1:]}
    # A leading + would start a formula in a spreadsheet, so it is quoted like any such cell.
    assert people["Open Olga"][3:] == ["olga@example.com", "'+44 1"]
    assert people["Private Pia"][4] == "(private)"
    assert "+44 2" not in "".join(",".join(row) for row in rows_of(report))


def test_spreadsheet_cells_cannot_start_a_formula(
    production, owner, django_capture_on_commit_callbacks
):
    AssignmentFactory(
        production=production, person=PersonFactory(name="=HYPERLINK(evil)"), title="Grip"
    )

    report = built(production, owner, django_capture_on_commit_callbacks)

    assert rows_of(report)[1][2] == "'=HYPERLINK(evil)"


def test_the_hold_cost_of_a_named_version(production, owner, django_capture_on_commit_callbacks):
    maya = cast_member(production, "MAYA", "1", rate=1000)
    days = [date(2027, 1, 11), date(2027, 1, 12), date(2027, 1, 13)]
    version = schedule_build(
        production,
        {days[0]: [scene_with(production, maya)], days[2]: [scene_with(production, maya)]},
    )
    schedule_build(production, {days[1]: []})

    report = built(
        production,
        owner,
        django_capture_on_commit_callbacks,
        kind="hold_cost",
        format="csv",
        params={"version": version.pk},
    )

    rows = rows_of(report)
    assert rows[0] == ["Cast ID", "Character", "Actor", "Hold days", "Daily rate", "Hold cost"]
    assert rows[1][:4] == ["1", "MAYA", "Actor Maya", "1"]
    assert rows[1][5] == "1000.00"
    assert report.params == {"version": version.pk}
