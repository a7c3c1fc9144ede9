"""Assemble a call sheet from the active schedule, the crew list and the draft.

The draft (``CallSheet`` and its cast, department and crew rows) holds only what the AD adds
or overrides; the scenes, cast, crew and Day Out of Days status are read from the active
schedule each time the draft is shown (``callsheet_sheet``). Publishing freezes that reading as
a ``CallSheetVersion`` whose JSON is everything the sheet shows (see ``services``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any
from urllib.parse import quote_plus

from django.db.models import Prefetch, Q, QuerySet

from callsheets.formatting import day_label, hhmm, natural_key, phone_digits, place_line, time_after
from callsheets.models import (
    CallSheet,
    CallSheetCast,
    CallSheetCrew,
)
from callsheets.sun import sun_times
from crew.models import Assignment, Person
from productions.eighths import format_eighths
from productions.models import Character, Location, Production
from schedules import selectors as schedule_selectors
from schedules.models import ScheduleSettings, ShootDay, Strip
from shots.sheet import sheet_plan

LUNCH_LIMIT = timedelta(hours=6)


# The creative roles listed as key contacts even when nobody ticked "key contact".
CONTACT_KINDS = (Assignment.RoleKind.DIRECTOR, Assignment.RoleKind.PRODUCER)


def lunch_warning(general_call: time | None, lunch: time | None) -> str:
    """Return a warning when lunch is more than six hours after the general call, else ""."""
    if general_call is None or lunch is None or time_after(general_call, lunch) <= LUNCH_LIMIT:
        return ""
    return (
        f"Lunch at {hhmm(lunch)} is more than 6 hours after the {hhmm(general_call)} call: "
        "a meal penalty is likely."
    )


@dataclass
class _Plan:
    """The active schedule around one date: that day, the next one, and their strips."""

    version: Any
    day: ShootDay | None
    next_day: ShootDay | None
    day_count: int
    strips: dict[int, list[Strip]]


def active_days(production: Production) -> list[ShootDay]:
    return list(
        ShootDay.objects.filter(version__production=production, version__is_active=True)
        .select_related("location", "version")
        .order_by("date", "pk")
    )


def _plan(production: Production, on: date) -> _Plan:
    days = active_days(production)
    day = next((d for d in days if d.date == on), None)
    next_day = next((d for d in days if d.date > on), None)
    wanted = [d.pk for d in (day, next_day) if d is not None]
    characters = Character.objects.select_related("assignment__person").order_by("pk")
    strips = (
        Strip.objects.filter(day_id__in=wanted)
        .exclude(kind=Strip.Kind.SCENE, scene__omitted=True)
        .select_related("scene__location")
        .prefetch_related(Prefetch("scene__characters", queryset=characters))
        .order_by("order", "pk")
    )
    by_day: dict[int, list[Strip]] = {pk: [] for pk in wanted}
    for strip in strips:
        by_day[strip.day_id].append(strip)
    version = days[0].version if days else None
    return _Plan(version, day, next_day, len(days), by_day)


def _label(strip: Strip) -> str:
    number = strip.scene.number
    return f"{number} pt {strip.part}" if strip.part else number


def _scene_row(strip: Strip) -> dict:
    if strip.kind == Strip.Kind.BANNER:
        return {"banner": strip.text}
    scene = strip.scene
    eighths = strip.eighths or scene.page_eighths
    cast_ids = sorted((c.cast_id for c in scene.characters.all() if c.cast_id), key=natural_key)
    return {
        "number": _label(strip),
        "int_ext": scene.int_ext,
        "set_name": scene.set_name,
        "synopsis": scene.synopsis,
        "day_night": "N" if scene.is_night else "D",
        "cast_ids": cast_ids,
        "pages": format_eighths(eighths),
        "eighths": eighths,
        "location": scene.location.name if scene.location_id else "",
    }


def _scenes(strips: list[Strip]) -> tuple[list[dict], int]:
    rows = [_scene_row(strip) for strip in strips]
    return rows, sum(row.get("eighths", 0) for row in rows)


def _dood_codes(production: Production, on: date) -> dict[str, str]:
    """Return each cast ID's Day Out of Days code on ``on`` (SW, W, WF, H…)."""
    table = schedule_selectors.dood_for(production)
    if on not in table.days:
        return {}
    index = table.days.index(on)
    return {line.cast_id: line.row.codes[index] for line in table.lines}


@dataclass(frozen=True)
class _Times:
    general: time | None
    shooting: time | None
    wrap: time | None


def _times(callsheet: CallSheet, day: ShootDay | None, defaults: ScheduleSettings) -> _Times:
    return _Times(
        general=callsheet.general_call
        or (day.general_call if day else None)
        or defaults.default_general_call,
        shooting=callsheet.shooting_call or (day.shooting_call if day else None),
        wrap=callsheet.estimated_wrap
        or (day.estimated_wrap if day else None)
        or defaults.default_wrap,
    )


def _cast_of(strips: list[Strip]) -> tuple[list[Character], dict[int, list[str]]]:
    """Return the day's characters (by cast ID), and the scenes each one is in."""
    found: dict[int, Character] = {}
    scenes: dict[int, list[str]] = {}
    for strip in strips:
        if strip.kind != Strip.Kind.SCENE:
            continue
        for character in strip.scene.characters.all():
            found.setdefault(character.pk, character)
            scenes.setdefault(character.pk, []).append(_label(strip))
    ordered = sorted(
        found.values(), key=lambda c: (c.cast_id == "", natural_key(c.cast_id), c.name)
    )
    return ordered, scenes


def _cast_row(character: Character, times: _Times, own: CallSheetCast | None, code: str) -> dict:
    makeup = (own.makeup if own else None) or times.general
    on_set = (own.on_set if own else None) or times.shooting
    wardrobe = own.wardrobe if own else None
    called = [t for t in (makeup, wardrobe, on_set) if t is not None]
    person = character.assignment.person if character.assignment_id else None
    return {
        "character_id": character.pk,
        "cast_id": character.cast_id,
        "character": character.name,
        "person_id": person.pk if person else None,
        "actor": person.name if person else "",
        "status": code,
        "pickup": hhmm(own.pickup if own else None),
        "makeup": hhmm(makeup),
        "wardrobe": hhmm(wardrobe),
        "on_set": hhmm(on_set),
        "remarks": own.remarks if own else "",
        "call": hhmm(min(called)) if called else "",
    }


def _cast(callsheet: CallSheet, strips: list[Strip], times: _Times, codes: dict[str, str]):
    characters, scenes = _cast_of(strips)
    own = {row.character_id: row for row in callsheet.cast_calls.all()}
    rows = [
        _cast_row(character, times, own.get(character.pk), codes.get(character.cast_id, ""))
        for character in characters
    ]
    return rows, scenes


def _on_the_day(production: Production, on: date) -> QuerySet[Assignment]:
    """Return the non-cast roles whose dates include ``on``, in crew-list order."""
    return (
        Assignment.objects.filter(production=production)
        .exclude(role_kind=Assignment.RoleKind.CAST)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=on))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("person", "department")
        .order_by("department__order", "department__name", "title", "person__name", "pk")
    )


def _phone(person: Person) -> dict:
    # A private number never reaches the sheet, so no page, PDF or token can show it.
    if person.phone_private or not person.phone:
        return {"phone": "", "tel": ""}
    return {"phone": person.phone, "tel": phone_digits(person.phone)}


def _crew_row(role: Assignment, call: time | None, own: CallSheetCrew | None) -> dict:
    return {
        "person_id": role.person_id,
        "name": role.person.name,
        "title": role.title,
        "call": hhmm((own.call if own else None) or call),
        "own_call": bool(own and own.call),
        "note": own.note if own else "",
        **_phone(role.person),
    }


def _crew(callsheet: CallSheet, roles: list[Assignment], general: time | None) -> list[dict]:
    """Return the crew by department: each department's call and notes, and its people."""
    notes = {row.department_id: row for row in callsheet.departments.all()}
    own = {row.person_id: row for row in callsheet.crew_calls.all()}
    departments: dict[int, dict] = {}
    for role in roles:
        if role.role_kind not in schedule_selectors.ON_SET and not role.key_contact:
            continue
        dept = notes.get(role.department_id)
        call = (dept.call if dept else None) or general
        entry = departments.setdefault(
            role.department_id,
            {
                "id": role.department_id,
                "name": role.department.name,
                "call": hhmm(call),
                "notes": dept.notes if dept else "",
                "people": [],
            },
        )
        entry["people"].append(_crew_row(role, call, own.get(role.person_id)))
    return list(departments.values())


def _contacts(roles: list[Assignment]) -> list[dict]:
    """Return the key contacts: the director, the producers, then whoever is marked key."""
    chosen = [r for r in roles if r.key_contact or r.role_kind in CONTACT_KINDS]
    rank = {Assignment.RoleKind.DIRECTOR: 0, Assignment.RoleKind.PRODUCER: 1}
    chosen.sort(key=lambda r: rank.get(r.role_kind, 2))
    return [{"role": r.title, "name": r.person.name, **_phone(r.person)} for r in chosen]


def _place(location: Location | None, callsheet: CallSheet) -> dict:
    if location is None:
        return {
            "name": "",
            "address": "",
            "map_url": "",
            "notes": "",
            "basecamp": callsheet.basecamp,
            "parking": callsheet.crew_parking,
            "hospital": _hospital(None, callsheet),
        }
    return {
        "name": location.name,
        "address": location.address,
        "map_url": location.map_url,
        "notes": location.notes,
        "basecamp": callsheet.basecamp or location.basecamp,
        "parking": callsheet.crew_parking or location.parking,
        "hospital": _hospital(location, callsheet),
    }


def _hospital(location: Location | None, callsheet: CallSheet) -> dict:
    name = callsheet.hospital_name or (location.nearest_hospital if location else "")
    address = callsheet.hospital_address or (location.hospital_address if location else "")
    phone = callsheet.hospital_phone or (location.hospital_phone if location else "")
    query = ", ".join(part for part in (name, address) if part)
    return {
        "name": name,
        "address": address,
        "phone": phone,
        "tel": phone_digits(phone),
        "map_url": f"https://www.openstreetmap.org/search?query={quote_plus(query)}"
        if query
        else "",
    }


def _sun(location: Location | None, on: date, production: Production) -> dict:
    if location is None or location.latitude is None or location.longitude is None:
        return {"sunrise": "", "sunset": ""}
    times = sun_times(
        latitude=float(location.latitude),
        longitude=float(location.longitude),
        day=on,
        tz=production.tz,
    )
    return {
        "sunrise": times.sunrise.strftime("%H:%M") if times.sunrise else "",
        "sunset": times.sunset.strftime("%H:%M") if times.sunset else "",
    }


def _advance(plan: _Plan) -> dict | None:
    day = plan.next_day
    if day is None:
        return None
    rows, eighths = _scenes(plan.strips.get(day.pk, []))
    return {
        "date": day.date.isoformat(),
        "date_label": day_label(day.date),
        "day_number": day.day_number,
        "location": day.location.name if day.location_id else "",
        "general_call": hhmm(day.general_call),
        "scenes": rows,
        "total_pages": format_eighths(eighths),
    }


def _calls(cast: list[dict], cast_scenes, crew: list[dict], day_scenes: list[str], place: str):
    """Return each person's own call, roles and scenes: what their message and diff use."""
    calls: dict[str, dict] = {}

    def add(person_id: int, name: str, call: str, role: str, scenes: list[str]) -> None:
        entry = calls.setdefault(
            str(person_id),
            {"name": name, "call": call, "roles": [], "scenes": [], "location": place},
        )
        if call and (not entry["call"] or call < entry["call"]):
            entry["call"] = call
        entry["roles"].append(role)
        entry["scenes"] += [s for s in scenes if s not in entry["scenes"]]

    for row in cast:
        if row["person_id"] is not None:
            role = f"{row['character']} ({row['cast_id']})" if row["cast_id"] else row["character"]
            add(row["person_id"], row["actor"], row["call"], role,
                cast_scenes.get(row["character_id"], []))  # fmt: skip
    for department in crew:
        for person in department["people"]:
            add(person["person_id"], person["name"], person["call"], person["title"], day_scenes)
    return calls


def _header(production: Production, plan: _Plan) -> dict:
    script = production.scripts.order_by("-uploaded_at", "-pk").first()
    return {
        "production": production.title,
        "time_zone": production.time_zone,
        "day_number": plan.day.day_number if plan.day else None,
        "day_count": plan.day_count,
        "script": script.get_revision_colour_display() if script else "",
        "script_revision": script.revision_name if script else "",
        "schedule": plan.version.name if plan.version else "",
        "schedule_revision": plan.version.revision if plan.version else None,
    }


def _warnings(plan: _Plan, times: _Times, callsheet: CallSheet, cast: list[dict]) -> list[str]:
    found = []
    if plan.day is None:
        found.append(
            f"The active schedule has no shoot day on {day_label(callsheet.date)}: "
            "there is nothing to call."
        )
    if text := lunch_warning(times.general, callsheet.lunch):
        found.append(text)
    for row in cast:
        if row["person_id"] is None:
            found.append(f"{row['character']} has no actor yet.")
    return found


def callsheet_sheet(callsheet: CallSheet) -> dict:
    """Return the whole call sheet as plain JSON values, read from the draft and the schedule.

    This is what every page, email and PDF renders, and what publishing freezes. A fixed
    number of queries, whatever the size of the cast and crew.
    """
    production = callsheet.production
    plan = _plan(production, callsheet.date)
    defaults = schedule_selectors.settings_of(production)
    times = _times(callsheet, plan.day, defaults)
    strips = plan.strips.get(plan.day.pk, []) if plan.day else []
    scenes, eighths = _scenes(strips)
    # The director's plan: today's shots, and the wrap they take. A wrap typed on the sheet
    # still wins; the draft starts with the day's wrap, which the plan's replaces.
    shot_plan = sheet_plan(
        production, plan.day, strips, start=times.shooting or times.general, lunch=callsheet.lunch
    )
    day_wrap = (plan.day.estimated_wrap if plan.day else None) or defaults.default_wrap
    typed_wrap = callsheet.estimated_wrap if callsheet.estimated_wrap != day_wrap else None
    cast, cast_scenes = _cast(callsheet, strips, times, _dood_codes(production, callsheet.date))
    roles = list(_on_the_day(production, callsheet.date))
    crew = _crew(callsheet, roles, times.general)
    location = callsheet.location or (plan.day.location if plan.day else None)
    place = _place(location, callsheet)
    day_scenes = [row["number"] for row in scenes if "number" in row]
    return {
        **_header(production, plan),
        "date": callsheet.date.isoformat(),
        "date_label": day_label(callsheet.date),
        "version": None,
        "published_at": None,
        "closed_set": callsheet.closed_set,
        "weather": callsheet.weather,
        "times": {
            "general_call": hhmm(times.general),
            "shooting_call": hhmm(times.shooting),
            "breakfast": hhmm(callsheet.breakfast),
            "lunch": hhmm(callsheet.lunch),
            "estimated_wrap": hhmm(typed_wrap or shot_plan["wrap"] or times.wrap),
        },
        "sun": _sun(location, callsheet.date, production),
        "location": place,
        "scenes": scenes,
        "total_pages": format_eighths(eighths),
        "shots": shot_plan["shots"],
        "cast": cast,
        "background": {
            "count": callsheet.background_count,
            "call": hhmm(callsheet.background_call),
            "on_set": hhmm(callsheet.background_on_set),
            "notes": callsheet.background_notes,
        },
        "crew": crew,
        "contacts": _contacts(roles),
        "advance": _advance(plan),
        "notes": callsheet.notes,
        "safety_notes": callsheet.safety_notes,
        "walkie": [line.strip() for line in callsheet.walkie_channels.splitlines() if line.strip()],
        "warnings": _warnings(plan, times, callsheet, cast),
        "calls": _calls(cast, cast_scenes, crew, day_scenes, place_line(place)),
    }


def sheet_without_calls(sheet: dict) -> dict:
    """Return the sheet as a person may read it: the per-person index left out."""
    return {key: value for key, value in sheet.items() if key != "calls"}
