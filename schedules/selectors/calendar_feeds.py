"""The calendar feeds: the production's shoot days and each person's calls, as iCalendar."""

import re
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.urls import reverse

from productions.models import Production
from schedules.calendar_feed import FeedEvent, person_feed, production_feed
from schedules.models import FeedToken, ScheduleSettings, ShootDay, Strip
from schedules.selectors.conflict_inputs import _combine
from schedules.selectors.people import person_work_days
from schedules.selectors.schedule_settings import settings_of
from schedules.selectors.versions import active_version
from schedules.services.feed_tokens import feed_token_hash


def feed_token_find(token: str) -> FeedToken | None:
    """Return the live feed a URL token opens, or None."""
    if not token or len(token) > 100:
        return None
    return (
        FeedToken.objects.filter(
            token_hash=feed_token_hash(token), production__deleted_at__isnull=True
        )
        .select_related("production", "person")
        .first()
    )


def _day_times(day: ShootDay, at: time | None, settings: ScheduleSettings, tz):
    """Return an event's start and end: timed from the call, or the whole day."""
    if at is None:
        return day.date, day.date + timedelta(days=1)
    start = datetime.combine(day.date, at, tzinfo=tz)
    wrap = _combine(day.date, day.estimated_wrap, tz)
    if wrap is None or wrap == start:
        wrap = start + timedelta(minutes=settings.day_capacity_minutes or 720)
    elif wrap < start:
        wrap += timedelta(days=1)
    return start, wrap


def _event_times(day: ShootDay, settings: ScheduleSettings, tz) -> dict:
    start, end = _day_times(day, day.general_call, settings, tz)
    return {"start": start, "end": end}


def _feed_days(production: Production):
    version = active_version(production)
    if version is None:
        return None, [], {}
    days = list(version.days.select_related("location").order_by("date"))
    numbers: dict[int, list[str]] = defaultdict(list)
    strips = version.strips.filter(day__isnull=False, kind=Strip.Kind.SCENE, scene__omitted=False)
    for day_id, number, part in strips.order_by("order").values_list(
        "day_id", "scene__number", "part"
    ):
        numbers[day_id].append(f"{number} pt {part}" if part else number)
    return version, days, numbers


def _place(day: ShootDay) -> str:
    if day.location is None:
        return ""
    return ", ".join(part for part in (day.location.name, day.location.address) if part)


def _describe(day: ShootDay, scenes: list[str], extra: str = "") -> str:
    lines = []
    if scenes:
        lines.append(f"Scenes {', '.join(scenes)}")
    for label, at in (
        ("General call", day.general_call),
        ("Shooting call", day.shooting_call),
        ("Estimated wrap", day.estimated_wrap),
    ):
        if at is not None:
            lines.append(f"{label} {at:%H:%M}")
    if extra:
        lines.append(extra)
    if day.notes:
        lines.append(day.notes)
    return "\n".join(lines)


def production_feed_ics(production: Production) -> bytes:
    """Return the production's calendar: one event per shoot day of the active schedule."""
    version, days, numbers = _feed_days(production)
    settings = settings_of(production)
    events = [
        FeedEvent(
            uid=day.feed_uid,
            summary=f"Day {day.day_number} of {len(days)}: {production.title}",
            **_event_times(day, settings, production.tz),
            location=_place(day),
            description=_describe(day, numbers.get(day.pk, [])),
            last_modified=version.updated_at,
        )
        for day in days
    ]
    return production_feed(events, title=production.title, time_zone=production.time_zone)


def person_feed_ics(production: Production, person) -> bytes:
    """Return one person's calls on the production: only the days they work."""
    version, days, numbers = _feed_days(production)
    settings = settings_of(production)
    working = person_work_days(production, person, days) if days else {}
    events = []
    for day in days:
        if day.pk not in working:
            continue
        start, end = _day_times(day, day.general_call, settings, production.tz)
        call = f"call {day.general_call:%H:%M}" if day.general_call else "call to be confirmed"
        mine = working[day.pk]
        events.append(
            FeedEvent(
                uid=f"{day.feed_uid.removesuffix('@studio')}-person-{person.pk}@studio",
                summary=f"{production.title}: {call} (Day {day.day_number} of {len(days)})",
                start=start,
                end=end,
                location=_place(day),
                description=_describe(
                    day, numbers.get(day.pk, []), f"Your scenes: {', '.join(mine)}" if mine else ""
                ),
                last_modified=version.updated_at,
            )
        )
    return person_feed(events, person=person.name, time_zone=production.time_zone)


def feed_links(request, token: str) -> dict[str, str]:
    """Return a feed's absolute URL, and the same as webcal:// for one-tap subscribing."""
    url = request.build_absolute_uri(reverse("schedules:feed", kwargs={"token": token}))
    return {"url": url, "webcal": re.sub(r"^https?://", "webcal://", url)}
