"""Every page in a real browser on varied data (a recommendation with no audience, years on
some documents, a measured accuracy): all in Indonesian with lang=id, the year chart, the
four-approach headline, "audience not identified", and signing out."""

import csv
import re
from functools import lru_cache
from pathlib import Path

import yaml
from playwright.sync_api import Page, expect

from conftest import EDITOR, ROOT
from test_browser import metric_values, open_app, settled, sign_in
from tracker.app.charts import shortened

PAGES = ["", "recommendations", "sources", "method", "export", "add", "review"]
# What Streamlit itself writes on widgets when the app does not say otherwise.
STREAMLIT_WORDS = ["Choose options", "No options to select", "Upload", "per file", "Drag and drop", "Browse files",
                   "No results", "Press Enter"]
# Text that documents and their metadata hold, not the interface: quotes, document text,
# citations and metadata cells, and the boxes whose value is a document or a quote.
DATA_SELECTS = ["Dokumen yang dibaca", "Antrean", "Gabungkan dengan"]
INTERFACE_TEXT = """(() => {
  const copy = document.body.cloneNode(true);
  // Icon names (ligatures drawn as icons) and the skip link screen readers use are not shown as
  // words; the language switch names each language in that language, by design.
  copy.querySelectorAll('blockquote, .document-text, .data, script, style, [data-testid="stIconMaterial"], a[href="#stMain"], ' +
                        '[data-testid="stSidebar"] [data-testid="stRadio"]')
      .forEach(node => node.remove());
  copy.querySelectorAll('[data-testid="stSelectbox"]').forEach(box => {
    const label = box.querySelector('[data-testid="stWidgetLabel"]');
    if (label && %s.some(prefix => label.textContent.startsWith(prefix))) box.remove();
  });
  const placeholders = [...document.querySelectorAll('input[placeholder], textarea[placeholder]')].map(i => i.placeholder);
  document.body.appendChild(copy);
  copy.style.position = 'absolute';
  const shown = copy.innerText;
  copy.remove();
  return shown + '\\n' + placeholders.join('\\n');
})()""" % DATA_SELECTS


@lru_cache(maxsize=1)
def english_only_words() -> set[str]:
    """Words of the English interface (interface text, codebook names and definitions) that
    the Indonesian interface never uses."""
    interface = yaml.safe_load((ROOT / "data" / "interface.yaml").read_text(encoding="utf-8"))
    codebook = yaml.safe_load((ROOT / "data" / "codebook.yaml").read_text(encoding="utf-8"))
    english, indonesian = [], []

    def collect(entry) -> None:
        if isinstance(entry, dict):
            if "en" in entry and "id" in entry:
                english.append(str(entry["en"]))
                indonesian.append(str(entry["id"]))
            for key, value in entry.items():
                if key.endswith("_en") and isinstance(value, str):
                    english.append(value)
                elif key.endswith("_id") and isinstance(value, str):
                    indonesian.append(value)
                elif isinstance(value, (dict, list)):
                    collect(value)
        elif isinstance(entry, list):
            for value in entry:
                collect(value)

    collect(interface)
    collect(codebook)

    def words(texts: list[str]) -> set[str]:
        return {word for text in texts for word in re.findall(r"[a-z]{2,}", re.sub(r"\{[a-z_]+\}", " ", text.lower()))}

    return words(english) - words(indonesian)


def english_in(page: Page, data: Path) -> list[str]:
    shown = page.evaluate(INTERFACE_TEXT)
    # Document titles (in the charts' axes, as Plotly draws them) are the documents' words.
    with (data / "sources.csv").open(encoding="utf-8") as handle:
        for source in csv.DictReader(handle):
            if source["title"]:
                shown = shown.replace(shortened(source["title"]), "").replace(source["title"], "")
    found = [phrase for phrase in STREAMLIT_WORDS if phrase.lower() in shown.lower()]
    vocabulary = english_only_words()
    for line in shown.splitlines():
        hits = [word for word in re.findall(r"[A-Za-z]{2,}", line) if word.lower() in vocabulary]
        if hits:
            found.append(f"{line.strip()[:120]}  <- {', '.join(hits)}")
    return found


def test_every_page_in_indonesian_has_no_english(varied_server, page: Page):
    url, data, _ = varied_server
    open_app(page, f"{url}/review?lang=id")
    sign_in(page, "id")
    sidebar = page.get_by_test_id("stSidebar")
    problems = {}
    for name in PAGES:
        for query in ("lang=id", "lang=id&audience=none"):
            open_app(page, f"{url}/{name}?{query}")
            expect(sidebar.get_by_text(f"Masuk sebagai {EDITOR}.")).to_be_visible()
            found = english_in(page, data)
            if found:
                problems[f"/{name}?{query}"] = found
    assert problems == {}, "\n".join(f"{where}: {line}" for where, lines in problems.items() for line in lines)


def test_headline_year_chart_and_audience_not_identified(varied_server, page: Page):
    url, _, _ = varied_server
    open_app(page, url)
    # The reviewer's change made one "neither" recommendation's audience empty; approaches are unchanged.
    expect(metric_values(page)).to_have_text(["7", "22", "2 (9%)", "9 (41%)", "2 (9%)", "9 (41%)"])
    charts = page.locator(".js-plotly-plot")
    bars = charts.first
    expect(bars.locator(".xtick text").last).to_have_text("Audience notidentified")
    years = charts.last
    years.scroll_into_view_if_needed()
    # A category axis: the years and "(year not stated)" keep their rows (drawn bottom up:
    # the chart reads 2021 to 2024, then not stated, from the top).
    expect(years.locator(".ytick text")).to_have_text(["(year not stated)", "2024", "2023", "2022", "2021"])
    # Each mix bar writes its counts: the 2021 document's three recommendations, one of each kind.
    expect(years.locator(".barlayer .trace").first.locator(".point text")).not_to_have_count(0)

    open_app(page, f"{url}/?audience=none")
    expect(metric_values(page)).to_have_text(["1", "1", "0 (0%)", "0 (0%)", "0 (0%)", "1 (100%)"])
    expect(page.get_by_test_id("stSidebar").get_by_text("Audience not identified")).to_be_visible()
    open_app(page, f"{url}/recommendations?audience=none")
    expect(page.locator("blockquote")).to_have_count(1)
    expect(page.get_by_test_id("stMain")).to_contain_text("Audience not identified")


def test_signing_out_ends_the_session_after_a_reload(varied_server, page: Page):
    url, _, _ = varied_server
    open_app(page, f"{url}/review")
    sign_in(page)
    page.reload()
    settled(page)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(f"Signed in as {EDITOR}.")).to_be_visible()
    sidebar.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("Adding and reviewing are for editors: sign in in the sidebar.")).to_be_visible(timeout=30_000)
    page.reload()
    settled(page)
    expect(page.get_by_text("Adding and reviewing are for editors: sign in in the sidebar.")).to_be_visible()
    expect(sidebar.get_by_text(f"Signed in as {EDITOR}.")).to_have_count(0)
