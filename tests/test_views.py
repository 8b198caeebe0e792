"""The plain functions behind the pages: filters from URLs, chart clicks, exports, safe HTML."""

import csv
import io

import openpyxl
import pyarrow.parquet

from tracker.analysis import export
from tracker.app import render
from tracker.analysis.labels import Labels
from tracker.app.filters import Options, parse
from tracker.store.filters import Filters
from tracker.analysis.overview import headline
from tracker.app.views import selected_filter

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
        "Ignored ` fr ` for lang in the link: it is not a known value.",
        "Ignored ` <script> ` for audience in the link: it is not a known value.",
        "Ignored ` x' OR '1'='1 ` for doc in the link: it is not a known value.",
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
    assert headline(row)["punitive_share"] == 0.25 and headline(row)["harm_reduction_share"] == 0.5
    assert headline({**row, "recommendations": 0})["punitive_share"] == 0.0


ROWS = [
    {"recommendation_id": "a:1-2", "text": "=HYPERLINK(\"x\") <b>bold</b>", "approach": "punitive", "document_title": "T", "institution": "U", "year": 2020},
    {"recommendation_id": "b:3-4", "text": "Bagi PSK, perlu tes HIV", "approach": "harm_reduction", "document_title": "T2", "institution": None, "year": None},
]


def test_exports_parse_back_with_every_column():
    parsed = list(csv.DictReader(io.StringIO(export.csv_bytes(ROWS).decode("utf-8"))))
    assert [row["text"] for row in parsed] == [row["text"] for row in ROWS]
    assert list(parsed[0]) == list(ROWS[0])
    workbook = openpyxl.load_workbook(io.BytesIO(export.excel_bytes(ROWS)))
    sheet = workbook["recommendations"]
    assert [cell.value for cell in sheet[1]] == list(ROWS[0])
    assert sheet["B2"].value == ROWS[0]["text"] and sheet["B2"].data_type == "s"
    table = pyarrow.parquet.read_table(io.BytesIO(export.parquet_bytes(ROWS)))
    assert table.to_pylist() == ROWS


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
