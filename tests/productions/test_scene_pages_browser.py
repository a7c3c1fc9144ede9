"""The demo producer reads the scenes and a breakdown sheet on a phone and a desktop, and an AD
tags an element without a horizontal scroll in sight."""

import pytest
from django.core.cache import cache

from demo.seed import DEMO_PASSWORD, demo_seed
from tests.conftest import has_horizontal_scroll, serious_accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def demo():
    # Sign-in failures counted by earlier tests (the login throttle) must not lock this one out.
    cache.clear()
    return demo_seed()


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_scene_list_and_a_breakdown_sheet_fit_the_screen(
    browser, live_server, screenshots, demo, screen
):
    context = browser.new_context(viewport=VIEWPORTS[screen])
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "producer", DEMO_PASSWORD)
        page.goto(f"{live_server.url}/productions/{demo.slug}/")
        page.click("nav >> text=Scenes")
        page.wait_for_load_state("networkidle")
        assert page.locator("a.scene-strip").count() == demo.scenes.filter(omitted=False).count()
        assert page.locator("a.scene-strip.paper-blue").count() > 0
        assert not has_horizontal_scroll(page)
        page.screenshot(path=screenshots / f"scenes-{screen}.png", full_page=True)

        page.select_option("#f-day-night", "night")
        page.click("text=Filter")
        page.wait_for_load_state("networkidle")
        assert page.locator("a.scene-strip.paper-yellow").count() == 0

        page.locator("a.scene-strip").first.click()
        page.wait_for_load_state("networkidle")
        assert "breakdown sheet" in page.inner_text("main").lower()
        assert not has_horizontal_scroll(page)
        page.select_option("#id_category", "props")
        page.fill("#id_name", "Thermos")
        page.click("text=Add element")
        page.wait_for_load_state("networkidle")
        assert page.locator(".chip", has_text="Thermos").count() == 1
        assert not has_horizontal_scroll(page)
        page.screenshot(path=screenshots / f"breakdown-{screen}.png", full_page=True)
    finally:
        context.close()


def test_the_breakdown_pages_have_no_serious_accessibility_violations(browser, live_server, demo):
    # axe is injected as a script of the test's own; the page's CSP would rightly refuse it.
    context = browser.new_context(bypass_csp=True, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    scene = demo.scenes.first()
    paths = [
        "scenes/",
        f"scenes/{scene.pk}/",
        "script/",
        "characters/",
        "locations/",
        "locations/new/",
    ]
    found = {}
    try:
        sign_in(page, live_server.url, "producer", DEMO_PASSWORD)
        for path in paths:
            page.goto(f"{live_server.url}/productions/{demo.slug}/{path}")
            violations = serious_accessibility_violations(page)
            if violations:
                found[path] = violations
            assert not has_horizontal_scroll(page), path
    finally:
        context.close()
    assert found == {}
