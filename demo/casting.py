"""The demo's casting office: WAITRESS and NURSE open, with candidates, a callback session
with confirmed and declined slots, the director's and a producer's picks, and an offer
waiting for approval. Users ``director`` (Iris Calloway, coordinator access: she picks as the
crew list's director, edits the schedule with the AD, asks for sign-offs, and sees neither
money nor talent's contact details) and ``casting`` (the casting level)."""

from datetime import date, time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from casting import auditions, services
from casting.models import Role
from crew import services as crew_services
from crew.models import Person
from productions import services as production_services
from productions.models import Membership, Production

DEMO_PASSWORD = "studio-demo"

CANDIDATES = {
    # role: [(name, agent, source, status)]
    "WAITRESS": [
        ("Rosa Delgado", "Kim Oduya, Harbor Talent", "agent_submission", "on_hold"),
        ("Beth Ellery", "Kim Oduya, Harbor Talent", "agent_submission", "callback"),
        ("Nadia Firth", "", "self_submission", "callback"),
        ("Carol Dunn", "Sam Reyes, West Agency", "casting_pick", "shortlisted"),
        ("Lou Marsh", "", "self_submission", "considering"),
    ],
    "NURSE": [
        ("Theo Grant", "Sam Reyes, West Agency", "agent_submission", "shortlisted"),
        ("Mara Quinn", "Kim Oduya, Harbor Talent", "casting_pick", "considering"),
        ("Dee Holloway", "", "self_submission", "considering"),
    ],
}
PATHS = {
    "considering": [],
    "shortlisted": ["shortlisted"],
    "callback": ["shortlisted", "callback"],
    "on_hold": ["shortlisted", "callback", "on_hold"],
}


def _user(username: str, first: str, last: str):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@longnight.example",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _member(production: Production, user, access: str, by) -> None:
    if not production.memberships.filter(user=user).exists():
        production_services.membership_add(production=production, user=user, access=access, by=by)


def _users(production: Production, owner):
    director = _user("director", "Iris", "Calloway")
    casting = _user("casting", "Cass", "Ting")
    _member(production, director, Membership.Access.COORDINATOR, owner)
    _member(production, casting, Membership.Access.CASTING, owner)
    iris = Person.objects.filter(name="Iris Calloway", assignments__production=production).first()
    if iris is not None and iris.user_id is None:
        crew_services.person_update(person=iris, user=director)
    return director, casting


def _person(name: str, agent: str, by) -> Person:
    person = Person.objects.filter(name=name, created_by=by).first()
    if person:
        return person
    email = name.lower().replace(" ", ".") + "@talent.example"
    agent_email = agent.split(",")[0].lower().replace(" ", ".") + "@agency.example" if agent else ""
    return crew_services.person_create(
        by=by, name=name, email=email, agent=agent, agent_email=agent_email
    )


@transaction.atomic
def demo_casting_seed(production: Production) -> None:
    """Seed the demo's casting once; a second run changes nothing."""
    owner = production.memberships.get(access=Membership.Access.OWNER).user
    director, casting = _users(production, owner)
    if Role.objects.filter(production=production).exists():
        return
    candidates = {}
    for name, people in CANDIDATES.items():
        character = production.characters.filter(name=name).first()
        if character is None:
            continue
        role = services.role_create(
            production=production,
            character=character,
            description={"WAITRESS": "50s, pencil behind her ear; has seen everything."}.get(
                name, "40s, scrubs, a pen in each pocket; runs the night ward."
            ),
            age_range="40-60",
            union="SAG-AFTRA",
            rate=Decimal("1056.00"),
        )
        for person_name, agent, source, status in people:
            candidate = services.candidate_add(
                role=role, person=_person(person_name, agent, casting), source=source
            )
            for step in PATHS[status]:
                candidate = services.candidate_move(candidate=candidate, status=step)
            candidates[person_name] = candidate
    if "Rosa Delgado" not in candidates:
        return
    rosa, beth, nadia = (
        candidates["Rosa Delgado"],
        candidates["Beth Ellery"],
        candidates["Nadia Firth"],
    )
    session = auditions.session_create(
        production=production,
        role=rosa.role,
        kind="callback",
        date=date(2027, 1, 6),
        start=time(10),
        end=time(12),
        slot_minutes=20,
        place="Harbor Casting, 410 W 6th St, San Pedro",
    )
    slots = auditions.session_invite(session=session, candidates=[rosa, beth, nadia])
    auditions.invitation_answer(slot=slots[0], answer="confirm", note="Looking forward to it.")
    auditions.invitation_answer(slot=slots[1], answer="confirm")
    auditions.invitation_answer(slot=slots[2], answer="decline", note="On another job that week.")
    services.pick_record(candidate=rosa, user=director, pick="yes", note="She is the diner.")
    services.pick_record(candidate=rosa, user=owner, pick="yes", note="Within scale.")
    services.pick_record(candidate=beth, user=director, pick="maybe", note="Lovely, a bit young.")
    services.pick_record(candidate=beth, user=owner, pick="no")
    services.offer_create(
        production=production,
        candidate=rosa,
        by=casting,
        rate=Decimal("1056.00"),
        rate_unit="day",
        billing="Main titles, shared card",
        terms="Scale plus 10%; mileage from Long Beach.",
    )
