"""The dashboard in a real browser: filters and links, chart clicks, downloads, language, editing."""

import csv
import io
import json
import re
from datetime import date

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import EDITOR, PASSWORD, query
from tracker.app.i18n import text
from tracker.store.filters import Filters

# The machine running the suite may be busy (two cores, builds beside it): give each
# expectation time enough that a slow rerun is not taken for a wrong page.
expect.set_options(timeout=20_000)

# A first page load on a fresh server (or a busy machine) can take longer than Playwright's 5 s.
expect.set_options(timeout=20_000)

ONLY_APP_DEVELOPERS = ["1", "1", "0 (0%)", "1 (100%)", "0 (0%)", "0 (0%)"]
ONE_PUNITIVE = ["1", "1", "1 (100%)", "0 (0%)", "0 (0%)", "0 (0%)"]
TWO_PUNITIVE = ["2", "2", "2 (100%)", "0 (0%)", "0 (0%)", "0 (0%)"]


def settled(page: Page) -> None:
    """Wait until the app has finished its run (Streamlit marks the state on its root)."""
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_be_attached(timeout=30_000)


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    settled(page)


def metric_values(page: Page):
    return page.get_by_test_id("stMetricValue")


def choose(page: Page, label: str, option: str, area: str = "stSidebar") -> None:
    """Pick an option in the first select or multiselect labelled ``label`` in the sidebar or main area."""
    widgets = page.get_by_test_id(area).locator('[data-testid="stMultiSelect"], [data-testid="stSelectbox"]')
    box = widgets.filter(has=page.get_by_text(label, exact=True)).first.locator("input").first
    for attempt in range(3):
        # A click that lands while Streamlit re-renders the widget opens nothing: open again.
        box.click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    page.keyboard.press("Escape")


def click_bar(page: Page, bar) -> None:
    """Click a Plotly bar where a person would, at its centre: Plotly's drag layer lies over
    the bars, so the element itself does not take the click."""
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_audience_filter_changes_figures_and_url_and_link_reproduces(server, page: Page):
    url, _, _ = server
    open_app(page, url)
    expect(metric_values(page)).to_have_text(["7", "22", "2 (9%)", "9 (41%)", "2 (9%)", "9 (41%)"])
    choose(page, "Audience", "App developers and platforms")
    expect(metric_values(page)).to_have_text(ONLY_APP_DEVELOPERS)
    expect(page).to_have_url(re.compile(r"[?&]audience=app_developers"))
    settled(page)
    bars = page.locator(".js-plotly-plot").first
    # Plotly writes a wrapped name as one line per element, with no space between them.
    expect(bars.locator(".xtick text")).to_have_text(["App developersand platforms"])

    fresh = page.context.new_page()
    open_app(fresh, page.url)
    expect(metric_values(fresh)).to_have_text(ONLY_APP_DEVELOPERS)
    expect(fresh.get_by_test_id("stSidebar").get_by_text("App developers and platforms")).to_be_visible()


def test_clicking_a_bar_filters_the_list(server, page: Page):
    url, _, _ = server
    open_app(page, url)
    bars = page.locator(".js-plotly-plot").first
    # The first trace is "punitive"; its first bar is government's two punitive recommendations.
    click_bar(page, bars.locator(".barlayer .trace").first.locator(".point path").first)
    expect(page).to_have_url(re.compile(r"audience=government.*approach=punitive|approach=punitive.*audience=government"))
    expect(metric_values(page)).to_have_text(TWO_PUNITIVE)
    page.get_by_test_id("stSidebarNav").get_by_text("Recommendations").click()
    settled(page)
    quotes = page.locator("blockquote")
    expect(quotes).to_have_count(2)
    expect(quotes.first).to_contain_text("Pemerintah untuk menanggulangi")


def test_csv_download_holds_the_filtered_recommendations(server, page: Page):
    url, _, db = server
    open_app(page, f"{url}/export?audience=government")
    with page.expect_download() as download:
        page.get_by_role("button", name="CSV", exact=True).click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    expected = query(db, "export_recommendations", **Filters(audience=("government",)).sql_params())
    assert [row["quote"] for row in rows] == [row["text"] for row in expected]
    assert len(rows) == 8
    assert {"citation", "in_text_citation", "url", "page", "summary_en", "section_heading", "audience_names"} <= set(rows[0])
    assert download.value.suggested_filename == f"recommendations_government_{date.today().isoformat()}.csv"


def test_language_switch_changes_labels_not_quotes(server, page: Page):
    url, _, _ = server
    open_app(page, f"{url}/recommendations?audience=app_developers")
    quote = page.locator("blockquote").first.inner_text()
    expect(page.locator("body")).to_contain_text("App developers and platforms")
    page.get_by_test_id("stSidebar").get_by_text("Bahasa Indonesia").click()
    expect(page).to_have_url(re.compile(r"lang=id"))
    settled(page)
    expect(page.locator("body")).to_contain_text("Pengembang aplikasi dan platform")
    expect(page.get_by_test_id("stSidebarNav")).to_contain_text("Rekomendasi")
    assert page.locator("blockquote").first.inner_text() == quote


def sign_in(page: Page, language: str = "en") -> None:
    """Sign in at the top of the sidebar and wait for the session cookie."""
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text(text("sign_in_title", language), exact=True).click()
    sidebar.get_by_role("textbox", name=text("editor_name", language), exact=True).fill(EDITOR)
    sidebar.get_by_role("textbox", name=text("password", language), exact=True).fill(PASSWORD)
    sidebar.get_by_role("button", name=text("sign_in", language), exact=True).click()
    expect(sidebar.get_by_text(text("signed_in_as", language, name=EDITOR))).to_be_visible(timeout=30_000)
    settled(page)
    page.wait_for_function("document.cookie.includes('tracker_editor=')")


def test_editor_changes_a_tag_and_it_stays_after_reload(server, page: Page):
    url, data, _ = server
    open_app(page, f"{url}/review?audience=app_developers")
    expect(page.get_by_text("Adding and reviewing are for editors: sign in in the sidebar.")).to_be_visible()
    sign_in(page)
    choose(page, "Approach", "Mixed", area="stMain")
    page.get_by_role("button", name="Save and mark reviewed").click()
    expect(page.get_by_text("Saved. The change and its audit row are recorded.")).to_be_visible(timeout=30_000)
    # A reload keeps the editor signed in (a signed session cookie).
    page.reload()
    settled(page)
    expect(page.get_by_test_id("stSidebar").get_by_text(f"Signed in as {EDITOR}.")).to_be_visible()
    trail = page.get_by_test_id("stMain").locator("table").last
    expect(trail).to_contain_text("Harm reduction")
    expect(trail).to_contain_text(EDITOR)
    open_app(page, f"{url}/recommendations?audience=app_developers")
    expect(page.locator("body")).to_contain_text("Mixed")
    entries = [json.loads(line) for line in (data / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(entry["editor"], entry["field"], entry["old"], entry["new"]) for entry in entries] == [(EDITOR, "approach", "harm_reduction", "mixed")]


def test_clicking_a_platform_bar_filters_to_that_platform(server, page: Page):
    url, _, _ = server
    open_app(page, url)
    platform_chart = page.locator(".js-plotly-plot").nth(3)
    expect(platform_chart.locator(".ytick text")).to_have_text(["Twitter", "MiChat", "(not stated)"])
    platform_chart.scroll_into_view_if_needed()
    # Rows: Twitter, MiChat and "(not stated)" (the Kediri thesis and the Makassar report
    # name no platform); the first trace is punitive, which MiChat and Twitter have; its
    # first bar with a width, in the trace's data order, is MiChat's (seed 001's one).
    punitive = platform_chart.locator(".barlayer .trace").first.locator(".point path")
    click_bar(page, next(punitive.nth(i) for i in range(punitive.count()) if punitive.nth(i).bounding_box()["width"] > 0))
    expect(page).to_have_url(re.compile(r"platform=MiChat"))
    expect(metric_values(page)).to_have_text(ONE_PUNITIVE)


def test_editor_uploads_a_pdf_corrects_a_tag_and_saves(server, page: Page, tmp_path):
    from conftest import DOCUMENTS, text_lines, write_pdf

    url, data, _ = server
    pdf = write_pdf(text_lines((DOCUMENTS / "full_thesis.txt").read_text(encoding="utf-8")), tmp_path / "skripsi.pdf")
    open_app(page, f"{url}/add")
    sign_in(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(pdf))
    expect(page.get_by_text("4 recommendations found.", exact=False)).to_be_visible(timeout=30_000)
    settled(page)
    main = page.get_by_test_id("stMain")
    # The thesis's title page names its university; the rest it does not state, and the form says so.
    expect(main.get_by_role("textbox", name="Institution")).to_have_value("Universitas Harapan Bangsa")
    expect(main).to_contain_text("The file does not state: Title, Author, Year.")
    main.get_by_role("textbox", name="Title").fill("Prostitusi daring di aplikasi pesan")
    main.get_by_role("textbox", name="Author").fill("Wulan Sari")
    main.get_by_role("textbox", name="Year").fill("2023")
    # One approach box per recommendation found; wait for all four before picking the first.
    expect(page.get_by_test_id("stMain").get_by_test_id("stSelectbox")).to_have_count(4)
    settled(page)
    choose(page, "Approach", "Mixed", area="stMain")  # the first recommendation: punitive becomes mixed
    page.get_by_role("button", name="Save document").click()
    expect(page.get_by_text("Saved 008_", exact=False)).to_be_visible(timeout=60_000)
    open_app(page, url)
    # 22 + 4 recommendations. Punitive: the seeds' one and fixture 006's (this upload's
    # punitive one is now mixed). Harm reduction: the fixtures' nine less the one the editor
    # test made mixed, plus two of this upload's; mixed: two, that one and this upload's.
    expect(metric_values(page)).to_have_text(["8", "26", "2 (8%)", "10 (38%)", "4 (15%)", "10 (38%)"])
    rows = [line for line in (data / "sources.csv").read_text(encoding="utf-8").splitlines() if line.startswith("008_")]
    assert len(rows) == 1 and "Prostitusi daring di aplikasi pesan" in rows[0] and rows[0].split(",")[1].endswith(".pdf")


def test_audience_profile_shows_convergence_and_downloads_a_brief(server, page: Page, tmp_path):
    import pypdfium2

    url, _, _ = server
    open_app(page, f"{url}/audience?audience=government")
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("What research asks of: Government")
    expect(main).to_contain_text("3 documents ask Government the same thing (shared words: hiv, infeksi, pemeriksaan")
    for quote in ("Bagi pemerintah daerah, Dinas Kesehatan perlu", "Pemerintah sebaiknya memperluas akses",
                  "Pemerintah kota perlu menjamin pekerja seks daring"):
        expect(main.get_by_text(quote, exact=False).first).to_be_visible()
    expect(main).to_contain_text("Sari, R. K. (2023).")
    page.screenshot(path=str(tmp_path / "profile.png"), full_page=False)
    with page.expect_download() as download:
        main.get_by_role("button", name="Brief (PDF)").click()
    assert download.value.suggested_filename == f"brief_government_{date.today().isoformat()}.pdf"
    pdf = pypdfium2.PdfDocument(download.value.path())
    content = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in pdf)
    pdf.close()
    assert "What research asks of Government" in content and "(Nugroho, 2024)" in content
    # The audience chosen on the page becomes the link's filter.
    choose(page, "Audience", "App developers and platforms", area="stMain")
    expect(page).to_have_url(re.compile(r"/audience\?audience=app_developers"))
    expect(main).to_contain_text("What research asks of: App developers and platforms")


def test_uploading_seed_001_as_a_pdf_is_flagged_as_a_duplicate(server, page: Page, tmp_path):
    from conftest import SOURCES, text_lines, write_pdf

    url, data, _ = server
    before = (data / "sources.csv").read_bytes()
    pdf = write_pdf(text_lines((SOURCES / "001_c6977e057d9b252a.txt").read_text(encoding="utf-8")), tmp_path / "michat.pdf")
    open_app(page, f"{url}/add")
    sign_in(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(pdf))
    expect(page.get_by_test_id("stMain")).to_contain_text(
        "Not added: the same text as the stored document 001_c6977e057d9b252a.txt (001_c6977e057d9b252a): 100% of its word shingles.")
    expect(page.get_by_role("button", name="Save document")).to_have_count(0)
    assert (data / "sources.csv").read_bytes() == before
