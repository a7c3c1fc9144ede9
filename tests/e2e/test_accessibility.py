"""axe-core finds no serious or critical violations on the main pages, and the keyboard
reaches everything."""

import pytest

from schedules.demo import DEMO_PASSWORD, demo_seed
from tests.conftest import serious_accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/productions/new/",
    "/productions/the-long-night/",
    "/productions/the-long-night/crew/",
    "/productions/the-long-night/crew/add/",
    "/productions/the-long-night/members/",
]


@pytest.fixture
def producer_page(browser, live_server):
    demo_seed()
    # axe is injected as a script of the test's own; the page's CSP would rightly refuse it.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "producer", DEMO_PASSWORD)
    yield page, live_server.url
    context.close()


def test_the_main_pages_have_no_serious_accessibility_violations(producer_page):
    page, base = producer_page
    found = {}
    for path in PAGES:
        page.goto(base + path)
        violations = serious_accessibility_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


def test_the_sign_in_form_has_no_serious_accessibility_violations(browser, live_server):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    assert serious_accessibility_violations(page) == []
    context.close()


def test_the_keyboard_reaches_every_link_and_button_of_the_overview(producer_page):
    page, base = producer_page
    page.goto(base + "/productions/the-long-night/")
    interactive = page.locator("a[href]:visible, button:visible, input:visible, select:visible")
    expected = interactive.count()
    reached = set()
    for _ in range(expected + 5):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.outerHTML.slice(0, 120)"))
    assert len(reached) >= expected
