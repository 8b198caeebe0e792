"""Two app processes on one database, with one writer: what readers see while saves land.

    python bench/replicas.py [--documents 1000] [--sessions 4] [--saves 10] [--json FILE]

It writes a synthetic data folder (as bench/curation.py does), builds its database, and
starts two `streamlit run` processes on it, each opening the DuckDB file read-only, as two
replicas would (each on a port of its own, no proxy). While --sessions browsers on each
process change pages and filters (bench/load.py's websocket sessions), one writer saves:
it rejects a recommendation, then accepts it again, --saves times each, as an editor does
on any app process. After every save it asks each process for the overview, over and over,
until that process shows the new count of recommendations, and records how long that took.

It prints the readers' page times while saves land (and any error a page showed), the
saves' times, how long each process took to show each save, and each process's memory.
"""

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from curation import write_corpus  # noqa: E402
from load import free_port, percentile, session, wait_healthy  # noqa: E402
from tracker.store import changes, curation, database  # noqa: E402
from tracker.store.filters import Filters  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def shown_count(url: str) -> int:
    """The overview's count of recommendations, as a browser opening it now is shown."""
    async with websockets.connect(url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, origin=url) as socket_:
        message = BackMsg()
        message.rerun_script.query_string = ""
        await socket_.send(message.SerializeToString())
        metrics = {}
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await asyncio.wait_for(socket_.recv(), timeout=120))
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.new_element.WhichOneof("type") == "metric":
                metrics[forward.delta.new_element.metric.label] = forward.delta.new_element.metric.body
            elif kind == "script_finished":
                return int(metrics["Recommendations"].replace(",", ""))


async def wait_until_shown(url: str, expected: int, since: float) -> float:
    while await shown_count(url) != expected:
        await asyncio.sleep(0.05)
    return time.perf_counter() - since


async def measure(urls: list[str], data: Path, db: Path, sessions: int, saves: int) -> dict:
    connection = database.connect_read_only(db)
    try:
        rows = database.fetch(connection, "export_recommendations", Filters().sql_params())
        total = database.fetch(connection, "recommendations_count", Filters().sql_params())[0]["recommendations"]
    finally:
        connection.close()
    chosen = random.Random(4).sample([row["recommendation_id"] for row in rows], saves)
    times: list[float] = []
    errors: list[str] = []
    save_ms: list[float] = []
    lags: dict[str, list[float]] = {url: [] for url in urls}
    stop = asyncio.Event()

    async def readers() -> None:
        deadline = time.monotonic() + 3600
        tasks = [asyncio.create_task(session(url, deadline, 1.0, number, times, errors))
                 for url in urls for number in range(sessions)]
        await stop.wait()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def writer() -> None:
        await asyncio.sleep(5)  # readers under way
        for recommendation_id in chosen:
            for action, expected in (("reject", total - 1), ("review", total)):
                connection = database.connect_read_only(db)
                try:
                    [row] = database.fetch(connection, "recommendation_target", {"id": recommendation_id})
                finally:
                    connection.close()
                target = curation.target_from_row(row)
                started = time.perf_counter()
                if action == "reject":
                    await asyncio.to_thread(curation.reject, data, db, target, "writer")
                else:
                    tagging = curation.Tagging(tuple(target.current["audiences"]), target.current["approach"],
                                               tuple(target.current["themes"]))
                    await asyncio.to_thread(curation.review, data, db, target, tagging, "writer")
                saved = time.perf_counter()
                save_ms.append((saved - started) * 1000)
                shown = await asyncio.gather(*(wait_until_shown(url, expected, saved) for url in urls))
                for url, lag in zip(urls, shown):
                    lags[url].append(lag)
                await asyncio.sleep(1)
        stop.set()

    await asyncio.gather(readers(), writer())
    return {
        "reader_pages": len(times), "reader_errors": errors[:10], "reader_error_count": len(errors),
        "page_p50_s": round(statistics.median(times), 3), "page_p95_s": round(percentile(times, 0.95), 3),
        "save_p50_ms": round(statistics.median(save_ms), 1), "save_p95_ms": round(percentile(save_ms, 0.95), 1),
        "shown_after_s": {f"process {number + 1}": {"p50": round(statistics.median(lags[url]), 2), "max": round(max(lags[url]), 2)}
                          for number, url in enumerate(urls)},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--sessions", type=int, default=4, help="browsers on each process")
    parser.add_argument("--saves", type=int, default=10, help="recommendations rejected then accepted again")
    parser.add_argument("--json", type=Path)
    arguments = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="tracker-replicas-"))
    data, db = root / "data", root / "tracker.duckdb"
    write_corpus(data, arguments.documents)
    changes.rebuild(data, db)
    environment = {**os.environ, "TRACKER_DATA": str(data), "TRACKER_DB": str(db)}
    ports = [free_port(), free_port()]
    apps = [subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
                              "--server.address", "127.0.0.1", "--server.headless", "true"],
                             cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for port in ports]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url in urls:
            wait_healthy(url)
        figures = asyncio.run(measure(urls, data, db, arguments.sessions, arguments.saves))
        figures["app_rss_mb"] = [round(rss_mb(app.pid), 1) for app in apps]
    finally:
        for app in apps:
            app.terminate()
        for app in apps:
            app.wait(timeout=30)
    figures = {"documents": arguments.documents, "processes": 2, "sessions_per_process": arguments.sessions,
               "saves": 2 * arguments.saves, **figures}
    print(json.dumps(figures, indent=2))
    if arguments.json:
        arguments.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if figures["reader_error_count"] else 0


if __name__ == "__main__":
    sys.exit(main())
