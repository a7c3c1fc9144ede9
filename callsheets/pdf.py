"""The call sheet as a PDF (WeasyPrint), fetching nothing but our own static files."""

from __future__ import annotations

import logging
import mimetypes
import os
import posixpath
import re
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string

from callsheets.models import (
    CallSheetVersion,
)
from productions.models import Production

# Where US Letter is the paper in the printer; elsewhere A4. Only the emailed PDF uses this;
# ?paper= chooses for a download.
LETTER_ZONES = ("America/", "US/", "Canada/")


def default_paper(production: Production) -> str:
    return "letter" if production.time_zone.startswith(LETTER_ZONES) else "a4"


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
        "callsheets/callsheet_document.html",
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
