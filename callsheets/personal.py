"""What one person sees of a call sheet: their view, and their call as a calendar event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from callsheets.formatting import entry_call_time, hhmm, place_line
from callsheets.models import (
    CallSheet,
    CallSheetVersion,
    Delivery,
)
from callsheets.selectors import version_get
from crew.models import Person
from schedules import selectors as schedule_selectors
from schedules.calendar_feed import FeedEvent, build_feed

SHOT_DEPARTMENTS = ("Camera", "Grip", "Electric")


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

    @property
    def sees_shots(self) -> bool:
        """Camera, grip and electric get today's shots on their page: they light and rig them."""
        return any(
            dept["name"] in SHOT_DEPARTMENTS
            and any(p["person_id"] == self.person.pk for p in dept["people"])
            for dept in self.sheet.get("crew", [])
        )


def personal_view(callsheet: CallSheet, person: Person) -> PersonalView | None:
    """Return the person's view of the latest published version; None before publishing."""
    version = version_get(callsheet)
    if version is None:
        return None
    delivery = Delivery.objects.filter(version=version, person=person).first()
    return PersonalView(callsheet, person, version, delivery)


def personal_view_for_user(callsheet: CallSheet, user) -> PersonalView | None:
    """Return the signed-in user's own view, if they have a person on the latest version."""
    person = schedule_selectors.person_of(user, callsheet.production)
    return personal_view(callsheet, person) if person else None


def personal_ics(view: PersonalView) -> bytes:
    """Return the person's call as a calendar event (.ics), in the production's zone."""
    sheet, tz = view.sheet, view.callsheet.production.tz
    day = view.callsheet.date
    call = entry_call_time(view.you) or time.fromisoformat(sheet["times"]["general_call"])
    start = datetime.combine(day, call, tzinfo=tz)
    wrap = sheet["times"]["estimated_wrap"]
    end = datetime.combine(day, time.fromisoformat(wrap), tzinfo=tz) if wrap else None
    if end is None or end <= start:
        end = (end + timedelta(days=1)) if end else start + timedelta(hours=12)
    event = FeedEvent(
        uid=f"callsheet-{view.callsheet.pk}-person-{view.person.pk}@studio",
        summary=f"Call {hhmm(call)} — Day {sheet['day_number']} — {sheet['production']}",
        start=start,
        end=end,
        location=place_line(sheet["location"]),
        description=f"Version {view.version.number} of the call sheet.",
        last_modified=view.version.published_at,
        sequence=view.version.number,
    )
    return build_feed([event], name=sheet["production"], time_zone=str(tz))
