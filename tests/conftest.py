"""Shared fixtures: the seed documents, their reviewed tags, and real PDF/DOCX files made from text."""

import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The suite's own data folder (documents, sources.csv, reviewed tags), never the live data/.
FIXTURE_DATA = Path(__file__).resolve().parent / "fixtures" / "data"
SOURCES = FIXTURE_DATA / "sources"
DOCUMENTS = Path(__file__).resolve().parent / "documents"
# What a copy of a data folder leaves out: databases, the lock, the extraction cache, a
# half-done change.
COPY_IGNORE = ("*.duckdb*", ".lock", ".cache", ".staging", ".journal.json")
SEEDS = sorted(path.name for path in SOURCES.iterdir() if path.name[:3] in ("000", "001", "002", "003", "004"))


def distinct_document(number: int) -> str:
    """A seed made a document of its own: a title page stating its title, author,
    institution, city and year, and a preface of its own words, so that by content
    (tracker.engine.duplicates) it is the same as no other."""
    rng = random.Random(number)
    seed = (SOURCES / SEEDS[number % len(SEEDS)]).read_text(encoding="utf-8")
    vocabulary = re.findall(r"[a-z]{4,}", seed.lower())
    preface = " ".join(rng.choice(vocabulary) for _ in range(300))
    return (f"SKRIPSI\n\nPeran Media Sosial dalam Prostitusi Daring: Studi {number}\n\nDisusun oleh: Penulis Nomor {number}\n\n"
            f"Universitas Nusantara Raya\nJakarta\n{2010 + number % 15}\n\nKATA PENGANTAR\n\n{preface}.\n\n{seed}")


def reviewed_tags() -> list[dict]:
    lines = (FIXTURE_DATA / "reviewed_tags.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def text_lines(text: str) -> list[str]:
    """The non-empty lines of a text file: the paragraphs of a reflowed file, the lines of a wrapped one."""
    return [line.strip() for line in text.replace("\f", "\n").splitlines() if line.strip()]


def write_pdf(blocks: list[str], path: Path, width_chars: int = 90, title: str = "", author: str = "") -> Path:
    """A real PDF with a text layer: each block wrapped into lines, pages filled top to bottom;
    with the document information's title and author when given."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setTitle(title)
    pdf.setAuthor(author)
    pdf.setFont("Helvetica", 10)
    top, bottom, leading = A4[1] - 60, 60, 14
    y = top
    for block in blocks:
        for line in textwrap.wrap(block, width_chars) or [""]:
            if y < bottom:
                pdf.showPage()
                pdf.setFont("Helvetica", 10)
                y = top
            pdf.drawString(50, y, line)
            y -= leading
        y -= leading / 2
    pdf.save()
    return path


def write_docx(blocks: list[str], path: Path) -> Path:
    import docx

    document = docx.Document()
    for block in blocks:
        document.add_paragraph(block)
    document.save(str(path))
    return path


@pytest.fixture(scope="session")
def truth_by_document() -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {path.name: [] for path in SOURCES.iterdir()}
    for row in reviewed_tags():
        grouped[row["document"]].append(row)
    return grouped


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """The one shared test database, built from the fixture data folder; the app under test
    reads both through TRACKER_DATA and TRACKER_DB."""
    from tracker.store import database

    path = tmp_path_factory.mktemp("db") / "tracker.duckdb"
    database.build(path, FIXTURE_DATA)
    os.environ["TRACKER_DATA"] = str(FIXTURE_DATA)
    os.environ["TRACKER_DB"] = str(path)
    return path


def rows_as_shown(data: Path) -> list[dict]:
    """The recommendations as the app should show them, computed without SQL: the engine's
    output with the latest reviewed tags applied, plus each document's metadata."""
    import csv

    from tracker.engine.extraction import extract_file

    reviewed = {}
    for line in (data / "reviewed_tags.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            reviewed[(row["document"], row["start"], row["end"])] = row
    with (data / "sources.csv").open(encoding="utf-8") as handle:
        sources = list(csv.DictReader(handle))
    rows = []
    for source in sources:
        for item in extract_file(data / "sources" / source["file"]).recommendations:
            tags = reviewed.get((source["file"], item.start, item.end), {"audiences": item.audiences, "approach": item.approach, "themes": item.themes})
            rows.append({
                "document_id": source["id"], "text": item.text, "audiences": tags["audiences"],
                "approach": tags["approach"], "themes": tags["themes"],
                "platforms": [p.strip() for p in source["platforms"].replace(";", ",").split(",") if p.strip()],
                "year": int(source["year"]) if source["year"] else None,
                "title": source["title"] or None, "institution": source["institution"] or None,
                "city": source["city"] or None, "heading": item.heading, "reviewed": (source["file"], item.start, item.end) in reviewed,
            })
    return rows


@pytest.fixture(scope="session")
def expected_rows() -> list[dict]:
    return rows_as_shown(FIXTURE_DATA)


def with_varied_data(data: Path) -> None:
    """Make a copy of the fixture data show what the seeds alone do not: a reviewer took the
    audience off the first seed recommendation (so one has no audience identified), and two
    documents state their year (so the year chart has years beside "not stated")."""
    first = reviewed_tags()[0]
    with (data / "reviewed_tags.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({**first, "audiences": [], "reviewer": "test", "note": "no one is asked to act"}) + "\n")
    import csv

    with (data / "sources.csv").open(encoding="utf-8", newline="") as handle:
        sources = list(csv.DictReader(handle))
    for source in sources:
        source["year"] = {"001_": "2021", "003_": "2023"}.get(source["id"][:4], source["year"])
    with (data / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(sources[0]))
        writer.writeheader()
        writer.writerows(sources)


@pytest.fixture(scope="session")
def varied_data(tmp_path_factory) -> tuple[Path, Path]:
    """A copy of the fixture data made varied (see with_varied_data) and its database."""
    from tracker.store import database

    root = tmp_path_factory.mktemp("varied")
    data = root / "data"
    shutil.copytree(FIXTURE_DATA, data, ignore=shutil.ignore_patterns(*COPY_IGNORE))
    with_varied_data(data)
    db = root / "tracker.duckdb"
    database.build(db, data)
    return data, db


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A copy of data/ and its own database, so changes never touch the repository's data;
    the app and the command line use them through TRACKER_DATA and TRACKER_DB."""
    import shutil

    from tracker.store import database

    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data, ignore=shutil.ignore_patterns(*COPY_IGNORE))
    db = tmp_path / "tracker.duckdb"
    database.build(db, data)
    monkeypatch.setenv("TRACKER_DATA", str(data))
    monkeypatch.setenv("TRACKER_DB", str(db))
    return data, db


def query(db: Path, name: str, **params) -> list[dict]:
    """Rows of a named query against a database file."""
    from tracker.store import database

    connection = database.connect_read_only(db)
    try:
        return database.fetch(connection, name, params)
    finally:
        connection.close()


def target(db: Path, recommendation_id: str):
    from tracker.store.curation import target_from_row

    [row] = query(db, "recommendation_target", id=recommendation_id)
    return target_from_row(row)


# A real `streamlit run` on a free loopback port, driven by Playwright in Debian's Chromium.

CHROMIUM = Path("/usr/bin/chromium")
EDITOR, PASSWORD = "dewi", "s3cret-for-tests"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs Debian's chromium (run it as root)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        # Chromium's own network calls are refused on this machine; keep them off.
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}, "accept_downloads": True}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(root: Path, prepare=None):
    """Run the app on a copy of the fixture data (changed by ``prepare(data)`` if given), with
    one editor configured; yields (url, data, db) and stops the app afterwards."""
    from tracker.store import database

    data = root / "data"
    shutil.copytree(FIXTURE_DATA, data, ignore=shutil.ignore_patterns(*COPY_IGNORE))
    if prepare:
        prepare(data)
    db = root / "tracker.duckdb"
    database.build(db, data)
    port = _free_port()
    environment = {**os.environ, "TRACKER_DATA": str(data), "TRACKER_DB": str(db), "TRACKER_EDITORS": f"{EDITOR}:{PASSWORD}"}
    log = (root / "streamlit.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"streamlit did not start: {(root / 'streamlit.log').read_text()[-2000:]}")
        time.sleep(0.2)
    yield url, data, db
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on its own copy of the fixture data; yields (url, data, db)."""
    yield from serve(tmp_path_factory.mktemp("served"))


def with_varied_data_and_accuracy(data: Path) -> None:
    with_varied_data(data)
    shutil.copy(FIXTURE_DATA.parent / "accuracy.json", data / "accuracy.json")


@pytest.fixture(scope="module")
def varied_server(tmp_path_factory):
    """The app on a varied copy of the fixture data (see with_varied_data) with a measured accuracy."""
    yield from serve(tmp_path_factory.mktemp("served_varied"), with_varied_data_and_accuracy)


def run_app(params: dict | None = None, page: str | None = None):
    """The app through Streamlit's AppTest, opened with URL parameters, on a page; it must not fail."""
    from streamlit.testing.v1 import AppTest

    test = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (params or {}).items():
        test.query_params[key] = value
    test.run()
    if page:
        test.switch_page(page).run()
    assert not test.exception, test.exception
    return test
