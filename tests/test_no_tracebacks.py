"""No traceback reaches a viewer: Streamlit's error details are off, a damaged database is one
line, and the Review page copes with tags the codebook does not have."""

import subprocess
import sys
import tomllib

import duckdb

from conftest import ROOT, run_app, target
from test_editing import sign_in

APP_DEVELOPERS = "003_00fbc321b512853d:3299-4283"


def test_error_details_are_off_in_the_deployment_config():
    assert tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["client"]["showErrorDetails"] == "none"
    # And Streamlit itself reads it so when started from the repository, as scripts/run.sh does.
    result = subprocess.run(
        [sys.executable, "-c", "from streamlit import config; config.get_config_options(force_reparse=True); "
                               "print(config.get_option('client.showErrorDetails'))"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.stdout.strip() == "none", result.stderr


def test_a_damaged_database_is_one_line_for_viewers(tmp_path, monkeypatch, caplog):
    damaged = tmp_path / "tracker.duckdb"
    damaged.write_bytes(b"not a database" * 1000)
    monkeypatch.setenv("TRACKER_DB", str(damaged))
    for language, start in (("en", "The database could not be opened or built"), ("id", "Basis data tidak dapat dibuka")):
        test = run_app({"lang": language})
        assert [error.value for error in test.error] == [test.error[0].value] and test.error[0].value.startswith(start)
        assert str(damaged) not in test.error[0].value
    assert any(str(damaged) in record.getMessage() for record in caplog.records)


def test_review_page_names_tags_the_codebook_lacks_and_asks_for_an_approach(workspace, monkeypatch):
    data, db = workspace
    connection = duckdb.connect(str(db))
    connection.execute("UPDATE recommendation_rows SET approach = 'gentle', audiences = list_text(['app_developers', 'aliens']) WHERE id = ?",
                       [APP_DEVELOPERS])
    connection.close()
    monkeypatch.setenv("TRACKER_EDITORS", "dewi:s3cret")
    test = sign_in(run_app(page="app_pages/review.py"), "dewi", "s3cret")
    test.switch_page("app_pages/review.py").run()
    test.selectbox(key="review_choice").set_value(APP_DEVELOPERS).run()
    assert not test.exception
    assert [warning.value for warning in test.warning] == [
        "This recommendation holds tags the codebook does not have: ` aliens, gentle `. Choose tags from the codebook and save."
    ]
    assert next(box for box in test.selectbox if box.label == "Approach").value is None
    assert next(box for box in test.multiselect if box.label == "Audience" and box not in test.sidebar.multiselect).value == [
        "app_developers"]
    next(button for button in test.button if button.label == "Save and mark reviewed").click().run()
    assert not test.exception
    assert [error.value for error in test.error] == ["Nothing was saved: ` choose an approach `"]
    assert target(db, APP_DEVELOPERS).current["approach"] == "gentle"


def test_a_build_that_cannot_write_its_database_is_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "tracker", "build", "--db", str(blocker / "tracker.duckdb")], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"error: build failed, the previous database is unchanged: {blocker}: File exists\n"
