"""The 1st AD reorders the stripboard with the mouse and with the keyboard, saves, and reloads.

Also: a stale save in a second window keeps that window's order on screen with a message, and
the board fits a phone without the page scrolling sideways.
"""

from datetime import date

import pytest
from playwright.sync_api import expect

from productions.models import Membership
from schedules import selectors
from tests.conftest import has_horizontal_scroll, serious_accessibility_violations, sign_in
from tests.factories import MembershipFactory, SceneFactory, UserFactory, schedule_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ORDER_JS = """lists => lists.map(list =>
  Array.from(list.querySelectorAll(':scope > .strip')).map(strip => strip.dataset.label))"""


@pytest.fixture
def board(production):
    user = UserFactory(username="first-ad", first_name="Ada", last_name="Reyes")
    MembershipFactory(production=production, user=user, access=Membership.Access.COORDINATOR)
    scenes = [
        SceneFactory(
            production=production,
            number=str(n),
            set_name=f"HARBOR ROOM {n}",
            synopsis=f"Scene {n} happens.",
            time_of_day="NIGHT" if n == 3 else "DAY",
        )
        for n in range(1, 7)
    ]
    schedule_build(production, {date(2027, 1, 11): scenes[:2], date(2027, 1, 12): scenes[2:4]})
    return user


def order(page) -> list[list[str]]:
    return page.eval_on_selector_all(".sb-strips", ORDER_JS)


def saved_order(production) -> list[list[str]]:
    board = selectors.board_for(production)
    return [[s.label for s in d.strips] for d in board.days] + [
        [s.label for s in board.unscheduled]
    ]


def open_board(browser, live_server, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    sign_in(page, live_server.url, "first-ad", PASSWORD)
    page.goto(f"{live_server.url}/productions/long-night/schedule/")
    page.wait_for_selector(".strip-tools")  # the script has started
    return context, page


def drag(page, source: str, target: str) -> None:
    """Drag with the mouse as a person does: press, move in steps, release."""
    start = page.locator(source).bounding_box()
    end = page.locator(target).bounding_box()
    page.mouse.move(start["x"] + 40, start["y"] + start["height"] / 2)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(
            start["x"] + 40 + (end["x"] - start["x"]) * step / 10,
            start["y"] + (end["y"] + 4 - start["y"]) * step / 10,
        )
        page.wait_for_timeout(30)
    page.mouse.up()


def test_strips_are_reordered_by_drag_and_by_keyboard_and_the_order_is_saved(
    browser, live_server, screenshots, production, board
):
    context, page = open_board(browser, live_server, DESKTOP)
    try:
        assert order(page) == [["1", "2"], ["3", "4"], ["5", "6"]]

        # Drag scene 5 from the boneyard to the top of Day 1.
        drag(page, '.strip[data-label="5"]', '.strip[data-label="1"]')
        assert order(page) == [["5", "1", "2"], ["3", "4"], ["6"]]
        assert page.locator("#sb-dirty").is_visible()

        # By keyboard: scene 2 down into Day 2, then down once more within it.
        page.focus('.strip[data-label="2"]')
        page.keyboard.press("Alt+ArrowDown")
        page.keyboard.press("Alt+ArrowDown")
        assert order(page) == [["5", "1"], ["3", "2", "4"], ["6"]]
        expect(page.locator("#sb-status")).to_contain_text("Scene 2 moved to Day 2")

        # And with the move dialog: scene 6 to Day 1.
        page.focus('.strip[data-label="6"]')
        page.keyboard.press("m")
        page.select_option("#sb-move-to", label="Day 1, Mon 11 Jan")
        page.click("#sb-move button[value=move]")
        # The dialog's close event, which moves the strip, comes after the click returns.
        expect(page.locator('.sb-day .strip[data-label="6"]')).to_have_count(1)
        assert order(page) == [["5", "1", "6"], ["3", "2", "4"], []]
        assert page.evaluate("document.activeElement.dataset.label") == "6"

        with page.expect_navigation():
            page.click("#sb-save")
        assert "Board saved." in page.locator(".messages").inner_text()
        page.reload()
        page.wait_for_selector(".strip-tools")
        assert order(page) == [["5", "1", "6"], ["3", "2", "4"], []]
        assert saved_order(production) == [["5", "1", "6"], ["3", "2", "4"], []]
        page.screenshot(path=screenshots / "stripboard-desktop.png", full_page=True)
    finally:
        context.close()


def test_a_stale_save_keeps_the_order_on_screen_and_says_who_saved(
    browser, live_server, production, board
):
    first, page_one = open_board(browser, live_server, DESKTOP)
    second, page_two = open_board(browser, live_server, DESKTOP)
    try:
        page_one.focus('.strip[data-label="1"]')
        page_one.keyboard.press("Alt+ArrowDown")
        with page_one.expect_navigation():
            page_one.click("#sb-save")

        page_two.focus('.strip[data-label="4"]')
        page_two.keyboard.press("Alt+ArrowUp")
        page_two.click("#sb-save")
        alert = page_two.locator("#sb-alert")
        alert.wait_for(state="visible")

        assert "Ada Reyes saved the board" in alert.inner_text()
        assert order(page_two) == [["1", "2"], ["4", "3"], ["5", "6"]]  # nothing lost
        assert saved_order(production)[:2] == [["2", "1"], ["3", "4"]]  # nor overwritten
    finally:
        first.close()
        second.close()


def test_the_board_fits_a_phone_without_sideways_scrolling(
    browser, live_server, screenshots, production, board
):
    context, page = open_board(browser, live_server, PHONE)
    try:
        assert not has_horizontal_scroll(page)
        boneyard = page.locator(".sb-boneyard").bounding_box()
        last_day = page.locator(".sb-day").last.bounding_box()
        assert boneyard["y"] > last_day["y"]  # below the days on a phone
        page.focus('.strip[data-label="1"]')
        page.keyboard.press("Alt+ArrowDown")
        assert order(page)[0] == ["2", "1"]
        page.screenshot(path=screenshots / "stripboard-phone.png", full_page=True)

        page.goto(f"{live_server.url}/productions/long-night/schedule/dood/")
        assert not has_horizontal_scroll(page)
    finally:
        context.close()


SCHEDULE_PAGES = ["", "dood/", "conflicts/", "versions/", "history/", "settings/", "feeds/"]


def test_the_schedule_pages_have_no_serious_accessibility_violations(
    browser, live_server, production, board
):
    # axe is injected as a script of the test's own; the page's CSP would rightly refuse it.
    context = browser.new_context(bypass_csp=True, viewport=DESKTOP)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "first-ad", PASSWORD)
        found = {}
        for path in SCHEDULE_PAGES:
            page.goto(f"{live_server.url}/productions/long-night/schedule/{path}")
            violations = serious_accessibility_violations(page)
            if violations:
                found[path] = violations
        assert found == {}
    finally:
        context.close()
