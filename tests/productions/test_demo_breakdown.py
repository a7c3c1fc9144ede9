"""The demo production comes with its screenplay imported and broken down, every time."""

import pytest

from demo.seed import CAST, demo_seed
from productions.models import LocationUnavailability, Scene

pytestmark = pytest.mark.django_db


def _snapshot(production) -> dict:
    return {
        "scripts": production.scripts.count(),
        "scenes": production.scenes.count(),
        "characters": production.characters.count(),
        "locations": production.locations.count(),
        "elements": production.elements.count(),
        "tags": Scene.elements.through.objects.filter(scene__production=production).count(),
        "links": Scene.characters.through.objects.filter(scene__production=production).count(),
        "dates off": LocationUnavailability.objects.filter(location__production=production).count(),
    }


def test_the_demo_screenplay_is_imported_and_broken_down_once():
    production = demo_seed()
    first = _snapshot(production)

    demo_seed()

    assert _snapshot(production) == first
    assert first["scripts"] == 1
    assert 55 <= first["scenes"] <= 65


def test_every_demo_actor_plays_their_character():
    production = demo_seed()

    linked = {
        character.name: character.assignment.person.name
        for character in production.characters.filter(assignment__isnull=False).select_related(
            "assignment__person"
        )
    }

    assert linked == {character: actor for actor, character, _rate in CAST}
    assert production.characters.get(name="MAYA").cast_id == "1"


def test_every_demo_scene_has_a_location_with_an_address_coordinates_and_a_hospital():
    production = demo_seed()

    assert not production.scenes.filter(location__isnull=True).exists()
    for location in production.locations.all():
        assert location.address and location.parking
        assert location.latitude is not None and location.longitude is not None
        assert 33 < location.latitude < 35 and -119 < location.longitude < -118  # Los Angeles
        assert location.nearest_hospital and location.hospital_address
        assert location.hospital_phone


def test_the_demo_breakdown_tags_the_props_vehicles_animals_extras_and_stunts():
    production = demo_seed()

    tagged = {
        (element.category, element.name): element.scenes.count()
        for element in production.elements.all()
    }

    assert tagged[("props", "Revolver")] >= 5
    assert tagged[("vehicles", "Red pickup truck")] >= 5
    assert tagged[("props", "The ledger")] >= 5
    assert tagged[("animals", "Biscuit, German shepherd")] >= 5
    assert any(category == "background" for category, _ in tagged)
    assert any(category == "stunts" for category, _ in tagged)
