"""Build a broken-down production of any size for the tests."""

from productions.models import BreakdownElement, Character, Location, Scene
from tests.factories import AssignmentFactory, department


def build_scenes(production, count: int, *, start: int = 1) -> list[Scene]:
    """Add ``count`` scenes, each with two characters, two elements and a location."""
    characters = list(production.characters.all()) or Character.objects.bulk_create(
        Character(production=production, name=f"PART {n}", cast_id=str(n)) for n in range(1, 9)
    )
    elements = list(production.elements.all()) or BreakdownElement.objects.bulk_create(
        BreakdownElement(production=production, category=category, name=f"Item {n}")
        for n, category in enumerate(BreakdownElement.Category.values[:6])
    )
    locations = list(production.locations.all()) or Location.objects.bulk_create(
        Location(production=production, name=f"PLACE {n}") for n in range(3)
    )
    if not production.assignments.filter(role_kind="cast").exists():
        role = AssignmentFactory(
            production=production, title="Lead", role_kind="cast", department=department("Cast")
        )
        Character.objects.filter(pk=characters[0].pk).update(assignment=role)
    scenes = Scene.objects.bulk_create(
        Scene(
            production=production,
            number=str(n),
            int_ext=["INT", "EXT"][n % 2],
            set_name=f"SET {n % 7}",
            time_of_day=["DAY", "NIGHT"][n // 2 % 2],
            page_eighths=1 + n % 13,
            script_order=n,
            location=locations[n % len(locations)],
        )
        for n in range(start, start + count)
    )
    Scene.characters.through.objects.bulk_create(
        Scene.characters.through(scene_id=scene.pk, character_id=character.pk)
        for index, scene in enumerate(scenes)
        for character in (characters[0], characters[1 + index % (len(characters) - 1)])
    )
    Scene.elements.through.objects.bulk_create(
        Scene.elements.through(scene_id=scene.pk, breakdownelement_id=element.pk)
        for index, scene in enumerate(scenes)
        for element in (elements[index % len(elements)], elements[(index + 1) % len(elements)])
    )
    return scenes
