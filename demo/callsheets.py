"""The demo production's call sheets: the whole flow at a glance for a newcomer.

Day 1 is published, then revised once (version 2: camera pre-lights half an hour earlier and
lunch moves), and its deliveries are spread over every state: confirmed, opened, sent,
failed and queued. Finn Fontaine, the 2nd AD and the ``crew`` demo user, has his copy sent
but not opened, so signing in as ``crew`` shows "Your call" with a Confirm button. Day 2 is
a draft. Nothing is emailed: the versions are published with ``send=False`` and the states
set as the worker would have left them. Idempotent: a day that has a call sheet is left alone.
"""

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from callsheets import assembly, services
from callsheets.models import CallSheet, CallSheetVersion, Delivery
from crew.models import Department
from productions.models import Production
from schedules.models import ShootDay

WEATHER = "Marine layer until 10:00, then sunny. High 19 °C, low 11 °C. Wind W 10 mph."
SAFETY = (
    "Working at the water's edge: life vests on the pier past the yellow line. "
    "Forklifts move in the port all day; stay inside the taped walkways."
)
WALKIE = "1 Production\n2 Open\n3 Transport\n4 Grip & Electric\n5 Camera\n6 Locations"
DEPARTMENT_CALLS = [
    ("Catering", time(5, 30), "Breakfast from 05:30 at basecamp."),
    ("Transport", time(5, 0), "First shuttle from crew parking at 05:15."),
    ("Hair & Makeup", time(5, 45), ""),
    ("Camera", time(6, 30), "Pre-light the pier."),
]
FAILED = "SMTPRecipientsRefused: 550 5.1.1 Mailbox unavailable"
CREW_USER = "crew"


def _days(production: Production) -> list[ShootDay]:
    return list(
        ShootDay.objects.filter(version__production=production, version__is_active=True)
        .order_by("date")
        .select_related("location")[:2]
    )


def _dress(callsheet: CallSheet) -> None:
    """Fill the draft as a 2nd AD would: weather, safety, walkies, background, calls."""
    services.callsheet_update(
        callsheet=callsheet,
        weather=WEATHER,
        safety_notes=SAFETY,
        walkie_channels=WALKIE,
        background_count=12,
        background_call=time(6, 0),
        background_on_set=time(7, 30),
        background_notes="Dock workers, night-shift look.",
        notes="Parking is tight: car-share from the Port lot, please.",
    )
    departments = {d.name: d.pk for d in Department.objects.filter(production=None)}
    services.callsheet_crew_set(
        callsheet=callsheet,
        departments=[
            services.DepartmentCall(departments[name], call, notes)
            for name, call, notes in DEPARTMENT_CALLS
            if name in departments
        ],
    )
    cast = assembly.callsheet_sheet(callsheet)["cast"]
    rows = [
        services.CastTimes(
            row["character_id"],
            pickup=time(5, 15 + 10 * n),
            makeup=time(6, 0 + 10 * n),
            wardrobe=time(6, 45 + 5 * n),
            remarks="Picked up from the hotel" if n == 0 else "",
        )
        for n, row in enumerate(cast[:3])
    ]
    services.callsheet_cast_set(callsheet=callsheet, rows=rows)


def _revise(callsheet: CallSheet) -> None:
    """The change that makes version 2: camera half an hour earlier, lunch later."""
    camera = Department.objects.filter(production=None, name="Camera").first()
    if camera is not None:
        services.callsheet_crew_set(
            callsheet=callsheet,
            departments=[services.DepartmentCall(camera.pk, time(6, 0), "Pre-light the pier.")],
        )
    services.callsheet_update(callsheet=callsheet, lunch=time(13, 0))


def _as_sent(version: CallSheetVersion, at) -> None:
    version.deliveries.update(state=Delivery.State.SENT, sent_at=at, attempts=1)


def _spread(version: CallSheetVersion, at, finn_id: int | None) -> None:
    """Leave the version's deliveries in every state, Finn's sent but not opened."""
    others = list(version.deliveries.exclude(person_id=finn_id).order_by("person__name", "pk"))
    _as_sent(version, at)
    for n, delivery in enumerate(others):
        fields: dict = {}
        if n % 10 in (0, 1, 2, 3, 4, 5):
            opened = at + timedelta(minutes=5 + n)
            fields = {"opened_at": opened, "confirmed_at": opened + timedelta(minutes=2)}
        elif n % 10 in (6, 7):
            fields = {"opened_at": at + timedelta(minutes=20 + n)}
        elif n % 10 == 8 and n < 20:
            fields = {
                "state": Delivery.State.FAILED,
                "sent_at": None,
                "failed_at": at + timedelta(minutes=1),
                "error": FAILED,
                "attempts": 7,
            }
        elif n % 10 == 9 and n < 20:
            fields = {"state": Delivery.State.QUEUED, "sent_at": None, "attempts": 0}
        if fields:
            Delivery.objects.filter(pk=delivery.pk).update(**fields)


def _publish(callsheet: CallSheet, owner, hours_ago: int) -> CallSheetVersion:
    version = services.callsheet_publish(callsheet=callsheet, by=owner, send=False)
    at = timezone.now() - timedelta(hours=hours_ago)
    CallSheetVersion.objects.filter(pk=version.pk).update(published_at=at)
    version.deliveries.update(queued_at=at)
    version.published_at = at
    return version


def _finn(production: Production) -> int | None:
    person = production.assignments.filter(person__user__username=CREW_USER).first()
    return person.person_id if person else None


@transaction.atomic
def demo_callsheets_seed(production: Production, owner) -> None:
    """Give the demo's first shoot day a revised, half-confirmed call sheet; the second a
    draft. Leave days that already have call sheets alone."""
    days = _days(production)
    taken = set(production.callsheets.values_list("date", flat=True))
    for index, day in enumerate(days):
        if day.date in taken:
            continue
        callsheet = services.callsheet_generate(production=production, shoot_day=day, by=owner)
        _dress(callsheet)
        if index > 0:
            continue
        first = _publish(callsheet, owner, hours_ago=26)
        _as_sent(first, first.published_at + timedelta(minutes=1))
        first.deliveries.update(opened_at=first.published_at + timedelta(minutes=30))
        _revise(callsheet)
        second = _publish(callsheet, owner, hours_ago=3)
        _spread(second, second.published_at + timedelta(minutes=1), _finn(production))
