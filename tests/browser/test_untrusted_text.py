"""Text from links, the search box and documents is shown as text in a real browser: no link,
image, formula or colour is ever made of it, nothing is fetched from elsewhere, and the CSV
files the app writes hold no cell a spreadsheet would run."""

import csv
import io
import json
from urllib.parse import quote, urlparse

import pytest
from playwright.sync_api import Page, expect

from tracker.app.charts import shortened
from tracker.store import database

EVIL = "evil.example"
TITLE = (f"[Sign in again](http://{EVIL}/title) ![x](http://{EVIL}/title.png) $x^2$ "
         f'<a href="http://{EVIL}/html">html</a> :red[merah] **tebal**')
PLATFORM = f'<a href="http://{EVIL}/platform">MiChat</a>'
FORMULA_TITLE = f'=HYPERLINK("http://{EVIL}/csv","klik")'
DOCUMENT = ("BAB V\n\nPENUTUP\n\n5.2 Saran\n\n"
            "1. Pemerintah perlu menyediakan layanan kesehatan bagi pekerja seks di setiap kota.\n")


def settled(page: Page) -> None:
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_be_attached(timeout=30_000)


@pytest.fixture(scope="module")
def hostile(server):
    """The served data with a document whose metadata is Markdown, KaTeX and HTML; the
    running app picks up the rebuilt database."""
    url, data, db = server
    (data / "sources" / "hostile.txt").write_text(DOCUMENT, encoding="utf-8")
    with (data / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write(f'hostile,hostile.txt,"{TITLE.replace(chr(34), chr(34) * 2)}",,,,2024,"{PLATFORM.replace(chr(34), chr(34) * 2)}",,,id,,\n')
    # A document and an audit row whose text a spreadsheet would take for formulas.
    (data / "sources" / "formula.txt").write_text(DOCUMENT.replace("setiap kota", "setiap desa"), encoding="utf-8")
    with (data / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write(f'formula,formula.txt,"{FORMULA_TITLE.replace(chr(34), chr(34) * 2)}",@dewi,,+62 811,2024,,,,id,,\n')
    (data / "audit.jsonl").write_text(json.dumps({
        "at": "2026-11-30T00:00:00+00:00", "editor": "-budi", "recommendation_id": "formula:0-1", "document": "formula.txt",
        "action": "review", "field": "approach", "old": "punitive", "new": "mixed", "note": "=1+1",
    }) + "\n", encoding="utf-8")
    database.build(db, data)
    return url


@pytest.fixture
def watched(page: Page):
    """The page, and every address it asked for."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    return page, requests


def live_links_and_media(page: Page) -> dict:
    return page.evaluate(
        """(evil) => ({
            links: [...document.querySelectorAll('a')].map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || '')
                .filter(href => href.includes(evil)),
            images: [...document.querySelectorAll('img')].map(img => img.src).filter(src => src.includes(evil)),
            formulas: document.querySelectorAll('.katex').length,
            coloured: [...document.querySelectorAll('[data-testid="stMain"] span, [data-testid="stMain"] strong')]
                .filter(element => ['merah', 'tebal'].includes(element.textContent.trim())).length,
        })""",
        EVIL,
    )


def test_values_in_a_link_and_the_search_box_are_shown_as_text(hostile, watched):
    page, requests = watched
    values = [f"[Sign in again](http://{EVIL}/login)", f"![x](http://{EVIL}/beacon.png)", "$x^2$", ":red[merah]"]
    search = f"[klik](http://{EVIL}/q) **tebal**"
    page.goto(f"{hostile}/recommendations?" + "&".join(f"audience={quote(value)}" for value in values) + f"&q={quote(search)}")
    settled(page)
    alerts = page.get_by_test_id("stMain").get_by_test_id("stAlert")
    expect(alerts).to_have_count(len(values) + 1)
    for value in values:
        shown = value if len(value) <= 40 else value[:40] + "…"
        expect(alerts.filter(has_text=f"Ignored {shown} for audience in the link")).to_have_count(1)
    expect(alerts.filter(has_text=f"the search for {search} finds nothing here")).to_have_count(1)
    assert live_links_and_media(page) == {"links": [], "images": [], "formulas": 0, "coloured": 0}
    assert not [address for address in requests if urlparse(address).hostname == EVIL]


def test_document_metadata_is_shown_as_text_on_the_sources_page_and_the_charts(hostile, watched):
    page, requests = watched
    page.goto(f"{hostile}/sources?doc=hostile")
    settled(page)
    table = page.get_by_test_id("stMain").locator("table").last
    expect(table.locator("tr").filter(has_text="Title").locator("td").last).to_have_text(TITLE)
    expect(table).to_contain_text(PLATFORM)
    assert live_links_and_media(page) == {"links": [], "images": [], "formulas": 0, "coloured": 0}

    page.goto(f"{hostile}/?doc=hostile")
    settled(page)
    charts = page.locator(".js-plotly-plot")
    # Plotly draws after the script run ends.
    expect(charts.locator(".ytick text").filter(has_text=shortened(TITLE))).to_have_count(1, timeout=20_000)
    expect(charts.locator(".ytick text").filter(has_text=PLATFORM)).to_have_count(1, timeout=20_000)
    assert live_links_and_media(page) == {"links": [], "images": [], "formulas": 0, "coloured": 0}
    assert not [address for address in requests if urlparse(address).hostname == EVIL]


def downloaded(page: Page, button: str) -> list[dict]:
    with page.expect_download() as download:
        page.get_by_role("button", name=button, exact=True).click()
    return list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))


def test_csv_files_hold_no_cell_a_spreadsheet_would_run(hostile, page: Page):
    page.goto(f"{hostile}/export?doc=formula")
    settled(page)
    [row] = downloaded(page, "CSV")
    assert (row["document_title"], row["author"], row["city"]) == ("'" + FORMULA_TITLE, "'@dewi", "'+62 811")
    [entry] = downloaded(page, "Audit trail (CSV)")
    assert (entry["editor"], entry["note"]) == ("'-budi", "'=1+1")
    labels = downloaded(page, "Labels (CSV)")
    assert labels and not [value for row in labels for value in row.values()
                           if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not is_number(value)]


def is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
