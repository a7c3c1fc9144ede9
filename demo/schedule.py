"""The demo production's shooting schedule: five weeks from Monday 11 January 2027.

Built through the schedule's services, as a 1st AD would: the working days (weekends and
Martin Luther King Jr. Day off), the scenes grouped by location with day work before night
work, calls that respect the turnaround after a night, travel, rehearsals and a fitting, and
two deliberate conflicts to show: Grace Adeyemi (RUTH) is scheduled on 20 January, when she
is off, and Paul Marchetti (OSCAR) on 28 January. It works on whatever scenes the production
has. Idempotent: a production whose schedule already has days is left alone.
"""

from collections.abc import Iterable
from datetime import date, time, timedelta

from django.db import transaction

from productions.models import Character, Production, Scene
from schedules import selectors, services
from schedules.models import CastEvent

START = date(2027, 1, 11)
WEEKS = 5
HOLIDAYS = [(date(2027, 1, 18), "Martin Luther King Jr. Day")]
DAY_CALL, DAY_WRAP = time(7, 0), time(19, 0)
NIGHT_CALL, NIGHT_WRAP = time(17, 0), time(5, 0)
ONE_DAY = timedelta(days=1)
# Character, date, kind: prep days before the shoot and on the way in.
EVENTS = [
    ("MAYA", date(2027, 1, 7), CastEvent.Kind.FITTING),
    ("MAYA", date(2027, 1, 8), CastEvent.Kind.REHEARSAL),
    ("DANIEL", date(2027, 1, 8), CastEvent.Kind.REHEARSAL),
]
TRAVELLER = "VICTOR"  # flies in the day before his first work day
# The deliberate conflicts: each character gets a scene on a date their actor is off.
CONFLICTS = [("RUTH", date(2027, 1, 20)), ("OSCAR", date(2027, 1, 28))]


@transaction.atomic
def demo_schedule_seed(production: Production, owner) -> None:
    """Schedule the demo production's scenes over five weeks, once."""
    version = services.schedule_ensure(production=production, by=owner)
    if version.days.exists():
        return
    for day, name in HOLIDAYS:
        if not production.holidays.filter(date=day).exists():
            services.holiday_add(production=production, date=day, name=name)
    dates = _working_dates(production)
    services.shoot_days_add(production=production, by=owner, dates=dates)
    plan = _plan(list(production.scenes.filter(omitted=False)), len(dates))
    _make_conflicts(production, plan, dates)
    _save(production, owner, plan)
    _set_calls(production, owner)
    _events(production, owner)


def _working_dates(production: Production) -> list[date]:
    settings = services.schedule_settings_get(production=production)
    holidays = {day for day, _ in HOLIDAYS}
    last = START + timedelta(weeks=WEEKS) - timedelta(days=1)
    day, dates = START, []
    while day <= last:
        if day.weekday() in settings.weekdays and day not in holidays:
            dates.append(day)
        day += timedelta(days=1)
    return dates


def _where(scene: Scene) -> str:
    return scene.location.name if scene.location_id else scene.set_name


def _plan(scenes: list[Scene], day_count: int) -> list[list[Scene]]:
    """Group the scenes by location (day work first), then share the pages out over the days."""
    first_seen: dict[str, int] = {}
    for scene in sorted(scenes, key=lambda s: (s.script_order, s.pk)):
        first_seen.setdefault(_where(scene), len(first_seen))
    ordered = sorted(
        scenes, key=lambda s: (s.is_night, first_seen[_where(s)], s.script_order, s.pk)
    )
    total = sum(scene.page_eighths for scene in ordered)
    days: list[list[Scene]] = [[] for _ in range(day_count)]
    done = 0
    for scene in ordered:
        # The day this scene's first page falls on, if the pages were spread evenly.
        index = min(day_count - 1, done * day_count // max(total, 1))
        days[index].append(scene)
        done += scene.page_eighths
    return days


def _save(production: Production, owner, plan: list[list[Scene]]) -> None:
    board = selectors.board_for(production)
    first_night = next((i for i, scenes in enumerate(plan) if _mostly_night(scenes)), None)
    days = [
        services.DayInput(id=day.day.pk, strips=_strips(scenes, index == first_night))
        for index, (day, scenes) in enumerate(zip(board.days, plan, strict=True))
    ]
    services.board_save(
        production=production,
        board=services.BoardInput(days=days),
        expected_revision=board.revision,
        by=owner,
    )


def _mostly_night(scenes: list[Scene]) -> bool:
    night = sum(scene.page_eighths for scene in scenes if scene.is_night)
    return night * 2 > sum(scene.page_eighths for scene in scenes)


def _strips(scenes: list[Scene], nights_begin: bool) -> list[services.StripInput]:
    """Return a day's strips, with a banner where night work begins and at company moves."""
    strips = [services.StripInput(kind="banner", text="Night work begins")] if nights_begin else []
    for index, scene in enumerate(scenes):
        if index and _where(scene) != _where(scenes[index - 1]):
            strips.append(services.StripInput(kind="banner", text="Company move"))
        strips.append(services.StripInput(scene=scene.pk))
    return strips


def _cast(production: Production, name: str) -> Character | None:
    return production.characters.filter(name=name, assignment__isnull=False).first()


def _make_conflicts(production: Production, plan: list[list[Scene]], dates: list[date]) -> None:
    """Move one scene of each conflicting character onto the date their actor is off."""
    for name, day in CONFLICTS:
        character = _cast(production, name)
        if character is None or day not in dates:
            continue
        target = plan[dates.index(day)]
        theirs = set(character.scenes.values_list("pk", flat=True))
        if any(scene.pk in theirs for scene in target):
            continue
        source = next((scenes for scenes in plan if any(s.pk in theirs for s in scenes)), None)
        if source is not None:
            scene = next(s for s in source if s.pk in theirs)
            source.remove(scene)
            target.append(scene)


def _night_days(production: Production) -> Iterable[tuple]:
    for day in selectors.board_for(production).days:
        yield day.day, _mostly_night([strip.scene for strip in day.scenes])


def _set_calls(production: Production, owner) -> None:
    """Call nights late, and a day straight after a night no earlier than the turnaround."""
    settings = services.schedule_settings_get(production=production)
    previous: tuple | None = None
    for day, is_night in list(_night_days(production)):
        call, wrap = (NIGHT_CALL, NIGHT_WRAP) if is_night else (DAY_CALL, DAY_WRAP)
        after_night = (
            previous is not None and previous[1] and day.date - previous[0].date == ONE_DAY
        )
        if after_night and not is_night:
            rested = (NIGHT_WRAP.hour + settings.min_turnaround_hours) % 24  # 05:00 + 11 h
            call = time(max(DAY_CALL.hour, rested), 0)
            wrap = time((call.hour + 12) % 24, 0)
        if (day.general_call, day.estimated_wrap) != (call, wrap):
            services.shoot_day_update(day=day, by=owner, general_call=call, estimated_wrap=wrap)
        previous = (day, is_night)


def _events(production: Production, owner) -> None:
    wanted = list(EVENTS)
    traveller = _cast(production, TRAVELLER)
    if traveller is not None:
        first = (
            selectors.active_version(production)
            .days.filter(strips__scene__characters=traveller)
            .order_by("date")
            .values_list("date", flat=True)
            .first()
        )
        if first is not None:
            wanted.append((TRAVELLER, first - timedelta(days=1), CastEvent.Kind.TRAVEL))
    for name, day, kind in wanted:
        character = _cast(production, name)
        if character is None or CastEvent.objects.filter(character=character, date=day).exists():
            continue
        services.cast_event_add(production=production, character=character, date=day, kind=kind)
