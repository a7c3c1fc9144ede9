"""Who sees money: owners, producers and accountants; everyone else gets 404 on every budget
page and endpoint (anonymous: 401 from the API, the sign-in page from pages)."""

import pytest
from django.test import Client
from django.urls import reverse

from budgets import cost_services, services
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
API = "/api/v1/productions/long-night"
PAGES = "/productions/long-night/budgets"


@pytest.fixture
def people(
    production, owner, producer, coordinator, crew_member, accountant, casting_member, outsider
):
    return {
        "outsider": outsider,
        "crew": crew_member,
        "coordinator": coordinator,
        "casting": casting_member,
        "accountant": accountant,
        "producer": producer,
        "owner": owner,
    }


@pytest.fixture
def paths(budget, owner, production):
    other = services.budget_copy(source=budget, by=owner, name="Copy")
    account = budget.accounts.get(number="3301")
    line = services.line_create(budget=budget, by=owner, account=account, amount="1", rate="2")
    cost_services.cost_create(
        production=production,
        by=owner,
        account_number="3301",
        date="2026-03-02",
        kind="invoice",
        amount="10",
    )
    b = budget.pk
    api = [
        f"{API}/budgets/",
        f"{API}/budgets/{b}/",
        f"{API}/budgets/{b}/categories/",
        f"{API}/budgets/{b}/accounts/",
        f"{API}/budgets/{b}/lines/",
        f"{API}/budgets/{b}/lines/{line.pk}/",
        f"{API}/budgets/{b}/fringes/",
        f"{API}/budgets/{b}/globals/",
        f"{API}/budgets/{b}/charges/",
        f"{API}/budgets/{b}/compare/?with={other.pk}",
        f"{API}/budgets/{b}/cost-report/?through=2026-03-31",
        f"{API}/costs/",
        f"{API}/budgets/{b}/export.xlsx",
    ]
    pages = [
        f"{PAGES}/",
        f"{PAGES}/{b}/",
        f"{PAGES}/{b}/accounts/",
        f"{PAGES}/{b}/accounts/{account.pk}/",
        f"{PAGES}/{b}/setup/",
        f"{PAGES}/{b}/compare/?with={other.pk}",
        f"{PAGES}/{b}/cost-report/?through=2026-03-31",
        f"{PAGES}/{b}/import/",
        f"{PAGES}/{b}/files/budget.xlsx",
    ]
    return api, pages


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("outsider", False),
        ("crew", False),
        ("coordinator", False),
        ("casting", False),
        ("accountant", True),
        ("producer", True),
        ("owner", True),
    ],
)
def test_only_members_who_see_money_find_the_budget_api(people, paths, who, sees):
    client = client_for(people[who])
    for path in paths[0]:
        response = client.get(path)
        assert response.status_code == (200 if sees else 404), (who, path)
        if not sees:
            assert response.json()["message"]


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("outsider", False),
        ("crew", False),
        ("coordinator", False),
        ("casting", False),
        ("accountant", True),
        ("producer", True),
        ("owner", True),
    ],
)
def test_only_members_who_see_money_find_the_budget_pages(people, paths, who, sees):
    client = Client()
    client.force_login(people[who])
    for path in paths[1]:
        assert client.get(path).status_code == (200 if sees else 404), (who, path)


def test_anonymous_gets_401_from_the_api_and_the_sign_in_page(paths):
    for path in paths[0]:
        assert client_for(None).get(path).status_code == 401, path
    for path in paths[1]:
        response = Client().get(path)
        assert response.status_code == 302 and "/login/" in response["Location"], path


def test_writes_are_404_for_those_who_do_not_see_money(people, budget):
    for who in ("crew", "coordinator", "outsider"):
        client = client_for(people[who])
        response = client.post(f"{API}/budgets/", {"name": "Mine"}, format="json")
        assert response.status_code == 404
        response = client.patch(f"{API}/budgets/{budget.pk}/", {"status": "locked"}, format="json")
        assert response.status_code == 404
    budget.refresh_from_db()
    assert budget.status == "draft"


def test_the_budget_nav_link_shows_only_to_those_who_see_money(people):
    for who, shown in (("crew", False), ("accountant", True), ("owner", True)):
        client = Client()
        client.force_login(people[who])
        page = client.get(reverse("crew:list", args=["long-night"])).content.decode()
        assert (f'href="{PAGES}/"' in page) is shown, who


def test_a_budget_of_another_production_is_404_even_to_its_owner(people, budget, owner):
    other = people["outsider"]
    theirs = services.budget_create(
        production=other.memberships.get().production, by=other, name="Theirs"
    )
    client = client_for(owner)
    assert client.get(f"{API}/budgets/{theirs.pk}/").status_code == 404
    assert client.get(f"/productions/another-show/budgets/{theirs.pk}/").status_code in (302, 404)
