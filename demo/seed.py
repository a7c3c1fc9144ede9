"""The demo production: "The Long Night", a feature thriller in pre-production.

Built through the same services as everything else, and idempotent: running it again
finds what is there and adds only what is missing.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from crew import services as crew_services
from crew.models import Assignment, Department, Person, Unavailability
from demo.breakdown import demo_breakdown_seed
from demo.budget import demo_budget_seed
from demo.callsheets import demo_callsheets_seed
from demo.casting import demo_casting_seed
from demo.collaboration import demo_collaboration_seed
from demo.reports import demo_reports_seed
from demo.schedule import demo_schedule_seed
from demo.shots import demo_shots_seed
from productions import services as production_services
from productions.models import Membership, Production

User = get_user_model()

DEMO_SLUG = "the-long-night"
DEMO_PASSWORD = "studio-demo"


@dataclass(frozen=True)
class DemoRole:
    name: str
    department: str
    title: str
    role_kind: str = Assignment.RoleKind.CREW
    key_contact: bool = False
    daily_rate: int | None = None
    phone: str = ""


CREATIVE = [
    DemoRole("Iris Calloway", "Direction", "Director", "director", True),
    DemoRole("Marcus Webb", "Production", "Producer", "producer", True),
    DemoRole("Helen Okafor", "Production", "Producer", "producer", True),
    DemoRole("Jo Marlowe", "Production", "Writer", "creator"),
]

# Actor, character (the cue in the screenplay), daily rate.
CAST = [
    ("Ana Solberg", "MAYA", 2400),
    ("Theo Lindqvist", "DANIEL", 1800),
    ("Grace Adeyemi", "RUTH", 1500),
    ("Paul Marchetti", "OSCAR", 1200),
    ("Lucia Ferreira", "LENA", 1200),
    ("Rupert Hale-Dunn", "VICTOR", 2000),
    ("Milo Park", "SAM", 900),
    ("Denise Carter", "HALE", 1100),
]

CREW = [
    (
        "Production",
        ["Line Producer", "Production Manager", "Production Coordinator", "Production Assistant"],
    ),
    ("Direction", ["1st AD", "2nd AD", "2nd 2nd AD", "Script Supervisor"]),
    ("Camera", ["Director of Photography", "Camera Operator", "1st AC", "2nd AC", "DIT"]),
    ("Grip", ["Key Grip", "Best Boy Grip", "Dolly Grip"]),
    ("Electric", ["Gaffer", "Best Boy Electric", "Electrician"]),
    ("Sound", ["Production Sound Mixer", "Boom Operator"]),
    ("Art", ["Production Designer", "Art Director"]),
    ("Set Dressing", ["Set Decorator", "Set Dresser"]),
    ("Props", ["Property Master", "Assistant Props"]),
    ("Costume", ["Costume Designer", "Costume Supervisor"]),
    ("Hair & Makeup", ["Key Makeup Artist", "Key Hair Stylist"]),
    ("Locations", ["Location Manager", "Assistant Location Manager"]),
    ("Transport", ["Transport Captain", "Driver"]),
    ("Catering", ["Caterer"]),
    ("Stunts", ["Stunt Coordinator"]),
    ("VFX", ["VFX Supervisor"]),
    ("Post", ["Editor", "Assistant Editor"]),
]

FIRST_NAMES = [
    "Abby",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Finn",
    "Gita",
    "Hugo",
    "Ines",
    "Jamal",
    "Kira",
    "Leo",
    "Mina",
    "Nico",
    "Olga",
    "Pedro",
    "Quinn",
    "Rosa",
    "Sami",
    "Tess",
    "Umar",
    "Vera",
    "Wes",
    "Xena",
    "Yusuf",
    "Zoe",
    "Arlo",
    "Bea",
    "Cyrus",
    "Dana",
    "Eli",
    "Faye",
    "Gus",
    "Hana",
    "Ivo",
    "June",
    "Kai",
    "Lena",
    "Mo",
    "Nell",
    "Otto",
    "Priya",
    "Reza",
    "Sofia",
    "Tomas",
    "Uma",
]
LAST_NAMES = [
    "Abbott",
    "Baptiste",
    "Chen",
    "Dorsey",
    "Eriksen",
    "Fontaine",
    "Gupta",
    "Holloway",
    "Ibarra",
    "Jensen",
    "Kowalski",
    "Lund",
    "Moreau",
    "Nakamura",
    "Oduya",
    "Petrov",
    "Quintero",
    "Rossi",
    "Sato",
    "Tran",
    "Ulloa",
    "Vance",
    "Whitaker",
    "Xu",
    "Yilmaz",
    "Zimmer",
    "Alvarez",
    "Brandt",
    "Castillo",
    "Dimitrov",
    "Engel",
    "Farouk",
    "Gallo",
    "Haines",
    "Ito",
    "Jovanovic",
    "Keller",
    "Lopez",
    "Mensah",
    "Novak",
    "Okoro",
    "Pike",
    "Ramos",
    "Silva",
    "Toth",
    "Urban",
]

CREW_USER_TITLE = "2nd AD"


def _user(username: str, first: str, last: str, email: str) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "email": email}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _person(name: str, *, by, email: str = "", phone: str = "", user=None) -> Person:
    person = Person.objects.filter(name=name, assignments__production__slug=DEMO_SLUG).first()
    if person is None:
        person = Person.objects.filter(name=name, created_by=by).first()
    if person is None:
        person = crew_services.person_create(by=by, name=name, email=email, phone=phone, user=user)
    elif user is not None and person.user_id is None:
        crew_services.person_update(person=person, user=user)
    return person


def _role(production: Production, person: Person, role: DemoRole) -> Assignment:
    existing = production.assignments.filter(person=person, title=role.title).first()
    if existing:
        return existing
    return crew_services.assignment_create(
        production=production,
        person=person,
        department=Department.objects.get(name=role.department, production=None),
        title=role.title,
        role_kind=role.role_kind,
        key_contact=role.key_contact,
        daily_rate=Decimal(role.daily_rate) if role.daily_rate else None,
    )


def _email_for(name: str) -> str:
    return name.lower().replace(" ", ".").replace("'", "") + "@longnight.example"


def _phone_for(index: int) -> str:
    return f"+1 310 555 {index:04d}"


def _production(owner) -> Production:
    production = Production.objects.filter(slug=DEMO_SLUG).first()
    if production:
        return production
    return production_services.production_create(
        user=owner,
        title="The Long Night",
        slug=DEMO_SLUG,
        kind=Production.Kind.FEATURE,
        phase=Production.Phase.PRE_PRODUCTION,
        logline=(
            "A harbor-town paramedic has one night to prove her brother did not sink the "
            "ship that killed six men, before the man who did buries the ledger that says so."
        ),
        start_date=date(2027, 1, 11),
        wrap_date=date(2027, 2, 12),
        time_zone="America/Los_Angeles",
        currency="USD",
    )


def _staff(production: Production, owner, crew_user) -> None:
    phone_index = 100
    for role in CREATIVE:
        phone_index += 1
        is_owner = role.name == owner.get_full_name()
        person = _person(
            role.name,
            by=owner,
            email=owner.email if is_owner else _email_for(role.name),
            phone=_phone_for(phone_index),
            user=owner if is_owner else None,
        )
        _role(production, person, role)
    for actor, character, rate in CAST:
        phone_index += 1
        person = _person(actor, by=owner, email=_email_for(actor), phone=_phone_for(phone_index))
        _role(
            production, person, DemoRole(actor, "Cast", character.title(), "cast", daily_rate=rate)
        )
    names = iter(zip(FIRST_NAMES, LAST_NAMES, strict=True))
    for department, titles in CREW:
        for title in titles:
            first, last = next(names)
            name = f"{first} {last}"
            phone_index += 1
            is_crew_user = title == CREW_USER_TITLE
            person = _person(
                name,
                by=owner,
                email=crew_user.email if is_crew_user else _email_for(name),
                phone=_phone_for(phone_index),
                user=crew_user if is_crew_user else None,
            )
            key = title in ("1st AD", "Production Manager", "Line Producer")
            _role(production, person, DemoRole(name, department, title, key_contact=key))
    _extra_crew(production, owner, names, phone_index)


def _extra_crew(production: Production, owner, names, phone_index: int) -> None:
    """Fill the bigger departments so the crew list looks like a real feature's."""
    extra = [
        ("Grip", "Grip"),
        ("Electric", "Electrician"),
        ("Art", "Art PA"),
        ("Production", "Production Assistant"),
        ("Camera", "Camera PA"),
        ("Transport", "Driver"),
    ]
    for department, title in extra:
        first, last = next(names)
        name = f"{first} {last}"
        phone_index += 1
        person = _person(name, by=owner, email=_email_for(name), phone=_phone_for(phone_index))
        _role(production, person, DemoRole(name, department, title))


def _dates_off(production: Production) -> None:
    wanted = [
        ("Grace Adeyemi", date(2027, 1, 20), date(2027, 1, 21), "Theatre matinee"),
        ("Milo Park", date(2027, 2, 1), date(2027, 2, 1), "School exam"),
        ("Paul Marchetti", date(2027, 1, 28), date(2027, 1, 29), "Family wedding"),
        ("Abby Abbott", date(2027, 2, 8), date(2027, 2, 8), "Medical appointment"),
    ]
    for name, start, end, reason in wanted:
        person = Person.objects.filter(name=name, assignments__production=production).first()
        if person is None or Unavailability.objects.filter(person=person, start_date=start):
            continue
        crew_services.unavailability_create(
            person=person, start_date=start, end_date=end, reason=reason
        )


def _members(production: Production, owner, crew_user) -> None:
    if not production.memberships.filter(user=crew_user).exists():
        production_services.membership_add(
            production=production, user=crew_user, access=Membership.Access.CREW, by=owner
        )


@transaction.atomic
def demo_seed() -> Production:
    """Create (or complete) the demo production and its users ``producer`` and ``crew``."""
    crew_services.departments_ensure_standard()
    owner = _user("producer", "Marcus", "Webb", "marcus.webb@longnight.example")
    crew_user = _user("crew", "Finn", "Fontaine", "crew@longnight.example")
    production = _production(owner)
    if not production.memberships.filter(user=owner).exists():
        production_services.membership_add(
            production=production, user=owner, access=Membership.Access.OWNER, by=owner
        )
    _members(production, owner, crew_user)
    _staff(production, owner, crew_user)
    _dates_off(production)
    # The screenplay and its breakdown (issue 3) go here, then the schedule (issue 4).
    demo_breakdown_seed(production, owner)
    demo_schedule_seed(production, owner)
    demo_shots_seed(production, owner)  # before the call sheets: their times follow the plan
    demo_callsheets_seed(production, owner)
    demo_reports_seed(production, owner)
    demo_casting_seed(production)
    demo_collaboration_seed(production)
    demo_budget_seed(production)
    return production
