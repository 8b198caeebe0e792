"""The plain functions behind the pages: filters from URLs, chart clicks, safe HTML."""

from tracker.app import render
from tracker.analysis.labels import Labels
from tracker.app.filters import Options, parse
from tracker.store.filters import Filters
from tracker.analysis.overview import headline
from tracker.app import charts
from tracker.app.documents import readable_paragraphs
from tracker.app.views import audit_table, no_audience_label, queue_entry, selected_filter

OPTIONS = Options(
    audience=("government", "app_developers"), approach=("punitive", "harm_reduction"),
    platform=("MiChat",), doc=("d1",), year=("2020",),
)


def test_parse_reads_repeated_and_comma_separated_values():
    filters = parse({"audience": ["government,app_developers", "government"], "year": ["2020"], "q": ["  blokir   situs "]}, OPTIONS)
    assert filters == Filters(audience=("government", "app_developers"), year=("2020",), q="blokir situs")
    assert filters.query_params() == {"audience": ["government", "app_developers"], "year": ["2020"], "q": ["blokir situs"]}
    assert filters.sql_params()["year"] == [2020]


def test_parse_drops_unknown_values_with_notices():
    filters = parse({"audience": ["<script>"], "lang": ["fr"], "doc": ["x' OR '1'='1"]}, OPTIONS)
    assert filters.audience == () and filters.doc == () and filters.lang == "en"
    assert filters.notices == (
        "Ignored 'fr' for lang in the link: it is not a known value.",
        "Ignored '<script>' for audience in the link: it is not a known value.",
        "Ignored 'x' OR '1'='1' for doc in the link: it is not a known value.",
    )


def test_many_search_words_are_cut():
    filters = parse({"q": ["a b c d e f g"]}, OPTIONS)
    assert filters.q == "a b c d e" and filters.notices == ("The search uses its first 5 words.",)


def test_long_search_is_cut():
    filters = parse({"q": ["katakatakatakatakata" * 20 + " lain"]}, OPTIONS, language="id")
    assert len(filters.q) == 200
    assert filters.notices == ("Teks pencarian dipotong menjadi 200 karakter.",)


def test_chart_click_gives_filters():
    event = {"selection": {"points": [{"x": "Government", "y": 3, "customdata": ["government", "punitive"]}]}}
    assert selected_filter(event, "audience") == {"audience": ["government"], "approach": ["punitive"]}
    year = {"selection": {"points": [{"customdata": [4, 2020, "mixed"]}]}}
    assert selected_filter(year, "year") == {"year": ["2020"], "approach": ["mixed"]}
    for unknown in (None, "(not stated)"):
        assert selected_filter({"selection": {"points": [{"customdata": [2, unknown, "mixed"]}]}}, "platform") is None
    assert selected_filter({"selection": {"points": []}}, "audience") is None
    assert selected_filter(None, "audience") is None


def test_headline_shares():
    row = {"documents": 2, "recommendations": 4, "punitive": 1, "harm_reduction": 2, "mixed": 1, "neither": 0}
    assert headline(row)["shares"] == {"punitive": 0.25, "harm_reduction": 0.5, "mixed": 0.25, "neither": 0.0}
    assert headline({**row, "recommendations": 0})["shares"]["punitive"] == 0.0


def test_marks_and_passages_escape_document_text():
    assert render.marked("a <i>b</i> tegas c", [(11, 16, "#fff2a8")]) == (
        'a &lt;i&gt;b&lt;/i&gt; <mark style="' + render.MARK_STYLE.format(colour="#fff2a8") + '">tegas</mark> c'
    )
    shown = render.passage("x <script>y</script> z", 10, [(12, 20, "#D55E00")])
    assert "<script>" not in shown and "&lt;script&gt;" in shown


def test_chips_use_codebook_colours():
    labels = Labels(({"kind": "approaches", "id": "punitive", "name_en": "Punitive", "name_id": "Punitif",
                      "definition_en": "", "definition_id": "", "colour": "#D55E00"},))
    assert "background:#D55E00" in render.tag_line([], "punitive", labels, "en")
    assert ">Punitif<" in render.tag_line([], "punitive", labels, "id")


LABELS = Labels((
    {"kind": "audiences", "id": "government", "name_en": "Government", "name_id": "Pemerintah", "definition_en": "", "definition_id": "", "colour": "#0072B2"},
    {"kind": "approaches", "id": "punitive", "name_en": "Punitive", "name_id": "Punitif", "definition_en": "", "definition_id": "", "colour": "#D55E00"},
    {"kind": "approaches", "id": "mixed", "name_en": "Mixed", "name_id": "Campuran", "definition_en": "", "definition_id": "", "colour": "#882255"},
    no_audience_label(),
))


def test_audit_trail_reads_as_text_in_the_interface_language():
    rows = [
        {"changed_at": "2026-12-01T10:11:12+00:00", "editor": "dewi", "action": "review", "field": "audiences",
         "old_value": '["government"]', "new_value": "[]", "note": None},
        {"changed_at": "2026-12-01T10:11:12+00:00", "editor": "dewi", "action": "review", "field": "approach",
         "old_value": '"punitive"', "new_value": '"mixed"', "note": "lebih tepat"},
        {"changed_at": "2026-12-01T10:12:00+00:00", "editor": "budi", "action": "split", "field": "span",
         "old_value": "[10, 90]", "new_value": "[[10, 40], [41, 90]]", "note": None},
        {"changed_at": "2026-12-01T10:13:00+00:00", "editor": "budi", "action": "reject", "field": "status",
         "old_value": '"engine"', "new_value": '"rejected"', "note": None},
    ]
    header, table = audit_table(rows, LABELS, "id")
    assert header == ["Waktu (UTC)", "Editor", "Tindakan", "Bidang", "Sebelum", "Sesudah", "Catatan"]
    assert table == [
        ["2026-12-01 10:11", "dewi", "tinjauan", "Sasaran", "Pemerintah", "—", ""],
        ["2026-12-01 10:11", "dewi", "tinjauan", "Pendekatan", "Punitif", "Campuran", "lebih tepat"],
        ["2026-12-01 10:12", "budi", "pemisahan", "Letak dalam teks (karakter)", "10–90", "10–40, 41–90", ""],
        ["2026-12-01 10:13", "budi", "penolakan", "Status", "belum ditinjau", "ditolak", ""],
    ]


def test_queue_entry_says_why_it_is_first():
    row = {"audiences": [], "needs_review": True, "status": "engine", "confidence": 0.4, "text": "Perlu ada regulasi " * 10}
    assert queue_entry(row, LABELS, "id").startswith("∅ 0.40 · Sasaran tidak teridentifikasi · Perlu ada regulasi")
    assert queue_entry({**row, "audiences": ["government"]}, LABELS, "en").startswith("⚑ 0.40 · Government · ")


def test_readable_paragraphs_join_wrapped_lines_and_keep_the_highlight():
    raw = "BAB V\n\nPENUTUP\n\n5.2 Saran\n\nPemerintah perlu membuka layanan kesehatan\nbagi pekerja seks di kota ini.\n"
    start = raw.index("Pemerintah")
    end = raw.index("ini.") + 4
    shown = readable_paragraphs(raw, [(start, end, "#009E73")])
    text, spans = next((text, spans) for kind, text, spans in shown if spans)
    assert text == "Pemerintah perlu membuka layanan kesehatan bagi pekerja seks di kota ini."
    assert spans == [(0, len(text), "#009E73")]
    assert [kind for kind, _, _ in shown][:3] == ["heading", "heading", "heading"]


def test_charts_size_a_single_bar_and_leave_empty_cells_blank():
    rows = [{"audience": "government", "approach": "punitive", "recommendations": 2, "reviewed": 1},
            {"audience": "government", "approach": "mixed", "recommendations": 0, "reviewed": 0}]
    single = charts.audience_approach_bars(rows, LABELS, "en")
    assert single["layout"]["bargap"] > 0.8  # one bar is not the chart's full width
    grid = charts.audience_approach_heatmap(rows, LABELS, "en")
    assert grid["data"][0]["z"] == [[2, None]]
    mix = charts.approach_mix([{"year": 2021, "approach": "punitive", "recommendations": 3},
                               {"year": None, "approach": "mixed", "recommendations": 1}], "year",
                              {None: "(year not stated)"}, LABELS, "en")
    assert mix["layout"]["yaxis"]["type"] == "category" and mix["data"][0]["y"] == ["2021", "(year not stated)"]
    assert [trace["text"] for trace in mix["data"]] == [["3", ""], ["", "1"]]
    assert mix["layout"]["xaxis"]["tickvals"][-1] == 1 and mix["layout"]["xaxis"]["tickformat"] == ".0%"


def test_uploader_words_replace_streamlits_english():
    style = render.uploader_text("Pilih berkas", "maksimal 20 MB")
    assert 'content:"Pilih berkas"' in style and 'content:"maksimal 20 MB"' in style and "visibility:hidden" in style


def test_engine_words_are_shown_in_the_interface_language():
    assert render.evidence_source("inferred", "id") == "disimpulkan dari tindakan yang diminta"
    assert render.evidence_source("heading", "en") == "in the heading"
    assert render.review_reason("no audience found", "id") == "tidak ditemukan sasaran"
    # A kind or reason the engine adds later is shown as written until it is translated.
    assert render.evidence_source("elsewhere", "id") == "elsewhere"
    assert render.review_reason("a new reason", "id") == "a new reason"
