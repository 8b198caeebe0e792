"""Extraction in worker processes: results in order, and a time and memory budget per document."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import ROOT, SOURCES, SEEDS, distinct_document, text_lines, write_pdf
from tracker.engine.extraction import extract_file
from tracker.store import curation, database, workers

SEED_BYTES = [(SOURCES / name).read_bytes() for name in SEEDS]
# A list of 150,000 recommendations (9.7 MB, within the reading caps): far more than two
# seconds' work, and 120 MB, for any engine.
LARGE = ("5.2 Saran\n\n" + "\n".join(f"{n}. Pemerintah perlu membuka layanan pendampingan di kota {n}." for n in range(1, 150_000))).encode()


def test_outcomes_come_in_the_order_of_the_jobs_from_several_workers():
    jobs = [workers.Job(f"seed{number}.txt", data=SEED_BYTES[number % 5]) for number in range(12)]
    outcomes = list(workers.run(jobs, workers.Budget(workers=2)))
    assert [outcome.job.name for outcome in outcomes] == [job.name for job in jobs]
    expected = [len(extract_file(SOURCES / name).recommendations) for name in SEEDS]
    assert [len(outcome.extraction.recommendations) for outcome in outcomes] == [expected[number % 5] for number in range(12)]
    assert all(outcome.refusal is None and outcome.read and outcome.tagged for outcome in outcomes)


def test_a_document_over_its_time_is_refused_in_one_line_and_the_batch_goes_on():
    jobs = [workers.Job("first.txt", data=SEED_BYTES[0]), workers.Job("huge.txt", data=LARGE),
            workers.Job("last.txt", data=SEED_BYTES[3])]
    first, huge, last = workers.run(jobs, workers.Budget(seconds=2, workers=1))
    assert huge.refusal == "huge.txt: refused, reading it took longer than the 2 s a document may take"
    assert first.extraction.recommendations and last.extraction.recommendations


def test_a_document_over_its_memory_is_refused_in_one_line_and_the_batch_goes_on():
    jobs = [workers.Job("huge.txt", data=LARGE), workers.Job("seed.txt", data=SEED_BYTES[1])]
    huge, seed = workers.run(jobs, workers.Budget(memory_mb=120, workers=1))
    assert huge.refusal.startswith("huge.txt: refused, ")
    assert huge.refusal.endswith("more than the 120 MB a document may use")
    assert seed.refusal is None and seed.extraction.recommendations


def _worker_processes() -> list[int]:
    """This process's extraction workers."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if f"PPid:\t{os.getpid()}\n" in status and b"tracker.store.workers" in command:
                found.append(int(entry.name))
    return found


def test_a_worker_that_dies_mid_document_is_reported_and_replaced():
    jobs = [workers.Job("huge.txt", data=LARGE), workers.Job("seed.txt", data=SEED_BYTES[2])]

    killed = []
    spares_before = set(_worker_processes())  # idle workers kept from earlier runs

    def kill_the_worker():
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for pid in set(_worker_processes()) - spares_before:
                time.sleep(0.3)  # let it start on the large document
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.01)

    killer = threading.Thread(target=kill_the_worker)
    killer.start()
    huge, seed = workers.run(jobs, workers.Budget(workers=1, memory_mb=2047))  # a budget no earlier run kept a worker for
    killer.join()
    assert huge.refusal == ("huge.txt: refused, its worker stopped (signal 9) while reading it; "
                            "it may need more than the 2047 MB a document may use")
    assert seed.refusal is None
    assert killed and killed[0] not in _worker_processes()
    assert len(_worker_processes()) <= os.cpu_count()  # at most one idle worker a core is kept for the next run


def test_an_upload_preview_runs_within_the_budget(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DOCUMENT_SECONDS", "2")
    try:
        curation.preview("huge.txt", LARGE[:curation.MAX_UPLOAD_BYTES], tmp_path)
    except curation.CurationError as error:
        assert str(error) == "huge.txt: refused, reading it took longer than the 2 s a document may take"
    else:
        raise AssertionError("the preview was not refused")
    assert curation.preview("seed.txt", SEED_BYTES[3], tmp_path).recommendations


def test_ingest_refuses_links_and_special_files_and_adds_the_good_ones(workspace, tmp_path):
    data, db = workspace
    folder = tmp_path / "incoming"
    (folder / "nested").mkdir(parents=True)
    good = folder / "nested" / "paper.txt"
    good.write_text(distinct_document(1), encoding="utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("5.2 Saran\n\n1. Pemerintah perlu bertindak.\n", encoding="utf-8")
    (folder / "linked").symlink_to(outside, target_is_directory=True)
    os.mkfifo(folder / "pipe.txt")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    pdf = write_pdf(text_lines((ROOT / "tests" / "documents" / "full_thesis.txt").read_text(encoding="utf-8")), tmp_path / "thesis.pdf")
    given_link = tmp_path / "given.pdf"
    given_link.symlink_to(pdf)
    result = subprocess.run([sys.executable, "-m", "tracker", "ingest", str(folder), str(given_link), "--editor", "dewi"],
                            cwd=ROOT, env=os.environ, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines[:-1] == [
        f"refused: {folder / 'linked'}: is a symbolic link; only regular files are added",
        f"refused: {folder / 'passwd.txt'}: is a symbolic link; only regular files are added",
        f"refused: {given_link}: is a symbolic link; only regular files are added",
        "refused: broken.pdf: not a readable PDF (Failed to load document (PDFium: Data format error).)",
        "refused: pipe.txt: not a regular file",
    ]
    assert lines[-1].startswith("added 1, skipped 0, refused 5: ")
    [added] = [row for row in database.read_sources(data / "sources.csv") if row["file"] not in SEEDS and row["title"].endswith("Studi 1")]
    assert (data / "sources" / added["file"]).read_bytes() == good.read_bytes()
    assert len(list((data / "sources").iterdir())) == len(list(SOURCES.iterdir())) + 1
