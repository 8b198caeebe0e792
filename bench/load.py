"""Many users at once: sessions that change filters and pages over Streamlit's websocket.

    python bench/load.py --sessions 20 --seconds 60 [--processes 2] [--think 1.0] [--url URL]

Without --url it serves the app itself on a copy of data/ (the seed data; nothing in data/
changes): one `streamlit run` process, or with --processes N, N processes behind nginx with
sticky sessions (deploy/nginx.conf; Debian's nginx must be installed). Each session opens
the websocket the browser would open, then, until the time is up, asks for a page with a
filter as a browser does on a link or a filter change (a rerun with that page and query
string), waits for the run to finish (Streamlit's script_finished message), and pauses
--think seconds, as a person reads before the next change. It prints the page time (p50,
p95, max), reruns per second, the app processes' CPU (cores busy), and how busy the whole
machine was, which it shares with others.

The websocket client is the `websockets` package that Streamlit itself depends on.
"""

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf"
# What a person does: mostly the overview and the list, sometimes sources and method.
PAGES = ["", "", "", "recommendations", "recommendations", "sources", "method"]
FILTERS = [
    "", "audience=government", "audience=app_developers", "audience=ngos", "audience=researchers",
    "audience=public", "audience=sex_workers", "audience=none", "approach=harm_reduction", "approach=punitive",
    "audience=government&approach=mixed", "platform=MiChat", "q=pemerintah", "q=keamanan", "lang=id",
    "lang=id&audience=sex_workers",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not become healthy")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU time of the whole machine so far, in clock ticks (from /proc/stat)."""
    values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class Servers:
    """App processes on a copy of the data folder, and nginx in front when there are several."""

    def __init__(self, processes: int) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="tracker-load-"))
        shutil.copytree(ROOT / "data", self.root / "data", ignore=shutil.ignore_patterns("*.duckdb*", ".lock", "audit.jsonl"))
        environment = {**os.environ, "TRACKER_DATA": str(self.root / "data"), "TRACKER_DB": str(self.root / "tracker.duckdb")}
        subprocess.run([sys.executable, "-m", "tracker", "build"], cwd=ROOT, env=environment, check=True, stdout=subprocess.DEVNULL)
        self.ports = [free_port() for _ in range(processes)]
        self.apps = [
            subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
                 "--server.address", "127.0.0.1", "--server.headless", "true"],
                cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            for port in self.ports
        ]
        for port in self.ports:
            wait_healthy(f"http://127.0.0.1:{port}")
        self.nginx = None
        self.url = f"http://127.0.0.1:{self.ports[0]}"
        if processes > 1:
            self.url = self._start_nginx()

    def _start_nginx(self) -> str:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise SystemExit("--processes > 1 needs nginx in front: apt-get install nginx")
        port = free_port()
        upstreams = "\n".join(f"        server 127.0.0.1:{app_port};" for app_port in self.ports)
        config = NGINX_TEMPLATE.read_text(encoding="utf-8").replace("        server 127.0.0.1:8501;\n        server 127.0.0.1:8502;", upstreams)
        config = config.replace("listen 80;", f"listen 127.0.0.1:{port};")
        wrapped = (f"daemon off;\npid {self.root}/nginx.pid;\nerror_log {self.root}/nginx.log;\nevents {{}}\n"
                   f"http {{\naccess_log off;\nclient_body_temp_path {self.root};\nproxy_temp_path {self.root};\n{config}\n}}\n")
        (self.root / "nginx.conf").write_text(wrapped, encoding="utf-8")
        self.nginx = subprocess.Popen([nginx, "-c", str(self.root / "nginx.conf"), "-p", str(self.root)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url)
        return url

    @property
    def pids(self) -> list[int]:
        return [app.pid for app in self.apps] + ([self.nginx.pid] if self.nginx else [])

    def stop(self) -> None:
        for process in [*self.apps, *([self.nginx] if self.nginx else [])]:
            process.send_signal(signal.SIGTERM)
        for process in [*self.apps, *([self.nginx] if self.nginx else [])]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(self.root, ignore_errors=True)


async def session(url: str, deadline: float, think: float, seed: int, times: list[float], errors: list[str]) -> None:
    """One person: a websocket, then page and filter changes until the deadline."""
    chooser = random.Random(seed)
    address = url.replace("http://", "ws://") + "/_stcore/stream"
    # Streamlit reads the subprotocol header as (protocol, xsrf token, session to resume).
    # Each session is a browser of its own: behind nginx, its route cookie picks its process.
    cookie = {"Cookie": f"tracker_route=load-session-{seed}"}
    async with websockets.connect(address, subprotocols=["streamlit"], max_size=None, origin=url, additional_headers=cookie) as socket_:
        pages: dict[str, str] = {}

        async def run(page: str, query: str) -> float:
            message = BackMsg()
            message.rerun_script.query_string = query
            message.rerun_script.page_name = page
            message.rerun_script.page_script_hash = pages.get(page, "")
            started = time.perf_counter()
            await socket_.send(message.SerializeToString())
            while True:
                forward = ForwardMsg()
                forward.ParseFromString(await asyncio.wait_for(socket_.recv(), timeout=120))
                kind = forward.WhichOneof("type")
                if kind == "navigation":
                    pages.update({app_page.url_pathname: app_page.page_script_hash for app_page in forward.navigation.app_pages})
                elif kind == "script_finished":
                    if forward.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                        return time.perf_counter() - started
                    if forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        errors.append(f"{page}?{query}: script finished with status {forward.script_finished}")
                        return time.perf_counter() - started
                elif kind == "delta" and forward.delta.new_element.WhichOneof("type") == "exception":
                    errors.append(f"{page}?{query}: {forward.delta.new_element.exception.message[:200]}")

        await run("", "")  # the first page load
        while time.monotonic() < deadline:
            times.append(await run(chooser.choice(PAGES), chooser.choice(FILTERS)))
            await asyncio.sleep(think * chooser.uniform(0.5, 1.5))


async def load(url: str, sessions: int, seconds: float, think: float) -> tuple[list[float], list[str], float]:
    times: list[float] = []
    errors: list[str] = []
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(*(session(url, deadline, think, number, times, errors) for number in range(sessions)))
    return times, errors, time.monotonic() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a finished page and the next change (s)")
    parser.add_argument("--processes", type=int, default=1, help="app processes (more than one: behind nginx)")
    parser.add_argument("--url", help="an app already running (its CPU is then not measured)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    arguments = parser.parse_args()

    servers = None if arguments.url else Servers(arguments.processes)
    url = arguments.url or servers.url
    per_process: list[float] = []
    try:
        pids = servers.pids if servers else []
        # Warm up: one session through every page, so start-up costs are not counted as load.
        asyncio.run(load(url, 1, 3, 0))
        cpu_before = [cpu_seconds(pid) for pid in pids]
        busy_before, total_before = machine_busy()
        times, errors, wall = asyncio.run(load(url, arguments.sessions, arguments.seconds, arguments.think))
        per_process = [cpu_seconds(pid) - before for pid, before in zip(pids, cpu_before)]
        cpu = sum(per_process)
        busy_after, total_after = machine_busy()
    finally:
        if servers:
            servers.stop()
    cores = os.cpu_count() or 1
    figures = {
        "sessions": arguments.sessions, "seconds": round(wall, 1), "think_seconds": arguments.think,
        "processes": arguments.processes, "pages": len(times), "errors": len(errors),
        "reruns_per_second": round(len(times) / wall, 2),
        "page_p50_s": round(statistics.median(times), 3) if times else None,
        "page_p95_s": round(percentile(times, 0.95), 3) if times else None,
        "page_max_s": round(max(times), 3) if times else None,
        "app_cpu_cores": round(cpu / wall, 2) if pids else None,
        "app_cpu_ms_per_page": round(1000 * cpu / len(times), 1) if pids and times else None,
        # Each app process (then nginx, if any): how the sticky sessions spread the work.
        "cpu_cores_per_process": [round(seconds / wall, 2) for seconds in per_process] if pids else None,
        "machine_busy_cores": round(cores * (busy_after - busy_before) / max(total_after - total_before, 1), 2),
        "machine_cores": cores,
    }
    print(f"{figures['sessions']} sessions for {figures['seconds']} s (think {arguments.think} s), "
          f"{arguments.processes} app process(es): {figures['pages']} pages, {figures['reruns_per_second']} a second")
    print(f"page time p50 {figures['page_p50_s']} s, p95 {figures['page_p95_s']} s, max {figures['page_max_s']} s")
    if pids:
        print(f"app CPU: {figures['app_cpu_cores']} cores busy, {figures['app_cpu_ms_per_page']} ms a page "
              f"(per process{', nginx last' if servers.nginx else ''}: {figures['cpu_cores_per_process']})")
    print(f"whole machine: {figures['machine_busy_cores']} of {cores} cores busy (this run and anything else)")
    for error in errors[:10]:
        print("error:", error)
    if arguments.json:
        arguments.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
