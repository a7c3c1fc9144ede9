"""The casting-board seed the load test uses, and the demo's casting."""

import pytest
from django.test import Client

from bench.casting import casting_board_seed
from casting.models import Candidate, Offer, Pick, Role, Slot

pytestmark = pytest.mark.django_db


def test_the_bench_seed_builds_a_40_candidate_board(production, owner):
    role, path = casting_board_seed(production)
    assert Candidate.objects.filter(role=role).count() == 40
    assert len(set(Candidate.objects.filter(role=role).values_list("status", flat=True))) == 7
    assert casting_board_seed(production) == (role, path)
    client = Client()
    client.force_login(owner)
    response = client.get(path)
    assert response.status_code == 200
    assert response.content.decode().count('class="board-card"') == 40


def test_the_demo_has_casting_open_for_waitress_and_nurse(settings):
    from django.contrib.auth import authenticate

    from demo.casting import demo_casting_seed
    from demo.seed import demo_seed

    settings.MEDIA_ROOT = settings.MEDIA_ROOT  # the casting conftest put it in tmp
    production = demo_seed()
    demo_casting_seed(production)  # a second run changes nothing
    roles = {r.name: r for r in Role.objects.filter(production=production)}
    assert set(roles) == {"WAITRESS", "NURSE"}
    assert {r.status for r in roles.values()} == {"open"}
    assert Candidate.objects.filter(role__production=production).count() == 8
    states = sorted(Slot.objects.filter(candidate__isnull=False).values_list("state", flat=True))
    assert states == ["confirmed", "confirmed", "declined"]
    pickers = set(Pick.objects.values_list("user__username", flat=True))
    assert pickers == {"director", "producer"}
    [offer] = Offer.objects.filter(production=production)
    assert offer.status == "draft" and offer.candidate.person.name == "Rosa Delgado"
    for username in ("director", "casting"):
        assert authenticate(username=username, password="studio-demo") is not None
    director = authenticate(username="director", password="studio-demo")
    assert director.person.name == "Iris Calloway"
    assert production.memberships.get(user__username="casting").access == "casting"
