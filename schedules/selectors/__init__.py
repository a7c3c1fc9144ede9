"""Every non-trivial read of a schedule, each in a fixed number of queries.

The board, the Day Out of Days, the conflicts, the hold cost and the calendar feeds are all
computed here from plain values handed to the pure modules (``schedules.dood``,
``schedules.conflicts``, ``schedules.calendar_feed``); this package only decides what to load
and how.

One module a job; callers import this package (``from schedules import selectors``), which
re-exports every public name, so a function can move between the modules without them:

- ``versions``: the versions, their history of changes, the active version's shoot days.
- ``schedule_settings``: the settings, holidays and cast events.
- ``people``: who is called to set, a user's own person, the days a person works.
- ``snapshot``: one version's days, strips and scenes, loaded once and placed as the board
  shows them; the board, the conflicts and the hold cost all read it.
- ``board``: the stripboard, with its conflicts and hold cost.
- ``dood_table``: the Day Out of Days, and its CSV.
- ``cast_holds``: what the cast's hold days cost.
- ``conflict_inputs``: what the conflict checker needs, and a conflict as JSON.
- ``version_compare``: what changed from one version to another.
- ``calendar_feeds``: the production's calendar and each person's.

The modules import one another by their own names (``schedules.selectors.snapshot``), never
this package, so that importing any one of them does not go round through the others.
"""

from schedules.selectors.board import Board, board_for, board_layout_for
from schedules.selectors.calendar_feeds import (
    feed_links,
    feed_token_find,
    person_feed_ics,
    production_feed_ics,
)
from schedules.selectors.cast_holds import CastHold, HoldCost, hold_cost_for
from schedules.selectors.conflict_inputs import ANOTHER_PRODUCTION, conflict_data, conflicts_for
from schedules.selectors.dood_table import (
    TO_BE_CAST,
    DoodColumn,
    DoodLine,
    DoodTable,
    cast_characters,
    dood_csv_text,
    dood_for,
)
from schedules.selectors.people import ON_SET, person_of, person_work_days
from schedules.selectors.schedule_settings import cast_events_of, holidays_of, settings_of
from schedules.selectors.snapshot import SCENE_FIELDS, BoardDay, BoardStrip
from schedules.selectors.version_compare import Comparison, DayChange, SceneMove, versions_compare
from schedules.selectors.versions import (
    active_version,
    changes_of,
    last_change,
    shoot_days_of,
    versions_of,
)

__all__ = [
    "ANOTHER_PRODUCTION",
    "Board",
    "BoardDay",
    "BoardStrip",
    "CastHold",
    "Comparison",
    "DayChange",
    "DoodColumn",
    "DoodLine",
    "DoodTable",
    "HoldCost",
    "ON_SET",
    "SCENE_FIELDS",
    "SceneMove",
    "TO_BE_CAST",
    "active_version",
    "board_for",
    "board_layout_for",
    "cast_characters",
    "cast_events_of",
    "changes_of",
    "conflict_data",
    "conflicts_for",
    "dood_csv_text",
    "dood_for",
    "feed_links",
    "feed_token_find",
    "hold_cost_for",
    "holidays_of",
    "last_change",
    "person_feed_ics",
    "person_of",
    "person_work_days",
    "production_feed_ics",
    "settings_of",
    "shoot_days_of",
    "versions_compare",
    "versions_of",
]
