"""The PDF: the same sheet as the page, A4 or US Letter, one or two pages for a normal day,
and WeasyPrint never fetching anything but our own static files."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from callsheets import assembly, selectors, services
from callsheets import pdf as callsheet_pdf
from callsheets.models import CallSheet
from demo.seed import demo_seed
from tests.factories import callsheet_schedule

pytestmark = pytest.mark.django_db

A4 = (595, 842)  # points
LETTER = (612, 792)


@pytest.fixture
def version(production, owner):
    plan = callsheet_schedule(production, by=owner)
    callsheet = services.callsheet_generate(production=production, on=plan["days"][0])
    return services.callsheet_publish(callsheet=callsheet, send=False)


def read(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF")
    return PdfReader(io.BytesIO(pdf))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def size_of(reader: PdfReader) -> tuple[int, int]:
    box = reader.pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def test_the_pdf_has_the_days_scenes_and_call_times_as_text(version):
    text = text_of(read(callsheet_pdf.version_pdf(version, paper="a4")))

    for expected in (
        "The Long Night",
        "Day 1 of 3",
        "DOCKS - PIER",
        "Maya finds the ledger.",
        "DOCKS - GATE",
        "General crew call",
        "07:00",
        "Actor Maya",
        "Gus Grip",
        "Harbor Hospital",
    ):
        assert expected in text, expected
    assert "7700" not in text  # the private phone


@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("letter", LETTER)])
def test_the_pdf_comes_in_a4_and_us_letter(version, paper, size):
    assert size_of(read(callsheet_pdf.version_pdf(version, paper=paper))) == size


def test_the_pdf_page_of_the_ad_chooses_the_paper(version, owner):
    client = Client()
    client.force_login(owner)
    base = f"/productions/long-night/callsheets/{version.callsheet_id}/pdf/"

    letter = client.get(f"{base}?version=1&paper=letter")
    draft = client.get(f"{base}?version=draft")

    assert letter["Content-Type"] == "application/pdf"
    assert size_of(read(letter.content)) == LETTER
    assert "DRAFT" in text_of(read(draft.content))


def test_the_productions_own_paper_is_rendered_once_and_kept(version):
    first = callsheet_pdf.version_pdf(version)
    version.refresh_from_db()

    assert version.pdf.name.endswith("-v1.pdf")
    assert callsheet_pdf.version_pdf(version) == first
    assert callsheet_pdf.default_paper(version.callsheet.production) == "a4"  # Europe/London


def test_a_revised_version_says_so_on_paper(version):
    services.callsheet_update(callsheet=version.callsheet, weather="Rain")
    second = services.callsheet_publish(callsheet=version.callsheet, send=False)

    assert "REVISED Version 2" in text_of(read(callsheet_pdf.version_pdf(second)))


def test_the_demo_day_fits_on_one_or_two_pages():
    production = demo_seed()
    callsheet = CallSheet.objects.filter(production=production).order_by("date").first()
    version = selectors.version_get(callsheet)

    for paper in ("a4", "letter"):
        pages = len(read(callsheet_pdf.version_pdf(version, paper=paper)).pages)
        assert 1 <= pages <= 2, (paper, pages)
    assert callsheet_pdf.default_paper(production) == "letter"  # Los Angeles


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/style.css",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "https://studio.invalid/media/scripts/secret.fountain",
        "https://studio.invalid/static/../../etc/passwd",
    ],
)
def test_weasyprint_fetches_nothing_but_our_static_files(url):
    fetcher = callsheet_pdf._fetcher_class()()

    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_weasyprint_may_fetch_our_static_files():
    fetched = callsheet_pdf._fetcher_class()().fetch("https://studio.invalid/static/js/sw.js")

    assert fetched.read().startswith(b"/*")
    assert fetched.content_type == "text/javascript"


def test_text_typed_into_the_sheet_cannot_make_the_pdf_fetch_a_url(version, monkeypatch):
    asked = []
    real = callsheet_pdf._static_file
    monkeypatch.setattr(callsheet_pdf, "_static_file", lambda url: asked.append(url) or real(url))
    services.callsheet_update(
        callsheet=version.callsheet,
        weather='<img src="https://example.com/track.png"><link rel=stylesheet href="https://x">',
    )

    sheet = assembly.callsheet_sheet(version.callsheet)
    pdf = callsheet_pdf.sheet_pdf(sheet)

    assert asked == [] and "example.com/track.png" in text_of(read(pdf))
