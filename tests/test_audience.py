"""The audience profile: convergence groups on the fixture corpus, where three documents ask
government the same thing in different words; the page through AppTest."""

from pathlib import Path

import numpy as np

from conftest import query, run_app
from tracker.analysis import convergence, profile
from tracker.store.filters import Filters

HIV_TESTING = ["005_88c194159e5469eb:535-751", "006_05d97cf344493549:459-672", "007_ae9de0c03c517690:447-619"]


def build(db: Path, audience: str, filters: Filters = Filters()) -> profile.Profile:
    return profile.build(audience, filters.sql_params(), lambda name, params: query(db, name, **params))


def test_stemming_makes_different_words_the_same():
    stems = [stem for stem, _ in convergence.stemmed_words("pemeriksaan kerahasiaannya yang gratis, testing tests")]
    assert stems == ["periksa", "rahasia", "gratis", "testing", "tests"]  # Indonesian text: Indonesian stemmer
    assert [stem for stem, _ in convergence.stemmed_words("the platforms should provide reporting tools")] == [
        "platform", "provid", "report", "tool"]


def test_clusters_follow_the_threshold():
    matrix = np.array([[1.0, 0.5, 0.1], [0.5, 1.0, 0.2], [0.1, 0.2, 1.0]])
    assert convergence.clusters(matrix, 0.3) == [[0, 1], [2]]
    assert convergence.clusters(matrix, 0.6) == [[0], [1], [2]]
    assert convergence.clusters(matrix, 0.1) == [[0, 1, 2]]
    assert convergence.clusters(np.ones((1, 1)), 0.3) == [[0]]


def test_three_documents_asking_for_hiv_testing_form_one_group(fixture_db):
    government = build(fixture_db, "government")
    assert government.figures == {"documents": 6, "recommendations": 8, "punitive": 2, "harm_reduction": 4, "mixed": 2,
                                  "neither": 0, "no_audience": 0, "several_audiences": 1, "reviewed": 4,
                                  "shares": {"punitive": 0.25, "harm_reduction": 0.5, "mixed": 0.25, "neither": 0.0}}
    assert [(theme.theme, theme.documents) for theme in government.themes][:2] == [("law_enforcement", 3), ("health", 3)]
    [(theme, group)] = government.strongest(3)[:1]
    assert theme.theme == "health" and group.documents == 3
    assert [row["id"] for row in group.members] == HIV_TESTING
    assert group.shared_words[:3] == ("hiv", "infeksi", "pemeriksaan")
    # No other group of government's recommendations spans two documents.
    assert [group.documents for _, group in government.strongest(10)] == [3]
    assert all(group.documents == 1 for theme in government.themes if theme.theme == "law_enforcement" for group in theme.groups)


def test_filters_apply_to_the_profile(fixture_db):
    only_2024 = build(fixture_db, "government", Filters(year=("2024",)))
    assert only_2024.figures["recommendations"] == 2
    assert only_2024.strongest(3) == []
    app_developers = build(fixture_db, "app_developers")
    assert app_developers.figures["documents"] == 1 and app_developers.themes[0].theme == "safety_privacy"


def test_profile_page_shows_the_convergence_group(fixture_db):
    test = run_app({"audience": "government"}, "app_pages/audience.py")
    assert {metric.label: metric.value for metric in test.metric} == {
        "Documents asking": "6", "Recommendations": "8", "Punitive": "2 (25%)", "Harm reduction": "4 (50%)", "Mixed": "2 (25%)",
        "Neither": "0 (0%)"}
    assert "4 of 8 tags reviewed by a person; the rest are the machine's alone." in [caption.value for caption in test.caption]
    bodies = [element.proto.body for element in test.get("html")]
    heading = bodies.index(render_heading("3 documents ask Government the same thing (shared words: hiv, infeksi, pemeriksaan, "
                                          "kerahasiaan, seksual, menular)"))
    quotes = bodies[heading + 1:heading + 4]
    assert ["Bagi pemerintah daerah, Dinas Kesehatan" in quotes[0], "Pemerintah sebaiknya memperluas" in quotes[1],
            "Pemerintah kota perlu menjamin" in quotes[2]] == [True, True, True]
    assert "Sari, R. K. (2023). <i>Akses layanan kesehatan seksual" in quotes[0]
    assert "Nugroho, B. P. (2024). <i>Hambatan pemeriksaan HIV" in quotes[1]
    assert "Hidayah, A. N., &amp; Siregar, M. F. (2022)." in quotes[2]
    expanders = [expander.label for expander in test.expander]
    assert expanders[:2] == ["Law enforcement — documents: 3, recommendations: 4", "Health — documents: 3, recommendations: 3"]


def test_profile_page_in_indonesian_and_without_an_audience(fixture_db):
    test = run_app({"audience": "government", "lang": "id"}, "app_pages/audience.py")
    bodies = "\n".join(element.proto.body for element in test.get("html"))
    assert "3 dokumen meminta hal yang sama dari Pemerintah" in bodies
    assert "Sari, R. K. (2023)." in bodies and "hanya mesin" in bodies
    empty = run_app({}, "app_pages/audience.py")
    assert empty.info[0].value.startswith("Choose an audience to see what the documents ask of it")
    empty.selectbox[0].set_value("ngos").run()
    assert not empty.exception
    assert empty.query_params["audience"] == "ngos" and empty.sidebar.multiselect[0].value == ["ngos"]
    assert [metric.value for metric in empty.metric][:2] == ["2", "3"]  # 003 and 007


def render_heading(heading: str) -> str:
    from tracker.app.render import group_heading

    return group_heading(heading)
