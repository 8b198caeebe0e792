"""Curation at scale: review saves, adding a document, cold and cache-warm builds, peak memory.

    python bench/curation.py --documents 1000,10000 [--json FILE]

For each size it writes a synthetic data folder of that many seed-sized documents (the
seeds varied: cities, platforms, item order; each with a title page and a preface of its
own, so none is a duplicate by content of another; a fifth of their recommendations
reviewed),
then, each step in a fresh process as the app or the command line would run it:

- a cold full build (no extraction cache) and a cache-warm full build, with the build's
  worker processes (one per core);
- 40 review saves, one after another in one process as the app makes them (target read
  from the database, then ``curation.review``): p50 and p95;
- adding one new document (``curation.add_documents``), and the time the engine alone
  takes to extract that document, for comparison;
- ``python -m tracker ingest`` of one new document, start-up included;
- the peak resident memory of every process involved (the largest one is reported).

With 1,000 in the sizes it also ingests 1,000 new seed-sized documents into a fresh copy
of the seeds with one worker and with two (``--workers``), for the parallel speed-up, and
measures how much two processes of plain arithmetic gain on this machine at that time,
the ceiling for any two-worker step.
"""

import argparse
import csv
import hashlib
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import engine  # noqa: E402  (bench/engine.py: how seeds are varied)
from tracker.store import changes, curation, database  # noqa: E402
from tracker.store.filters import Filters  # noqa: E402

SEEDS = ROOT / "tests" / "fixtures" / "data"
SAVES = 40
AUDIENCES = ["public", "ngos", "government", "researchers", "app_developers", "sex_workers"]


def variant(text: str, rng: random.Random, number: int) -> str:
    """A seed varied as bench/engine.py varies it, made a document of its own: a title page
    stating its title, author, institution, city and year (which adding a document requires),
    and a preface of its own words, so that by content (tracker.engine.duplicates) it is the
    same as no other document."""
    vocabulary = re.findall(r"[a-z]{4,}", text.lower())
    preface = " ".join(rng.choice(vocabulary) for _ in range(300))
    city = rng.choice(engine.CITIES)
    return (f"SKRIPSI\n\nPeran Media Sosial dalam Prostitusi Daring di Kota {city}: Studi {number}\n\n"
            f"Disusun oleh: Penulis Nomor {number}\n\nUniversitas Nusantara Raya\n{city}\n{2010 + number % 15}\n\n"
            f"KATA PENGANTAR\n\n{preface}.\n\n{engine.variant(text, rng)}")


def seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted((SEEDS / "sources").glob("*.txt"))]


def write_corpus(data: Path, documents: int, seed: int = 7) -> None:
    """A data folder of ``documents`` seed variants, with ids numbered as the app numbers them."""
    (data / "sources").mkdir(parents=True)
    shutil.copy(SEEDS / "sources.csv", data / "sources.csv.seed")
    rng = random.Random(seed)
    texts = seed_texts()
    rows = []
    for number in range(documents):
        content = variant(texts[number % len(texts)], rng, number).encode("utf-8")
        identifier = f"{number:03d}_{hashlib.sha256(content).hexdigest()[:16]}"
        (data / "sources" / f"{identifier}.txt").write_bytes(content)
        rows.append({"id": identifier, "file": f"{identifier}.txt", "title": f"Studi {number}", "author": "", "institution": "",
                     "city": rng.choice(engine.CITIES), "year": str(2015 + number % 10), "platforms": rng.choice(engine.PLATFORMS),
                     "discipline": "", "method": "", "language": "id", "part": "closing chapter", "url": ""})
    (data / "sources.csv.seed").unlink()
    with (data / "sources.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=database.SOURCE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def review_a_fifth(data: Path, db: Path, seed: int = 3) -> int:
    """Reviewed tags for a fifth of the recommendations, as a team that has been at work would have."""
    rng = random.Random(seed)
    connection = database.connect_read_only(db)
    try:
        rows = database.fetch(connection, "export_recommendations", Filters().sql_params())
    finally:
        connection.close()
    chosen = [row for row in rows if rng.random() < 0.2]
    with (data / "reviewed_tags.jsonl").open("w", encoding="utf-8") as handle:
        for row in chosen:
            handle.write(json.dumps({
                "document": row["document_file"], "start": row["start_offset"], "end": row["end_offset"],
                "quote": row["text"][:60], "status": "accepted", "audiences": [rng.choice(AUDIENCES)],
                "approach": row["approach"], "themes": [], "summary_en": "", "reviewer": "bench",
                "reviewed_at": "2026-01-01T00:00:00+00:00", "note": "",
            }, ensure_ascii=False) + "\n")
    return len(chosen)


def peak_mb() -> float:
    """The largest resident set of this process and of every process it waited for."""
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


def stage(name: str, data: Path, db: Path, extra: list[str] | None = None) -> dict:
    """Run one step in a fresh process; returns what it reports."""
    result = subprocess.run([sys.executable, __file__, "--stage", name, "--data", str(data), "--db", str(db), *(extra or [])],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"stage {name} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_stage(name: str, data: Path, db: Path, extra: list[str]) -> dict:
    if name == "build":
        started = time.perf_counter()
        counts = changes.rebuild(data, db)
        return {"seconds": time.perf_counter() - started, **counts, "peak_mb": peak_mb()}
    if name == "saves":
        rng = random.Random(5)
        connection = database.connect_read_only(db)
        try:
            ids = [row["recommendation_id"] for row in database.fetch(connection, "export_recommendations", Filters().sql_params())]
        finally:
            connection.close()
        timings = []
        for number in range(SAVES):
            connection = database.connect_read_only(db)
            try:
                [row] = database.fetch(connection, "recommendation_target", {"id": rng.choice(ids)})
            finally:
                connection.close()
            target = curation.target_from_row(row)
            tagging = curation.Tagging((AUDIENCES[number % len(AUDIENCES)],), target.current["approach"],
                                       tuple(target.current["themes"]), f"bench save {number}")
            started = time.perf_counter()
            done = curation.review(data, db, target, tagging, "bench")
            timings.append((time.perf_counter() - started) * 1000)
            assert (done["read"], done["tagged"]) == (0, 0), done
        ordered = sorted(timings)
        return {"save_p50_ms": statistics.median(timings), "save_p95_ms": ordered[round(0.95 * (len(ordered) - 1))],
                "save_max_ms": ordered[-1], "peak_mb": peak_mb()}
    if name == "add":
        from tracker.engine.extraction import extract_text
        from tracker.engine.reading import read_document

        content = variant(seed_texts()[3], random.Random(99), 10**7).encode("utf-8")
        started = time.perf_counter()
        extract_text(read_document("new.txt", content))
        extraction_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        added, _, refused = curation.add_documents(data, db, [curation.Upload("new.txt", content)], "bench")
        assert added and not refused, refused
        return {"add_document_ms": (time.perf_counter() - started) * 1000, "its_extraction_ms": extraction_ms, "peak_mb": peak_mb()}
    raise SystemExit(f"unknown stage {name}")


def command(arguments: list[str], data: Path, db: Path, adds: int | None = None) -> tuple[float, str]:
    """Run a command of the tracker's; its wall time, start-up included, and what it said on
    stderr. With ``adds``, the command must have added that many documents."""
    environment = {**os.environ, "TRACKER_DATA": str(data), "TRACKER_DB": str(db)}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "tracker", *arguments], cwd=ROOT, env=environment, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 1) or (adds is not None and not result.stdout.strip().splitlines()[-1].startswith(f"added {adds},")):
        raise SystemExit(f"{' '.join(arguments)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return seconds, result.stderr


def measure(size: int, work: Path) -> dict:
    data, db = work / f"data{size}", work / f"tracker{size}.duckdb"
    write_corpus(data, size)
    stage("build", data, db)  # to find the recommendations a fifth of which are reviewed
    reviewed = review_a_fifth(data, db)
    shutil.rmtree(data / ".cache")
    cold = stage("build", data, db)
    warm = stage("build", data, db)
    saves = stage("saves", data, db)
    add = stage("add", data, db)
    new_file = work / f"ingested{size}.txt"
    new_file.write_text(variant(seed_texts()[1], random.Random(98), 10**7 + 1), encoding="utf-8")
    ingest_one, _ = command(["ingest", str(new_file), "--editor", "bench"], data, db, adds=1)
    return {
        "documents": size, "recommendations": cold["recommendations"], "reviewed": reviewed,
        "database_mb": round(db.stat().st_size / 1e6, 1),
        "save_p50_ms": round(saves["save_p50_ms"], 1), "save_p95_ms": round(saves["save_p95_ms"], 1),
        "save_max_ms": round(saves["save_max_ms"], 1),
        "add_document_ms": round(add["add_document_ms"], 1), "add_document_extraction_ms": round(add["its_extraction_ms"], 1),
        "ingest_one_command_s": round(ingest_one, 2),
        "cold_build_s": round(cold["seconds"], 2), "warm_rebuild_s": round(warm["seconds"], 2),
        "warm_rebuild_read": warm["read"], "warm_rebuild_tagged": warm["tagged"],
        "peak_mb": round(max(cold["peak_mb"], warm["peak_mb"], saves["peak_mb"], add["peak_mb"]), 1),
        "peak_mb_by_step": {"cold_build": round(cold["peak_mb"], 1), "warm_rebuild": round(warm["peak_mb"], 1),
                            "saves": round(saves["peak_mb"], 1), "add_document": round(add["peak_mb"], 1)},
    }


BURN = "n = 0\nfor i in range(40_000_000):\n    n += i * i\n"


def machine_speedup() -> float:
    """How much faster two processes of pure Python arithmetic finish side by side than one
    after the other, on this machine now: the most any two-worker step can gain here (the
    machine is shared, and its two cores are virtual)."""
    def burn(together: bool) -> float:
        started = time.perf_counter()
        if together:
            running = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(2)]
            for process in running:
                process.wait()
        else:
            for _ in range(2):
                subprocess.run([sys.executable, "-c", BURN], check=True)
        return time.perf_counter() - started
    return statistics.median(burn(False) for _ in range(3)) / statistics.median(burn(True) for _ in range(3))


def measure_parallel_ingest(work: Path, documents: int = 1000) -> dict:
    """Ingest ``documents`` new seed-sized documents into a copy of the seeds, with one worker and with two."""
    incoming = work / "incoming"
    rng = random.Random(17)
    texts = seed_texts()
    incoming.mkdir()
    for number in range(documents):
        (incoming / f"paper{number:04d}.txt").write_text(variant(texts[number % len(texts)], rng, 20_000 + number), encoding="utf-8")
    seconds: dict[int, list[float]] = {1: [], 2: []}
    reading: dict[int, list[float]] = {1: [], 2: []}
    for attempt in range(3):  # the machine is shared: the median of three runs each, alternating
        for workers in (1, 2):
            data, db = work / f"ingest{workers}-{attempt}", work / f"ingest{workers}-{attempt}.duckdb"
            shutil.copytree(SEEDS, data, ignore=shutil.ignore_patterns(".cache", ".lock", "*.duckdb*"))
            changes.rebuild(data, db)
            wall, said = command(["ingest", str(incoming), "--workers", str(workers), "--editor", "bench"], data, db, adds=documents)
            seconds[workers].append(wall)
            # "read N file(s) in X s with W worker(s), saved in Y s"
            reading[workers].append(float(said.split(" in ", 1)[1].split(" s ", 1)[0]))
    wall = {workers: statistics.median(values) for workers, values in seconds.items()}
    read = {workers: statistics.median(values) for workers, values in reading.items()}
    return {"documents": documents, "workers_1_s": round(wall[1], 2), "workers_2_s": round(wall[2], 2),
            "speedup": round(wall[1] / wall[2], 2), "reading_workers_1_s": round(read[1], 2),
            "reading_workers_2_s": round(read[2], 2), "reading_speedup": round(read[1] / read[2], 2),
            "machine_two_process_speedup": round(machine_speedup(), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", default="1000,10000")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--workdir", type=Path, help="where the corpora go (default: a temporary folder)")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    arguments, extra = parser.parse_known_args()
    if arguments.stage:
        print(json.dumps(run_stage(arguments.stage, arguments.data, arguments.db, extra)))
        return
    work = arguments.workdir or Path(tempfile.mkdtemp(prefix="curation-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": {"cores": os.cpu_count()}}
    sizes = [int(size) for size in arguments.documents.split(",")]
    if 1000 in sizes:
        results["parallel_ingest"] = measure_parallel_ingest(work)
        print("parallel ingest:", json.dumps(results["parallel_ingest"]), flush=True)
    for size in sizes:
        results[str(size)] = measure(size, work)
        print(f"{size}:", json.dumps(results[str(size)]), flush=True)
    if arguments.json:
        arguments.json.parent.mkdir(parents=True, exist_ok=True)
        arguments.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if not arguments.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
