"""The casting board, the picks and the offer in Chromium: by keyboard, by drag, on a phone."""

import pytest

from casting import services
from casting.models import Candidate
from tests.conftest import has_horizontal_scroll, serious_accessibility_violations, sign_in
from tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1400, "height": 900}
# Take a card by its top corner, over the name, not over its select.
GRIP = {"x": 8, "y": 8}


@pytest.fixture
def board(production, role, candidate, casting_member, director):
    other = services.candidate_add(role=role, person=PersonFactory(name="Kit Lowe"))
    services.pick_record(candidate=candidate, user=director, pick="yes", note="The one")
    return {"role": role, "june": candidate, "kit": other}


def _page(browser, live_server, viewport, username="casting1"):
    context = browser.new_context(viewport=viewport, bypass_csp=True)  # bypass: for axe only
    page = context.new_page()
    sign_in(page, live_server.url, username, "pw-for-tests-1")
    return context, page


def test_the_board_on_a_phone_moves_a_card_by_keyboard(browser, live_server, board, screenshots):
    context, page = _page(browser, live_server, PHONE)
    try:
        page.goto(f"{live_server.url}/productions/long-night/casting/roles/{board['role'].pk}/")
        assert not has_horizontal_scroll(page)
        assert serious_accessibility_violations(page) == []
        assert "iris (director): yes" in page.locator(f"#candidate-{board['june'].pk}").inner_text()
        page.screenshot(path=screenshots / "board-phone.png", full_page=True)
        select = page.get_by_label("Move June Park to")
        select.focus()
        select.select_option("shortlisted")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_load_state("networkidle")
        assert "June Park: Shortlisted." in page.locator(".messages").inner_text()
        column = page.locator("section[data-status=shortlisted]")
        assert "June Park" in column.inner_text()
        assert Candidate.objects.get(pk=board["june"].pk).status == "shortlisted"
    finally:
        context.close()


def test_dragging_a_card_moves_it_and_a_refused_drop_says_why(browser, live_server, board):
    context, page = _page(browser, live_server, DESK)
    try:
        page.goto(f"{live_server.url}/productions/long-night/casting/roles/{board['role'].pk}/")
        kit = page.locator(f"#candidate-{board['kit'].pk}")
        with page.expect_navigation():
            kit.drag_to(page.locator("section[data-status=shortlisted] h2"), source_position=GRIP)
        assert "Kit Lowe: Shortlisted." in page.locator(".messages").inner_text()
        kit = page.locator(f"#candidate-{board['kit'].pk}")
        with page.expect_navigation():
            kit.drag_to(page.locator("section[data-status=pinned] h2"), source_position=GRIP)
        assert "cannot move to pinned" in page.locator(".messages").inner_text()
        assert Candidate.objects.get(pk=board["kit"].pk).status == "shortlisted"
        kit = page.locator(f"#candidate-{board['kit'].pk}")
        kit.drag_to(page.locator("section[data-status=booked] h2"), source_position=GRIP)
        assert "through an offer" in page.locator("#board-status").inner_text()
    finally:
        context.close()


def test_the_picks_and_the_session_pages_on_a_phone(browser, live_server, board, screenshots):
    context, page = _page(browser, live_server, PHONE, username="iris")
    try:
        page.goto(
            f"{live_server.url}/productions/long-night/casting/roles/{board['role'].pk}/picks/"
        )
        assert not has_horizontal_scroll(page)
        assert serious_accessibility_violations(page) == []
        assert "Director's pick" in page.locator("table").inner_text()
        page.screenshot(path=screenshots / "picks-phone.png", full_page=True)
        page.goto(f"{live_server.url}/productions/long-night/casting/")
        assert not has_horizontal_scroll(page)
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()
