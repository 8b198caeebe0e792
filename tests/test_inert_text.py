"""Text from links, the search box, file names and documents reaches the page only as inert
text, and a link cannot flood the page with values or notices."""

import csv
import io

import pytest

from conftest import run_app
from tracker.app import render
from tracker.app.filters import MAX_NOTICES, Options, parse, values
from tracker.app.views import empty_message, known_tags

OPTIONS = Options(audience=("government", "ngos"), approach=("punitive",), platform=(), doc=(), year=())


@pytest.fixture(autouse=True)
def use_fixture_database(fixture_db):
    return fixture_db


@pytest.mark.parametrize("value, shown", [
    ("[Sign in again](http://evil.example)", "` [Sign in again](http://evil.example) `"),
    ("![x](http://evil.example/x.png)", "` ![x](http://evil.example/x.png) `"),
    ("a `tick` and ``two``", "``` a `tick` and ``two`` ```"),
    ("two\n\nparagraphs\tand  spaces", "` two paragraphs and spaces `"),
])
def test_inert_makes_a_code_span_the_value_cannot_leave(value, shown):
    assert render.inert(value) == shown


def test_notices_and_the_empty_result_show_link_and_search_text_inertly():
    filters = parse({"audience": ["[x](http://evil.example)"], "q": ["$x^2$ **b**"]}, OPTIONS)
    assert filters.notices == ("Ignored ` [x](http://evil.example) ` for audience in the link: it is not a known value.",)
    assert empty_message(filters) == ("No recommendation matches these filters (the search for ` $x^2$ **b** ` finds nothing here)."
                                      " Remove a filter or clear them all.")
    long = "y" * 60
    assert parse({"platform": [long]}, OPTIONS).notices == (f"Ignored ` {'y' * 40}… ` for platform in the link: it is not a known value.",)


def test_a_link_of_ten_thousand_values_is_cut_to_a_hundred_and_five_notices():
    many = ",".join(["government"] + [f"v{number}" for number in range(10_000)])
    requested, extra = values({"audience": [many, "ngos"]}, "audience")
    assert (len(requested), extra) == (100, 9_902)
    filters = parse({"audience": [many, "ngos"]}, OPTIONS)
    assert filters.audience == ("government",)  # "ngos" comes after the first 100 values
    assert len(filters.notices) == MAX_NOTICES
    # 99 unknown values and one notice of the 9,902 values past the first 100: four shown, 96 summed up.
    assert filters.notices[:4] == tuple(f"Ignored ` v{n} ` for audience in the link: it is not a known value." for n in range(4))
    assert filters.notices[-1] == "… and 96 more notices about this link."
    assert parse({"audience": [many]}, OPTIONS, language="id").notices[-1].startswith("… dan ")


def test_the_page_shows_at_most_five_notices_for_a_huge_link():
    test = run_app({"audience": ",".join(f"v{number}" for number in range(10_000)), "doc": [f"d{n}" for n in range(900)]})
    assert len(test.warning) == MAX_NOTICES
    assert test.warning[-1].value.startswith("… and ")


def test_metadata_and_chart_labels_are_escaped():
    table = render.table(None, [("Title", "<img src=x onerror=alert(1)> [a](http://evil.example) $x$")], data=(1,))
    assert "<img" not in table and "&lt;img src=x onerror=alert(1)&gt; [a](http://evil.example) $x$" in table
    assert render.chart_text('<a href="http://evil.example">A & B</a>') == '&lt;a href="http://evil.example"&gt;A &amp; B&lt;/a&gt;'


def test_sources_page_shows_metadata_as_escaped_html_not_a_markdown_table():
    test = run_app({}, "app_pages/sources.py")
    assert not test.table
    assert any("Prostitusi Online dalam Perspektif Dramaturgi" in element.proto.body for element in test.get("html"))


def test_known_tags_keeps_what_the_codebook_has():
    ids = {"audiences": ["government"], "approaches": ["punitive", "mixed"], "themes": ["health"]}
    current = {"audiences": ["government", "aliens"], "approach": "gentle", "themes": ["health", "astrology"]}
    assert known_tags(current, ids) == ({"audiences": ["government"], "approach": None, "themes": ["health"]},
                                        ["aliens", "gentle", "astrology"])


def test_csv_cells_that_start_like_formulas_are_neutralised():
    from tracker.analysis import export

    rows = [{"text": start + "1+1", "count": -5, "share": 0.5, "empty": None}
            for start in ("=", "+", "-", "@", "\t", "\r", "a", " =")]
    written = list(csv.reader(io.StringIO(export.csv_bytes(rows).decode("utf-8"), newline="")))
    assert [row[0] for row in written[1:]] == ["'=1+1", "'+1+1", "'-1+1", "'@1+1", "'\t1+1", "'\r1+1", "a1+1", " =1+1"]
    assert {tuple(row[1:]) for row in written[1:]} == {("-5", "0.5", "")}
