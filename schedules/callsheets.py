"""Call sheets: built from the active schedule and the crew list, published in versions, sent
through Celery, opened and confirmed by personal link.

The draft (``CallSheet`` and its cast, department and crew rows) holds only what the AD adds
or overrides; the scenes, cast, crew and Day Out of Days status are read from the active
schedule each time the draft is shown (``callsheet_sheet``). Publishing freezes that reading as
a ``CallSheetVersion`` whose JSON is everything the sheet shows, then queues one ``Delivery``
per person with an email. Every page, email and PDF of a published version renders that JSON,
never the live tables, so what was sent is what is shown.

Sending is at most once per person and version: a task claims its delivery in a committed
transaction (``claimed_at``) before it talks to the mail server, and a retried or duplicated
task finds the delivery claimed or sent and does nothing. A claim older than
``CLAIM_TIMEOUT`` (longer than any task may run) is taken to be a worker that died.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import mimetypes
import os
import posixpath
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache, partial
from typing import Any
from urllib.parse import quote_plus, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Case, CharField, Count, F, Max, Prefetch, Q, QuerySet, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core import events
from core.exceptions import ApplicationError
from core.services import save_validated
from crew.models import Assignment, Department, Person
from productions.eighths import format_eighths
from productions.models import Character, Location, Production
from schedules import personal_pages, selectors
from schedules.calendar_feed import FeedEvent, build_feed
from schedules.callsheet_diff import person_changes
from schedules.models import (
    CallSheet,
    CallSheetCast,
    CallSheetCrew,
    CallSheetDepartment,
    CallSheetLink,
    CallSheetVersion,
    Delivery,
    ScheduleSettings,
    ShootDay,
    Strip,
)
from schedules.sun import sun_times

logger = logging.getLogger(__name__)

TIME_FIELDS = ("general_call", "shooting_call", "breakfast", "lunch", "estimated_wrap")
DRAFT_FIELDS = (
    *TIME_FIELDS,
    "location",
    "basecamp",
    "crew_parking",
    "hospital_name",
    "hospital_address",
    "hospital_phone",
    "weather",
    "closed_set",
    "background_count",
    "background_call",
    "background_on_set",
    "background_notes",
    "notes",
    "safety_notes",
    "walkie_channels",
)
CAST_TIMES = ("pickup", "makeup", "wardrobe", "on_set")
LUNCH_LIMIT = timedelta(hours=6)
BREAKFAST_BEFORE_CALL = timedelta(minutes=30)
# Longer than a send task may run (its hard time limit is 60 s): a claim this old is a worker
# that died mid-send, and the delivery may be tried again.
CLAIM_TIMEOUT = timedelta(minutes=10)
# The creative roles listed as key contacts even when nobody ticked "key contact".
CONTACT_KINDS = (Assignment.RoleKind.DIRECTOR, Assignment.RoleKind.PRODUCER)
# Where US Letter is the paper in the printer; elsewhere A4. Only the emailed PDF uses this;
# ?paper= chooses for a download.
LETTER_ZONES = ("America/", "US/", "Canada/")
TOKEN_BYTES = 32


def _hhmm(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def _day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _natural(text: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"([0-9]+)", text)]


def _tel(phone: str) -> str:
    return re.sub(r"[^\d+]", "", phone)


def _add(at: time, delta: timedelta) -> time:
    return (datetime.combine(date(2000, 1, 1), at) + delta).time()


def _after(start: time, end: time) -> timedelta:
    """Return how long after ``start`` the next ``end`` comes, past midnight if need be."""
    gap = datetime.combine(date(2000, 1, 1), end) - datetime.combine(date(2000, 1, 1), start)
    return gap if gap >= timedelta(0) else gap + timedelta(days=1)


def lunch_warning(general_call: time | None, lunch: time | None) -> str:
    """Return a warning when lunch is more than six hours after the general call, else ""."""
    if general_call is None or lunch is None or _after(general_call, lunch) <= LUNCH_LIMIT:
        return ""
    return (
        f"Lunch at {_hhmm(lunch)} is more than 6 hours after the {_hhmm(general_call)} call: "
        "a meal penalty is likely."
    )


# ---------------------------------------------------------------- personal links


def link_token(link: CallSheetLink) -> str:
    """Return the URL token of a personal link: an HMAC of its salt under the secret key."""
    digest = salted_hmac("studio.schedules.callsheet", link.salt, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def link_token_hash(token: str) -> str:
    """Return what is stored of a personal link's token: its SHA-256, never the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _fresh(link: CallSheetLink) -> CallSheetLink:
    # 32 random bytes: the token is 256 bits however the HMAC spreads them.
    link.salt = secrets.token_urlsafe(TOKEN_BYTES)
    link.token_hash = link_token_hash(link_token(link))
    return link


def link_url(link: CallSheetLink) -> str:
    """Return the absolute URL of a personal link, as emails and the AD's list show it."""
    path = reverse("schedules:callsheet_personal", kwargs={"token": link_token(link)})
    return settings.STUDIO_BASE_URL.rstrip("/") + path


def link_expires_on(callsheet: CallSheet) -> date:
    """Return the last day a personal link works: some days after the shoot day."""
    days = getattr(settings, "STUDIO_CALLSHEET_LINK_DAYS", 7)
    return callsheet.date + timedelta(days=days)


def _links_ensure(callsheet: CallSheet, people: Iterable[int]) -> None:
    """Give each person a link to the call sheet, keeping the links they already have."""
    have = set(callsheet.links.values_list("person_id", flat=True))
    missing = [
        _fresh(CallSheetLink(callsheet=callsheet, person_id=pk))
        for pk in sorted(set(people) - have)
    ]
    CallSheetLink.objects.bulk_create(missing)


def callsheet_link_find(token: str) -> CallSheetLink | None:
    """Return the live link a token opens: not revoked, not expired, production not deleted."""
    if not token or len(token) > 100:
        return None
    link = (
        CallSheetLink.objects.filter(
            token_hash=link_token_hash(token),
            revoked_at__isnull=True,
            callsheet__production__deleted_at__isnull=True,
        )
        .select_related("callsheet__production", "person")
        .first()
    )
    if link is None:
        return None
    today = timezone.now().astimezone(link.callsheet.production.tz).date()
    return link if today <= link_expires_on(link.callsheet) else None


@transaction.atomic
def callsheet_link_revoke(*, callsheet: CallSheet, person: Person) -> None:
    """Stop a person's personal link working at once; a resend gives them a new one."""
    updated = CallSheetLink.objects.filter(
        callsheet=callsheet, person=person, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if not updated:
        raise ApplicationError("This person has no working link to revoke.", status_code=404)
    # A queryset update sends no signal: the cached page must stop at once all the same.
    personal_pages.personal_pages_expire(callsheet.production_id)


def _link_renew(callsheet: CallSheet, person_id: int) -> CallSheetLink:
    """Return the person's link, with a new secret if the old one was revoked."""
    link = CallSheetLink.objects.select_for_update().filter(
        callsheet=callsheet, person_id=person_id
    ).first() or CallSheetLink(callsheet=callsheet, person_id=person_id)
    if link.pk is None or link.revoked_at is not None:
        _fresh(link)
        link.revoked_at = None
        link.save()
    return link


# ---------------------------------------------------------------- reading the schedule


@dataclass
class _Plan:
    """The active schedule around one date: that day, the next one, and their strips."""

    version: Any
    day: ShootDay | None
    next_day: ShootDay | None
    day_count: int
    strips: dict[int, list[Strip]]


def _active_days(production: Production) -> list[ShootDay]:
    return list(
        ShootDay.objects.filter(version__production=production, version__is_active=True)
        .select_related("location", "version")
        .order_by("date", "pk")
    )


def _plan(production: Production, on: date) -> _Plan:
    days = _active_days(production)
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
    cast_ids = sorted((c.cast_id for c in scene.characters.all() if c.cast_id), key=_natural)
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
    table = selectors.dood_for(production)
    if on not in table.days:
        return {}
    index = table.days.index(on)
    return {line.cast_id: line.row.codes[index] for line in table.lines}


# ---------------------------------------------------------------- the sheet, as data


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
    ordered = sorted(found.values(), key=lambda c: (c.cast_id == "", _natural(c.cast_id), c.name))
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
        "pickup": _hhmm(own.pickup if own else None),
        "makeup": _hhmm(makeup),
        "wardrobe": _hhmm(wardrobe),
        "on_set": _hhmm(on_set),
        "remarks": own.remarks if own else "",
        "call": _hhmm(min(called)) if called else "",
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
    return {"phone": person.phone, "tel": _tel(person.phone)}


def _crew_row(role: Assignment, call: time | None, own: CallSheetCrew | None) -> dict:
    return {
        "person_id": role.person_id,
        "name": role.person.name,
        "title": role.title,
        "call": _hhmm((own.call if own else None) or call),
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
        if role.role_kind not in selectors.ON_SET and not role.key_contact:
            continue
        dept = notes.get(role.department_id)
        call = (dept.call if dept else None) or general
        entry = departments.setdefault(
            role.department_id,
            {
                "id": role.department_id,
                "name": role.department.name,
                "call": _hhmm(call),
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
        "tel": _tel(phone),
        "map_url": f"https://www.openstreetmap.org/search?query={quote_plus(query)}"
        if query
        else "",
    }


def _where(place: dict) -> str:
    return ", ".join(part for part in (place["name"], place["address"]) if part)


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
        "date_label": _day_label(day.date),
        "day_number": day.day_number,
        "location": day.location.name if day.location_id else "",
        "general_call": _hhmm(day.general_call),
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
            f"The active schedule has no shoot day on {_day_label(callsheet.date)}: "
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
    times = _times(callsheet, plan.day, selectors.settings_of(production))
    strips = plan.strips.get(plan.day.pk, []) if plan.day else []
    scenes, eighths = _scenes(strips)
    cast, cast_scenes = _cast(callsheet, strips, times, _dood_codes(production, callsheet.date))
    roles = list(_on_the_day(production, callsheet.date))
    crew = _crew(callsheet, roles, times.general)
    location = callsheet.location or (plan.day.location if plan.day else None)
    place = _place(location, callsheet)
    day_scenes = [row["number"] for row in scenes if "number" in row]
    return {
        **_header(production, plan),
        "date": callsheet.date.isoformat(),
        "date_label": _day_label(callsheet.date),
        "version": None,
        "published_at": None,
        "closed_set": callsheet.closed_set,
        "weather": callsheet.weather,
        "times": {
            "general_call": _hhmm(times.general),
            "shooting_call": _hhmm(times.shooting),
            "breakfast": _hhmm(callsheet.breakfast),
            "lunch": _hhmm(callsheet.lunch),
            "estimated_wrap": _hhmm(times.wrap),
        },
        "sun": _sun(location, callsheet.date, production),
        "location": place,
        "scenes": scenes,
        "total_pages": format_eighths(eighths),
        "cast": cast,
        "background": {
            "count": callsheet.background_count,
            "call": _hhmm(callsheet.background_call),
            "on_set": _hhmm(callsheet.background_on_set),
            "notes": callsheet.background_notes,
        },
        "crew": crew,
        "contacts": _contacts(roles),
        "advance": _advance(plan),
        "notes": callsheet.notes,
        "safety_notes": callsheet.safety_notes,
        "walkie": [line.strip() for line in callsheet.walkie_channels.splitlines() if line.strip()],
        "warnings": _warnings(plan, times, callsheet, cast),
        "calls": _calls(cast, cast_scenes, crew, day_scenes, _where(place)),
    }


def sheet_without_calls(sheet: dict) -> dict:
    """Return the sheet as a person may read it: the per-person index left out."""
    return {key: value for key, value in sheet.items() if key != "calls"}


# ---------------------------------------------------------------- lists and versions


def callsheets_of(production: Production) -> QuerySet[CallSheet]:
    """Return the production's call sheets by date, each with its latest version number."""
    return (
        production.callsheets.select_related("location")
        .annotate(latest_number=Max("versions__number"))
        .order_by("date", "pk")
    )


def callsheet_get(production: Production, pk: int) -> CallSheet | None:
    return (
        CallSheet.objects.filter(production=production, pk=pk)
        .select_related("production", "location")
        .first()
    )


def versions_of(callsheet: CallSheet) -> QuerySet[CallSheetVersion]:
    """Return the published versions, newest first, without their (large) data."""
    return callsheet.versions.defer("data").select_related("published_by").order_by("-number")


def version_get(callsheet: CallSheet, number: int | None = None) -> CallSheetVersion | None:
    """Return version ``number``, or the latest one; None if there is none."""
    versions = callsheet.versions.select_related("callsheet__production").order_by("-number")
    if number is not None:
        versions = versions.filter(number=number)
    return versions.first()


def callsheet_days_open(production: Production) -> list[ShootDay]:
    """Return the active schedule's days that have no call sheet yet."""
    taken = set(production.callsheets.values_list("date", flat=True))
    return [day for day in _active_days(production) if day.date not in taken]


STATUS_ORDER = [choice for choice, _ in Delivery.Status.choices]


def _with_status(deliveries: QuerySet[Delivery]) -> QuerySet[Delivery]:
    return deliveries.annotate(
        current=Case(
            When(confirmed_at__isnull=False, then=Value(Delivery.Status.CONFIRMED)),
            When(opened_at__isnull=False, then=Value(Delivery.Status.OPENED)),
            default=F("state"),
            output_field=CharField(),
        )
    )


def deliveries_of(version: CallSheetVersion, *, status: str = "") -> QuerySet[Delivery]:
    """Return one version's deliveries by name; ``status`` filters, "unconfirmed" too."""
    deliveries = _with_status(version.deliveries.select_related("person")).order_by(
        "person__name", "pk"
    )
    if status == "unconfirmed":
        return deliveries.filter(confirmed_at__isnull=True)
    if status in STATUS_ORDER:
        return deliveries.filter(current=status)
    return deliveries


def delivery_counts(version: CallSheetVersion) -> dict[str, int]:
    """Return how many deliveries are in each status, and the total and unconfirmed."""
    rows = _with_status(version.deliveries.all()).values("current").annotate(n=Count("pk"))
    counts = dict.fromkeys(STATUS_ORDER, 0)
    counts.update({row["current"]: row["n"] for row in rows})
    counts["total"] = sum(counts[s] for s in STATUS_ORDER)
    counts["unconfirmed"] = counts["total"] - counts[Delivery.Status.CONFIRMED]
    return counts


def links_of(callsheet: CallSheet) -> dict[int, CallSheetLink]:
    return {link.person_id: link for link in callsheet.links.all()}


def unreachable(version: CallSheetVersion, deliveries: Iterable[Delivery]) -> list[str]:
    """Return the names of people called on the version who have no email to send it to."""
    sent_to = {str(d.person_id) for d in deliveries}
    calls = version.data.get("calls", {})
    return sorted(
        entry["name"] for pk, entry in calls.items() if pk not in sent_to and entry["call"]
    )


# ---------------------------------------------------------------- editing the draft


@dataclass(frozen=True)
class CastTimes:
    character: int
    pickup: time | None = None
    makeup: time | None = None
    wardrobe: time | None = None
    on_set: time | None = None
    remarks: str = ""


@dataclass(frozen=True)
class DepartmentCall:
    department: int
    call: time | None = None
    notes: str = ""


@dataclass(frozen=True)
class CrewCall:
    person: int
    call: time | None = None
    note: str = ""


def _check_location(production: Production, location: Location | None) -> None:
    if location is not None and location.production_id != production.pk:
        raise ApplicationError(
            "Choose a location of this production.", errors={"location": ["Not found."]}
        )


def _active_day(production: Production, on: date) -> ShootDay | None:
    return (
        ShootDay.objects.filter(version__production=production, version__is_active=True, date=on)
        .select_related("location")
        .first()
    )


def _first_location(day: ShootDay) -> Location | None:
    """Return where the day's first scene is shot, for a day with no location of its own."""
    first = (
        Strip.objects.filter(day=day, kind=Strip.Kind.SCENE, scene__location__isnull=False)
        .exclude(scene__omitted=True)
        .select_related("scene__location")
        .order_by("order", "pk")
        .first()
    )
    return first.scene.location if first else None


@transaction.atomic
def callsheet_generate(
    *, production: Production, on: date | None = None, shoot_day: ShootDay | None = None, by=None
) -> CallSheet:
    """Create the draft call sheet of a shoot day, with its times and location from the day."""
    if shoot_day is not None:
        on = shoot_day.date
    day = _active_day(production, on) if on else None
    if day is None:
        raise ApplicationError(
            "The active schedule has no shoot day on that date.", errors={"date": ["No shoot day."]}
        )
    if production.callsheets.filter(date=day.date).exists():
        raise ApplicationError(
            "There is already a call sheet for this date.",
            errors={"date": ["Already has a call sheet."]},
            status_code=409,
        )
    defaults = selectors.settings_of(production)
    general = day.general_call or defaults.default_general_call
    callsheet = CallSheet(
        production=production,
        date=day.date,
        general_call=general,
        shooting_call=day.shooting_call,
        breakfast=_add(general, -BREAKFAST_BEFORE_CALL),
        lunch=_add(general, LUNCH_LIMIT),
        estimated_wrap=day.estimated_wrap or defaults.default_wrap,
        location=day.location or _first_location(day),
        created_by=by,
    )
    return save_validated(callsheet)


@transaction.atomic
def callsheet_update(*, callsheet: CallSheet, **fields: Any) -> CallSheet:
    """Change the draft; published versions are frozen and do not change."""
    if "location" in fields:
        _check_location(callsheet.production, fields["location"])
    for key, value in fields.items():
        if key in DRAFT_FIELDS:
            setattr(callsheet, key, value)
    return save_validated(callsheet)


def _rows_of(model, callsheet: CallSheet, key: str, wanted: dict[int, dict]) -> None:
    """Store the rows that say something and delete those left empty (back to defaults)."""
    empty = [pk for pk, values in wanted.items() if not any(values.values())]
    model.objects.filter(callsheet=callsheet, **{f"{key}_id__in": empty}).delete()
    for pk, values in wanted.items():
        if pk not in empty:
            model.objects.update_or_create(
                callsheet=callsheet, **{f"{key}_id": pk}, defaults=values
            )


@transaction.atomic
def callsheet_cast_set(*, callsheet: CallSheet, rows: Sequence[CastTimes]) -> None:
    """Set the cast's own times; an empty time takes the default from the general call."""
    known = set(callsheet.production.characters.values_list("pk", flat=True))
    if unknown := [row.character for row in rows if row.character not in known]:
        raise ApplicationError(
            "Choose characters of this production.", errors={"cast": [f"Unknown: {unknown}"]}
        )
    wanted = {
        row.character: {**{f: getattr(row, f) for f in CAST_TIMES}, "remarks": row.remarks}
        for row in rows
    }
    _rows_of(CallSheetCast, callsheet, "character", wanted)
    callsheet.save(update_fields=["updated_at"])


@transaction.atomic
def callsheet_crew_set(
    *,
    callsheet: CallSheet,
    departments: Sequence[DepartmentCall] = (),
    people: Sequence[CrewCall] = (),
) -> None:
    """Set department calls and notes, and people's own calls (empty: the general call)."""
    production = callsheet.production
    allowed = set(
        Department.objects.filter(Q(production=None) | Q(production=production)).values_list(
            "pk", flat=True
        )
    )
    if unknown := [row.department for row in departments if row.department not in allowed]:
        raise ApplicationError(
            "Choose departments of this production.",
            errors={"departments": [f"Unknown: {unknown}"]},
        )
    crew = set(production.assignments.values_list("person_id", flat=True))
    if unknown := [row.person for row in people if row.person not in crew]:
        raise ApplicationError(
            "Choose people on this production.", errors={"crew": [f"Unknown: {unknown}"]}
        )
    _rows_of(
        CallSheetDepartment,
        callsheet,
        "department",
        {row.department: {"call": row.call, "notes": row.notes} for row in departments},
    )
    _rows_of(
        CallSheetCrew,
        callsheet,
        "person",
        {row.person: {"call": row.call, "note": row.note} for row in people},
    )
    callsheet.save(update_fields=["updated_at"])


# ---------------------------------------------------------------- publishing


def _enqueue(task_name: str, ids: Sequence[int]) -> None:
    """Queue one task per id; a broker refusing one is logged and leaves that row queued."""
    from celery.exceptions import Retry

    from schedules import tasks

    task = getattr(tasks, task_name)
    for pk in ids:
        try:
            task.delay(pk)
        except Retry as retry:
            # Only without a broker (tasks run in-process): the failure is on the row.
            logger.warning(
                "%s(%s) failed and cannot be retried in-process: %s", task_name, pk, retry
            )
        except Exception:
            # The row stays queued (or unreminded) and the AD can resend from the list.
            logger.exception("Could not queue %s(%s)", task_name, pk)


def _recipients(calls: dict, previous: dict) -> dict[int, str]:
    """Return the emails of everyone called now or on the previous version (to release)."""
    people = {int(pk) for pk in calls} | {int(pk) for pk in previous}
    return dict(Person.objects.filter(pk__in=people).exclude(email="").values_list("pk", "email"))


def _call_time(entry: dict | None) -> time | None:
    if not entry or not entry.get("call"):
        return None
    return time.fromisoformat(entry["call"])


@transaction.atomic
def callsheet_publish(*, callsheet: CallSheet, by=None, send: bool = True) -> CallSheetVersion:
    """Freeze the call sheet as its next version and queue it to everyone with an email.

    Each person's delivery says what changed for them since the previous version. People on
    the previous version who are no longer called are told so. ``send=False`` records the
    deliveries as queued without queueing the emails (the demo seed uses it).
    """
    callsheet = (
        CallSheet.objects.select_for_update().select_related("production").get(pk=callsheet.pk)
    )
    sheet = callsheet_sheet(callsheet)
    if sheet["day_number"] is None:
        raise ApplicationError(sheet["warnings"][0], status_code=409)
    previous = version_get(callsheet)
    number = previous.number + 1 if previous else 1
    sheet.update(version=number, published_at=timezone.now().isoformat(timespec="seconds"))
    version = CallSheetVersion.objects.create(
        callsheet=callsheet, number=number, data=sheet, published_by=by
    )
    before = previous.data["calls"] if previous else {}
    emails = _recipients(sheet["calls"], before)
    deliveries = Delivery.objects.bulk_create(
        Delivery(
            version=version,
            person_id=pk,
            email=email,
            call_time=_call_time(sheet["calls"].get(str(pk))),
            changes=person_changes(before.get(str(pk)), sheet["calls"].get(str(pk)))
            if previous
            else [],
        )
        for pk, email in sorted(emails.items())
    )
    _links_ensure(callsheet, emails)
    if send:
        ids = [d.pk for d in deliveries]
        transaction.on_commit(partial(_enqueue, "delivery_send_task", ids))
    events.emit(
        production_id=callsheet.production_id,
        event="callsheet.published",
        payload={
            "callsheet": callsheet.pk,
            "date": callsheet.date.isoformat(),
            "version": number,
            "deliveries": len(deliveries),
        },
    )
    return version


# ---------------------------------------------------------------- sending


def default_paper(production: Production) -> str:
    return "letter" if production.time_zone.startswith(LETTER_ZONES) else "a4"


def _subject(sheet: dict, call: time | None, revised: bool) -> str:
    day = date.fromisoformat(sheet["date"])
    what = f"Call {_hhmm(call)}" if call else "Not called"
    subject = f"{what} {_short_day(day)} — Day {sheet['day_number']} — {sheet['production']}"
    return f"REVISED: {subject}" if revised else subject


def _claim(delivery_id: int) -> Delivery | None:
    """Take the delivery for sending, in a transaction of its own; None if it is not to send."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .filter(pk=delivery_id, state__in=[Delivery.State.QUEUED, Delivery.State.FAILED])
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
            .first()
        )
        if delivery is None:
            return None
        delivery.claimed_at = now
        delivery.attempts += 1
        delivery.save(update_fields=["claimed_at", "attempts"])
    return delivery


def delivery_send(*, delivery_id: int) -> bool:
    """Email one person their call sheet, at most once; return whether it was sent now.

    A failure is recorded on the delivery (state failed, the error) and raised again, so the
    task retries it with backoff; a delivery already sent or being sent is left alone.
    """
    if _claim(delivery_id) is None:
        return False
    delivery = Delivery.objects.select_related("version__callsheet__production", "person").get(
        pk=delivery_id
    )
    try:
        _delivery_message(delivery).send()
    except Exception as error:
        Delivery.objects.filter(pk=delivery_id).update(
            state=Delivery.State.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            failed_at=timezone.now(),
            claimed_at=None,
        )
        raise
    Delivery.objects.filter(pk=delivery_id).update(
        state=Delivery.State.SENT, sent_at=timezone.now(), error="", claimed_at=None
    )
    return True


def _person_context(delivery: Delivery) -> dict:
    version = delivery.version
    link = CallSheetLink.objects.get(callsheet=version.callsheet, person=delivery.person)
    sheet = version.data
    return {
        "sheet": sheet,
        "you": sheet["calls"].get(str(delivery.person_id)),
        "person": delivery.person,
        "delivery": delivery,
        "revised": version.revised,
        "link": link_url(link),
    }


def _delivery_message(delivery: Delivery) -> EmailMultiAlternatives:
    version = delivery.version
    context = _person_context(delivery)
    message = EmailMultiAlternatives(
        subject=_subject(version.data, delivery.call_time, version.revised),
        body=render_to_string("emails/callsheet_delivery.txt", context),
        to=[delivery.email],
    )
    message.attach_alternative(
        render_to_string("emails/callsheet_delivery.html", context), "text/html"
    )
    message.attach(pdf_filename(version), version_pdf(version), "application/pdf")
    return message


@transaction.atomic
def delivery_resend(*, delivery: Delivery, by=None) -> Delivery:
    """Send one person the latest version again, once, with a working link."""
    delivery = Delivery.objects.select_for_update().select_related("version").get(pk=delivery.pk)
    latest = version_get(delivery.version.callsheet)
    if latest.pk != delivery.version_id:
        raise ApplicationError(
            f"Version {delivery.version.number} is out of date; resend version {latest.number}.",
            status_code=409,
        )
    if delivery.claimed_at and delivery.claimed_at > timezone.now() - CLAIM_TIMEOUT:
        raise ApplicationError("This email is being sent right now.", status_code=409)
    _link_renew(latest.callsheet, delivery.person_id)
    delivery.state = Delivery.State.QUEUED
    delivery.error = ""
    delivery.queued_at = timezone.now()
    delivery.sent_at = delivery.failed_at = None
    delivery.save()
    transaction.on_commit(partial(_enqueue, "delivery_send_task", [delivery.pk]))
    return delivery


# ---------------------------------------------------------------- the person's side


@dataclass(frozen=True)
class PersonalView:
    """What one person sees of a call sheet: the latest version, and their part in it."""

    callsheet: CallSheet
    person: Person
    version: CallSheetVersion
    delivery: Delivery | None

    @property
    def sheet(self) -> dict:
        return self.version.data

    @property
    def you(self) -> dict | None:
        return self.version.data.get("calls", {}).get(str(self.person.pk))

    @property
    def called(self) -> bool:
        return bool(self.you and self.you.get("call"))


def personal_view(callsheet: CallSheet, person: Person) -> PersonalView | None:
    """Return the person's view of the latest published version; None before publishing."""
    version = version_get(callsheet)
    if version is None:
        return None
    delivery = Delivery.objects.filter(version=version, person=person).first()
    return PersonalView(callsheet, person, version, delivery)


def personal_view_for_user(callsheet: CallSheet, user) -> PersonalView | None:
    """Return the signed-in user's own view, if they have a person on the latest version."""
    person = selectors.person_of(user, callsheet.production)
    return personal_view(callsheet, person) if person else None


def delivery_open(*, view: PersonalView) -> None:
    """Record that the person opened the latest version (the first time only)."""
    delivery = view.delivery
    if delivery is None or delivery.opened_at is not None:
        return
    delivery.opened_at = timezone.now()
    Delivery.objects.filter(pk=delivery.pk, opened_at__isnull=True).update(
        opened_at=delivery.opened_at
    )


@transaction.atomic
def delivery_confirm(*, view: PersonalView) -> Delivery:
    """Confirm the person has the latest version; confirming again changes nothing."""
    if view.delivery is None:
        raise ApplicationError(
            "There is nothing to confirm: this version was not sent to you.", status_code=409
        )
    delivery = Delivery.objects.select_for_update().get(pk=view.delivery.pk)
    if delivery.confirmed_at is not None:
        return delivery
    now = timezone.now()
    delivery.opened_at = delivery.opened_at or now
    delivery.confirmed_at = now
    delivery.save(update_fields=["opened_at", "confirmed_at"])
    events.emit(
        production_id=view.callsheet.production_id,
        event="callsheet.confirmed",
        payload={
            "callsheet": view.callsheet.pk,
            "date": view.callsheet.date.isoformat(),
            "version": view.version.number,
            "person": view.person.pk,
            "confirmed_at": now.isoformat(timespec="seconds"),
        },
    )
    return delivery


def personal_ics(view: PersonalView) -> bytes:
    """Return the person's call as a calendar event (.ics), in the production's zone."""
    sheet, tz = view.sheet, view.callsheet.production.tz
    day = view.callsheet.date
    call = _call_time(view.you) or time.fromisoformat(sheet["times"]["general_call"])
    start = datetime.combine(day, call, tzinfo=tz)
    wrap = sheet["times"]["estimated_wrap"]
    end = datetime.combine(day, time.fromisoformat(wrap), tzinfo=tz) if wrap else None
    if end is None or end <= start:
        end = (end + timedelta(days=1)) if end else start + timedelta(hours=12)
    event = FeedEvent(
        uid=f"callsheet-{view.callsheet.pk}-person-{view.person.pk}@studio",
        summary=f"Call {_hhmm(call)} — Day {sheet['day_number']} — {sheet['production']}",
        start=start,
        end=end,
        location=_where(sheet["location"]),
        description=f"Version {view.version.number} of the call sheet.",
        last_modified=view.version.published_at,
        sequence=view.version.number,
    )
    return build_feed([event], name=sheet["production"], time_zone=str(tz))


# ---------------------------------------------------------------- reminders


def _reminder_moment(callsheet: CallSheet, hour: int) -> datetime:
    evening = callsheet.date - timedelta(days=1)
    return datetime.combine(evening, time(hour), tzinfo=callsheet.production.tz)


def _due(callsheet: CallSheet, hour: int, now: datetime) -> datetime | None:
    """Return the reminder moment if now is between it and the shoot day's midnight."""
    moment = _reminder_moment(callsheet, hour)
    midnight = datetime.combine(callsheet.date, time(0), tzinfo=callsheet.production.tz)
    return moment if moment <= now < midnight else None


def reminders_enqueue(*, now: datetime | None = None) -> int:
    """Queue the evening-before reminders that are due, and the AD's summaries; return how
    many reminders were queued.

    Reminders go at the production's reminder hour (its schedule settings) the evening before
    the shoot day, to everyone called on the latest version who has not confirmed and was
    sent it before that hour. Run every 15 minutes by Celery beat; each person is reminded
    once (``reminded_at``), however often this runs.
    """
    now = now or timezone.now()
    # Every zone's "tomorrow" lies within a day of UTC's.
    dates = [now.date() + timedelta(days=n) for n in (0, 1, 2)]
    sheets = list(
        CallSheet.objects.filter(
            date__in=dates, versions__isnull=False, production__deleted_at__isnull=True
        )
        .select_related("production")
        .distinct()
    )
    hours = dict(
        ScheduleSettings.objects.filter(
            production__in={s.production_id for s in sheets}
        ).values_list("production_id", "reminder_hour")
    )
    reminders, summaries = [], []
    for callsheet in sheets:
        hour = hours.get(callsheet.production_id, ScheduleSettings().reminder_hour)
        moment = _due(callsheet, hour, now)
        if moment is None:
            continue
        version = callsheet.versions.defer("data").order_by("-number").first()
        reminders += Delivery.objects.filter(
            version=version,
            confirmed_at__isnull=True,
            reminded_at__isnull=True,
            call_time__isnull=False,
            queued_at__lt=moment,
        ).values_list("pk", flat=True)
        if version.summary_sent_at is None and version.published_by_id:
            summaries.append(version.pk)
    transaction.on_commit(partial(_enqueue, "delivery_remind_task", reminders))
    transaction.on_commit(partial(_enqueue, "callsheet_summary_task", summaries))
    return len(reminders)


def delivery_remind(*, delivery_id: int) -> bool:
    """Remind one person to confirm, once; return whether the reminder was sent now."""
    claimed = Delivery.objects.filter(
        pk=delivery_id, reminded_at__isnull=True, confirmed_at__isnull=True
    ).update(reminded_at=timezone.now())
    if not claimed:
        return False
    delivery = Delivery.objects.select_related("version__callsheet__production", "person").get(
        pk=delivery_id
    )
    try:
        _reminder_message(delivery).send()
    except Exception:
        # Not reminded after all: the retry may claim it again.
        Delivery.objects.filter(pk=delivery_id).update(reminded_at=None)
        raise
    return True


def _reminder_message(delivery: Delivery) -> EmailMultiAlternatives:
    version = delivery.version
    context = _person_context(delivery)
    subject = "Please confirm: " + _subject(version.data, delivery.call_time, False)
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/callsheet_reminder.txt", context),
        to=[delivery.email],
    )
    message.attach_alternative(
        render_to_string("emails/callsheet_reminder.html", context), "text/html"
    )
    return message


def callsheet_summary_send(*, version_id: int) -> bool:
    """Email whoever published the version the list of people yet to confirm, once."""
    claimed = CallSheetVersion.objects.filter(pk=version_id, summary_sent_at__isnull=True).update(
        summary_sent_at=timezone.now()
    )
    if not claimed:
        return False
    version = CallSheetVersion.objects.select_related("published_by", "callsheet__production").get(
        pk=version_id
    )
    if not version.published_by or not version.published_by.email:
        return False
    missing = list(deliveries_of(version, status="unconfirmed").filter(call_time__isnull=False))
    context = {"sheet": version.data, "version": version, "missing": missing}
    try:
        EmailMultiAlternatives(
            subject=f"Not confirmed yet: {len(missing)} — Day {version.data['day_number']} — "
            f"{version.data['production']}",
            body=render_to_string("emails/callsheet_summary.txt", context),
            to=[version.published_by.email],
        ).send()
    except Exception:
        CallSheetVersion.objects.filter(pk=version_id).update(summary_sent_at=None)
        raise
    return True


# ---------------------------------------------------------------- the PDF


PDF_BASE_URL = "https://studio.invalid/"


@cache
def _fetcher_class() -> type:
    """Return a WeasyPrint URL fetcher that serves our static files and refuses the rest.

    The sheet holds text people typed; no URL in it, or in a stylesheet, may make the server
    fetch from the network or read a file outside the static folders. Built on first use, so
    processes that never render a PDF never import WeasyPrint.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            return URLFetcherResponse(url, **_static_file(url))

    return StaticFilesOnly


def _static_file(url: str) -> dict:
    parts = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    base = urlsplit(PDF_BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        raise ValueError(f"not fetched: {url}")
    if not parts.path.startswith(prefix):
        raise ValueError(f"not a static file: {url}")
    name = posixpath.normpath(parts.path[len(prefix) :])
    if name.startswith(("..", "/")):
        raise ValueError(f"not a static file: {url}")
    found = finders.find(name) or staticfiles_storage.path(name)
    with open(found, "rb") as file:
        body = file.read()
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return {"body": body, "headers": {"Content-Type": mime}}


CSS_SECTION = ("/* call sheets */", "/* end of call sheets */")


def _print_css() -> str:
    path = finders.find("css/studio.css") or staticfiles_storage.path("css/studio.css")
    return _print_css_of(path, os.stat(path).st_mtime)


@cache
def _print_css_of(path: str, mtime: float) -> str:
    """Return studio.css's variables and its call sheet section, all a PDF needs.

    WeasyPrint matches every rule against every element: the whole stylesheet would more
    than double the time a PDF takes, for rules the sheet never uses.
    """
    with open(path, encoding="utf-8") as file:
        text = file.read()
    start = text.index(":root")
    root = text[start : text.index("}", start) + 1]
    section = text[text.index(CSS_SECTION[0]) : text.index(CSS_SECTION[1])]
    return f"{root}\n{section}"


CREW_COLUMNS = 3


def crew_columns(crew: list[dict], count: int = CREW_COLUMNS) -> list[list[dict]]:
    """Deal the departments into ``count`` columns of about equal length, in order.

    WeasyPrint balances CSS columns by laying the content out again and again, which takes
    most of a big day's PDF time; three floated blocks filled here take almost none.
    """
    lines = [2 + len(dept["people"]) + bool(dept["notes"]) for dept in crew]
    target = sum(lines) / count
    columns: list[list[dict]] = [[]]
    filled = 0
    for dept, size in zip(crew, lines, strict=True):
        if filled >= target * len(columns) and len(columns) < count:
            columns.append([])
        columns[-1].append(dept)
        filled += size
    return columns


def sheet_pdf(sheet: dict, *, paper: str = "a4") -> bytes:
    """Return the call sheet as a PDF, from the same template as the page."""
    from weasyprint import CSS, HTML

    # WeasyPrint logs its progress, and a warning for each browser-only rule (media queries,
    # sticky positioning) of a stylesheet shared with the page: noise in every worker log.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    html = render_to_string(
        "schedules/callsheet_document.html",
        {
            "sheet": sheet,
            "pdf": True,
            "paper": "letter" if paper == "letter" else "A4",
            "crew_columns": crew_columns(sheet["crew"]),
        },
    )
    fetcher = _fetcher_class()()
    stylesheet = CSS(string=_print_css(), base_url=PDF_BASE_URL, url_fetcher=fetcher)
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet])


def pdf_filename(version: CallSheetVersion | None, sheet: dict | None = None) -> str:
    sheet = sheet or version.data
    slug = re.sub(r"[^a-z0-9]+", "-", sheet["production"].lower()).strip("-") or "callsheet"
    suffix = f"-v{version.number}" if version else "-draft"
    return f"{slug}-day-{sheet['day_number']}-{sheet['date']}{suffix}.pdf"


def version_pdf(version: CallSheetVersion, *, paper: str | None = None) -> bytes:
    """Return the PDF of a published version; the production's own paper is made once."""
    paper = paper or default_paper(version.callsheet.production)
    if paper != default_paper(version.callsheet.production):
        return sheet_pdf(version.data, paper=paper)
    if version.pdf:
        with version.pdf.open("rb") as file:
            return file.read()
    with transaction.atomic():
        locked = CallSheetVersion.objects.select_for_update().get(pk=version.pk)
        if not locked.pdf:
            # Rendered under the lock: 120 send tasks at once render it once.
            locked.pdf.save(
                pdf_filename(version), ContentFile(sheet_pdf(version.data, paper=paper))
            )
        version.pdf = locked.pdf
    with version.pdf.open("rb") as file:
        return file.read()
