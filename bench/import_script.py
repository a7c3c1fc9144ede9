"""Benchmark the script import: a 120-page feature of about 100 scenes, as `make bench` runs it."""

import statistics
import tempfile
import time

from django.db import transaction
from django.test import override_settings

from productions.models import Production
from productions.screenplay import parse_screenplay
from productions.scripts import script_import

GOAL_SECONDS = 0.5
RUNS = 5

_CAST = [
    "MAYA", "DANIEL", "RUTH", "OSCAR", "LENA", "VICTOR", "SAM", "HALE",
    "WAITRESS", "NURSE", "DOCKWORKER", "SERGEANT", "DRIVER", "GUARD #2", "McCLANE",
]  # fmt: skip
_SETS = [
    ("INT.", "MAYA'S APARTMENT - KITCHEN"),
    ("EXT.", "DOCKS - CONTAINER ROW"),
    ("INT.", "POLICE STATION - BULLPEN"),
    ("INT./EXT.", "RED PICKUP TRUCK - MOVING"),
    ("EXT.", "ROOFTOP"),
    ("INT.", "HARBOR WAREHOUSE - BACK ROOM"),
    ("I/E.", "DINER - BOOTH"),
    ("EST.", "CITY SKYLINE"),
]
_TIMES = ["DAY", "NIGHT", "DUSK", "DAWN", "CONTINUOUS", "LATER"]
_ACTION = (
    "Rain needles the windows while the harbor lights blur into long streaks. {a} crosses to "
    "the door, listens, then checks the street below where a black sedan idles with its "
    "headlights off and its wipers still going."
)
_LINES = [
    "You said midnight. It is twenty past, and nobody on this pier keeps a watch that slow.",
    "(quietly) Then we wait. Whoever comes for the ledger comes through that gate.",
    "I have heard that before, usually right before somebody got hurt.",
    "Keep the engine running and your phone face down.",
]


def feature_fountain(scenes: int = 100) -> str:
    """Return a Fountain feature of ``scenes`` scenes, about 1.2 pages each, with the usual
    variety: numbered and unnumbered headings, extensions, notes, synopses and a boneyard."""
    parts = ["Title: Benchmark Night\nAuthor: Studio\nDraft date: 1 May 2025\n\nFADE IN:\n"]
    for n in range(1, scenes + 1):
        prefix, place = _SETS[n % len(_SETS)]
        number = f" #{n}#" if n % 3 else ""
        parts.append(f"\n{prefix} {place} {n} - {_TIMES[n % len(_TIMES)]}{number}\n")
        parts.append(f"\n= Scene {n} moves the ledger one step closer to the harbor.\n")
        speakers = [_CAST[(n + k * 3) % len(_CAST)] for k in range(4)]
        beats = 4 + n % 5 + (n % 4 == 0)  # scenes from under a page to nearly two
        for beat in range(beats):
            parts.append("\n" + _ACTION.format(a=speakers[beat % 4].title()) + "\n")
            cue = speakers[beat % 4] + (" (CONT'D)" if beat == 4 else "")
            parts.append(f"\n{cue}\n{_LINES[beat % len(_LINES)]}\n")
        if n % 10 == 0:
            parts.append("\n[[Check the continuity of the ledger here.]]\n")
            parts.append("\n/*\nINT. CUT SCENE - DAY\n\nSomething the writer cut.\n*/\n")
        parts.append("\nCUT TO:\n")
    return "".join(parts)


def bench_import_120_pages() -> dict:
    """Time importing a 120-page feature into a fresh production; return the median of 5 runs.

    Each run is rolled back, and uploads go to a temporary folder, so nothing is left behind.
    """
    data = feature_fountain().encode()
    parsed = parse_screenplay(data, "benchmark.fountain")
    timings = []
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        for _ in range(RUNS):
            timings.append(_timed_import(data))
    return {
        "seconds": round(statistics.median(timings), 4),
        "goal_seconds": GOAL_SECONDS,
        "scenes": len(parsed.scenes),
        "pages": round(sum(scene.page_eighths for scene in parsed.scenes) / 8, 1),
    }


def _timed_import(data: bytes) -> float:
    with transaction.atomic():
        production = Production.objects.create(title="Benchmark", slug="bench-import-120-pages")
        started = time.perf_counter()
        script_import(production=production, file=data, filename="benchmark.fountain")
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed
