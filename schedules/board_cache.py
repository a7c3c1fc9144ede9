"""The stripboard's heavy part, rendered once per state of the board and served from the cache.

A feature's board is 300 strips over 60 days: computing it (the conflicts, the hold cost) and
rendering it is 100-odd milliseconds, the same for every request until someone changes the
production. So the board's summary (the page's header line, the hold table) and its rendered
fragments (the days and the boneyard; the editors' dialog and forms) are kept in the cache
(``core.read_cache``) and served while no production they were computed from has changed.

What a board shows, and so what expires it (``receivers_connect``): the production itself, its
scenes, characters, breakdown elements, locations and their dates off, scripts, schedule
versions, shoot days, strips, settings, holidays, cast events, members and roles; the people on
it and their dates off. Conflicts also read the *other* productions that share a person with
this one (a cast member booked elsewhere on the same day): those productions' generations are
stamped on the entry too, and a role on a person's other production expires every production
the person works on. An entry is for one access level (editors get the buttons, managers the
pay); when the board names another production, whose title is shown only to its members, each
viewer has their own (``cached``).

The parts that differ with every request are not in the fragments: the CSRF token is a
placeholder filled in as the page is served, and the page's header, messages and live bits are
rendered around the fragments each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from core import read_cache
from crew.models import Assignment, Department, Person, Unavailability
from productions.models import (
    BreakdownElement,
    Character,
    Location,
    LocationUnavailability,
    Membership,
    Production,
    Scene,
    Script,
)
from schedules.models import (
    CastEvent,
    Holiday,
    ScheduleSettings,
    ScheduleVersion,
    ShootDay,
    Strip,
)

CSRF_PLACEHOLDER = "__studio_board_csrf__"
# Part of every key: change it whenever what is cached changes shape, so that a deploy never
# reads entries pickled by the code before it.
FORMAT = 4


@dataclass(frozen=True)
class DayOption:
    pk: int
    day_number: int
    date: date


@dataclass(frozen=True)
class BoardSummary:
    """What the page shows around the cached fragments, as plain values."""

    version_name: str
    revision: int
    day_count: int
    total_eighths: int
    unscheduled_count: int
    conflict_count: int
    hold: object  # selectors.HoldCost: plain dataclasses, pickled as they are
    days: tuple[DayOption, ...]
    layout_html: str
    tools_html: str
    hold_html: str
    tabs_html: str

    def fragments(self, request) -> dict[str, SafeString]:
        """Return the fragments for this request: ``layout``, ``tools``, ``hold_table`` and
        ``tabs``."""
        token = get_token(request)
        return {
            "layout": mark_safe(self.layout_html.replace(CSRF_PLACEHOLDER, token)),
            "tools": mark_safe(self.tools_html.replace(CSRF_PLACEHOLDER, token)),
            "hold_table": mark_safe(self.hold_html),
            "tabs": mark_safe(self.tabs_html),
        }


def enabled() -> bool:
    return settings.STUDIO_BOARD_CACHE


def summarise(board, *, production: Production, can_edit: bool, can_see_pay: bool) -> BoardSummary:
    """Render the board's fragments and gather its summary (the work a cache hit saves)."""
    from schedules.forms import BannerForm, DayAddForm, DaysSplitForm

    context = {
        "board": board,
        "days": list(zip(board.days, _day_links(board, production), strict=True)),
        "production": production,
        "can_edit": can_edit,
        "can_see_pay": can_see_pay,
        "csrf_token": CSRF_PLACEHOLDER,
    }
    tools = ""
    if can_edit:
        context.update(
            add_form=DayAddForm(),
            split_form=DaysSplitForm(),
            banner_form=BannerForm(production=production),
        )
        tools = render_to_string("schedules/_stripboard_tools.html", context)
    return BoardSummary(
        version_name=board.version.name if board.version else "",
        revision=board.revision,
        day_count=len(board.days),
        total_eighths=board.total_eighths,
        unscheduled_count=len(board.unscheduled),
        conflict_count=len(board.conflicts),
        hold=board.hold,
        days=tuple(DayOption(d.day.pk, d.day.day_number, d.day.date) for d in board.days),
        layout_html=render_to_string("schedules/_stripboard_layout.html", context),
        tools_html=tools,
        hold_html=render_to_string("schedules/_stripboard_hold.html", context),
        # Eight links reversed on every request otherwise: the same for the production.
        tabs_html=render_to_string(
            "schedules/_tabs.html", {"production": production, "tab": "stripboard"}
        ),
    )


def _day_links(board, production: Production) -> list[dict[str, str]]:
    """Return each day's edit, insert and remove links, reversing each URL once: a feature's
    board has 60 days, and 180 reverses were a fifth of rendering it."""
    marker = 2_147_483_647  # no day has this id; it stands for each day's in the path
    patterns = {
        name: reverse(f"schedules:day_{name}", args=[production.slug, marker])
        for name in ("edit", "insert", "remove")
    }
    return [
        {name: url.replace(str(marker), str(day.day.pk)) for name, url in patterns.items()}
        for day in board.days
    ]


def related_productions(production: Production) -> list[int]:
    """Return the other productions whose schedules can put a conflict on this board: every
    production where someone working on this one has a role."""
    people = Assignment.objects.filter(production=production).values("person_id")
    return list(
        Assignment.objects.filter(person_id__in=people)
        .exclude(production=production)
        .values_list("production_id", flat=True)
        .distinct()
    )


# Kept under the access level's key when the board shows another production (see ``cached``).
PER_VIEWER = "per-viewer"


def _key(kind: str, production: Production, user, membership: Membership, *, own: bool) -> str:
    viewer = f"{membership.access}:{int(user.is_superuser)}"
    if own:
        viewer = f"{user.pk}:{viewer}"
    return f"board:{FORMAT}:{kind}:{production.pk}:{viewer}"


def cached(kind: str, *, production: Production, user, membership: Membership, compute):
    """Return ``compute()`` for this viewer of the production, from the cache while fresh.

    ``compute`` must read only the production and the productions sharing its people (what
    the receivers below expire); its result must pickle.

    A board differs between viewers of the same access level only by the other productions
    it names, whose titles go to their members alone. While no one on the production works
    on another, every viewer of an access level shares one entry: after a save, the office
    renders the board once per level instead of once per person. Otherwise the level's key
    holds ``PER_VIEWER`` and each viewer has an entry of their own.
    """
    if not enabled():
        return compute()
    shared = _key(kind, production, user, membership, own=False)
    value, stamps = read_cache.lookup(shared, production.pk)
    if value is not None and value != PER_VIEWER:
        return value
    own = _key(kind, production, user, membership, own=True)
    if value == PER_VIEWER:
        mine, _ = read_cache.lookup(own, production.pk)
        if mine is not None:
            return mine
    # The other productions' generations are read before the data too. A person taking a
    # role elsewhere moves this production's generation, so the choice of key goes stale
    # with the entries.
    related = related_productions(production)
    stamps.update(read_cache.generations(related))
    value = compute()
    if related:
        read_cache.store(shared, stamps, PER_VIEWER)
        read_cache.store(own, stamps, value)
    else:
        read_cache.store(shared, stamps, value)
    return value


# ---------------------------------------------------------------- what makes boards stale


def _people_productions(person_ids) -> list[int]:
    return list(
        Assignment.objects.filter(person_id__in=person_ids)
        .values_list("production_id", flat=True)
        .distinct()
    )


def _productions_of(instance) -> list[int | str]:
    if isinstance(instance, Production):
        return [instance.pk]
    if isinstance(instance, ShootDay | Strip):
        return list(
            ScheduleVersion.objects.filter(pk=instance.version_id).values_list(
                "production_id", flat=True
            )
        )
    if isinstance(instance, LocationUnavailability):
        return list(
            Location.objects.filter(pk=instance.location_id).values_list("production_id", flat=True)
        )
    if isinstance(instance, Person):
        return _people_productions([instance.pk])
    if isinstance(instance, Unavailability):
        return _people_productions([instance.person_id])
    if isinstance(instance, Assignment):
        # A role elsewhere can put a conflict on every board the person is on.
        return [instance.production_id, *_people_productions([instance.person_id])]
    if isinstance(instance, Department):
        # The standard departments are every production's.
        return [instance.production_id or read_cache.GLOBAL]
    return [instance.production_id]


def _expire_on_change(sender, instance, **kwargs) -> None:
    for production_id in set(_productions_of(instance)):
        if production_id is not None:
            read_cache.expire(production_id)


WATCHED = (
    Production,
    Membership,
    Script,
    Scene,
    Character,
    BreakdownElement,
    Location,
    LocationUnavailability,
    ScheduleVersion,
    ShootDay,
    Strip,
    ScheduleSettings,
    Holiday,
    CastEvent,
    Assignment,
    Person,
    Unavailability,
    Department,
)


def receivers_connect() -> None:
    """Expire the cached reads whenever one of the models they show is saved or deleted.

    Writes that bypass signals (bulk creates and updates, queryset updates) are, in the
    services, always inside a transaction that also saves a watched row: the board's version
    takes a new revision, an import stores its script.
    """
    read_cache.expire_on_writes(
        _expire_on_change,
        WATCHED,
        uid="board-cache",
        links=(Scene.characters.through, Scene.elements.through),
    )
