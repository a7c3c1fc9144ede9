"""Day Out of Days: which days each cast member works, is held, travels or is off.

The codes are Movie Magic Scheduling's:

=====  ==========================================================================
SW     start work: the first work day
W      work
WF     work finish: the last work day
SWF    start, work and finish on the same (only) day
H      hold: a shoot day inside the paid span on which the actor does not work
WD     work, then drop: the last work day before a gap long enough to release the actor
PW     pick up, work: the first work day after such a gap
SWD    the first work day is also a drop; PWD picked up and dropped again; PWF picked up
       on the last work day
TR     travel, R rehearsal, FT fitting: manual events, paid
/      a holiday inside the paid span: paid, never a work or hold day
=====  ==========================================================================

The rules, precisely:

* The *gap* between two work days is the number of shoot days strictly between them (holidays
  are not shoot days). A gap longer than ``drop_after`` releases the actor: the earlier work day
  becomes a drop (``WD``), the days between carry no holds, and the later one is a pick-up
  (``PW``). A gap of exactly ``drop_after`` days is held. ``drop_after=None`` never drops
  (weekly players).
* The actor's span starts on the earliest of their first work day and first event day, and
  finishes on the latest of their last work day and last event day: a travel day before ``SW``
  starts the paid span, so the shoot days between it and ``SW`` are holds. Events before the
  first work day and after the last one take part in the gap rule like work days, so a fitting
  weeks before the start is paid on its own and does not hold the actor until the start.
  Events inside the work span never shorten a gap.
* Inside a held stretch: an event day shows its code, a holiday shows ``/``, a shoot day is a
  hold ``H``, and any other day (a company day off) shows ``""`` and is not counted.
  Inside a dropped gap only event days are shown and counted.
* Work wins: an event or holiday on a work day is shown and counted as work only.
* A row with events but no work day has no holds: only its event days are paid.
* ``total`` is the days paid: work + hold + travel + rehearsal + fitting + holidays inside the
  paid span.
* Codes are aligned with ``calendar``. Work and event days outside it are still counted (the
  caller should show them; ``dood_calendar`` builds a calendar that covers them).
"""

import csv
import io
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

TRAVEL = "TR"
REHEARSAL = "R"
FITTING = "FT"
EVENT_CODES = frozenset({TRAVEL, REHEARSAL, FITTING})
HOLD = "H"
HOLIDAY = "/"

CSV_TOTALS = (
    "Travel",
    "Work",
    "Hold",
    "Holiday",
    "Rehearsal",
    "Fitting",
    "Drop/Pickup",
    "Start",
    "Finish",
    "Total",
)


@dataclass(frozen=True)
class DoodInput:
    """The schedule, as plain values, that a Day Out of Days is computed from."""

    calendar: list[date]
    shoot_days: set[date]
    holidays: set[date] = field(default_factory=set)
    work: dict[str, set[date]] = field(default_factory=dict)
    events: dict[str, dict[date, str]] = field(default_factory=dict)
    drop_after: int | None = 10


@dataclass(frozen=True)
class DoodRow:
    """One cast member's line of the Day Out of Days."""

    key: str
    codes: list[str]
    start: date | None
    finish: date | None
    work: int
    hold: int
    travel: int
    holiday: int
    rehearsal: int
    fitting: int
    drop_pickup: int
    total: int


@dataclass(frozen=True)
class _Timeline:
    """Every date in play, sorted, and the shoot days that can be held, sorted."""

    days: list[date]
    shoot: list[date]
    shoot_set: frozenset[date]
    holidays: frozenset[date]

    def between(self, first: date, last: date) -> list[date]:
        """Return the dates strictly between `first` and `last`."""
        return self.days[bisect_right(self.days, first) : bisect_left(self.days, last)]

    def shoot_days_between(self, first: date, last: date) -> int:
        """Return how many shoot days fall strictly between `first` and `last`."""
        return bisect_left(self.shoot, last) - bisect_right(self.shoot, first)


def dood_calendar(dates: Iterable[date]) -> list[date]:
    """Return every date from the earliest to the latest of `dates`, for a DoodInput calendar."""
    known = sorted(set(dates))
    if not known:
        return []
    first, count = known[0], (known[-1] - known[0]).days + 1
    return [date.fromordinal(first.toordinal() + offset) for offset in range(count)]


def day_out_of_days(inp: DoodInput) -> dict[str, DoodRow]:
    """Return the Day Out of Days row of every cast member, ordered by cast ID."""
    if inp.drop_after is not None and inp.drop_after < 0:
        raise ValueError(f"drop_after must be 0 or more, or None: {inp.drop_after}")
    timeline = _timeline(inp)
    keys = sorted(set(inp.work) | set(inp.events), key=_natural)
    return {
        key: _row(key, inp.work.get(key, set()), inp.events.get(key, {}), inp, timeline)
        for key in keys
    }


def hold_cost(rows: Mapping[str, DoodRow], rates: Mapping[str, int]) -> dict[str, int]:
    """Return each rated cast member's hold days times their daily rate, in cents.

    Cast members without a rate are left out rather than costed at zero.
    """
    return {key: rates[key] * row.hold for key, row in rows.items() if key in rates}


def dood_csv(
    rows: Mapping[str, DoodRow],
    calendar: list[date],
    labels: Mapping[str, tuple[str, str]],
) -> str:
    """Return the Day Out of Days as CSV: cast ID, character, actor, a column a date, totals.

    `labels` maps a row key to its (character, actor); `calendar` must be the one the rows
    were computed with.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Cast ID", "Character", "Actor", *map(date.isoformat, calendar), *CSV_TOTALS])
    for key, row in rows.items():
        if len(row.codes) != len(calendar):
            raise ValueError(f"row {key!r} has {len(row.codes)} codes for {len(calendar)} dates")
        character, actor = labels.get(key, ("", ""))
        writer.writerow([*map(_cell, (key, character, actor)), *row.codes, *_totals(row)])
    return out.getvalue()


def _timeline(inp: DoodInput) -> _Timeline:
    every = set(inp.calendar) | inp.shoot_days | inp.holidays
    for dates in inp.work.values():
        every |= dates
    for events in inp.events.values():
        every |= events.keys()
    shoot = inp.shoot_days - inp.holidays
    return _Timeline(sorted(every), sorted(shoot), frozenset(shoot), frozenset(inp.holidays))


def _row(
    key: str, worked: set[date], events: dict[date, str], inp: DoodInput, timeline: _Timeline
) -> DoodRow:
    for day, code in events.items():
        if code not in EVENT_CODES:
            raise ValueError(f"unknown event {code!r} for {key} on {day}: use TR, R or FT")
    events = {day: code for day, code in events.items() if day not in worked}
    codes = dict(events)
    drops = 0
    if worked:
        drops = _code_span(sorted(worked), events, codes, inp.drop_after, timeline)
    return _summarise(key, codes, inp.calendar, drops)


def _code_span(
    work_days: list[date],
    events: dict[date, str],
    codes: dict[date, str],
    drop_after: int | None,
    timeline: _Timeline,
) -> int:
    """Fill `codes` with work, hold and holiday codes; return how many drops there are."""
    lead_in = sorted(day for day in events if day < work_days[0])
    lead_out = sorted(day for day in events if day > work_days[-1])
    anchors = [*lead_in, *work_days, *lead_out]
    pairs = list(zip(anchors, anchors[1:], strict=False))
    dropped = [
        drop_after is not None and timeline.shoot_days_between(first, last) > drop_after
        for first, last in pairs
    ]
    for (first, last), is_dropped in zip(pairs, dropped, strict=True):
        if not is_dropped:
            _hold_between(first, last, codes, timeline)
    offset = len(lead_in)
    for index, day in enumerate(work_days):
        position = offset + index
        after_drop = position > 0 and dropped[position - 1]
        before_drop = position < len(dropped) and dropped[position]
        codes[day] = _work_code(index, len(work_days), after_drop, before_drop)
    return sum(dropped[offset : offset + len(work_days) - 1])


def _hold_between(first: date, last: date, codes: dict[date, str], timeline: _Timeline) -> None:
    for day in timeline.between(first, last):
        if day in codes:
            continue
        if day in timeline.holidays:
            codes[day] = HOLIDAY
        elif day in timeline.shoot_set:
            codes[day] = HOLD


def _work_code(index: int, count: int, after_drop: bool, before_drop: bool) -> str:
    prefix = "S" if index == 0 else "P" if after_drop else ""
    suffix = "F" if index == count - 1 else "D" if before_drop else ""
    return f"{prefix}W{suffix}"


def _summarise(key: str, codes: dict[date, str], calendar: list[date], drops: int) -> DoodRow:
    tally = {"W": 0, HOLD: 0, TRAVEL: 0, HOLIDAY: 0, REHEARSAL: 0, FITTING: 0}
    for code in codes.values():
        tally["W" if "W" in code else code] += 1
    return DoodRow(
        key=key,
        codes=[codes.get(day, "") for day in calendar],
        start=min(codes, default=None),
        finish=max(codes, default=None),
        work=tally["W"],
        hold=tally[HOLD],
        travel=tally[TRAVEL],
        holiday=tally[HOLIDAY],
        rehearsal=tally[REHEARSAL],
        fitting=tally[FITTING],
        drop_pickup=drops,
        total=sum(tally.values()),
    )


def _totals(row: DoodRow) -> list[str | int]:
    return [
        row.travel,
        row.work,
        row.hold,
        row.holiday,
        row.rehearsal,
        row.fitting,
        row.drop_pickup,
        row.start.isoformat() if row.start else "",
        row.finish.isoformat() if row.finish else "",
        row.total,
    ]


def _cell(text: str) -> str:
    """Return `text` safe for a spreadsheet: a leading =, +, - or @ would start a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _natural(key: str) -> list[str | int]:
    """Sort cast IDs as people do: 1, 2, 10, 10A."""
    # re.split with a group alternates text and numbers: the odd parts are the numbers.
    parts = re.split(r"([0-9]+)", key)
    return [int(part) if index % 2 else part for index, part in enumerate(parts)]
