"""The kinds of object people can discuss, follow and sign off, registered by their own apps.

``collaboration`` imports only ``core`` and ``productions``; every other app tells it, from its
``AppConfig.ready()``, how to find one of its objects and who may see it, in one line::

    register("shoot_day", "schedules.ShootDay", production="version__production")

Models are named by label and resolved lazily, so registering needs no import of the model.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.http import Http404
from django.urls import reverse

# Who may see a kind of object: every member, those who see money, or the casting office.
VISIBILITY = {
    "member": lambda membership: True,
    "money": lambda membership: membership.can_see_money,
    "cast": lambda membership: membership.can_cast,
}


@dataclass(frozen=True)
class Kind:
    name: str
    model_label: str
    production: str = "production"
    visibility: str = "member"
    label_of: Callable[[Any], str] = str
    url_of: Callable[[Any], str] | None = None
    # A URL name taking ``slug`` and ``pk``, when the object has no get_absolute_url.
    url_name: str = ""
    version_of: Callable[[Any], str] | None = None
    # Related names of the rows that are part of the object (a call sheet's cast calls):
    # the stamp sign-offs compare reads them too, so editing one marks the sign-off changed.
    children: tuple[str, ...] = ()
    # The domain events that announce a change to this kind's objects.
    events: tuple[str, ...] = field(default_factory=tuple)

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def can_view(self, membership) -> bool:
        return membership is not None and VISIBILITY[self.visibility](membership)

    def objects_of(self, production_id: int) -> models.QuerySet:
        return self.model._default_manager.filter(**{f"{self.production}_id": production_id})

    def production_of(self, obj):
        for step in self.production.split("__"):
            obj = getattr(obj, step)
        return obj

    def url(self, obj) -> str:
        if self.url_of is not None:
            return self.url_of(obj)
        if self.url_name:
            slug = self.production_of(obj).slug
            return reverse(self.url_name, kwargs={"slug": slug, "pk": obj.pk})
        getter = getattr(obj, "get_absolute_url", None)
        return getter() if getter else ""

    def version(self, obj) -> str:
        """Return a stamp that changes whenever the object's content does (sign-offs compare it).

        The content is the row's own fields and its ``children``'s rows (read from a prefetch
        when there is one). Not content: moving along a workflow (a ``status``, an approve or
        send step's ``*_by`` and ``*_at``) and fields nobody edits (``editable=False``: tokens,
        bookkeeping), so an offer signed off as a draft still matches once approved and sent.
        A kind that names no children keeps ``updated_at`` in the stamp: it is the only trace
        the row has of edits to rows it does not name.
        """
        if self.version_of is not None:
            return str(self.version_of(obj))
        values = _content(obj, keep_updated_at=not self.children)
        for name in self.children:
            rows = sorted(getattr(obj, name).all(), key=lambda row: row.pk)
            values.append(f"{name}=[{';'.join('|'.join(_content(row)) for row in rows)}]")
        return hashlib.sha1("|".join(values).encode()).hexdigest()[:12]


def _is_content(f: models.Field, keep_updated_at: bool) -> bool:
    if not f.editable and not f.primary_key:
        return False  # tokens and bookkeeping nobody edits (an offer's memo link)
    if isinstance(f, models.DateTimeField):
        return keep_updated_at and f.name == "updated_at"
    if f.name == "status" or type(f).__name__ == "FSMField":
        return False
    remote = getattr(f, "related_model", None)
    return remote is None or remote is not get_user_model()


def _content(obj, keep_updated_at: bool = False) -> list[str]:
    return [
        f"{f.attname}={getattr(obj, f.attname)!r}"
        for f in obj._meta.concrete_fields
        if _is_content(f, keep_updated_at)
    ]


_kinds: dict[str, Kind] = {}
# How people say the kinds whose names are not words.
NOUNS = {"callsheet": "call sheet", "dpr": "daily report", "budget_line": "budget line"}


def noun(name: str) -> str:
    return NOUNS.get(name, name.replace("_", " "))


def register(name: str, model_label: str, **options) -> Kind:
    """Make ``name`` ("scene", "budget_line", …) a kind people can comment on and sign off."""
    kind = Kind(name=name, model_label=model_label, **options)
    if kind.visibility not in VISIBILITY:
        raise ValueError(f"Unknown visibility {kind.visibility!r} for kind {name!r}.")
    _kinds[name] = kind
    return kind


def _installed(k: Kind) -> bool:
    # A kind whose model moved to another app (and is registered again there) is skipped.
    try:
        apps.get_model(k.model_label)
    except LookupError:
        return False
    return True


def kinds() -> dict[str, Kind]:
    return {name: k for name, k in _kinds.items() if _installed(k)}


def kind(name: str) -> Kind:
    k = _kinds.get(name)
    if k is None or not _installed(k):
        raise Http404(f"Nothing of kind {name!r}.")
    return k


def as_id(text: str) -> int | None:
    """Return ``text`` as an id (ASCII digits, at most 18 of them), or None."""
    text = str(text or "")
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None


def parse_ref(ref: str) -> tuple[str, int]:
    """Split ``"scene:12"`` into ``("scene", 12)``; raise ValueError in words otherwise."""
    name, _, pk = (ref or "").partition(":")
    # An id longer than a bigint's 18 digits names nothing (and must not reach the database).
    if name not in kinds() or as_id(pk) is None:
        known = ", ".join(sorted(_kinds))
        raise ValueError(f'Name the object as "<kind>:<id>", where kind is one of {known}.')
    return name, int(pk)


def resolve(production_id: int, ref: str, membership):
    """Return the object ``ref`` names in the production, if the membership may see it.

    Another production's object, an unknown one and one the member may not see all raise 404.
    """
    try:
        name, pk = parse_ref(ref)
    except ValueError:
        raise Http404("No such object.") from None
    k = kind(name)
    if not k.can_view(membership):
        raise Http404("No such object.")
    obj = k.objects_of(production_id).filter(pk=pk).first()
    if obj is None:
        raise Http404("No such object.")
    return k, obj


# ---------------------------------------------------------------- groups one can mention


@dataclass(frozen=True)
class MentionGroups:
    """Where a production's mentionable groups (departments) and their users are read from."""

    model_label: str
    name_field: str
    user_field: str
    production: str = "production"

    def members(self, production_id: int) -> dict[str, set[int]]:
        """Return ``{"camera": {user ids}, "hair-makeup": {...}}`` for the production."""
        rows = (
            apps.get_model(self.model_label)
            ._default_manager.filter(**{f"{self.production}_id": production_id})
            .values_list(self.name_field, self.user_field)
        )
        groups: dict[str, set[int]] = {}
        for name, user_id in rows:
            members = groups.setdefault(group_handle(name), set())
            if user_id is not None:
                members.add(user_id)
        return groups


_groups: list[MentionGroups] = []


def group_handle(name: str) -> str:
    """Return a department's mention handle: lower case, spaces and "&" as hyphens."""
    text = name.lower().replace("&", "-").replace(" ", "-")
    while "--" in text:
        text = text.replace("--", "-")
    return text.strip("-")


def register_mention_groups(model_label: str, *, name_field: str, user_field: str, **options):
    """Let ``@<group>`` mention everyone in a group, e.g. crew's departments."""
    provider = MentionGroups(model_label, name_field, user_field, **options)
    if provider not in _groups:
        _groups.append(provider)


def mention_groups(production_id: int) -> dict[str, set[int]]:
    merged: dict[str, set[int]] = {}
    for provider in _groups:
        for name, members in provider.members(production_id).items():
            merged.setdefault(name, set()).update(members)
    return merged
