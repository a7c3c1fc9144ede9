"""Seed the large production the load tests use, and say what to load: `make bench` runs it
against the benchmark database (never the development one)."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken

from bench import callsheet as bench_callsheets
from bench import office as bench_office
from bench import stripboard as bench
from bench.new_pages import new_page_targets
from callsheets import services
from callsheets.models import CallSheet
from crew.models import Assignment, Department, Person
from productions.models import Production

User = get_user_model()
SLUG = "bench"
CALLSHEET_SLUG = "bench-callsheet"
CREW = 160  # with the 40 cast: 200 people
VERSIONS = 10


class Command(BaseCommand):
    help = "Seed the benchmark production (300 scenes, 200 people, 60 days) and print targets."

    def handle(self, *args, **options):
        if "bench" not in str(settings.DATABASES["default"]["NAME"]):
            raise CommandError("bench_seed only runs on a database whose name contains 'bench'.")
        user = _user()
        with transaction.atomic():
            _clear()
            production = bench.schedule_fixture(slug=SLUG, scenes=300, days=60, cast=40, user=user)
            _crew(production)
            callsheet = bench_callsheets.callsheet_fixture(
                slug=CALLSHEET_SLUG, people=120, user=user, publish=True
            )
            _revise(callsheet, user)
            office = [bench_office.office_fixture(n) for n in range(bench_office.PRODUCTIONS)]
        new_pages = new_page_targets(production, user)
        targets = _targets(user, callsheet, new_pages)
        summary = {
            "scenes": production.scenes.count(),
            "people": production.assignments.values("person").distinct().count(),
            "shoot_days": len(bench.selectors.board_for(production).days),
            "cast": production.characters.exclude(cast_id="").count(),
            "callsheet_versions": callsheet.versions.count(),
            "callsheet_people": callsheet.links.count(),
            "office_productions": len(office),
            "office_users": sum(len(members) for _, members, _ in office),
        }
        plan = {"productions": [_office_production(*built) for built in office]}
        self.stdout.write(json.dumps({"summary": summary, "targets": targets, "office": plan}))


def _user():
    user, _ = User.objects.get_or_create(username="bench-producer")
    return user


def _clear() -> None:
    slugs = [SLUG, CALLSHEET_SLUG, *bench_office.slugs()]
    for production in Production.objects.filter(slug__in=slugs):
        people = list(production.assignments.values_list("person_id", flat=True))
        # A budget's cast lines must keep their role (a check constraint): the budgets go
        # before the roles do (bench/new_pages.py seeds one).
        budgets = getattr(production, "budgets", None)
        if budgets is not None:
            budgets.all().delete()
        production.delete()
        Person.objects.filter(pk__in=people, assignments__isnull=True).delete()
    # The casting board's candidates (bench/new_pages.py) have no role on the production.
    Person.objects.filter(
        email__startswith="bench.actor.", assignments__isnull=True, candidacies__isnull=True
    ).delete()


def _crew(production: Production) -> None:
    departments = list(Department.objects.filter(production=None).exclude(name="Cast"))
    people = Person.objects.bulk_create(
        Person(name=f"Crew {n}", email=f"crew{n}@bench.example", phone=f"+1 555 01{n:03d}")
        for n in range(CREW)
    )
    Assignment.objects.bulk_create(
        Assignment(
            production=production,
            person=person,
            department=departments[n % len(departments)],
            title=f"Crew role {n}",
            role_kind="crew",
        )
        for n, person in enumerate(people)
    )


def _revise(callsheet: CallSheet, user) -> None:
    """Publish the sheet until it has ``VERSIONS`` versions, changing the weather each time."""
    for n in range(callsheet.versions.count(), VERSIONS):
        services.callsheet_update(callsheet=callsheet, weather=f"Revision {n + 1}: clear")
        services.callsheet_publish(callsheet=callsheet, by=user, send=False)


def _session_cookie(user) -> str:
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _queries(path: str, headers: dict[str, str], user) -> tuple[int, int]:
    """Return the queries of a request on a cold cache (the first since seeding), then warm."""
    # 127.0.0.1 is in the ALLOWED_HOSTS the benchmark runs with; "testserver" is not.
    client = Client(HTTP_HOST="127.0.0.1")
    if "Cookie" in headers:
        client.force_login(user)
    extra = {"HTTP_AUTHORIZATION": headers["Authorization"]} if "Authorization" in headers else {}
    counts = []
    for _ in range(2):  # the first fills the caches the way a running server has them
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, **extra)
        if response.status_code != 200:
            raise CommandError(f"{path} answered {response.status_code} while seeding.")
        counts.append(len(captured.captured_queries))
    return counts[0], counts[1]


def _office_production(production: Production, members: list, links: list[str]) -> dict:
    api = f"/api/v1/productions/{production.slug}"
    users = []
    for user, editor in members:
        token = AuthToken.objects.create(user=user, expiry=None)[1]
        users.append({"cookie": _session_cookie(user), "token": token, "editor": editor})
    return {
        "slug": production.slug,
        "board_page": f"/productions/{production.slug}/schedule/",
        "board_api": f"{api}/stripboard/",
        "api_lists": [f"{api}/scenes/", f"{api}/dood/", f"{api}/crew/"],
        "callsheet_paths": links,
        "users": users,
    }


def _targets(user, callsheet: CallSheet, new_pages: dict) -> dict:
    token = AuthToken.objects.create(user=user, expiry=None)[1]
    cookie = {"Cookie": _session_cookie(user)}
    api = {"Authorization": f"Token {token}"}
    targets = {
        "floor": {"path": "/healthz/", "headers": {}},
        "callsheet_by_token": {
            "path": bench_callsheets.personal_path(callsheet),
            "headers": {},
            # The whole crew opens the sheet at once: the load goes round everyone's link.
            "rotate": bench_callsheets.personal_paths(callsheet),
        },
        "stripboard": {"path": f"/productions/{SLUG}/schedule/", "headers": cookie},
        "api_scenes": {"path": f"/api/v1/productions/{SLUG}/scenes/", "headers": api},
        "api_dood": {"path": f"/api/v1/productions/{SLUG}/dood/", "headers": api},
        "api_crew": {"path": f"/api/v1/productions/{SLUG}/crew/", "headers": api},
    }
    # The pages other apps brought (bench/new_pages.py), each as its user opens it.
    logins = {name: page_user for name, (_, page_user) in new_pages.items()}
    for name, (path, page_user) in new_pages.items():
        targets[name] = {"path": path, "headers": {"Cookie": _session_cookie(page_user)}}
    for name, target in targets.items():
        target["cold_queries"], target["queries"] = _queries(
            target["path"], target["headers"], logins.get(name, user)
        )
    return targets
