"""The demo producer signs in and sees the creative team, on a desktop and on a phone."""

import pytest

from demo.seed import DEMO_PASSWORD, demo_seed
from tests.conftest import has_horizontal_scroll, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_demo_producer_sees_the_creative_team_first(browser, live_server, screenshots, screen):
    demo_seed()
    context = browser.new_context(viewport=VIEWPORTS[screen])
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "producer", DEMO_PASSWORD)
        assert page.locator("h1").first.inner_text() == "My productions"
        page.click("text=The Long Night")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=screenshots / f"overview-{screen}.png", full_page=True)

        team = page.locator("section[aria-labelledby=creative-team] li")
        names = team.locator(".name").all_inner_texts()
        roles = team.locator(".role-title").all_inner_texts()
        assert names[0] == "Iris Calloway" and roles[0] == "Director"
        assert {"Marcus Webb", "Helen Okafor", "Jo Marlowe"} <= set(names)
        assert roles.index("Writer") > roles.index("Producer")
        headings = page.locator("main h2").all_inner_texts()
        assert headings[0] == "Creative team"
        assert not has_horizontal_scroll(page)

        page.click("nav >> text=Crew")
        page.wait_for_load_state("networkidle")
        assert page.locator("a[href^='tel:']").count() > 40
        assert not has_horizontal_scroll(page)
        page.screenshot(path=screenshots / f"crew-{screen}.png", full_page=True)
    finally:
        context.close()
