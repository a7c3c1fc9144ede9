"""Every write to a schedule: the board, its days, versions, settings and calendar feeds.

One module a job; callers import this package (``from schedules import services``), which
re-exports every public name, so a function can move between the modules without them:

- ``board_write``: the discipline every board write shares (lock, check the revision, record
  the change) and the active version it writes to.
- ``board_save``: saving the whole board as a client sends it.
- ``shoot_days``: adding, changing, inserting and removing shoot days; splitting the days by
  pages or time.
- ``strips``: a strip's pages and minutes; splitting a scene into parts and joining them;
  banners.
- ``versions``: saving a version as a copy, making one active.
- ``schedule_settings``: the settings, the working week, holidays and cast events.
- ``feed_tokens``: the secret URLs of the calendar feeds.

The modules import one another by their own names (``schedules.services.board_write``),
never this package, so that importing any one of them does not go round through the others.
"""

from schedules.services.board_save import BoardInput, DayInput, StripInput, board_save
from schedules.services.board_write import DEFAULT_VERSION_NAME, schedule_ensure
from schedules.services.feed_tokens import (
    feed_token_get,
    feed_token_hash,
    feed_token_reset,
    feed_token_text,
)
from schedules.services.schedule_settings import (
    SETTINGS_FIELDS,
    cast_event_add,
    cast_event_remove,
    holiday_add,
    holiday_remove,
    next_working_day,
    schedule_settings_get,
    schedule_settings_update,
)
from schedules.services.shoot_days import (
    DAY_FIELDS,
    days_split,
    shoot_day_add,
    shoot_day_insert,
    shoot_day_remove,
    shoot_day_update,
    shoot_days_add,
)
from schedules.services.strips import (
    banner_add,
    banner_remove,
    part_measure,
    strip_eighths,
    strip_join,
    strip_minutes,
    strip_split,
)
from schedules.services.versions import version_activate, version_days_copy, version_save_as

__all__ = [
    "BoardInput",
    "DAY_FIELDS",
    "DEFAULT_VERSION_NAME",
    "DayInput",
    "SETTINGS_FIELDS",
    "StripInput",
    "banner_add",
    "banner_remove",
    "board_save",
    "cast_event_add",
    "cast_event_remove",
    "days_split",
    "feed_token_get",
    "feed_token_hash",
    "feed_token_reset",
    "feed_token_text",
    "holiday_add",
    "holiday_remove",
    "next_working_day",
    "part_measure",
    "schedule_ensure",
    "schedule_settings_get",
    "schedule_settings_update",
    "shoot_day_add",
    "shoot_day_insert",
    "shoot_day_remove",
    "shoot_day_update",
    "shoot_days_add",
    "strip_eighths",
    "strip_join",
    "strip_minutes",
    "strip_split",
    "version_activate",
    "version_days_copy",
    "version_save_as",
]
