"""The dashboard at scale: synthetic corpora, database build, query latency, page runs, memory.

    python bench/run.py --sizes 10000,100000,1000000 --json bench/results/run.json

For each size (number of recommendations) it generates a synthetic corpus by varying the
seed recommendations (their real texts and evidence, other documents, platforms, years
and label mixes), writes it to a new DuckDB file with the store's own schema and insert
statements, then measures in a separate process (as the app would run):

- every query the overview and recommendations pages run, over several filters: p50/p95;
- a full run of the overview page (AppTest) after a filter change, against an empty
  Streamlit page's run;
- the same filtering and aggregation done the common way, a pandas DataFrame read from CSV
  and boolean masks, in its own process;
- the peak memory (resident set) of each process.

Everything runs on this machine's cores; nothing leaves it.
"""

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402

from tracker.store import database, queries  # noqa: E402
from tracker.engine.codebook import load_codebook  # noqa: E402
from tracker.engine.extraction import extract_file  # noqa: E402
from tracker.store.filters import Filters  # noqa: E402

CITIES = ["Kediri", "Padang", "Bekasi", "Makassar", "Medan", "Denpasar", "Surabaya", "Bandung", "Semarang", "Pontianak"]
PLATFORMS = ["MiChat", "Twitter", "Telegram", "WhatsApp", "Facebook", "Instagram", "TikTok"]
PLATFORM_POSITIONS = {name: position for position, name in enumerate(sorted(PLATFORMS))}
INSTITUTIONS = ["Universitas Multimedia Nusantara", "Universitas Indonesia", "Universitas Airlangga", "UIN Sunan Ampel", None]
APPROACH_MIX = {"punitive": 0.2, "harm_reduction": 0.35, "mixed": 0.15, "neither": 0.3}
RECOMMENDATIONS_PER_DOCUMENT = 6
DOCUMENTS_PER_CHUNK = 5_000
FILTERS = {
    "none": Filters(),
    "audience": Filters(audience=("app_developers",)),
    "audience+approach": Filters(audience=("government",), approach=("harm_reduction",)),
    "two audiences": Filters(audience=("ngos", "public")),
    "platform": Filters(platform=("Telegram",)),
    "year": Filters(year=("2020",)),
    "search": Filters(q="blokir"),
    "search two words": Filters(q="pendampingan hukum"),
}
PAGE_SIZE = 20
TOP_DOCUMENTS = 25


def seed_recommendations() -> list[dict]:
    """The seeds' recommendations as the engine gives them, evidence relative to each one."""
    found = []
    for path in sorted((ROOT / "data" / "sources").glob("*.txt")):
        for item in extract_file(path).recommendations:
            found.append({
                "text": item.text, "heading": item.heading, "audiences": item.audiences, "approach": item.approach,
                "themes": item.themes, "confidence": item.confidence,
                "evidence": [(e.label, e.cue, e.source, e.negated, e.text_start, e.text_end) for e in item.evidence],
            })
    return found


def _chunk(seeds: list[dict], first_document: int, documents: int, counts: np.ndarray, rng: np.random.Generator) -> dict[str, pa.Table]:
    """Documents first_document.. with their recommendations and evidence, as Arrow tables."""
    py_random = random.Random(int(rng.integers(0, 2**31)))
    audiences_all = list(load_codebook().labels("audiences"))
    audience_ids = [label["id"] for label in audiences_all]
    approaches, weights = list(APPROACH_MIX), list(APPROACH_MIX.values())
    document_rows, recommendation_rows, evidence_columns = [], [], {key: [] for key in (
        "recommendation_id", "label", "cue", "start_offset", "end_offset", "source", "negated", "text_start", "text_end")}
    for number in range(first_document, first_document + documents):
        document_id = f"syn{number:07d}"
        city = py_random.choice(CITIES)
        platforms = py_random.sample(PLATFORMS, py_random.choice((1, 1, 2)))
        year = py_random.randint(2012, 2025)
        parts, offset = ["BAB V\n\nPENUTUP\n\n5.2 Saran\n\n"], len("BAB V\n\nPENUTUP\n\n5.2 Saran\n\n")
        for position in range(int(counts[number - first_document])):
            seed = seeds[py_random.randrange(len(seeds))]
            text = f"{seed['text']} Studi di {py_random.choice(CITIES)}."
            start, end = offset, offset + len(text)
            recommendation_id = f"{document_id}:{start}-{end}"
            audiences = seed["audiences"] if py_random.random() < 0.75 else sorted(
                py_random.sample(audience_ids, py_random.choice((1, 1, 2))), key=audience_ids.index)
            approach = seed["approach"] if py_random.random() < 0.7 else py_random.choices(approaches, weights)[0]
            confidence = round(min(1.0, max(0.3, seed["confidence"] + py_random.uniform(-0.3, 0.1))), 2)
            recommendation_rows.append({
                "id": recommendation_id, "document_id": document_id, "position": position, "text": text,
                "start_offset": start, "end_offset": end, "heading": seed["heading"],
                "audiences": audiences, "approach": approach, "themes": seed["themes"],
                "status": "engine", "origin": "engine", "summary_en": None, "tag_source": "engine",
                "tag_source_note": "engine tags; not yet reviewed",
                "engine_audiences": audiences, "engine_approach": approach, "engine_themes": seed["themes"],
                "reviewed_audiences": None, "reviewed_themes": None,
                "version": "engine", "confidence": confidence, "needs_review": confidence < 0.6, "review_reasons": [],
                "year": year, "platforms": platforms,
                "audience_mask": sum(1 << audience_ids.index(audience) for audience in audiences),
                "platform_mask": sum(1 << PLATFORM_POSITIONS[name] for name in platforms),
            })
            for label, cue, source, negated, text_start, text_end in seed["evidence"]:
                evidence_columns["recommendation_id"].append(recommendation_id)
                evidence_columns["label"].append(label)
                evidence_columns["cue"].append(cue)
                inside = text_start if text_start is not None and source == "text" else 0
                evidence_columns["start_offset"].append(start + inside)
                evidence_columns["end_offset"].append(start + inside + len(cue))
                evidence_columns["source"].append(source)
                evidence_columns["negated"].append(negated)
                evidence_columns["text_start"].append(text_start)
                evidence_columns["text_end"].append(text_end)
            parts.append(text + "\n\n")
            offset = end + 2
        text = "".join(parts)
        document_rows.append({
            "id": document_id, "file": f"{document_id}.txt", "title": f"Prostitusi daring di {city}: studi {number}",
            "author": None, "institution": py_random.choice(INSTITUTIONS), "city": city, "year": year,
            "platforms": platforms, "discipline": "communication", "method": None, "language": "id", "part": "closing chapter",
            "url": None, "format": "txt", "content_hash": f"{number:064d}", "characters": len(text), "text": text,
        })
    return {
        "documents": pa.Table.from_pylist(document_rows),
        "recommendations": pa.Table.from_pylist(recommendation_rows),
        "evidence": pa.Table.from_pydict(evidence_columns),
    }


def build_synthetic(size: int, target: Path, seed: int = 7) -> dict:
    """Write a synthetic corpus of ``size`` recommendations to a new database file."""
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    seeds = seed_recommendations()
    documents = max(1, size // RECOMMENDATIONS_PER_DOCUMENT)
    # Recommendations per document vary (1 to 11), summing exactly to size.
    counts = rng.multinomial(size - documents, np.ones(documents) / documents) + 1
    connection = duckdb.connect(str(target))
    try:
        queries.run(connection, "set_memory_limit", limit=database.MEMORY_LIMIT)
        database.create_schema(connection)
        database.insert(connection, "labels", pa.Table.from_pylist(database.label_rows(load_codebook())))
        database.insert(connection, "build_info", pa.Table.from_pylist([{"key": "built_at", "value": "benchmark"}]))
        database.insert(connection, "platforms", pa.Table.from_pylist([{"name": n, "position": p} for n, p in PLATFORM_POSITIONS.items()]))
        for first in range(0, documents, DOCUMENTS_PER_CHUNK):
            chunk = _chunk(seeds, first, min(DOCUMENTS_PER_CHUNK, documents - first), counts[first:first + DOCUMENTS_PER_CHUNK], rng)
            for name, table in chunk.items():
                database.insert(connection, name, table)
        queries.run(connection, "checkpoint")
    finally:
        connection.close()
    return {"documents": documents, "seconds": time.perf_counter() - started, "bytes": target.stat().st_size}


def page_queries(filters: Filters, cursor) -> list[tuple[str, dict]]:
    """The queries the overview and recommendations pages run for these filters, with their parameters."""
    params = filters.sql_params()
    total = queries.run(cursor, "recommendations_count", **params).fetchone()[0]
    page_ids = [row[0] for row in queries.run(cursor, "recommendations_page", **params, limit=PAGE_SIZE, offset=0).fetchall()]
    return [
        ("overview_headline", params),
        ("audience_approach_counts", params),
        ("approach_by_document", {**params, "limit": TOP_DOCUMENTS}),
        ("approach_by_platform", params),
        ("approach_by_year", params),
        ("recommendations_count", params),
        ("recommendations_page", {**params, "limit": PAGE_SIZE, "offset": 0}),
        ("recommendations_page_deep", {**params, "limit": PAGE_SIZE, "offset": max(0, total // 2 - PAGE_SIZE)}),
        ("evidence_for_recommendations", {"ids": page_ids}),
        ("filter_options", {}),
        ("labels", {}),
        ("document_options", {"q": "", "limit": 100}),
        ("document_labels", {"ids": [identifier.split(":")[0] for identifier in page_ids[:3]]}),
    ]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _timed(work) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def measure_queries(db: Path, repeats: int) -> dict:
    """Each query alone (p50/p95 over every filter and run), and per filter the pages' path
    as the app takes it: the overview's five queries together, then the list's count and page."""
    connection = database.connect_read_only(db)
    timings: dict[str, list[float]] = {}
    per_filter: dict[str, float] = {}
    for filter_name, filters in FILTERS.items():
        jobs = page_queries(filters, database.cursor(connection))
        for name, params in jobs:
            sql_name = "recommendations_page" if name == "recommendations_page_deep" else name
            database.fetch(connection, sql_name, params)  # warm-up
            timings.setdefault(name, []).extend(_timed(lambda: database.fetch(connection, sql_name, params)) for _ in range(repeats))
        by_name = dict(jobs)
        overview = tuple((name, by_name[name]) for name in OVERVIEW_QUERIES)
        listing = [(name, by_name[name]) for name in LIST_QUERIES]

        def path() -> None:
            database.fetch_together(connection, overview)
            for name, params in listing:
                database.fetch(connection, name, params)

        path()
        per_filter[filter_name] = round(statistics.median(_timed(path) for _ in range(repeats)), 2)
    connection.close()
    return {
        "queries": {name: {"p50_ms": round(_percentile(values, 0.5), 2), "p95_ms": round(_percentile(values, 0.95), 2)}
                    for name, values in timings.items()},
        "page_path_ms_by_filter": per_filter,
    }


# The pages' path, which the pandas baseline repeats: the overview's aggregates and the list's first page.
OVERVIEW_QUERIES = ("overview_headline", "audience_approach_counts", "approach_by_document", "approach_by_platform", "approach_by_year")
LIST_QUERIES = ("recommendations_count", "recommendations_page")


def measure_pages(db: Path, runs: int) -> dict:
    """Full page runs through AppTest: the overview after filter changes, and an empty page."""
    from streamlit.testing.v1 import AppTest

    os.environ["TRACKER_DB"] = str(db)
    empty = []
    for _ in range(runs):
        test = AppTest.from_file(str(ROOT / "bench" / "empty_page.py"), default_timeout=120)
        started = time.perf_counter()
        test.run()
        empty.append((time.perf_counter() - started) * 1000)
    test = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    started = time.perf_counter()
    test.run()
    first = (time.perf_counter() - started) * 1000
    assert not test.exception, test.exception
    changes = []
    choices = [["app_developers"], ["government"], ["ngos", "public"], ["researchers"], ["sex_workers"], ["public"], ["government", "ngos"]]
    for audience in choices[:runs]:
        test.sidebar.multiselect[0].set_value(audience)
        started = time.perf_counter()
        test.run()
        changes.append((time.perf_counter() - started) * 1000)
        assert not test.exception, test.exception
    empty_p50, change_p50 = statistics.median(empty), statistics.median(changes)
    return {
        "empty_page_run_ms_p50": round(empty_p50, 1),
        "overview_first_run_ms": round(first, 1),
        "overview_filter_change_run_ms_p50": round(change_p50, 1),
        "overview_filter_change_run_ms_max": round(max(changes), 1),
        "ratio_to_empty_page": round(change_p50 / empty_p50, 2),
    }


def export_csv(db: Path, target: Path) -> None:
    """The recommendations as the Export page writes them (citation columns), to CSV."""
    import pyarrow.csv

    connection = database.connect_read_only(db)
    reader = queries.run(connection, "export_recommendations", **Filters().sql_params()).to_arrow_reader()
    with pyarrow.csv.CSVWriter(str(target), reader.schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
    connection.close()


def measure_pandas(csv_path: Path, repeats: int) -> dict:
    """The common way: read the CSV into a DataFrame, filter with boolean masks, aggregate."""
    import pandas as pd

    from tracker.engine.morphology import search_terms

    started = time.perf_counter()
    frame = pd.read_csv(csv_path)
    load_ms = (time.perf_counter() - started) * 1000
    for column in ("audiences", "platforms", "themes"):
        frame[column] = frame[column].fillna("")

    def run(filters: Filters) -> None:
        mask = pd.Series(True, index=frame.index)
        for column, values in (("audiences", filters.audience), ("platforms", filters.platform)):
            if values:
                pattern = "|".join(rf"(?:^|; ){value}(?:;|$)" for value in values)
                mask &= frame[column].str.contains(pattern, regex=True)
        if filters.approach:
            mask &= frame["approach"].isin(filters.approach)
        if filters.year:
            mask &= frame["year"].isin([int(year) for year in filters.year])
        for _, pattern in search_terms(filters.q):
            mask &= frame["text"].str.contains(pattern.replace("(?i)", ""), case=False, regex=True)
        kept = frame[mask]
        kept["document_file"].nunique()
        kept["approach"].value_counts()
        exploded = kept.assign(audience=kept["audiences"].str.split("; ")).explode("audience")
        exploded.groupby(["audience", "approach"]).size()
        by_document = kept.groupby(["document_file", "approach"]).size()
        by_document.groupby(level=0).sum().nlargest(TOP_DOCUMENTS)
        kept.assign(platform=kept["platforms"].str.split("; ")).explode("platform").groupby(["platform", "approach"]).size()
        kept.groupby(["year", "approach"], dropna=False).size()
        len(kept)
        kept.sort_values(["document_file", "start_offset"]).head(PAGE_SIZE)

    per_filter = {}
    for name, filters in FILTERS.items():
        run(filters)
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            run(filters)
            times.append((time.perf_counter() - started) * 1000)
        per_filter[name] = round(statistics.median(times), 2)
    return {"csv_load_ms": round(load_ms, 1), "ms_by_filter": per_filter}


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(arguments: list[str]) -> dict:
    """Run one stage in its own process, so its peak memory is its own."""
    result = subprocess.run([sys.executable, __file__, *arguments], capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"stage {arguments[:2]} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description="Dashboard benchmark at scale")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--workdir", type=Path, help="where the databases go (default: a temporary folder)")
    parser.add_argument("--stage", choices=["build", "serve", "pandas"], help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()

    if arguments.stage:
        db = arguments.workdir / f"bench_{arguments.size}.duckdb"
        repeats = 20 if arguments.size <= 100_000 else 10
        if arguments.stage == "build":
            db.unlink(missing_ok=True)
            result = build_synthetic(arguments.size, db)
        elif arguments.stage == "serve":
            result = {**measure_queries(db, repeats), "pages": measure_pages(db, 5)}
        else:
            export_csv(db, db.with_suffix(".csv"))  # the baseline's input, as the Export page writes it
            result = measure_pandas(db.with_suffix(".csv"), max(3, repeats // 4))
        print(json.dumps({**result, "peak_memory_mb": round(peak_memory_mb(), 1)}))
        return

    workdir = arguments.workdir or Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]}, "sizes": {}}
    for size in [int(value) for value in arguments.sizes.split(",")]:
        print(f"size {size:,}: building ...", file=sys.stderr, flush=True)
        built = child(["--stage", "build", "--size", str(size), "--workdir", str(workdir)])
        print(f"size {size:,}: measuring queries and pages ...", file=sys.stderr, flush=True)
        served = child(["--stage", "serve", "--size", str(size), "--workdir", str(workdir)])
        print(f"size {size:,}: pandas baseline ...", file=sys.stderr, flush=True)
        baseline = child(["--stage", "pandas", "--size", str(size), "--workdir", str(workdir)])
        speedups = {name: round(baseline["ms_by_filter"][name] / served["page_path_ms_by_filter"][name], 1)
                    for name in FILTERS}
        results["sizes"][size] = {"build": built, "serve": served, "pandas": baseline, "duckdb_speedup_by_filter": speedups}
        for suffix in (".duckdb", ".csv"):
            (workdir / f"bench_{size}{suffix}").unlink(missing_ok=True)
        print_table(size, results["sizes"][size])
    if arguments.json:
        arguments.json.parent.mkdir(parents=True, exist_ok=True)
        arguments.json.write_text(json.dumps(results, indent=2))


def print_table(size: int, result: dict) -> None:
    built, served, baseline = result["build"], result["serve"], result["pandas"]
    print(f"\n## {size:,} recommendations, {built['documents']:,} documents")
    print(f"build {built['seconds']:.1f} s, {built['bytes'] / 1e6:.0f} MB on disk, peak memory {built['peak_memory_mb']:.0f} MB")
    print("| query | p50 ms | p95 ms |\n| --- | --- | --- |")
    for name, figures in served["queries"].items():
        print(f"| {name} | {figures['p50_ms']} | {figures['p95_ms']} |")
    pages = served["pages"]
    print(f"overview re-run after a filter change {pages['overview_filter_change_run_ms_p50']} ms (p50), empty page "
          f"{pages['empty_page_run_ms_p50']} ms: {pages['ratio_to_empty_page']}x; first run {pages['overview_first_run_ms']} ms")
    print(f"serving peak memory {served['peak_memory_mb']:.0f} MB; pandas peak memory {baseline['peak_memory_mb']:.0f} MB, "
          f"CSV load {baseline['csv_load_ms']:.0f} ms")
    print("| filter | DuckDB, the pages' path ms | pandas ms | speed-up |\n| --- | --- | --- | --- |")
    for name, speedup in result["duckdb_speedup_by_filter"].items():
        print(f"| {name} | {served['page_path_ms_by_filter'][name]} | {baseline['ms_by_filter'][name]} | {speedup}x |")


if __name__ == "__main__":
    main()
