"""One builder per report kind and format: gather the data, lay it out, return the bytes.

PDFs are WeasyPrint renderings of templates under ``templates/reports/pdf/``; CSVs are
written with ``csv``; spreadsheets with openpyxl. Each builder takes the production, the
report's (already validated) params and a ``progress(percent)`` callback, and returns a
``Built`` file. A builder raises ``ApplicationError`` for a report that cannot be made (its
message is shown to people as it is).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from core.exceptions import ApplicationError
from crew.models import Assignment
from productions.models import BreakdownElement, Production, Scene
from reports import dpr_selectors
from schedules import selectors
from schedules.models import ScheduleVersion

Progress = Callable[[int], None]
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Days per page of the Day Out of Days PDF, so the codes stay big enough to read.
DOOD_DAYS_PER_PAGE = 30
# Each day's column in the PDF is this many characters of a monospaced font.
DOOD_CELL = 5


@dataclass(frozen=True)
class Built:
    filename: str
    content: bytes

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.filename.rsplit(".", 1)[-1]]


def _nothing(percent: int) -> None:
    """Ignore progress (builders called outside a task)."""


# ---------------------------------------------------------------- formats


def _pdf(template: str, context: dict, progress: Progress) -> bytes:
    html = render_to_string(f"reports/pdf/{template}", context)
    progress(50)
    # Only inline data: URLs: a report must never make the server fetch anything.
    fetcher = URLFetcher(allowed_protocols={"data"})
    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()
    progress(95)
    return pdf


def _context(production: Production, title: str, **extra) -> dict:
    now = timezone.localtime(timezone.now(), production.tz)
    return {
        "production": production,
        "title": title,
        "generated": f"{date_format(now.date(), 'D j M Y')} {now:%H:%M} ({production.time_zone})",
        **extra,
    }


def safe_cell(value):
    """Return ``value`` safe for a spreadsheet: a leading =, +, - or @ would start a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return f"'{value}"
    return value


def _csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    # A byte-order mark, so Excel reads the names' accents right.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _name(production: Production, kind: str, extension: str, suffix: str = "") -> str:
    today = timezone.localdate(timezone=production.tz).isoformat()
    middle = f"-{suffix}" if suffix else ""
    return f"{production.slug}-{kind}{middle}-{today}.{extension}"


# ---------------------------------------------------------------- Day Out of Days


DOOD_TOTALS = ("Work", "Hold", "Travel", "Holiday", "Rehearsal", "Fitting", "Drop", "Total")


def _dood_totals(row) -> list:
    return [
        row.work,
        row.hold,
        row.travel,
        row.holiday,
        row.rehearsal,
        row.fitting,
        row.drop_pickup,
        row.total,
    ]


def _dood_grid(table: selectors.DoodTable) -> list[dict]:
    """Return the Day Out of Days as pages of fixed-width text lines, one line per cast member.

    Days off with nothing on them are left out. Text, not a cell per code: a table of 2,400
    cells takes WeasyPrint several seconds, the same codes as text a fraction of one.
    """
    keep = [
        i
        for i, column in enumerate(table.columns)
        if column.kind != "off" or any(line.row.codes[i] for line in table.lines)
    ]

    def cells(values) -> str:
        return "".join(str(value)[: DOOD_CELL - 1].ljust(DOOD_CELL) for value in values)

    pages = []
    for start in range(0, len(keep), DOOD_DAYS_PER_PAGE):
        chosen = keep[start : start + DOOD_DAYS_PER_PAGE]
        columns = [table.columns[i] for i in chosen]
        numbers = [
            f"D{c.day_number}" if c.day_number else ("hol" if c.kind == "holiday" else "off")
            for c in columns
        ]
        pages.append(
            {
                "header": [
                    cells(f"{c.date:%a}" for c in columns),
                    cells(f"{c.date.day}/{c.date.month}" for c in columns),
                    cells(numbers),
                ],
                "rows": [(line, cells(line.row.codes[i] for i in chosen)) for line in table.lines],
            }
        )
    return pages


def dood_pdf(production: Production, params: dict, progress: Progress = _nothing) -> Built:
    table = selectors.dood_for(production)
    progress(20)
    context = _context(
        production,
        "Day Out of Days",
        table=table,
        pages=_dood_grid(table),
        totals=[(line, _dood_totals(line.row)) for line in table.lines],
        total_names=DOOD_TOTALS,
    )
    return Built(_name(production, "day-out-of-days", "pdf"), _pdf("dood.html", context, progress))


def dood_csv(production: Production, params: dict, progress: Progress = _nothing) -> Built:
    table = selectors.dood_for(production)
    progress(50)
    # The same CSV as the Day Out of Days page's download.
    text = selectors.dood_csv_text(table)
    return Built(_name(production, "day-out-of-days", "csv"), text.encode("utf-8"))


def dood_xlsx(production: Production, params: dict, progress: Progress = _nothing) -> Built:
    table = selectors.dood_for(production)
    progress(30)
    book = Workbook()
    sheet = book.active
    sheet.title = "Day Out of Days"
    sheet.append(["Cast ID", "Character", "Actor", *(c.date for c in table.columns), *DOOD_TOTALS])
    for line in table.lines:
        sheet.append(
            [
                safe_cell(line.cast_id),
                safe_cell(line.character),
                safe_cell(line.person),
                *line.row.codes,
                *_dood_totals(line.row),
            ]
        )
    _style_dood_sheet(sheet, table)
    progress(80)
    out = io.BytesIO()
    book.save(out)
    return Built(_name(production, "day-out-of-days", "xlsx"), out.getvalue())


def _style_dood_sheet(sheet, table: selectors.DoodTable) -> None:
    bold = Font(bold=True)
    off = PatternFill("solid", fgColor="E5E7EB")
    for cell in sheet[1]:
        cell.font = bold
        if isinstance(cell.value, date):
            cell.number_format = "ddd d mmm"
    for index, column in enumerate(table.columns, start=4):
        if column.kind != "shoot":
            for row in sheet.iter_rows(min_col=index, max_col=index):
                row[0].fill = off
    sheet.freeze_panes = "D2"


# ---------------------------------------------------------------- the schedule


def _board(production: Production, progress: Progress) -> selectors.Board:
    board = selectors.board_for(production)
    if not board.days:
        raise ApplicationError("The schedule has no shoot days yet, so there is nothing to print.")
    progress(20)
    return board


def one_line_pdf(production: Production, params: dict, progress: Progress = _nothing) -> Built:
    board = _board(production, progress)
    context = _context(production, "One-line schedule", board=board)
    return Built(_name(production, "one-line", "pdf"), _pdf("one_line.html", context, progress))


def _breakdown(production: Production) -> dict[int, list[tuple[str, list[str]]]]:
    """Return each scene's breakdown elements by category, in the sheet's category order."""
    pairs = Scene.elements.through.objects.filter(scene__production=production).values_list(
        "scene_id", "breakdownelement__category", "breakdownelement__name"
    )
    grouped: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for scene_id, category, name in pairs.order_by("breakdownelement__name"):
        grouped[scene_id][category].append(name)
    labels = dict(BreakdownElement.Category.choices)
    order = list(labels)
    return {
        scene_id: [
            (labels[category], names)
            for category, names in sorted(categories.items(), key=lambda c: order.index(c[0]))
        ]
        for scene_id, categories in grouped.items()
    }


@dataclass(frozen=True)
class ScheduledScene:
    strip: selectors.BoardStrip
    cast: str
    elements: list[tuple[str, list[str]]]


def shooting_schedule_pdf(
    production: Production, params: dict, progress: Progress = _nothing
) -> Built:
    board = _board(production, progress)
    names = dict(production.characters.exclude(cast_id="").values_list("cast_id", "name"))
    breakdown = _breakdown(production)
    days = [
        (
            day,
            [
                ScheduledScene(
                    strip,
                    ", ".join(f"{c}. {names.get(c, '')}" for c in strip.cast_ids),
                    breakdown.get(strip.scene.pk, []) if strip.scene else [],
                )
                for strip in day.strips
            ],
        )
        for day in board.days
    ]
    context = _context(production, "Shooting schedule", board=board, days=days)
    return Built(
        _name(production, "shooting-schedule", "pdf"),
        _pdf("shooting_schedule.html", context, progress),
    )


# ---------------------------------------------------------------- people


def _crew(production: Production) -> list[Assignment]:
    return list(
        production.assignments.exclude(role_kind=Assignment.RoleKind.CAST).select_related(
            "person", "department"
        )
    )


def _by_department(assignments: list[Assignment]) -> list[tuple[str, list[Assignment]]]:
    groups: dict[str, list[Assignment]] = {}
    for assignment in assignments:
        groups.setdefault(assignment.department.name, []).append(assignment)
    return list(groups.items())


def crew_list_pdf(production: Production, params: dict, progress: Progress = _nothing) -> Built:
    crew = _crew(production)
    progress(20)
    context = _context(production, "Crew list", departments=_by_department(crew), count=len(crew))
    return Built(_name(production, "crew-list", "pdf"), _pdf("crew_list.html", context, progress))


def crew_list_csv(production: Production, params: dict, progress: Progress = _nothing) -> Built:
    rows = [
        [a.department.name, a.title, a.person.name, a.start_date or "", a.end_date or ""]
        for a in _crew(production)
    ]
    header = ["Department", "Role", "Name", "Start", "End"]
    return Built(_name(production, "crew-list", "csv"), _csv(header, rows))


@dataclass(frozen=True)
class CastLine:
    cast_id: str
    character: str
    actor: str
    work: int | None
    start: date | None
    finish: date | None


def _cast(production: Production) -> list[CastLine]:
    """Return the cast in cast-ID order, with their work days from the Day Out of Days."""
    lines = {line.cast_id: line for line in selectors.dood_for(production).lines}
    characters = production.characters.exclude(cast_id="").select_related("assignment__person")
    cast = []
    for character in characters:
        line = lines.get(character.cast_id)
        cast.append(
            CastLine(
                character.cast_id,
                character.name,
                character.assignment.person.name if character.assignment_id else "",
                line.row.work if line else None,
                line.row.start if line else None,
                line.row.finish if line else None,
            )
        )
    return sorted(cast, key=lambda c: (len(c.cast_id), c.cast_id))


def cast_list_pdf(production: Production, params: dict, progress: Progress = _nothing) -> Built:
    cast = _cast(production)
    progress(20)
    context = _context(production, "Cast list", cast=cast)
    return Built(_name(production, "cast-list", "pdf"), _pdf("cast_list.html", context, progress))


def cast_list_csv(production: Production, params: dict, progress: Progress = _nothing) -> Built:
    rows = [
        [c.cast_id, c.character, c.actor, c.work or 0, c.start or "", c.finish or ""]
        for c in _cast(production)
    ]
    header = ["Cast ID", "Character", "Actor", "Work days", "Start", "Finish"]
    return Built(_name(production, "cast-list", "csv"), _csv(header, rows))


PRIVATE_PHONE = "(private)"


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    department: str
    email: str
    phone: str


def _contacts(production: Production) -> list[Contact]:
    """Return everyone on the production; a phone its owner keeps private is left out."""
    assignments = production.assignments.select_related("person", "department")
    return [
        Contact(
            a.person.name,
            a.title,
            a.department.name,
            a.person.email,
            PRIVATE_PHONE if a.person.phone_private else a.person.phone,
        )
        for a in assignments
    ]


def contact_sheet_pdf(production: Production, params: dict, progress: Progress = _nothing) -> Built:
    contacts = _contacts(production)
    progress(20)
    context = _context(production, "Contact sheet", contacts=contacts)
    return Built(
        _name(production, "contact-sheet", "pdf"), _pdf("contact_sheet.html", context, progress)
    )


def contact_sheet_csv(production: Production, params: dict, progress: Progress = _nothing) -> Built:
    rows = [[c.name, c.role, c.department, c.email, c.phone] for c in _contacts(production)]
    header = ["Name", "Role", "Department", "Email", "Phone"]
    return Built(_name(production, "contact-sheet", "csv"), _csv(header, rows))


# ---------------------------------------------------------------- money and the DPR


def _version(production: Production, params: dict) -> ScheduleVersion | None:
    if params.get("version") is None:
        return selectors.active_version(production)
    version = production.schedule_versions.filter(pk=params["version"]).first()
    if version is None:
        raise ApplicationError("That schedule version has been deleted since the request.")
    return version


def hold_cost_pdf(production: Production, params: dict, progress: Progress = _nothing) -> Built:
    version = _version(production, params)
    hold = selectors.hold_cost_for(production, version)
    progress(30)
    context = _context(production, "Hold cost", hold=hold, version=version)
    return Built(_name(production, "hold-cost", "pdf"), _pdf("hold_cost.html", context, progress))


def _amount(value) -> str:
    return "" if value is None else f"{value:.2f}"


def hold_cost_csv(production: Production, params: dict, progress: Progress = _nothing) -> Built:
    hold = selectors.hold_cost_for(production, _version(production, params))
    rows = [
        [r.key, r.character, r.person, r.hold_days, _amount(r.daily_rate), _amount(r.cost)]
        for r in hold.rows
    ]
    rows.append(["", "Total", "", hold.hold_days, "", _amount(hold.total)])
    header = ["Cast ID", "Character", "Actor", "Hold days", "Daily rate", "Hold cost"]
    return Built(_name(production, "hold-cost", "csv"), _csv(header, rows))


def dpr_context(production: Production, day: date) -> dict:
    report = dpr_selectors.dpr_get(production, day)
    if report is None:
        raise ApplicationError(
            f"There is no daily production report for {date_format(day, 'D j M Y')}."
        )
    return _context(
        production,
        f"Daily production report — Day {report.day_number}",
        report=report,
        totals=dpr_selectors.dpr_totals(report),
        flags=dpr_selectors.dpr_flags(report),
    )


def dpr_pdf(production: Production, day: date, progress: Progress = _nothing) -> bytes:
    """Return the day's DPR as a PDF (also attached to the producers' email)."""
    return _pdf("dpr.html", dpr_context(production, day), progress)


def dpr_report_pdf(production: Production, params: dict, progress: Progress = _nothing) -> Built:
    day = date.fromisoformat(params["date"])
    return Built(f"{production.slug}-dpr-{day.isoformat()}.pdf", dpr_pdf(production, day, progress))


Builder = Callable[[Production, dict, Progress], Built]
BUILDERS: dict[tuple[str, str], Builder] = {
    ("dood", "pdf"): dood_pdf,
    ("dood", "csv"): dood_csv,
    ("dood", "xlsx"): dood_xlsx,
    ("one_line", "pdf"): one_line_pdf,
    ("shooting_schedule", "pdf"): shooting_schedule_pdf,
    ("crew_list", "pdf"): crew_list_pdf,
    ("crew_list", "csv"): crew_list_csv,
    ("cast_list", "pdf"): cast_list_pdf,
    ("cast_list", "csv"): cast_list_csv,
    ("contact_sheet", "pdf"): contact_sheet_pdf,
    ("contact_sheet", "csv"): contact_sheet_csv,
    ("dpr", "pdf"): dpr_report_pdf,
    ("hold_cost", "pdf"): hold_cost_pdf,
    ("hold_cost", "csv"): hold_cost_csv,
}
