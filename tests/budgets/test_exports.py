"""Exports and import: the XLSX round trip keeps every total to the cent; PDFs in A4 and Letter;
an import previews per-row errors and saves nothing until confirmed."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from budgets import exports, imports, selectors, services
from budgets.models import Line
from core.exceptions import ApplicationError
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
API = "/api/v1/productions/long-night"


@pytest.fixture
def filled(budget, owner, scheduled):
    acct = budget.accounts.get
    services.global_create(budget=budget, by=owner, name="WEEKS", formula="SHOOT_DAYS / 5")
    fica, sag, iatse = (budget.fringes.get(code=c) for c in ("FICA", "SAG", "IATSE"))
    services.line_create(
        budget=budget,
        by=owner,
        account=acct(number="1401"),
        description="Anna",
        link={"kind": "cast", "assignment": scheduled["anna"].assignment_id},
        fringes=[sag, fica],
    )
    services.line_create(
        budget=budget,
        by=owner,
        account=acct(number="3301"),
        description="DP",
        amount="WEEKS * 5",
        unit="day",
        x="1",
        rate="1234.567",
        fringes=[fica],
    )
    services.line_create(
        budget=budget,
        by=owner,
        account=acct(number="3301"),
        description="Grips",
        amount="50",
        unit="hour",
        x="3",
        rate="41.25",
        fringes=[iatse],
    )
    services.line_create(
        budget=budget,
        by=owner,
        account=acct(number="5001"),
        description="Editor",
        amount="10",
        unit="week",
        rate="3333.333",
    )
    services.charge_create(
        budget=budget,
        by=owner,
        name="Contingency",
        percent=D("10"),
        sections=["production", "post"],
        excluded_accounts=[acct(number="5001")],
    )
    budget.refresh_from_db()
    return budget


def test_the_workbook_keeps_subtotals_as_formulas(filled):
    book = load_workbook(io.BytesIO(exports.budget_xlsx(filled)))
    lines = book["Lines"]
    assert [c.value for c in lines[1]][:6] == [
        "account",
        "description",
        "amount",
        "unit",
        "x",
        "rate",
    ]
    assert lines["M2"].value == "=ROUND(C2*E2*F2,2)"
    assert lines["O2"].value == "=M2+N2"
    assert book["Topsheet"]["D2"].value.startswith("=SUMIF(Lines!")


def test_xlsx_round_trip_gives_the_same_totals_to_the_cent(filled, owner, production):
    content = exports.budget_xlsx(filled)
    target = services.budget_create(
        production=production, by=owner, name="Imported", template="blank"
    )
    preview = imports.import_preview(budget=target, content=content, name="b.xlsx")
    assert preview.ok, [r.errors for r in preview.rows]
    imports.import_apply(budget=target, payload=preview.as_payload(), by=owner)
    target.refresh_from_db()
    assert target.grand_total == filled.grand_total
    mine, theirs = selectors.topsheet(filled), selectors.topsheet(target)
    assert theirs.fringes_total == mine.fringes_total
    assert theirs.charges == mine.charges
    assert [(c.number, c.total) for s in theirs.sections for c in s.categories if c.total] == [
        (c.number, c.total) for s in mine.sections for c in s.categories if c.total
    ]


def test_an_import_with_bad_rows_shows_each_error_and_saves_nothing(budget, owner):
    csv = (
        b"account,description,amount,unit,x,rate\n"
        b"3301,DP,10,day,1,900\n"
        b"3302,Camera,SHOOT_DAYZ,week,1,5000\n"
        b"3303,Drone,1,fortnight,1,100\n"
    )
    preview = imports.import_preview(budget=budget, content=csv, name="lines.csv")
    assert not preview.ok
    errors = {row.number: row.errors for row in preview.rows}
    assert errors[2] == []
    assert "unknown name SHOOT_DAYZ" in errors[3][0]
    assert "Unknown unit “fortnight”" in errors[4][0]
    assert not Line.objects.filter(budget=budget).exists()


def test_the_import_api_previews_then_imports_when_confirmed(budget, owner):
    client = client_for(owner)
    body = b"account,description,amount,unit,x,rate\n3301,DP,10,day,1,900\n4100,New,1,allow,1,5\n"

    def upload(confirm):
        return client.post(
            f"{API}/budgets/{budget.pk}/import/",
            {"file": io.BytesIO(body), "confirm": confirm},
            format="multipart",
        )

    preview = upload(False)
    assert preview.status_code == 200 and preview.json()["ok"] is True
    assert preview.json()["rows"][0]["subtotal"] == "9000.00"
    assert not Line.objects.filter(budget=budget).exists()
    done = upload(True)
    assert done.status_code == 201 and done.json() == {"imported": 2}
    budget.refresh_from_db()
    assert budget.grand_total == D("9005.00")
    assert budget.accounts.get(number="4100").category.number == "4100"


def test_a_file_without_the_columns_is_refused_in_words(budget):
    with pytest.raises(ApplicationError) as error:
        imports.import_preview(budget=budget, content=b"a,b\n1,2\n", name="x.csv")
    assert "lacks the columns" in error.value.message


@pytest.mark.parametrize(("paper", "width"), [("a4", 595), ("letter", 612)])
def test_the_topsheet_and_full_budget_render_as_pdf_in_both_paper_sizes(
    filled, owner, paper, width
):
    client = client_for(owner)
    for path in ("topsheet.pdf", "budget.pdf"):
        response = client.get(f"{API}/budgets/{filled.pk}/{path}?paper={paper}")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.content))
        assert round(float(reader.pages[0].mediabox.width)) == width
        text = "".join(page.extract_text() for page in reader.pages)
        assert f"{filled.grand_total:,.2f}" in text
        if path == "budget.pdf":
            assert "Grips" in text


def test_the_cost_report_exports_with_formulas(filled):
    book = load_workbook(io.BytesIO(exports.cost_report_xlsx(filled, date(2026, 3, 31))))
    sheet = book.active
    assert sheet["H2"].value == "=D2+F2+G2" and sheet["I2"].value == "=C2-H2"


def test_typed_text_never_becomes_a_formula_or_breaks_the_workbook(budget, owner, production):
    account = budget.accounts.get(number="3301")
    services.line_create(
        budget=budget,
        by=owner,
        account=account,
        description='=HYPERLINK("http://x")\x07',
        amount="1",
        rate="5",
    )
    services.category_create(budget=budget, by=owner, number='9"9', name="Odd\x01", section="other")
    book = load_workbook(io.BytesIO(exports.budget_xlsx(budget)))
    assert book["Lines"]["B2"].value == '\'=HYPERLINK("http://x")'
    target = services.budget_create(production=production, by=owner, name="Back", template="blank")
    preview = imports.import_preview(
        budget=target, content=exports.budget_xlsx(budget), name="b.xlsx"
    )
    assert preview.rows[0].values["description"] == '=HYPERLINK("http://x")'
