"""Import a budget's lines from XLSX or CSV: parse and preview with per-row errors, then apply.

Columns (a header row names them; only the first six are required): account, description,
amount, unit, x, rate, and optionally fringes (codes, comma-separated), person (id),
account_name, category, category_name, section. A workbook exported by ``budgets.exports`` also
brings its "Fringes" and "Charges" sheets. Nothing is saved unless every row is valid and the
import is confirmed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from budgets import charts, formulas
from budgets.arithmetic import cents
from budgets.models import Account, Budget, Category, Charge, Fringe, Line
from budgets.recompute import budget_recompute
from budgets.services import _names, _refuse_if_locked, record_change
from core.exceptions import ApplicationError
from crew.models import Person

REQUIRED = ("account", "description", "amount", "unit", "x", "rate")
OPTIONAL = ("fringes", "person", "account_name", "category", "category_name", "section")
MAX_ROWS = 20000
MAX_BYTES = 10 * 1024 * 1024


@dataclass
class ImportRow:
    number: int
    values: dict
    errors: list[str] = field(default_factory=list)
    subtotal: Decimal = Decimal("0")


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    fringes: list[dict] = field(default_factory=list)
    charges: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(not row.errors for row in self.rows) and bool(self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    def as_payload(self) -> dict:
        return {
            "rows": [r.values for r in self.rows],
            "fringes": self.fringes,
            "charges": self.charges,
        }


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        value = repr(value)
        if value.endswith(".0"):
            value = value[:-2]
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in ("=", "+", "@"):
        text = text[1:]  # the export's guard that keeps typed text from being a formula
    return text


def _tables(content: bytes, name: str) -> dict[str, list[list[str]]]:
    if len(content) > MAX_BYTES:
        raise ApplicationError("The file is larger than 10 MB.", errors={"file": ["Too large."]})
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
            raise ApplicationError(
                "The file is not a readable XLSX workbook.", errors={"file": ["Not XLSX."]}
            ) from error
        return {
            sheet.title: [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets
        }
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ApplicationError(
            "The CSV file is not UTF-8 text.", errors={"file": ["Not UTF-8."]}
        ) from error
    return {"Lines": [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]}


def _records(table: list[list[str]]) -> list[tuple[int, dict]]:
    if not table:
        return []
    headers = [h.strip().lower() for h in table[0]]
    missing = [h for h in REQUIRED if h not in headers]
    if missing:
        raise ApplicationError(
            f"The header row lacks the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}.",
            errors={"file": ["Columns missing."]},
        )
    records = []
    for number, row in enumerate(table[1:], start=2):
        values = {h: (row[i] if i < len(row) else "") for i, h in enumerate(headers)}
        if not any(values.values()) or values.get("account", "").upper() == "TOTAL":
            continue
        records.append((number, {k: values.get(k, "") for k in REQUIRED + OPTIONAL}))
    if len(records) > MAX_ROWS:
        raise ApplicationError(
            f"At most {MAX_ROWS} lines can be imported at once.",
            errors={"file": ["Too many rows."]},
        )
    return records


def import_preview(*, budget: Budget, content: bytes, name: str) -> ImportPreview:
    """Read the file and check every row against the budget; save nothing."""
    tables = _tables(content, name)
    lines_table = tables.get("Lines") or next(iter(tables.values()), [])
    fringes = [
        dict(zip(["code", "name", "kind", "rate", "cutoff"], row, strict=False))
        for row in tables.get("Fringes", [])[1:]
        if row and row[0]
    ]
    charges = [
        dict(zip(["name", "percent", "sections", "excluded_accounts"], row, strict=False))
        for row in tables.get("Charges", [])[1:]
        if row and row[0]
    ]
    known_fringes = set(budget.fringes.values_list("code", flat=True)) | {
        f["code"] for f in fringes
    }
    people = set(
        Person.objects.filter(assignments__production_id=budget.production_id).values_list(
            "pk", flat=True
        )
    )
    names = _names(budget)
    rows = []
    for number, values in _records(lines_table):
        row = ImportRow(number, values)
        if not values["account"]:
            row.errors.append("The account number is missing.")
        if values["unit"] and values["unit"].lower() not in Line.Unit.values:
            row.errors.append(
                f"Unknown unit “{values['unit']}”: use {', '.join(Line.Unit.values)}."
            )
        cells = {}
        for cell in ("amount", "x", "rate"):
            text = values[cell] or ("1" if cell == "x" else "0")
            try:
                cells[cell] = formulas.evaluate(text, names)
            except formulas.FormulaError as error:
                row.errors.append(f"{cell}: {error}")
        for code in filter(None, (c.strip() for c in values["fringes"].split(","))):
            if code not in known_fringes:
                row.errors.append(f"Unknown fringe {code}.")
        if values["person"]:
            if not values["person"].isdigit() or int(values["person"]) not in people:
                row.errors.append(f"Person {values['person']} has no role on this production.")
        if values["section"] and values["section"] not in Category.Section.values:
            row.errors.append(f"Unknown section “{values['section']}”.")
        if len(cells) == 3:
            row.subtotal = cents(cells["amount"] * cells["x"] * cells["rate"])
        rows.append(row)
    if not rows:
        raise ApplicationError("The file has no lines to import.", errors={"file": ["Empty."]})
    return ImportPreview(rows, fringes, charges)


def _category_number(account: str) -> str:
    digits = "".join(c for c in account if c.isdigit())
    return f"{digits[:2]}00" if len(digits) >= 3 else account


@transaction.atomic
def import_apply(*, budget: Budget, payload: dict, by) -> int:
    """Create the previewed lines (and missing categories, accounts, fringes, charges)."""
    budget = Budget.objects.select_for_update().select_related("production").get(pk=budget.pk)
    _refuse_if_locked(budget)
    fringes = {f.code: f for f in budget.fringes.all()}
    for item in payload.get("fringes", []):
        if item["code"] not in fringes:
            fringes[item["code"]] = Fringe.objects.create(
                budget=budget,
                code=item["code"],
                name=item.get("name") or item["code"],
                kind=item.get("kind") or "percent",
                rate=Decimal(item.get("rate") or 0),
                cutoff=Decimal(item["cutoff"]) if item.get("cutoff") else None,
            )
    categories = {c.number: c for c in budget.categories.all()}
    accounts = {a.number: a for a in budget.accounts.all()}
    names = _names(budget)
    new_lines, line_fringes = [], []
    for order, values in enumerate(payload["rows"], start=1):
        number = values["account"]
        if number not in accounts:
            category_number = values.get("category") or _category_number(number)
            if category_number not in categories:
                categories[category_number] = Category.objects.create(
                    budget=budget,
                    number=category_number,
                    name=values.get("category_name") or f"Category {category_number}",
                    section=values.get("section") or charts.section_for_number(category_number),
                )
            accounts[number] = Account.objects.create(
                budget=budget,
                category=categories[category_number],
                number=number,
                name=values.get("account_name") or f"Account {number}",
            )
        line = Line(
            budget=budget,
            account=accounts[number],
            order=order,
            description=values["description"][:200],
            unit=(values["unit"] or "allow").lower(),
            person_id=int(values["person"]) if values.get("person") else None,
        )
        for cell in ("amount", "x", "rate"):
            text = values[cell] or ("1" if cell == "x" else "0")
            setattr(line, cell, formulas.evaluate(text, names))
            setattr(line, f"{cell}_formula", text if formulas.is_formula(text) else "")
        new_lines.append(line)
        line_fringes.append([c.strip() for c in values.get("fringes", "").split(",") if c.strip()])
    created = Line.objects.bulk_create(new_lines)
    Line.fringes.through.objects.bulk_create(
        Line.fringes.through(line_id=line.pk, fringe_id=fringes[code].pk)
        for line, codes in zip(created, line_fringes, strict=True)
        for code in codes
    )
    existing = set(budget.charges.values_list("name", flat=True))
    for item in payload.get("charges", []):
        if item["name"] in existing:
            continue
        charge = Charge.objects.create(
            budget=budget,
            name=item["name"],
            percent=Decimal(item.get("percent") or 0),
            sections=[s for s in (item.get("sections") or "").split(",") if s],
        )
        excluded = [
            accounts[n] for n in (item.get("excluded_accounts") or "").split(",") if n in accounts
        ]
        charge.excluded_accounts.set(excluded)
    budget_recompute(budget)
    record_change(
        budget=budget, production=budget.production, by=by, summary=f"Imported {len(created)} lines"
    )
    return len(created)
