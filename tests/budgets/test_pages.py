"""The budget pages' forms: create, status, setup, import with preview, cost report entries."""

import re
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from budgets.models import Budget, Cost, EstimateToComplete, Line

pytestmark = pytest.mark.django_db
PAGES = "/productions/long-night/budgets"


@pytest.fixture
def page(accountant):
    client = Client()
    client.force_login(accountant)
    return client


def test_a_budget_is_created_and_locked_from_the_pages(page, production):
    response = page.post(f"{PAGES}/", {"name": "Shooting", "template": "series"})
    budget = Budget.objects.get(name="Shooting")
    assert response.status_code == 302 and response["Location"].endswith(f"/{budget.pk}/")
    assert budget.categories.filter(number="1400").exists()
    page.post(f"{PAGES}/{budget.pk}/status/", {"status": "locked"})
    budget.refresh_from_db()
    assert budget.status == "locked"
    topsheet = page.get(f"{PAGES}/{budget.pk}/").content.decode()
    assert "keeps its numbers" in topsheet
    refused = page.post(
        f"{PAGES}/{budget.pk}/setup/", {"action": "add_global", "name": "X", "formula": "1"}
    )
    assert refused.status_code == 409 and "set it back to draft" in refused.content.decode()


def test_globals_and_fringes_are_edited_on_the_setup_page(page, budget):
    url = f"{PAGES}/{budget.pk}/setup/"
    assert (
        page.post(
            url, {"action": "add_global", "name": "WEEKS", "formula": "SHOOT_DAYS / 5"}
        ).status_code
        == 302
    )
    bad = page.post(url, {"action": "add_global", "name": "OOPS", "formula": "WEKS * 2"})
    assert bad.status_code == 400 and "unknown name WEKS" in bad.content.decode()
    assert not budget.globals.filter(name="OOPS").exists()
    fica = budget.fringes.get(code="FICA")
    page.post(
        url,
        {
            "action": "edit_fringe",
            "id": fica.pk,
            "code": "FICA",
            "name": "FICA",
            "kind": "percent",
            "rate": "6.5",
            "cutoff": "170000",
        },
    )
    fica.refresh_from_db()
    assert fica.rate == D("6.5") and fica.cutoff == D("170000")
    text = page.get(url).content.decode()
    assert "Shoot days on the active schedule" in text and "WEEKS" in text


def test_an_import_previews_and_saves_only_when_confirmed(page, budget):
    url = f"{PAGES}/{budget.pk}/import/"
    good = b"account,description,amount,unit,x,rate\n3301,DP,10,day,1,900\n"
    preview = page.post(url, {"file": SimpleUploadedFile("lines.csv", good)})
    text = preview.content.decode()
    assert preview.status_code == 200 and "9,000.00" in text
    assert not Line.objects.filter(budget=budget).exists()
    payload = re.search(r'name="payload" value="([^"]+)"', text).group(1)
    assert page.post(url, {"payload": payload}).status_code == 302
    assert Line.objects.get(budget=budget).total == D("9000.00")
    bad = b"account,description,amount,unit,x,rate\n3301,DP,TEN,day,1,900\n"
    shown = page.post(url, {"file": SimpleUploadedFile("bad.csv", bad)}).content.decode()
    assert "unknown name TEN" in shown and 'name="payload"' not in shown
    tampered = page.post(url, {"payload": payload[:-3] + "abc"})
    assert tampered.status_code == 400 and "expired or was changed" in tampered.content.decode()


def test_actuals_and_an_etc_with_its_reason_are_entered_on_the_cost_report(page, budget):
    url = f"{PAGES}/{budget.pk}/cost-report/?through=2026-03-31"
    response = page.post(
        url,
        {
            "action": "add_cost",
            "account_number": "3301",
            "date": "2026-03-03",
            "kind": "invoice",
            "vendor": "ARRI",
            "amount": "1250.00",
            "exchange_rate": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert Cost.objects.get().amount == D("1250.00")
    refused = page.post(url, {"action": "set_etc", "account": "3301", "amount": "10", "reason": ""})
    assert refused.status_code == 400 and not EstimateToComplete.objects.exists()
    page.post(
        url, {"action": "set_etc", "account": "3301", "amount": "10", "reason": "Wrapped early"}
    )
    text = page.get(url).content.decode()
    assert "Wrapped early" in text and "1,250.00" in text


def test_an_account_is_renamed_renumbered_and_removed_when_empty_on_the_accounts_page(page, budget):
    url = f"{PAGES}/{budget.pk}/accounts/"
    account = budget.accounts.get(number="3302")
    page.post(
        url,
        {
            "action": "rename_account",
            "account": account.pk,
            "number": "3310",
            "name": "Camera rentals and cranes",
        },
    )
    account.refresh_from_db()
    assert (account.number, account.name) == ("3310", "Camera rentals and cranes")
    taken = page.post(
        url, {"action": "rename_account", "account": account.pk, "number": "3301", "name": "x"}
    )
    assert taken.status_code == 400 and "already has an account" in taken.content.decode()
    assert page.post(url, {"action": "remove_account", "account": account.pk}).status_code == 302
    assert not budget.accounts.filter(pk=account.pk).exists()
