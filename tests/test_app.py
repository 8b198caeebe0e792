"""Every page through Streamlit's AppTest, against the shared fixture database."""

import json
import re
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from conftest import COPY_IGNORE, FIXTURE_DATA, run_app
from tracker.store import database

PAGES = ["app_pages/overview.py", "app_pages/recommendations.py", "app_pages/sources.py", "app_pages/method.py", "app_pages/export.py"]


def metrics(test: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in test.metric}


def html(test: AppTest) -> str:
    return "\n".join(element.proto.body for element in test.get("html"))


@pytest.fixture(autouse=True)
def use_fixture_database(fixture_db):
    return fixture_db


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("params", [{}, {"audience": "app_developers"}, {"approach": "mixed", "lang": "id"}, {"q": "zzzqqq"}])
def test_every_page_renders(page, params):
    run_app(params, page)


def test_overview_figures_for_all_seeds():
    assert metrics(run_app()) == {"Documents": "7", "Recommendations": "22", "Punitive": "2 (9%)", "Harm reduction": "9 (41%)",
                                  "Mixed": "2 (9%)", "Neither": "9 (41%)"}


def test_choosing_an_audience_changes_the_figures_and_the_url():
    test = run_app()
    test.sidebar.multiselect[0].set_value(["app_developers"]).run()
    assert metrics(test) == {"Documents": "1", "Recommendations": "1", "Punitive": "0 (0%)", "Harm reduction": "1 (100%)",
                             "Mixed": "0 (0%)", "Neither": "0 (0%)"}
    assert test.query_params["audience"] == "app_developers"


def test_url_reproduces_the_view():
    test = run_app({"audience": "government", "approach": "mixed"})
    assert test.sidebar.multiselect[0].value == ["government"]
    assert test.sidebar.multiselect[1].value == ["mixed"]
    assert metrics(test) == {"Documents": "2", "Recommendations": "2", "Punitive": "0 (0%)", "Harm reduction": "0 (0%)",
                             "Mixed": "2 (100%)", "Neither": "0 (0%)"}
    listing = run_app({"audience": "government", "approach": "mixed"}, "app_pages/recommendations.py")
    assert html(listing).count("<blockquote") == 2
    assert "Untuk <mark" in html(listing) and "Kota Kediri agar lebih teliti" in html(listing)


def test_several_audiences_in_the_url():
    test = run_app({"audience": "ngos,public"})
    assert test.sidebar.multiselect[0].value == ["ngos", "public"]
    assert metrics(test)["Recommendations"] == "4"


def test_unknown_label_in_the_url_is_ignored_with_a_notice():
    test = run_app({"audience": "aliens", "approach": "harm_reduction"})
    assert [warning.value for warning in test.warning] == ["Ignored ` aliens ` for audience in the link: it is not a known value."]
    assert test.sidebar.multiselect[0].value == []
    assert metrics(test)["Recommendations"] == "9"


def test_language_switch_changes_labels_not_quotes():
    english = run_app({"audience": "app_developers"}, "app_pages/recommendations.py")
    test = run_app({"audience": "app_developers"})
    test.sidebar.radio[0].set_value("id").run()
    assert list(metrics(test)) == ["Dokumen", "Rekomendasi", "Punitif", "Pengurangan dampak buruk", "Campuran", "Bukan keduanya"]
    assert test.query_params["lang"] == "id"
    test.switch_page("app_pages/recommendations.py").run()
    indonesian = html(test)
    assert "Pengembang aplikasi dan platform" in indonesian and "App developers and platforms" in html(english)
    quote = "hanya berfungsi sebagai perantara awal"
    assert quote in indonesian and quote in html(english)


def test_recommendation_card_has_quote_evidence_and_citation():
    test = run_app({"audience": "app_developers"}, "app_pages/recommendations.py")
    card = html(test)
    assert "Bagi <mark" in card or "Bagi pengembang" in card
    assert "<mark" in card and "keamanan" in card
    assert "Universitas Multimedia Nusantara" in card and "5.2.2 Saran Praktis" in card
    assert 'Citation: <span class="data">[Untitled document: MiChat]. (n.d.). Universitas Multimedia Nusantara.</span>' in card
    assert "Citation incomplete: Title, Author, Year not stated in the source." in card
    assert [block.value for block in test.code] == ["([Untitled document: MiChat], n.d.)\n[Untitled document: MiChat]. (n.d.). Universitas Multimedia Nusantara."]
    test.toggle[0].set_value(True).run()
    assert "karena isu keamanan\n\natau keterbatasan fitur" in html(test)


def test_cards_show_apa_citations_and_summaries(workspace):
    from conftest import target
    from tracker.store import curation

    data, db = workspace
    curation.review(data, db, target(db, "005_88c194159e5469eb:535-751"),
                    curation.Tagging(("government",), "harm_reduction", ("health",), "Free, confidential HIV and STI testing."), "dewi")
    card = html(run_app({"doc": "005_88c194159e5469eb"}, "app_pages/recommendations.py"))
    assert '<b>Summary:</b> <span class="data">Free, confidential HIV and STI testing.</span>' in card
    assert ("Sari, R. K. (2023). <i>Akses layanan kesehatan seksual bagi pekerja seks daring di Surabaya.</i> "
            "Universitas Tanjung Harapan.") in card
    assert 'In text: <span class="data">(Sari, 2023)</span>' in card and "Citation incomplete" not in card


def test_empty_result_explains_itself():
    test = run_app({"q": "zzzqqq"}, "app_pages/recommendations.py")
    assert test.info[0].value == "No recommendation matches these filters (the search for ` zzzqqq ` finds nothing here). Remove a filter or clear them all."
    overview = run_app({"q": "zzzqqq"})
    assert metrics(overview)["Recommendations"] == "0"


def test_search_copes_with_affixes():
    assert metrics(run_app({"q": "tegas"}))["Recommendations"] == "3"
    assert metrics(run_app({"q": "lindung"}))["Recommendations"] == "2"  # melindungi, dilindungi


def test_sources_page_says_when_a_document_has_none():
    test = run_app({}, "app_pages/sources.py")
    test.selectbox[0].set_value("004_6679578bab1df08b").run()
    assert test.info[0].value == "This document has no recommendations section, so it contributes no recommendations."
    test.selectbox[0].set_value("001_c6977e057d9b252a").run()
    assert html(test).count("<mark style=\"background:") == 3
    # The text as the engine reads it: paragraphs, not the file's hard-wrapped lines.
    text = next(element.proto.body for element in test.get("html") if 'class="document-text"' in element.proto.body)
    assert "\n" not in text and text.count("<p ") > 10
    # The documents table fits the page: a static table with the count and a mix bar, no empty header.
    table = next(element.proto.body for element in test.get("html") if "<th" in element.proto.body)
    assert re.findall(r"<th[^>]*>([^<]*)</th>", table) == ["Title", "Institution", "City", "Year", "Platforms", "Recommendations", "Approach mix"]


def test_export_offers_every_format():
    test = run_app({"audience": "government"}, "app_pages/export.py")
    buttons = test.get("download_button")
    assert [button.proto.label for button in buttons] == ["CSV", "Excel", "Parquet", "Codebook (YAML)", "Labels (CSV)", "Audit trail (CSV)"]


def test_document_text_is_shown_inertly(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data, ignore=shutil.ignore_patterns(*COPY_IGNORE))
    hostile = (
        "BAB V\n\nPENUTUP\n\n5.2 Saran\n\n"
        "1. Pemerintah perlu <script>alert('x')</script> menyediakan layanan kesehatan, lihat [klik di sini](http://evil.example) dan **tebal**.\n"
    )
    (data / "sources" / "hostile.txt").write_text(hostile, encoding="utf-8")
    with (data / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write("hostile,hostile.txt,<b>Judul</b>,,,,,,,,id,,\n")
    path = tmp_path / "hostile.duckdb"
    database.build(path, data)
    monkeypatch.setenv("TRACKER_DB", str(path))
    test = run_app({"doc": "hostile"}, "app_pages/recommendations.py")
    card = html(test)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in card
    assert "<script>" not in card and "<a " not in card
    assert "[klik di sini](http://evil.example)" in card
    assert "&lt;b&gt;Judul&lt;/b&gt;" in card
    sources = run_app({"doc": "hostile"}, "app_pages/sources.py")
    assert "<script>" not in html(sources) and "&lt;script&gt;" in html(sources)


def test_overview_says_how_much_a_person_reviewed_and_the_bars_show_it():
    import json

    test = run_app({"audience": "government"})
    assert "4 of 8 tags reviewed by a person; the rest are the machine's alone." in [caption.value for caption in test.caption]
    figure = json.loads(test.get("plotly_chart")[0].proto.spec)
    harm_reduction = [trace for trace in figure["data"] if trace.get("legendgroup") == "harm_reduction"]
    reviewed, machine_only = harm_reduction
    # Government, harm reduction: 003's reviewed one; 005, 006 and 007 by the machine alone.
    assert (reviewed["y"], machine_only["y"]) == ([1], [3])
    assert "pattern" not in reviewed["marker"] and machine_only["marker"]["pattern"]["shape"] == "/"
    assert machine_only["customdata"] == [[4, 1, 3, "government", "harm_reduction"]]
    assert figure["data"][-1]["name"] == "hatched: machine only, not yet reviewed"


def charts(test: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in test.get("plotly_chart")]


def test_audience_not_identified_is_a_bar_and_a_filter(varied_data, monkeypatch):
    data, db = varied_data
    monkeypatch.setenv("TRACKER_DATA", str(data))
    monkeypatch.setenv("TRACKER_DB", str(db))
    overview = run_app()
    bars = charts(overview)[0]
    assert bars["data"][0]["x"][-1] == "Audience not<br>identified"
    # One bar per audience and "not identified"; with each recommendation once under each of
    # its audiences, they add up to the headline count plus the repeats.
    assert sum(sum(trace["y"]) for trace in bars["data"]) == 22 + 1
    assert ('22 recommendations: 1 addressed to several audiences count under each; 1 with no audience '
            'identified count under "Audience not identified".') in [caption.value for caption in overview.caption]

    test = run_app({"audience": "none"})
    assert not test.warning
    assert test.sidebar.multiselect[0].value == ["none"]
    assert metrics(test)["Recommendations"] == "1"
    # Per approach a reviewed and a machine-only part, then the hatching's legend entry:
    # the one is the reviewer's (neither).
    assert [trace["y"] for trace in charts(test)[0]["data"]] == [[0], [0], [0], [0], [0], [0], [1], [0], [0]]
    listing = run_app({"audience": "none", "lang": "id"}, "app_pages/recommendations.py")
    assert html(listing).count("<blockquote") == 1 and ">Sasaran tidak teridentifikasi<" in html(listing)


def test_year_chart_keeps_not_stated_beside_years(varied_data, monkeypatch):
    data, db = varied_data
    monkeypatch.setenv("TRACKER_DATA", str(data))
    monkeypatch.setenv("TRACKER_DB", str(db))
    years = charts(run_app())[-1]
    assert years["layout"]["yaxis"]["type"] == "category"
    assert years["data"][0]["y"] == ["2021", "2022", "2023", "2024", "(year not stated)"]
