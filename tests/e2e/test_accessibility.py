"""axe-core finds no serious or critical violations on the main pages, and the keyboard
reaches everything."""

import pytest

from callsheets import links
from callsheets.models import CallSheet, CallSheetLink
from demo.seed import DEMO_PASSWORD, demo_seed
from tests.conftest import serious_accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/productions/new/",
    "/productions/the-long-night/",
    "/productions/the-long-night/crew/",
    "/productions/the-long-night/crew/add/",
    "/productions/the-long-night/members/",
    "/productions/the-long-night/schedule/",
    "/productions/the-long-night/schedule/dood/",
    "/productions/the-long-night/schedule/versions/",
    "/productions/the-long-night/callsheets/",
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


def published_callsheet() -> CallSheet:
    return CallSheet.objects.filter(versions__isnull=False).order_by("date").first()


def personal_path(callsheet: CallSheet) -> str:
    link = CallSheetLink.objects.filter(callsheet=callsheet, revoked_at=None).first()
    return f"/c/{links.link_token(link)}/"


def test_the_main_pages_have_no_serious_accessibility_violations(producer_page):
    page, base = producer_page
    callsheet = published_callsheet()
    found = {}
    for path in [*PAGES, callsheet.get_absolute_url(), f"{callsheet.get_absolute_url()}edit/"]:
        page.goto(base + path)
        assert page.locator("main").count() == 1, path
        violations = serious_accessibility_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


def test_the_crews_call_sheet_on_a_phone_has_no_serious_accessibility_violations(
    browser, live_server
):
    demo_seed()
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + personal_path(published_callsheet()))
    assert page.locator("[data-own-call], .cs-you-call").count() >= 1
    assert serious_accessibility_violations(page) == []
    context.close()


def test_the_sign_in_form_has_no_serious_accessibility_violations(browser, live_server):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    assert serious_accessibility_violations(page) == []
    context.close()


def unreached_by_tab(page) -> list[str]:
    """Press Tab through the page; return the visible controls it never focused."""
    controls = (
        'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex="0"]'
    )
    page.evaluate(
        "(controls) => document.querySelectorAll(controls).forEach((el, i) => el.dataset.kbd = i)",
        controls,
    )
    visible = page.locator(", ".join(f"{control}:visible" for control in controls.split(", ")))
    expected = {visible.nth(i).get_attribute("data-kbd") for i in range(visible.count())}
    reached = set()
    for _ in range(len(expected) + 10):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.dataset.kbd"))
    return sorted(
        page.locator(f'[data-kbd="{number}"]').first.evaluate("el => el.outerHTML.slice(0, 100)")
        for number in expected - reached
    )


@pytest.mark.parametrize(
    "path",
    [
        "/productions/the-long-night/",
        "/productions/the-long-night/crew/add/",
        "/productions/the-long-night/schedule/versions/",
        "/productions/the-long-night/callsheets/",
    ],
)
def test_the_keyboard_reaches_every_control_of_the_main_pages(producer_page, path):
    page, base = producer_page
    page.goto(base + path)

    assert unreached_by_tab(page) == []


def test_the_keyboard_reaches_every_control_of_the_stripboard_and_the_call_sheet(producer_page):
    page, base = producer_page
    unreached = {}
    for path in ["/productions/the-long-night/schedule/", published_callsheet().get_absolute_url()]:
        page.goto(base + path)
        unreached[path] = unreached_by_tab(page)

    assert unreached == {path: [] for path in unreached}


def test_the_keyboard_reaches_every_control_of_the_crews_call_sheet(browser, live_server):
    demo_seed()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + personal_path(published_callsheet()))

    assert unreached_by_tab(page) == []
    context.close()
