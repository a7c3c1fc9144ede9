"""Reads kept in the cache while the productions they show have not changed.

The office's busiest reads (the stripboard's board, the API's lists) are the same for every
request until someone changes the production. Each production has a *generation* in the
cache; a cached read records the generations of every production it was computed from, and
is served only while all of them (and the global one, for data shared by every production)
are unchanged. Writers call ``expire(production_id)``; the apps connect the signal receivers
that do it for each model (``schedules.board_cache.receivers_connect``).

Freshness, as the personal call-sheet pages have it: the generations are read *before* the
data, and ``expire`` bumps at once and again after the transaction commits, so a read computed
from data that a transaction was about to change carries an older generation and is never
served. Nothing here knows a model; it keeps values under keys and compares numbers.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

GLOBAL = "global"
# An entry is dropped after this long even if nothing changed: it bounds what the cache holds.
LONGEST_SECONDS = 6 * 60 * 60

Stamps = dict[int | str, int]


def _generation_key(production_id: int | str) -> str:
    return f"reads:generation:{production_id}"


def generations(production_ids: Iterable[int | str]) -> Stamps:
    """Return the current generation of each production (and of ``GLOBAL`` if asked)."""
    ids = list(dict.fromkeys(production_ids))
    keys = {_generation_key(pid): pid for pid in ids}
    found = cache.get_many(list(keys))
    for key in keys:
        if key not in found:
            # Start from the clock, not 0: if the key was evicted, entries stamped under the
            # old count must not match the new one.
            cache.add(key, time.time_ns(), None)
            found[key] = cache.get(key)
    return {pid: found[key] for key, pid in keys.items()}


def _bump(production_id: int | str) -> None:
    key = _generation_key(production_id)
    try:
        cache.incr(key)
    except ValueError:  # not there: a fresh count is a new generation too
        cache.add(key, time.time_ns(), None)


def expire(production_id: int | str) -> None:
    """Stop serving every cached read of the production: now and after the commit."""
    _bump(production_id)
    transaction.on_commit(lambda: _bump(production_id))


@dataclass(frozen=True)
class Entry:
    stamps: Stamps
    value: object


class ReadAhead:
    """What a request's first lookups will ask the cache for, read in one round trip before
    any of them (and before any data): each lookup given it takes the keys it read from it
    (found or not) and asks the cache only for the others. The keys (``keys_for``) are a
    guess from what the process knows; a wrong guess costs the round trip it would have."""

    def __init__(self, keys: Iterable[str]):
        self.keys = set(keys)
        self.found = cache.get_many(list(self.keys))

    def get_many(self, keys: list[str]) -> dict:
        found = {key: self.found[key] for key in keys if key in self.found}
        rest = [key for key in keys if key not in self.keys]
        if rest:
            found.update(cache.get_many(rest))
        return found


def keys_for(key: str, *ids: int | str | None) -> list[str]:
    """The cache keys a lookup of ``key`` with the generations of ``ids`` (and the global
    one) asks for: for a ``ReadAhead``."""
    return [key, _generation_key(GLOBAL), *(_generation_key(pid) for pid in ids if pid is not None)]


def _get_many(keys: list[str], ahead: ReadAhead | None) -> dict:
    return cache.get_many(keys) if ahead is None else ahead.get_many(keys)


def lookup(
    key: str, production_id: int | str, ahead: ReadAhead | None = None
) -> tuple[object | None, Stamps]:
    """Return the value cached under ``key`` if still current, and the production's stamps.

    The stamps (the production's and the global generation, read before any data) are what a
    miss must store its freshly computed value under.
    """
    own = [_generation_key(production_id), _generation_key(GLOBAL)]
    found = _get_many([key, *own], ahead)
    if own[0] not in found or own[1] not in found:
        stamps = generations([production_id, GLOBAL])
    else:
        stamps = {production_id: found[own[0]], GLOBAL: found[own[1]]}
    entry = found.get(key)
    if not isinstance(entry, Entry):
        return None, stamps
    if any(entry.stamps.get(pid) != value for pid, value in stamps.items()):
        return None, stamps
    others = [pid for pid in entry.stamps if pid not in stamps]
    if others and generations(others) != {pid: entry.stamps[pid] for pid in others}:
        return None, stamps
    return entry.value, stamps


def lookup_entry(key: str, *hints: int | str | None) -> object | None:
    """Return the value cached under ``key`` while every production it was computed from is
    unchanged, whichever they are: for reads that learn their production from the data.

    ``hints`` (the generations the entry is likely stamped with) are asked for in the same
    round trip; a wrong or missing hint costs one more.
    """
    return lookup_entry_stamps(key, *hints)[0]


def lookup_entry_stamps(
    key: str, *hints: int | str | None, ahead: ReadAhead | None = None
) -> tuple[object | None, Stamps | None]:
    """``lookup_entry``, and on a hit the generations the value was found current under: what
    a later read of the same request may be checked against without another round trip."""
    found = _get_many(keys_for(key, *hints), ahead)
    entry = found.get(key)
    if not isinstance(entry, Entry):
        return None, None
    missing = [_generation_key(pid) for pid in entry.stamps if _generation_key(pid) not in found]
    if missing:
        found.update(cache.get_many(missing))
    if any(found.get(_generation_key(pid)) != value for pid, value in entry.stamps.items()):
        return None, None
    return entry.value, dict(entry.stamps)


def store(key: str, stamps: Stamps, value: object, seconds: int = LONGEST_SECONDS) -> None:
    """Keep ``value`` under ``key``, good while every production in ``stamps`` is unchanged."""
    cache.set(key, Entry(dict(stamps), value), seconds)


def expire_on_writes(receiver, models: Iterable[type], *, uid: str, links: Iterable = ()) -> None:
    """Call ``receiver(sender, instance)`` after any of ``models`` is saved or deleted, and after
    any of the many-to-many ``links`` (``Model.field.through``) changes; the receiver expires
    what the instance's change makes stale. ``uid`` names the connections, so connecting twice
    (``ready()`` runs again in tests) connects once."""

    def on_links(sender, instance, action, **kwargs) -> None:
        if action.startswith("post_"):
            receiver(sender, instance)

    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=model, dispatch_uid=f"{uid}-{model.__name__}")
    for through in links:
        m2m_changed.connect(
            on_links, sender=through, dispatch_uid=f"{uid}-{through.__name__}", weak=False
        )


class ProcessCopies:
    """Values this process served lately, each with the generations it was current under.

    A copy is handed back only for the very generations the request just read from the cache
    (before any data), so it is as fresh as the shared entry it copies, without the round trip
    that fetches it. At most ``most_bytes`` of values (as ``size`` measures them) are kept; the
    least recently served go first.
    """

    def __init__(self, most_bytes: int, size: Callable[[object], int]):
        self.most_bytes = most_bytes
        self.size = size
        self.entries: OrderedDict[str, tuple[Stamps, object]] = OrderedDict()
        self.bytes = 0
        self.lock = threading.Lock()

    def get(self, key: str, generations: Stamps | None) -> object | None:
        if not _known(generations):
            return None
        with self.lock:
            found = self.entries.get(key)
            if found is None or found[0] != generations:
                return None
            self.entries.move_to_end(key)
            return found[1]

    def put(self, key: str, generations: Stamps, value: object) -> None:
        size = self.size(value)
        if size > self.most_bytes or not _known(generations):
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.bytes -= self.size(old[1])
            self.entries[key] = (dict(generations), value)
            self.bytes += size
            while self.bytes > self.most_bytes:
                _, (_, dropped) = self.entries.popitem(last=False)
                self.bytes -= self.size(dropped)


def _known(generations: Stamps | None) -> bool:
    # A cache that does not answer gives no generations: nothing is served from a copy then,
    # since the writes that would have moved them are lost too.
    return bool(generations) and None not in generations.values()
