"""A crew member opens their call sheet link on a phone, confirms, and opens it again offline."""

import re

import pytest

from callsheets import links, services
from callsheets.models import CallSheetLink, Delivery
from tests.conftest import has_horizontal_scroll
from tests.factories import callsheet_schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def grip_link(production, owner):
    plan = callsheet_schedule(production, by=owner)
    callsheet = services.callsheet_generate(production=production, on=plan["days"][0])
    services.callsheet_publish(callsheet=callsheet, send=False)
    grip = plan["crew"]["Key Grip"].person
    link = CallSheetLink.objects.get(callsheet=callsheet, person=grip)
    return {"token": links.link_token(link), "person": grip, "callsheet": callsheet}


def small_tap_targets(page) -> list[str]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('main a, main button'))
            .filter((el) => el.offsetParent !== null)
            .filter((el) => {
                const box = el.getBoundingClientRect();
                return box.height < 44 || box.width < 44;
            })
            .map((el) => el.textContent.trim())"""
    )


def wait_until_cached(page, path: str, marker: str) -> None:
    page.wait_for_function(
        """([path, marker]) => caches.open('studio-callsheets-v1')
            .then((cache) => cache.match(path))
            .then((found) => found ? found.text() : '')
            .then((html) => html.includes(marker))""",
        arg=[path, marker],
        timeout=15000,
    )


def test_a_crew_member_confirms_on_a_phone_then_reads_it_offline(
    browser, live_server, screenshots, grip_link
):
    path = f"/c/{grip_link['token']}/"
    context = browser.new_context(viewport=PHONE, service_workers="allow")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=screenshots / "callsheet-phone-top.png")

        # Their own call time and location first, above the fold.
        own = page.locator("[data-own-call]")
        assert own.inner_text() == "07:00"
        box = own.bounding_box()
        assert box["y"] + box["height"] < PHONE["height"] / 2
        first_heading = page.locator("main h1, main h2").first.inner_text()
        assert first_heading == "Gus Grip"
        assert "DOCKS" in page.locator(".cs-you-where").inner_text()
        assert not has_horizontal_scroll(page)
        assert small_tap_targets(page) == []
        assert page.locator("a[href^='tel:']").count() >= 3
        assert page.locator("a[href^='tel:'][href*='7700']").count() == 0
        page.screenshot(path=screenshots / "callsheet-phone-full.png", full_page=True)

        # The service worker takes over and keeps the page.
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)
        wait_until_cached(page, path, "data-own-call")

        page.get_by_role("button", name="Confirm my call").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-confirmed]").is_visible()
        assert Delivery.objects.get(person=grip_link["person"]).status == "confirmed"
        wait_until_cached(page, path, "data-confirmed")

        context.set_offline(True)
        page.reload()
        page.wait_for_load_state("domcontentloaded")
        banner = page.locator("#cs-offline")
        banner.wait_for(state="visible", timeout=10000)
        assert re.fullmatch(
            r"You are offline — showing the version saved at \d\d:\d\d\.", banner.inner_text()
        )
        assert page.locator("[data-own-call]").inner_text() == "07:00"
        assert page.locator("[data-confirmed]").is_visible()
        assert page.locator(".cs-scenes").is_visible()  # the whole sheet, styled
        assert (
            page.evaluate("getComputedStyle(document.querySelector('.cs-you')).borderTopWidth")
            == "2px"
        )
        assert not has_horizontal_scroll(page)
        page.screenshot(path=screenshots / "callsheet-phone-offline.png")
    finally:
        context.close()
