"""In a real Chromium: the script supervisor marks a shot from a phone, the AD sees it; the
director reorders by drag and by the keyboard's move buttons."""

import pytest

from shots.models import Shot
from tests.conftest import has_horizontal_scroll, serious_accessibility_violations, sign_in
from tests.shots.conftest import plan_shots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PASSWORD = "pw-for-tests-1"


def test_the_script_supervisor_marks_a_shot_on_a_phone_and_the_ad_sees_it(
    browser, live_server, screenshots, day_plan, crew_member, coordinator
):
    scene12, scene13 = day_plan["scenes"]
    door, window = plan_shots(scene12, "door", "window")
    plan_shots(scene13, "window")
    path = f"/productions/long-night/schedule/days/{day_plan['day'].pk}/shots/"

    phone = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = phone.new_page()
    sign_in(page, live_server.url, crew_member.username, PASSWORD)
    page.goto(live_server.url + path)
    assert not has_horizontal_scroll(page)
    assert serious_accessibility_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Mark 12A shot", exact=True).click()
    assert "12A marked shot" in page.inner_text("main")
    assert page.inner_text("#count-shot") == "1"
    page.screenshot(path=str(screenshots / "phone-marked.png"), full_page=True)
    assert not has_horizontal_scroll(page)
    phone.close()

    door.refresh_from_db()
    assert door.status == Shot.Status.SHOT and door.number_locked

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    sign_in(page, live_server.url, coordinator.username, PASSWORD)
    page.goto(live_server.url + path)
    card = page.locator(f"#shot-{door.pk}")
    assert card.locator("[data-status]").inner_text() == "Shot"
    assert page.locator(f"#shot-{window.pk} [data-status]").inner_text() == "Planned"
    desk.close()


def test_the_director_reorders_by_keyboard_and_by_drag(
    browser, live_server, screenshots, scene, coordinator
):
    a, b, c = plan_shots(scene, "door", "window", "door")
    path = f"/productions/long-night/scenes/{scene.pk}/shots/"
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server.url, coordinator.username, PASSWORD)
    page.goto(live_server.url + path)
    assert not has_horizontal_scroll(page)
    assert serious_accessibility_violations(page) == []
    # The keyboard: focus the move-up button of the last shot and press Enter.
    page.get_by_role("button", name="Move shot 12C up").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    order = list(Shot.objects.filter(scene=scene).order_by("position").values_list("pk", flat=True))
    assert order == [a.pk, c.pk, b.pk]
    # Drag: the first shot's handle onto the last card.
    page.locator(f"#shot-{a.pk} .drag-handle").drag_to(page.locator(f"#shot-{b.pk}"))
    page.wait_for_function(
        "(first) => document.querySelector('#shot-list [data-shot]').dataset.shot != first",
        arg=str(a.pk),
        timeout=10000,
    )
    page.wait_for_load_state("networkidle")
    order = list(Shot.objects.filter(scene=scene).order_by("position").values_list("pk", flat=True))
    assert order[0] != a.pk and sorted(order) == sorted([a.pk, b.pk, c.pk])
    page.screenshot(path=str(screenshots / "reordered.png"), full_page=True)
    context.close()


def test_the_shot_page_and_storyboard_read_well_on_a_phone(
    browser, live_server, screenshots, scene, coordinator
):
    from shots import frames
    from tests.shots.conftest import image_upload

    shots = plan_shots(scene, "door", "window")
    frame = frames.frame_add(shot=shots[0], upload=image_upload(size=(1600, 900)))
    frames.frame_thumbnail_make(frame_id=frame.pk)
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server.url, coordinator.username, PASSWORD)
    for path in (
        f"/productions/long-night/shots/{shots[0].pk}/",
        f"/productions/long-night/scenes/{scene.pk}/storyboard/",
    ):
        page.goto(live_server.url + path)
        assert not has_horizontal_scroll(page), path
        assert serious_accessibility_violations(page) == [], path
    loaded = page.evaluate(
        "Array.from(document.querySelectorAll('.storyboard img')).every(i => i.naturalWidth > 0)"
    )
    assert loaded  # the thumbnail came through the access-checking view
    page.screenshot(path=str(screenshots / "storyboard.png"), full_page=True)
    context.close()
