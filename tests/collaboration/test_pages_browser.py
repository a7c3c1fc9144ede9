"""The collaboration pages in a real browser at 390×844: readable without sideways scrolling,
and nothing serious for axe; the mention autocomplete offers a department."""

import pytest

from collaboration import services
from tests.conftest import has_horizontal_scroll, serious_accessibility_violations, sign_in


@pytest.mark.browser
def test_the_thread_inbox_log_and_feed_read_well_on_a_phone(
    browser, live_server, production, producer, crew_member, camera_crew, scene
):
    services.comment_create(
        production=production,
        by=producer,
        on=f"scene:{scene.pk}",
        body="A **long** note about the crane shot @crewmember and @camera " + "word " * 40,
        decision=True,
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server.url, "crewmember", "pw-for-tests-1")
    for path in [
        f"/productions/long-night/scenes/{scene.pk}/",
        f"/productions/long-night/discussion/?on=scene:{scene.pk}",
        "/inbox/",
        "/productions/long-night/decisions/",
        "/productions/long-night/activity/",
    ]:
        page.goto(live_server.url + path)
        assert not has_horizontal_scroll(page), path
        assert serious_accessibility_violations(page) == [], path
    context.close()


@pytest.mark.browser
def test_typing_an_at_sign_offers_the_department(
    browser, live_server, production, producer, camera_crew, scene
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server.url, "producer1", "pw-for-tests-1")
    page.goto(f"{live_server.url}/productions/long-night/discussion/?on=scene:{scene.pk}")
    page.click("#collab-body")
    page.keyboard.type("Need @ca")
    page.locator("[data-mention-list] >> text=@camera").click()
    assert page.input_value("#collab-body") == "Need @camera "
    page.click("text=Post comment")
    page.wait_for_load_state("load")
    assert page.locator(".collab-body >> text=@camera").count() == 1
    context.close()
