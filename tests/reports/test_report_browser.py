"""The reports page in a real browser at phone size: the progress bar follows a report being
built until its download link appears, without reloading; the DPR form fits the phone."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from reports import dpr_services
from reports.models import Report
from tests.conftest import has_horizontal_scroll, serious_accessibility_violations, sign_in
from tests.factories import ReportFactory, UserFactory, cast_member, scene_with, schedule_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PASSWORD = "pw-for-tests-1"


@pytest.fixture
def phone(browser, live_server, production, settings, tmp_path):
    """Return a function that signs an owner in on a phone; the page's own CSP stays on
    unless ``bypass_csp`` (axe-core is injected as an inline script)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    owner = UserFactory(username="reporter")
    production.memberships.create(user=owner, access="owner")
    contexts = []

    def open_page(bypass_csp: bool = False):
        context = browser.new_context(viewport=PHONE, bypass_csp=bypass_csp)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, live_server.url, "reporter", PASSWORD)
        return page, owner

    yield open_page
    for context in contexts:
        context.close()


def test_the_progress_bar_follows_the_build_until_the_download_appears(
    phone, live_server, production, screenshots
):
    page, owner = phone()
    report = ReportFactory(
        production=production, kind="cast_list", status="running", progress=20, requested_by=owner
    )
    page.goto(f"{live_server.url}/productions/{production.slug}/reports/")
    row = page.locator(".report-row")
    assert row.locator("progress").get_attribute("value") == "20"
    assert row.locator(".report-download").is_hidden()

    Report.objects.filter(pk=report.pk).update(progress=60)
    expect(row.locator("progress")).to_have_attribute("value", "60")
    page.screenshot(path=screenshots / "reports-running.png", full_page=True)
    report.refresh_from_db()
    report.file.save("cast.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    report.status, report.progress = "done", 100
    report.save()

    row.locator(".report-download").wait_for(state="visible", timeout=10_000)
    assert row.locator(".report-status").inner_text() == "Done"
    assert row.locator("progress").is_hidden()
    assert not has_horizontal_scroll(page)
    page.screenshot(path=screenshots / "reports-done.png", full_page=True)


def test_the_request_form_offers_only_the_formats_of_the_chosen_kind(
    phone, live_server, production
):
    page, _ = phone()
    page.goto(f"{live_server.url}/productions/{production.slug}/reports/")

    page.select_option("select[name=kind]", "one_line")
    assert page.locator("select[name=format] option[value=csv]").is_disabled()
    assert page.locator("select[name=format]").input_value() == "pdf"
    assert page.locator("select[name=date]").is_hidden()
    page.select_option("select[name=kind]", "dpr")
    assert page.locator("select[name=date]").is_visible()


def test_the_dpr_form_fits_a_phone(phone, live_server, production, screenshots):
    page, owner = phone(bypass_csp=True)
    maya = cast_member(production, "MAYA", "1")
    day = date(2027, 1, 11)
    schedule_build(production, {day: [scene_with(production, maya), scene_with(production)]})
    dpr_services.dpr_start(production=production, date=day, by=owner)

    edit = f"{live_server.url}/productions/{production.slug}/reports/daily/2027-01-11/edit/"
    page.goto(edit)
    assert not has_horizontal_scroll(page)
    assert serious_accessibility_violations(page) == []
    page.fill("input[name=lunch_start]", "13:30")
    page.click("text=Save report")
    page.wait_for_load_state("networkidle")

    assert "Meal penalty" in page.locator("main").inner_text()
    assert not has_horizontal_scroll(page)
    page.screenshot(path=screenshots / "dpr-phone.png", full_page=True)
    # Again without the "saved" message: base.html's message list is checked elsewhere.
    page.reload()
    assert serious_accessibility_violations(page) == []
    page.goto(f"{live_server.url}/productions/{production.slug}/reports/")
    assert serious_accessibility_violations(page) == []
