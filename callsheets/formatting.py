"""Small formatting helpers the sheet, its emails and its calendar event share."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta


def hhmm(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def natural_key(text: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"([0-9]+)", text)]


def phone_digits(phone: str) -> str:
    return re.sub(r"[^\d+]", "", phone)


def time_plus(at: time, delta: timedelta) -> time:
    return (datetime.combine(date(2000, 1, 1), at) + delta).time()


def time_after(start: time, end: time) -> timedelta:
    """Return how long after ``start`` the next ``end`` comes, past midnight if need be."""
    gap = datetime.combine(date(2000, 1, 1), end) - datetime.combine(date(2000, 1, 1), start)
    return gap if gap >= timedelta(0) else gap + timedelta(days=1)


def place_line(place: dict) -> str:
    return ", ".join(part for part in (place["name"], place["address"]) if part)


def entry_call_time(entry: dict | None) -> time | None:
    if not entry or not entry.get("call"):
        return None
    return time.fromisoformat(entry["call"])
