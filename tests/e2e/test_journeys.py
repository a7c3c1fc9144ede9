"""The whole product, end to end, in a real browser (issue 8).

One journey in three phases, each step saving a screenshot:

1. a producer signs in, creates a production, invites a crew member, imports a screenplay, tags
   an element on a scene, builds a schedule on the stripboard and publishes tomorrow's call sheet;
2. the crew member opens the call sheet from the emailed link on a phone, sees their call time
   first, and confirms;
3. the producer sees the confirmation arrive, requests the Day Out of Days PDF and downloads it
   when the progress bar finishes.
"""

import re
import zoneinfo
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from callsheets.models import CallSheet, Delivery
from crew.services import departments_ensure_standard
from productions.models import Membership, Production, Scene
from tests.conftest import REPO_ROOT, has_horizontal_scroll, sign_in
from tests.factories import PersonFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENPLAY = REPO_ROOT / "tests" / "fixtures" / "screenplays" / "revision_white.fountain"
TIME_ZONE = "Europe/London"
SLUG = "harbour-lights"
# The journey runs on a fixed morning (the clock keeps ticking from there): "tomorrow" is then
# the 2nd, a one-digit day, where a label built with %d ("02") would differ from the page's.
MORNING = datetime(2027, 3, 1, 9, 0, tzinfo=zoneinfo.ZoneInfo(TIME_ZONE))


def day_label(day) -> str:
    """Return a day as the stripboard prints it ("Tue 2 Mar"; Django's "D j M")."""
    return f"{day:%a} {day.day} {day:%b}"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(MORNING, tick=True):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


class Steps:
    """Numbered screenshots, so the folder reads as the journey did."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0

    def __call__(self, page, name: str, *, full_page: bool = True) -> None:
        self.count += 1
        page.screenshot(path=self.folder / f"{self.count:02d}-{name}.png", full_page=full_page)


def strip_labels(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(
        f"{selector} .strip", "strips => strips.map(strip => strip.dataset.label)"
    )


def move_strip(page, label: str, day_label: str) -> None:
    """Move a strip with the keyboard: focus it, open the move dialog with "m", pick the day."""
    page.focus(f'.strip[data-label="{label}"]')
    page.keyboard.press("m")
    page.select_option("#sb-move-to", label=day_label)
    page.click("#sb-move button[value=move]")
    expect(page.locator(f'.sb-day .strip[data-label="{label}"]')).to_have_count(1)


def test_a_production_from_sign_in_to_the_crew_confirming_and_a_dood_pdf(
    browser, live_server, screenshots
):
    step = Steps(screenshots)
    base = live_server.url
    departments_ensure_standard()
    producer = UserFactory(username="pat-producer", first_name="Pat", last_name="Lee")
    grip_user = UserFactory(username="gus-grip", first_name="Gus", last_name="Grip")
    grip_user.email = "gus@example.com"
    grip_user.save(update_fields=["email"])
    # The crew member's contact card, the way the producer's address book already has it.
    PersonFactory(name="Gus Grip", email=grip_user.email, user=grip_user, created_by=producer)
    tomorrow = (datetime.now(zoneinfo.ZoneInfo(TIME_ZONE)) + timedelta(days=1)).date()
    assert tomorrow.day == 2
    day_after = tomorrow + timedelta(days=1)

    # ------------------------------------------------------------ 1. the producer
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        sign_in(page, base, producer.username, PASSWORD)
        step(page, "dashboard")

        # Create the production through the form.
        page.goto(f"{base}/productions/new/")
        page.fill("input[name=title]", "Harbour Lights")
        page.fill("input[name=slug]", SLUG)
        page.fill("input[name=time_zone]", TIME_ZONE)
        page.fill("input[name=start_date]", tomorrow.isoformat())
        step(page, "production-form")
        with page.expect_navigation():
            page.click("main button[type=submit]")
        production = Production.objects.get(slug=SLUG)
        assert production.time_zone == TIME_ZONE
        assert production.memberships.get(user=producer).access == Membership.Access.OWNER
        assert page.url.rstrip("/").endswith(f"/productions/{SLUG}")
        step(page, "production-created")

        # Invite the crew member: an existing account, as crew.
        page.goto(f"{base}/productions/{SLUG}/members/")
        page.fill("input[name=username]", grip_user.username)
        page.select_option("select[name=access]", value=Membership.Access.CREW)
        with page.expect_navigation():
            page.click("form:has(input[name=username]) button[type=submit]")
        expect(page.locator("main table")).to_contain_text("gus-grip")
        assert production.memberships.get(user=grip_user).access == Membership.Access.CREW
        step(page, "member-invited")

        # ... and put them on the crew list, so the call sheet calls them.
        page.goto(f"{base}/productions/{SLUG}/crew/add/")
        page.select_option("select[name=person]", label="Gus Grip")
        page.select_option("select[name=department]", label="Grip")
        page.fill("input[name=title]", "Key Grip")
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        expect(page.locator("main")).to_contain_text("Key Grip")
        step(page, "crew-list")

        # Import the screenplay.
        page.goto(f"{base}/productions/{SLUG}/script/")
        page.set_input_files("input[name=file]", str(SCREENPLAY))
        page.fill("input[name=revision_name]", "White draft")
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        expect(page.locator("#result-heading")).to_contain_text("imported")
        scenes = list(Scene.objects.filter(production=production).order_by("pk"))
        assert len(scenes) >= 3
        step(page, "screenplay-imported")

        # Tag an element on the first scene's breakdown sheet.
        page.goto(f"{base}/productions/{SLUG}/scenes/{scenes[0].pk}/")
        tag = page.locator("form:has(select[name=category])")
        tag.locator("select[name=category]").select_option(value="props")
        tag.locator("input[name=name]").fill("Brass lantern")
        with page.expect_navigation():
            tag.locator("button[type=submit]").click()
        expect(page.locator("main")).to_contain_text("Brass lantern")
        assert scenes[0].elements.filter(name="Brass lantern").exists()
        step(page, "element-tagged")

        # Build the schedule: two days from tomorrow, strips from the boneyard onto them.
        page.goto(f"{base}/productions/{SLUG}/schedule/")
        page.wait_for_selector(".strip-tools")
        for day in (tomorrow, day_after):
            add = page.locator("form[action$='/days/add/']")
            add.locator("input[name=date]").fill(day.isoformat())
            with page.expect_navigation():
                add.locator("button[type=submit]").click()
            page.wait_for_selector(".strip-tools")
        expect(page.locator(".sb-day")).to_have_count(2)
        step(page, "days-added")

        boneyard = strip_labels(page, ".sb-boneyard")
        assert len(boneyard) >= 3
        day_one = f"Day 1, {day_label(tomorrow)}"
        day_two = f"Day 2, {day_label(day_after)}"
        move_strip(page, boneyard[0], day_one)
        move_strip(page, boneyard[1], day_one)
        move_strip(page, boneyard[2], day_two)
        assert page.locator("#sb-dirty").is_visible()
        step(page, "strips-moved")
        with page.expect_navigation():
            page.click("#sb-save")
        assert "Board saved." in page.locator(".messages").inner_text()
        page.wait_for_selector(".strip-tools")
        days = page.eval_on_selector_all(
            ".sb-day .sb-strips",
            "lists => lists.map(l => Array.from(l.querySelectorAll('.strip'))"
            ".map(s => s.dataset.label))",
        )
        assert days == [boneyard[:2], boneyard[2:3]]
        step(page, "schedule-saved")

        # Generate tomorrow's call sheet and publish it.
        page.goto(f"{base}/productions/{SLUG}/callsheets/")
        page.select_option(
            "select[name=day]", label=f"Day 1 — {tomorrow:%a} {tomorrow.day} {tomorrow:%b %Y}"
        )
        with page.expect_navigation():
            page.click("form[action$='/callsheets/generate/'] button[type=submit]")
        callsheet = CallSheet.objects.get(production=production)
        assert callsheet.date == tomorrow
        step(page, "callsheet-draft")
        with page.expect_navigation():
            page.click("form[action$='/publish/'] button[type=submit]")
        step(page, "callsheet-published")
        delivery = Delivery.objects.get(version__callsheet=callsheet, email=grip_user.email)
        assert delivery.call_time is not None
    finally:
        context.close()

    # ------------------------------------------------------------ 2. the crew member, on a phone
    emails = [m for m in mail.outbox if grip_user.email in m.to and "/c/" in m.body]
    assert len(emails) == 1, [m.subject for m in mail.outbox]
    path = re.search(r"/c/[^/\s]+/", emails[0].body).group(0)
    call = f"{delivery.call_time:%H:%M}"
    assert call in emails[0].subject

    context = browser.new_context(viewport=PHONE, service_workers="block")
    page = context.new_page()
    try:
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        step(page, "phone-callsheet-top", full_page=False)
        # Their own call time is the first time shown on the page, in its first card, above the
        # fold: the sheet's own times (general call, scenes, cast) come after it.
        own = page.locator("[data-own-call]")
        assert own.inner_text() == call
        box = own.bounding_box()
        assert box["y"] + box["height"] < PHONE["height"] / 2
        assert page.locator("main h1, main h2").first.inner_text() == "Gus Grip"
        expect(page.locator("main > section").first).to_have_class(re.compile(r"\bcs-you\b"))
        first_time = page.evaluate(
            """() => Array.from(document.querySelectorAll('main *'))
                .filter(el => el.checkVisibility())
                .find(el => el.children.length === 0 && /\\b\\d\\d:\\d\\d\\b/.test(el.textContent))
                ?.textContent.trim()"""
        )
        assert first_time == call
        assert not has_horizontal_scroll(page)

        page.get_by_role("button", name="Confirm my call").click()
        page.wait_for_load_state("networkidle")
        expect(page.locator("[data-confirmed]")).to_be_visible()
        step(page, "phone-confirmed")
        delivery.refresh_from_db()
        assert delivery.status == "confirmed"
    finally:
        context.close()

    # ------------------------------------------------------------ 3. the producer again
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    try:
        sign_in(page, base, producer.username, PASSWORD)
        page.goto(f"{base}/productions/{SLUG}/callsheets/{callsheet.pk}/deliveries/")
        expect(page.locator("[data-count=confirmed]")).to_have_text("1")
        confirmed = page.locator(".cs-delivery[data-status=confirmed]")
        expect(confirmed).to_have_count(1)
        expect(confirmed).to_contain_text("Gus Grip")
        step(page, "deliveries-confirmed")

        page.goto(f"{base}/productions/{SLUG}/reports/")
        page.select_option("#report-request select[name=kind]", value="dood")
        page.select_option("#report-request select[name=format]", value="pdf")
        step(page, "report-request")
        with page.expect_navigation():
            page.click("#report-request button[type=submit]")
        row = page.locator(".report-row").first
        expect(row).to_contain_text("Day Out of Days")
        download_link = row.locator(".report-download")
        expect(download_link).to_be_visible(timeout=20000)
        expect(row.locator(".report-progress")).to_be_hidden()
        step(page, "report-ready")
        with page.expect_download() as info:
            download_link.click()
        download = info.value
        pdf = Path(download.path()).read_bytes()
        assert pdf.startswith(b"%PDF")
        assert download.suggested_filename.endswith(".pdf")
        step(page, "report-downloaded")
    finally:
        context.close()
