from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from crew.models import Assignment, Department, Person, Unavailability
from crew.services import departments_ensure_standard
from productions.models import (
    BreakdownElement,
    Character,
    Location,
    Membership,
    Production,
    Scene,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("pw-for-tests-1")


class ProductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Production

    title = factory.Sequence(lambda n: f"Production {n}")
    slug = factory.Sequence(lambda n: f"production-{n}")
    kind = Production.Kind.FEATURE
    phase = Production.Phase.PRE_PRODUCTION
    time_zone = "Europe/London"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    production = factory.SubFactory(ProductionFactory)
    user = factory.SubFactory(UserFactory)
    access = Membership.Access.CREW


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    phone = factory.Sequence(lambda n: f"+44 20 7946 {n % 10000:04d}")


def department(name: str = "Camera") -> Department:
    departments_ensure_standard()
    return Department.objects.get(name=name, production=None)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    production = factory.SubFactory(ProductionFactory)
    person = factory.SubFactory(PersonFactory)
    department = factory.LazyFunction(department)
    title = factory.Sequence(lambda n: f"Camera Assistant {n}")
    role_kind = Assignment.RoleKind.CREW


class UnavailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unavailability

    person = factory.SubFactory(PersonFactory)
    reason = "Holiday"


# ---------------------------------------------------------------- the screenplay and its breakdown


class CharacterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Character

    production = factory.SubFactory(ProductionFactory)
    name = factory.Sequence(lambda n: f"CHARACTER {n}")
    cast_id = factory.Sequence(lambda n: str(n + 1))


class ElementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BreakdownElement

    production = factory.SubFactory(ProductionFactory)
    category = BreakdownElement.Category.PROPS
    name = factory.Sequence(lambda n: f"Prop {n}")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    production = factory.SubFactory(ProductionFactory)
    name = factory.Sequence(lambda n: f"LOCATION {n}")
    address = factory.Sequence(lambda n: f"{n} Harbor Blvd, San Pedro, CA 90731")
    latitude = Decimal("33.736100")
    longitude = Decimal("-118.278600")


class SceneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scene

    production = factory.SubFactory(ProductionFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    int_ext = Scene.IntExt.INT
    set_name = factory.Sequence(lambda n: f"SET {n}")
    time_of_day = "DAY"
    page_eighths = 5
    script_order = factory.Sequence(lambda n: n + 1)


# ---------------------------------------------------------------- the shooting schedule


def cast_member(production, name: str, cast_id: str, *, rate=None, person=None) -> Character:
    """Return a character with a cast ID, played by a new (or the given) person."""
    assignment = AssignmentFactory(
        production=production,
        person=person or PersonFactory(name=f"Actor {name.title()}"),
        department=department("Cast"),
        title=name.title(),
        role_kind=Assignment.RoleKind.CAST,
        daily_rate=None if rate is None else Decimal(rate),
    )
    return CharacterFactory(
        production=production, name=name, cast_id=cast_id, assignment=assignment
    )


def scene_with(production, *characters, **fields) -> Scene:
    """Return a scene of the production in which ``characters`` appear."""
    scene = SceneFactory(production=production, **fields)
    scene.characters.set(characters)
    return scene


def schedule_build(production, plan: dict, *, by=None):
    """Put each date's scenes on a shoot day of the active schedule, in order (via services).

    ``plan`` maps a date to the scenes shot that day; return the active ScheduleVersion.
    """
    from schedules import services

    for day, scenes in sorted(plan.items()):
        services.shoot_day_add(
            production=production, by=by, date=day, scenes=[scene.pk for scene in scenes]
        )
    return services.schedule_ensure(production=production)


# ---------------------------------------------------------------- reports, DPRs and webhooks


def _params_key(report) -> str:
    from reports.services import params_key

    return params_key(report.params)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.Report"

    production = factory.SubFactory(ProductionFactory)
    kind = "crew_list"
    format = "csv"
    params = factory.LazyFunction(dict)
    params_key = factory.LazyAttribute(_params_key)
    status = "done"
    progress = 100


class WebhookFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "webhooks.Webhook"

    production = factory.SubFactory(ProductionFactory)
    url = "https://hooks.example.com/studio"
    secret = factory.Sequence(lambda n: f"whsec_test_secret_{n}")
    events = factory.LazyFunction(
        lambda: ["scene.changed", "schedule.changed", "report.ready", "dpr.approved"]
    )


# ---------------------------------------------------------------- call sheets


def callsheet_schedule(production, *, start=None, by=None) -> dict:
    """Schedule three shoot days with cast, crew and a location, as a call sheet needs them.

    Day 1 shoots scenes 1 (MAYA, DANIEL) and 2 (MAYA, night exterior); day 2 scene 3 (RUTH);
    day 3 scene 4 (DANIEL, MAYA). So on day 2 DANIEL and MAYA are held. The crew: a director
    and a 1st AD (key contacts), a camera operator whose phone is private, and a grip.
    Return the pieces by name.
    """
    from datetime import date, time, timedelta

    from schedules import services

    start = start or date(2027, 1, 12)
    docks = LocationFactory(
        production=production,
        name="DOCKS",
        address="Berth 73, San Pedro, CA 90731",
        parking="Port lot on 22nd St.",
        basecamp="Signal St.",
        nearest_hospital="Harbor Hospital",
        hospital_address="1300 W 7th St, San Pedro",
        hospital_phone="+1 310 555 0131",
    )
    maya, daniel, ruth = (
        cast_member(production, name, cast_id)
        for name, cast_id in (("MAYA", "1"), ("DANIEL", "2"), ("RUTH", "3"))
    )
    crew = {
        title: AssignmentFactory(
            production=production,
            person=PersonFactory(name=name, phone=phone, phone_private=private),
            department=department(dept),
            title=title,
            role_kind=kind,
            key_contact=key,
        )
        for name, dept, title, kind, key, phone, private in (
            ("Iris Calloway", "Direction", "Director", "director", True, "+1 310 555 0101", False),
            ("Ada First", "Direction", "1st AD", "crew", True, "+1 310 555 0102", False),
            ("Pat Private", "Camera", "Camera Operator", "crew", False, "+44 7700 900999", True),
            ("Gus Grip", "Grip", "Key Grip", "crew", False, "+1 310 555 0104", False),
        )
    }
    scenes = [
        scene_with(production, maya, daniel, number="1", set_name="DOCKS - PIER",
                   synopsis="Maya finds the ledger.", page_eighths=12, location=docks),
        scene_with(production, maya, number="2", int_ext="EXT", set_name="DOCKS - GATE",
                   time_of_day="NIGHT", page_eighths=7, location=docks),
        scene_with(production, ruth, number="3", set_name="DINER", page_eighths=9),
        scene_with(production, daniel, maya, number="4", set_name="DOCKS - PIER",
                   page_eighths=5, location=docks),
    ]  # fmt: skip
    days = [start + timedelta(days=n) for n in range(3)]
    for day, chosen in zip(days, (scenes[:2], scenes[2:3], scenes[3:]), strict=True):
        services.shoot_day_add(
            production=production,
            by=by,
            date=day,
            scenes=[scene.pk for scene in chosen],
            general_call=time(7, 0),
            estimated_wrap=time(19, 0),
            location=docks,
        )
    return {
        "location": docks,
        "cast": {"MAYA": maya, "DANIEL": daniel, "RUTH": ruth},
        "crew": crew,
        "scenes": scenes,
        "days": days,
    }
