"""Sign-in and editing in the app, agreement figures, and the sign-in rules."""

import json
import re

from streamlit.testing.v1 import AppTest

from conftest import query, run_app
from tracker.analysis import agreement
from tracker.app import auth


def sign_in(test: AppTest, name: str, password: str) -> AppTest:
    fields = {field.label: field for field in test.sidebar.text_input}
    fields["Name"].input(name)
    fields["Password"].input(password)
    next(button for button in test.sidebar.button if button.label == "Sign in").click().run()
    return test


def test_editors_come_from_secrets_then_environment():
    assert auth.editors({"editors": {"dewi": "s3cret"}}, {"TRACKER_EDITORS": "budi:pw, dewi:other"}) == {"dewi": "s3cret", "budi": "pw"}
    assert auth.editors(None, {"TRACKER_EDITORS": ""}) == {}
    assert auth.editors(None, {"TRACKER_EDITORS": "nopassword:,:alsono"}) == {}


def test_check_needs_name_and_password():
    known = {"dewi": "s3cret", "budi": "pw"}
    assert auth.check("dewi", "s3cret", known) == "dewi"
    assert auth.check(" dewi ", "s3cret", known) == "dewi"
    assert auth.check("dewi", "pw", known) is None
    assert auth.check("eve", "s3cret", known) is None
    assert auth.check("dewi", "", known) is None


def test_without_editors_editing_is_off(workspace, monkeypatch):
    monkeypatch.delenv("TRACKER_EDITORS", raising=False)
    test = run_app(page="app_pages/review.py")
    assert test.info[0].value.startswith("Editing is off: no editor is configured.")
    assert not [field for field in test.sidebar.text_input if field.label == "Password"]
    assert not test.multiselect or all(widget.label != "Audience" or widget in test.sidebar.multiselect for widget in test.multiselect)


def test_viewer_cannot_change_anything(workspace, monkeypatch):
    monkeypatch.setenv("TRACKER_EDITORS", "dewi:s3cret")
    for page in ("app_pages/review.py", "app_pages/add_document.py"):
        test = run_app(page=page)
        assert test.info[0].value == "Adding and reviewing are for editors: sign in in the sidebar."
        assert not test.get("form") or all(form in test.sidebar.get("form") for form in test.get("form"))
    wrong = sign_in(run_app(page="app_pages/review.py"), "dewi", "guess")
    assert wrong.sidebar.error[0].value == "Name or password is wrong."


def test_editor_changes_a_tag_and_the_audit_row_is_there(workspace, monkeypatch):
    data, db = workspace
    monkeypatch.setenv("TRACKER_EDITORS", "dewi:s3cret")
    test = sign_in(run_app({"audience": "app_developers"}, "app_pages/review.py"), "dewi", "s3cret")
    assert "Signed in as dewi." in [caption.value for caption in test.sidebar.caption]
    test.switch_page("app_pages/review.py").run()
    approach = next(box for box in test.selectbox if box.label == "Approach")
    approach.set_value("mixed")
    next(button for button in test.button if button.label == "Save and mark reviewed").click().run()
    assert not test.exception
    assert test.success[0].value == "Saved. The change and its audit row are recorded."
    [row] = query(db, "recommendation_target", id="003_00fbc321b512853d:3299-4283")
    assert row["approach"] == "mixed"
    trail = [json.loads(line) for line in (data / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(entry["editor"], entry["field"], entry["old"], entry["new"]) for entry in trail] == [("dewi", "approach", "harm_reduction", "mixed")]
    trail_table = test.main.get("html")[-1].proto.body
    assert "<td" in trail_table and ">Approach<" in trail_table and ">Harm reduction<" in trail_table and ">Mixed<" in trail_table
    assert "null" not in trail_table and "[" not in trail_table


def test_kappa_and_accuracy():
    perfect = {("a", "a"): 5, ("b", "b"): 5}
    assert agreement.kappa_and_accuracy(perfect) == (1.0, 1.0)
    # 20 items: 15 agree; each side says "a" half the time, so chance agreement is 0.5.
    kappa, accuracy = agreement.kappa_and_accuracy({("a", "a"): 8, ("b", "b"): 7, ("a", "b"): 2, ("b", "a"): 3})
    assert (round(kappa, 4), accuracy) == (0.5, 0.75)
    assert agreement.kappa_and_accuracy({(True, True): 4}) == (None, 1.0)
    assert agreement.kappa_and_accuracy({}) == (None, None)


def test_agreement_over_the_seeds(fixture_db):
    approach = agreement.approach_summary(query(fixture_db, "agreement_approach"))
    assert (approach["n"], approach["accuracy"], approach["kappa"]) == (16, 1.0, 1.0)
    labelled = agreement.label_summaries(query(fixture_db, "agreement_labels"))
    assert labelled["audiences"][0] == {"label": "all", "both": 17, "engine_only": 0, "reviewer_only": 0, "neither": 79,
                                        "accuracy": 1.0, "kappa": 1.0}
    test = run_app(page="app_pages/method.py")
    assert any(m.value.startswith("Computed over 16 reviewed recommendations") and "tuned on" in m.value for m in test.markdown)
    assert "Accuracy not measured yet" in test.info[0].value


def test_method_page_shows_the_measured_accuracy(workspace):
    import shutil

    from conftest import FIXTURE_DATA

    data, _ = workspace
    shutil.copy(FIXTURE_DATA.parent / "accuracy.json", data / "accuracy.json")
    test = run_app({"lang": "id"}, "app_pages/method.py")
    assert any(m.value.startswith("Diukur pada 2026-12-01") and "tidak pernah dipakai untuk menyetel aturan" in m.value for m in test.markdown)
    tables = [element.proto.body for element in test.get("html")]
    measured = next(body for body in tables if "Disisihkan" in body)
    # Held out first: 15 documents, 80 recommendations, recall 91 %, precision 96 %, audience 86 %, approach 88 %.
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", measured)
    assert cells == ["Disisihkan (tidak dipakai untuk penyetelan)", "15", "80", "91%", "96%", "86%", "88%",
                     "Seluruh korpus tim", "44", "231", "93%", "97%", "88%", "90%"]
    (data / "accuracy.json").write_text('{"measured_on": "2026-12-01", "corpus": {"recall": 2}}', encoding="utf-8")
    assert run_app({}, "app_pages/method.py").info[0].value.startswith("Accuracy not measured yet")


def test_session_token_signs_in_until_it_expires():
    known = {"dewi": "s3cret"}
    token = auth.session_token("dewi", known, now=1_000)
    assert auth.token_editor(token, known, now=1_000 + auth.SESSION_SECONDS - 1) == "dewi"
    assert auth.token_editor(token, known, now=1_000 + auth.SESSION_SECONDS) is None
    assert auth.token_editor(token, {"dewi": "changed"}, now=2_000) is None
    assert auth.token_editor(token, {"budi": "s3cret"}, now=2_000) is None
    name, expires, signature = token.split(".")
    assert auth.token_editor(f"{name}.{int(expires) + 3600}.{signature}", known, now=2_000) is None
    for forged in (None, "", "a.b", "a.b.c", "!!.1.x"):
        assert auth.token_editor(forged, known, now=0) is None


def test_two_editors_on_one_recommendation_in_the_review_page(workspace, monkeypatch):
    """Budi saves first; Dewi's save is refused with Budi's change shown, and hers applies on top."""
    data, db = workspace
    monkeypatch.setenv("TRACKER_EDITORS", "dewi:s3cret,budi:pw")
    pages = {}
    for name, password in (("dewi", "s3cret"), ("budi", "pw")):
        page = sign_in(run_app({"audience": "app_developers"}, "app_pages/review.py"), name, password)
        pages[name] = page.switch_page("app_pages/review.py").run()
    dewi, budi = pages["dewi"], pages["budi"]
    next(box for box in budi.selectbox if box.label == "Approach").set_value("punitive")
    next(button for button in budi.button if button.label == "Save and mark reviewed").click().run()
    assert budi.success[0].value == "Saved. The change and its audit row are recorded."
    # Dewi still sees what she opened (harm reduction) and adds a summary.
    assert next(box for box in dewi.selectbox if box.label == "Approach").value == "harm_reduction"
    next(area for area in dewi.text_area if area.label == "English summary").input("Apps should add safety features.")
    next(button for button in dewi.button if button.label == "Save and mark reviewed").click().run()
    assert not dewi.exception
    [row] = query(db, "recommendation_target", id="003_00fbc321b512853d:3299-4283")
    assert dewi.error[0].value == ("Not saved: budi changed this since you opened it "
                                   f"({row['reviewed_at'][:16].replace('T', ' ')} UTC). Your change is kept below.")
    assert dewi.dataframe[0].value.to_dict("records") == [
        {"Field": "Approach", "When you opened it": "Harm reduction", "Now (after budi)": "Punitive", "Your change": ""},
        {"Field": "English summary", "When you opened it": "", "Now (after budi)": "", "Your change": "Apps should add safety features."}]
    assert row["summary_en"] is None  # nothing of Dewi's was saved
    # The form now shows Budi's version; Dewi applies her change on top of it.
    assert next(box for box in dewi.selectbox if box.label == "Approach").value == "punitive"
    next(button for button in dewi.button if button.label == "Apply my change on top of theirs").click().run()
    assert dewi.success[0].value == "Saved. The change and its audit row are recorded."
    [row] = query(db, "recommendation_target", id="003_00fbc321b512853d:3299-4283")
    assert (row["approach"], row["summary_en"]) == ("punitive", "Apps should add safety features.")
    trail = [json.loads(line) for line in (data / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(entry["editor"], entry["field"], entry["new"]) for entry in trail] == [
        ("budi", "approach", "punitive"), ("dewi", "summary_en", "Apps should add safety features.")]


def sources_page(editor: str, document_id: str) -> AppTest:
    """The Sources page on a document, for a signed-in editor."""
    from conftest import ROOT

    test = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    test.session_state["editor"] = editor
    test.run()
    test.switch_page("app_pages/sources.py").run()
    test.selectbox(key="source_document").set_value(document_id).run()
    return test


def save_metadata(test: AppTest) -> AppTest:
    [form_button] = [button for button in test.get("form_submit_button") if button.label == "Save metadata"]
    form_button.click().run()
    assert not test.exception
    return test


def test_editor_completes_a_documents_metadata_on_the_sources_page(workspace):
    import json

    from conftest import query
    from tracker.store.filters import Filters

    data, db = workspace
    test = sources_page("dewi", "003_00fbc321b512853d")
    test.text_input(key="edit_year_003_00fbc321b512853d").set_value("2024")
    test.text_input(key="edit_url_003_00fbc321b512853d").set_value("https://kc.umn.ac.id/example")
    test.text_input(key="edit_note_003_00fbc321b512853d").set_value("year and URL from the repository page")
    save_metadata(test)
    assert [success.value for success in test.success] == ["Saved: Year, URL."]
    [row] = [row for row in (data / "sources.csv").read_text(encoding="utf-8").splitlines() if row.startswith("003_")]
    assert ",2024," in row and row.endswith(",https://kc.umn.ac.id/example")
    audit = [json.loads(line) for line in (data / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(entry["editor"], entry["action"], entry["field"], entry["old"], entry["new"], entry["note"]) for entry in audit] == [
        ("dewi", "edit_metadata", "year", None, "2024", "year and URL from the repository page"),
        ("dewi", "edit_metadata", "url", None, "https://kc.umn.ac.id/example", "year and URL from the repository page")]
    [exported] = query(db, "export_recommendations", **Filters(audience=("app_developers",)).sql_params())
    assert (exported["year"], exported["url"]) == (2024, "https://kc.umn.ac.id/example")


def test_a_metadata_save_on_the_sources_page_after_another_editors_is_told_and_applies_on_top(workspace):
    from tracker.store import curation, database

    data, db = workspace
    test = sources_page("dewi", "003_00fbc321b512853d")
    # Budi saves the city while Dewi has the form open.
    [row] = [row for row in database.read_sources(data / "sources.csv") if row["id"] == "003_00fbc321b512853d"]
    seen = curation.metadata_of(row)
    curation.update_metadata(data, db, "003_00fbc321b512853d", curation.Metadata(**{**seen.__dict__, "city": "Tangerang"}), "budi",
                             seen=seen)
    test.text_input(key="edit_year_003_00fbc321b512853d").set_value("2024")
    save_metadata(test)
    assert test.error[0].value.startswith("Not saved: budi changed this since you opened it (")
    assert test.dataframe[0].value.to_dict("records") == [
        {"Field": "City", "When you opened it": "–", "Now (after budi)": "Tangerang", "Your change": ""},
        {"Field": "Year", "When you opened it": "", "Now (after budi)": "", "Your change": "2024"}]
    next(button for button in test.button if button.label == "Apply my change on top of theirs").click().run()
    assert [success.value for success in test.success] == ["Saved: Year."]
    [row] = [row for row in database.read_sources(data / "sources.csv") if row["id"] == "003_00fbc321b512853d"]
    assert (row["city"], row["year"]) == ("Tangerang", "2024")
