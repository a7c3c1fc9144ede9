"""Exports: the whole budget and the cost report as XLSX (subtotals as formulas, so a producer
can keep working in Excel), and the topsheet or the full budget as PDF in A4 or Letter.

The workbook's "Lines" sheet is also what ``budgets.imports`` reads back: its first columns are
account, description, amount, unit, x, rate, then fringes (codes), person (id), the account's
name, its category's number and name and section. "Fringes" and "Charges" carry the rest, so an
export imported into a blank budget gives the same totals to the cent.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from budgets import selectors
from budgets.cost_selectors import KEYS, cost_report
from budgets.models import Budget

LINE_HEADERS = [
    "account",
    "description",
    "amount",
    "unit",
    "x",
    "rate",
    "fringes",
    "person",
    "account_name",
    "category",
    "category_name",
    "section",
    "subtotal",
    "fringe_total",
    "total",
]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"


def filename(budget: Budget, suffix: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", f"{budget.production.slug} {budget.name}".lower())
    return f"{slug.strip('-') or 'budget'}-{suffix}"


class Formula(str):
    """A formula the export writes itself; any other text starting with = stays text."""


def _text(value):
    """Drop the control characters a worksheet cannot hold; keep typed text from being a formula."""
    if isinstance(value, Formula):
        return str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(("=", "+", "@")):
            value = "'" + value  # typed text, never a formula Excel would run
    return value


def _criterion(number: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", number).replace('"', '""')


def _append(sheet, row: list) -> None:
    sheet.append([_text(value) for value in row])


def _bold_header(sheet, headers: list[str]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def budget_xlsx(budget: Budget) -> bytes:
    """Return the budget as a workbook: lines with formula subtotals, a topsheet, fringes."""
    book = Workbook()
    lines_sheet = book.active
    lines_sheet.title = "Lines"
    _bold_header(lines_sheet, LINE_HEADERS)
    for row_number, line in enumerate(selectors.lines_of(budget), start=2):
        account = line.account
        category = next(c for c in _categories(budget) if c.pk == account.category_id)
        _append(
            lines_sheet,
            [
                account.number,
                line.description,
                line.amount,
                line.unit,
                line.x,
                line.rate,
                ",".join(f.code for f in line.fringes.all()),
                line.person_id or "",
                account.name,
                category.number,
                category.name,
                category.section,
                Formula(f"=ROUND(C{row_number}*E{row_number}*F{row_number},2)"),
                line.fringe_total,
                Formula(f"=M{row_number}+N{row_number}"),
            ],
        )
        for column in ("M", "N", "O"):
            lines_sheet[f"{column}{row_number}"].number_format = MONEY_FORMAT
    last = lines_sheet.max_row
    _append(lines_sheet, [])
    _append(
        lines_sheet,
        [
            "TOTAL",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            Formula(f"=SUM(M2:M{last})"),
            Formula(f"=SUM(N2:N{last})"),
            Formula(f"=SUM(O2:O{last})"),
        ],
    )
    _topsheet_sheet(book.create_sheet("Topsheet"), budget, last)
    fringes = book.create_sheet("Fringes")
    _bold_header(fringes, ["code", "name", "kind", "rate", "cutoff"])
    for fringe in budget.fringes.order_by("code"):
        _append(
            fringes,
            [
                fringe.code,
                fringe.name,
                fringe.kind,
                fringe.rate,
                fringe.cutoff if fringe.cutoff is not None else "",
            ],
        )
    charges = book.create_sheet("Charges")
    _bold_header(charges, ["name", "percent", "sections", "excluded_accounts"])
    for charge in budget.charges.prefetch_related("excluded_accounts"):
        _append(
            charges,
            [
                charge.name,
                charge.percent,
                ",".join(charge.sections or []),
                ",".join(a.number for a in charge.excluded_accounts.all()),
            ],
        )
    for sheet in book.worksheets:
        for index in range(1, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 16
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _categories(budget: Budget):
    if not hasattr(budget, "_category_cache"):
        budget._category_cache = list(budget.categories.all())
    return budget._category_cache


def _topsheet_sheet(sheet, budget: Budget, last_line_row: int) -> None:
    """Each category's total as a SUMIF over the Lines sheet, so edits there flow up."""
    _bold_header(sheet, ["category", "name", "section", "subtotal", "fringes", "total"])
    row = 1
    for category in _categories(budget):
        row += 1
        span = f"Lines!$J$2:$J${last_line_row}"
        _append(
            sheet,
            [
                category.number,
                category.name,
                category.section,
                Formula(
                    f'=SUMIF({span},"{_criterion(category.number)}",Lines!$M$2:$M${last_line_row})'
                ),
                Formula(
                    f'=SUMIF({span},"{_criterion(category.number)}",Lines!$N$2:$N${last_line_row})'
                ),
                Formula(f"=D{row}+E{row}"),
            ],
        )
    _append(sheet, [])
    _append(
        sheet,
        [
            "",
            "Lines total",
            "",
            Formula(f"=SUM(D2:D{row})"),
            Formula(f"=SUM(E2:E{row})"),
            Formula(f"=SUM(F2:F{row})"),
        ],
    )
    for name, total in selectors.topsheet(budget).charges:
        _append(sheet, ["", name, "", "", "", total])
    _append(sheet, ["", "Grand total", "", "", "", budget.grand_total])


def cost_report_xlsx(budget: Budget, through: date) -> bytes:
    """Return the cost report as a workbook; EFC and variance are formulas."""
    report = cost_report(budget, through)
    book = Workbook()
    sheet = book.active
    sheet.title = "Cost report"
    _bold_header(sheet, ["account", "name", *KEYS])
    for index, row in enumerate(report.rows, start=2):
        _append(
            sheet,
            [
                row.number,
                row.name,
                row.budget,
                row.actual_to_date,
                row.period,
                row.open_pos,
                row.etc,
                Formula(f"=D{index}+F{index}+G{index}"),
                Formula(f"=C{index}-H{index}"),
            ],
        )
    last = sheet.max_row
    _append(sheet, ["TOTAL", "", *[Formula(f"=SUM({c}2:{c}{last})") for c in "CDEFGHI"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def budget_pdf(budget: Budget, *, paper: str = "a4", full: bool = False) -> bytes:
    """Return the topsheet (or the full budget, every line) as a PDF."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    context = {
        "budget": budget,
        "production": budget.production,
        "sheet": selectors.topsheet(budget),
        "paper": "letter" if paper == "letter" else "A4",
        "printed": timezone.localtime(timezone.now(), budget.production.tz),
    }
    if full:
        context["accounts"] = _accounts_with_lines(budget)
    html = render_to_string("budgets/budget_pdf.html", context)
    # Only inline data: URLs: a PDF must never make the server fetch anything.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


def _accounts_with_lines(budget: Budget) -> list:
    accounts = list(selectors.accounts_with_totals(budget))
    by_account: dict[int, list] = {a.pk: [] for a in accounts}
    for line in selectors.lines_of(budget):
        by_account[line.account_id].append(line)
    for account in accounts:
        account.budget_lines = by_account[account.pk]
    return [a for a in accounts if a.budget_lines]
