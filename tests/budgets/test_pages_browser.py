"""The accountant edits lines with the keyboard, reads the topsheet and the cost report, in a
real browser at desktop width and on a phone; the stripboard shows the budget's change."""

from datetime import date
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from budgets import cost_services, services
from budgets.models import Line
from schedules import services as schedule_services
from schedules.models import ShootDay
from tests.conftest import has_horizontal_scroll, serious_accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def ready(production, owner, accountant, scheduled):
    budget = services.budget_create(production=production, by=owner, name="Shooting budget")
    camera = budget.accounts.get(number="3301")
    services.line_create(
        budget=budget,
        by=owner,
        account=camera,
        description="DP",
        amount="SHOOT_DAYS",
        unit="day",
        rate="1000",
    )
    services.line_create(
        budget=budget,
        by=owner,
        account=camera,
        description="Operator",
        amount="3",
        unit="day",
        rate="-50",
    )
    services.line_create(
        budget=budget,
        by=owner,
        account=budget.accounts.get(number="1401"),
        description="Anna",
        link={"kind": "cast", "assignment": scheduled["anna"].assignment_id},
    )
    cost_services.cost_create(
        production=production,
        by=owner,
        account_number="3301",
        date=date(2026, 3, 3),
        kind="invoice",
        amount=D("4000"),
    )
    for user in (owner, accountant):
        user.set_password("pw-for-tests-1")
        user.save()
    return budget


def _open(browser, live_server, viewport, path, user="accountant1"):
    # bypass_csp lets axe's script in; the pages' own scripts are files either way.
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server.url, user, "pw-for-tests-1")
    page.goto(f"{live_server.url}{path}")
    return page


def test_enter_saves_a_line_and_moves_to_the_next_line_keeping_the_keyboard(
    browser, live_server, ready
):
    camera = ready.accounts.get(number="3301")
    page = _open(
        browser,
        live_server,
        DESKTOP,
        f"/productions/long-night/budgets/{ready.pk}/accounts/{camera.pk}/",
    )
    first, second = Line.objects.filter(account=camera).order_by("order")
    amount = page.locator(f"#a-{first.pk}")
    amount.click()
    amount.fill("SHOOT_DAYS + 2")
    page.keyboard.press("Tab")
    expect(page.locator(f"#u-{first.pk}")).to_be_focused()
    page.locator(f"#a-{first.pk}").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#line-{first.pk} [data-total]")).to_have_text("5,000.00")
    expect(page.locator(f"#a-{second.pk}")).to_be_focused()
    first.refresh_from_db()
    assert first.amount_formula == "SHOOT_DAYS + 2" and first.total == D("5000.00")
    # A bad formula is refused in words on the line, and nothing is saved.
    page.locator(f"#a-{second.pk}").fill("SHOOT_DAZE")
    page.keyboard.press("Enter")
    expect(page.locator(f"#line-{second.pk} .error")).to_contain_text("unknown name SHOOT_DAZE")
    second.refresh_from_db()
    assert second.amount == D("3")
    assert serious_accessibility_violations(page) == []


def test_a_line_is_added_without_javascript_too(browser, live_server, ready):
    camera = ready.accounts.get(number="3301")
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, "accountant1", "pw-for-tests-1")
    page.goto(f"{live_server.url}/productions/long-night/budgets/{ready.pk}/accounts/{camera.pk}/")
    page.fill("#d-new", "Camera truck")
    page.fill("#a-new", "2")
    page.fill("#r-new", "350")
    page.locator("#r-new").press("Enter")
    expect(page.locator("input[value='Camera truck']")).to_be_visible()
    assert Line.objects.get(description="Camera truck").total == D("700.00")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_topsheet_and_cost_report_read_well_at_desktop_and_phone_width(
    browser, live_server, ready, viewport
):
    page = _open(browser, live_server, viewport, f"/productions/long-night/budgets/{ready.pk}/")
    expect(page.locator("h1")).to_have_text("Shooting budget")
    expect(page.locator(".grand-row .num")).to_have_text(f"{ready.grand_total:,.2f}")
    assert not has_horizontal_scroll(page)
    assert serious_accessibility_violations(page) == []
    page.goto(
        f"{live_server.url}/productions/long-night/budgets/{ready.pk}/cost-report/"
        "?through=2026-03-31"
    )
    row = page.locator("tr", has_text="Camera crew")
    expect(row.locator("td").nth(3)).to_have_text("4,000.00")
    expect(page.locator(".bars li").first).to_be_visible()
    assert not has_horizontal_scroll(page)
    assert serious_accessibility_violations(page) == []
    align = page.eval_on_selector(".cost-table td.num", "el => getComputedStyle(el).textAlign")
    assert align == "right"


def test_negative_amounts_are_red(browser, live_server, ready):
    services.budget_copy(source=ready, by=None, name="Copy")
    line = Line.objects.filter(budget__name="Copy", description="DP").get()
    services.line_update(line=line, by=None, amount="10")
    page = _open(
        browser, live_server, DESKTOP, f"/productions/long-night/budgets/{ready.pk}/compare/"
    )
    cell = page.locator("tr", has_text="Camera crew").locator("td.neg")
    expect(cell).to_have_text("-7,000.00")
    colour = cell.evaluate("el => getComputedStyle(el).color")
    assert colour == "rgb(180, 35, 24)"


def test_the_stripboard_shows_the_change_against_the_approved_budget(
    browser, live_server, ready, owner
):
    services.budget_update(budget=ready, by=owner, status="approved")
    last = ShootDay.objects.filter(version__production=ready.production).order_by("date").last()
    schedule_services.shoot_day_remove(day=last, by=owner)
    page = _open(browser, live_server, PHONE, "/productions/long-night/schedule/", user="owner")
    expect(page.locator("[data-board-summary]")).to_contain_text("under the approved budget")
    assert not has_horizontal_scroll(page)
