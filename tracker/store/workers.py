"""Reading and extracting documents in worker processes, each document within a time and memory budget.

Every extraction the app and the commands run (an upload's preview, ``ingest``, a build)
goes through ``run``: a few worker processes (one per core by default), each with its
address space capped (RLIMIT_AS), take one document at a time. A document that takes
longer than its time budget has its worker killed; one that needs more memory than the
budget fails inside its worker; either way it is refused with one line, a fresh worker
takes its place, and the batch goes on. So one hostile file can stall neither the server
nor the other sessions: the caller only waits on a pipe.

Workers are fresh Python processes (not forks of a threaded parent such as the Streamlit
server) that talk to their parent over two pipes. A worker whose parent goes away sees its
input close and exits; its CPU time per document is capped too, so even a worker left
behind stops on its own.
"""

import atexit
import hashlib
import subprocess
import sys
import os
import resource
import signal
import stat
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Iterable, Iterator

from tracker.engine.codebook import CODEBOOK_PATH, load_codebook
from tracker.engine.extraction import Extraction, extract_text
from tracker.engine.layout import load_structure
from tracker.engine.reading import DocumentError, SourceText, read_document
from tracker.engine.metadata import suggest as suggest_metadata
from tracker.store.cache import ExtractionCache, engine_version, reader_version
from tracker.store.sketches import sketch

MB = 1024 * 1024
STATED_FIELDS = ("title", "author", "institution", "city", "year")
# At most one worker per core in this process, however many builds, ingests and uploads run at once.
_SLOTS = threading.BoundedSemaphore(os.cpu_count() or 1)
_thread_slots = threading.local()


@dataclass(frozen=True)
class Budget:
    """What one document may use: seconds of wall time and MB of address space, in each of ``workers`` processes."""

    seconds: float = 120.0
    memory_mb: int = 2048
    workers: int = os.cpu_count() or 1

    @classmethod
    def from_environment(cls, workers: int | None = None) -> "Budget":
        """$TRACKER_DOCUMENT_SECONDS, $TRACKER_DOCUMENT_MEMORY_MB and $TRACKER_WORKERS, else the defaults."""
        defaults = cls()
        return cls(
            seconds=float(os.environ.get("TRACKER_DOCUMENT_SECONDS") or defaults.seconds),
            memory_mb=int(os.environ.get("TRACKER_DOCUMENT_MEMORY_MB") or defaults.memory_mb),
            workers=max(1, workers or int(os.environ.get("TRACKER_WORKERS") or defaults.workers)),
        )


@dataclass(frozen=True)
class Job:
    """One document to read (from ``path``, or ``data`` when given) and extract.

    With ``content_hash`` given and the text cached, the file is not read at all. With
    ``stage_to``, the bytes read are also written there, so what is stored is exactly what
    was hashed and checked.
    """

    name: str
    path: str | None = None
    data: bytes | None = None
    content_hash: str | None = None
    max_bytes: int = 50 * MB
    stage_to: str | None = None
    cache_root: str | None = None
    codebook_path: str = str(CODEBOOK_PATH)


@dataclass
class Outcome:
    job: Job
    content_hash: str | None = None
    extraction: Extraction | None = None  # its text is the text as read
    refusal: str | None = None  # one line, naming the file
    read: bool = False  # the file was parsed (its text was not cached)
    tagged: bool = False  # the engine ran (its extraction was not cached)
    size: int = 0
    sketch: list[int] = field(default_factory=list)  # see sketches
    stated: dict = field(default_factory=dict)  # what the file states of itself: title, author, institution, city, year


def read_file(path: str, name: str, max_bytes: int) -> bytes:
    """A regular file's bytes, refusing a symbolic link, a device or pipe, and a file over ``max_bytes``."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise DocumentError(f"{name}: no such file") from None
    except PermissionError:
        raise DocumentError(f"{name}: permission denied") from None
    except OSError as error:
        if os.path.islink(path):
            raise DocumentError(f"{name}: is a symbolic link; only regular files are read") from None
        raise DocumentError(f"{name}: cannot be opened ({error.strerror})") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise DocumentError(f"{name}: is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(f"{name}: not a regular file")
        if info.st_size > max_bytes:
            raise DocumentError(f"{name}: file is larger than {max_bytes // MB} MB")
        chunks, total = [], 0
        while chunk := os.read(descriptor, 1 * MB):
            total += len(chunk)
            if total > max_bytes:
                raise DocumentError(f"{name}: file is larger than {max_bytes // MB} MB")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def process(job: Job) -> Outcome:
    """Read, hash and extract one document, using and filling the cache; raises DocumentError."""
    cache = ExtractionCache(Path(job.cache_root), engine_version(Path(job.codebook_path)), reader_version()) if job.cache_root else None
    outcome = Outcome(job, content_hash=job.content_hash)
    data = None

    def load() -> bytes:
        loaded = job.data if job.data is not None else read_file(job.path, job.name, job.max_bytes)
        if len(loaded) > job.max_bytes:
            raise DocumentError(f"{job.name}: file is larger than {job.max_bytes // MB} MB")
        digest = hashlib.sha256(loaded).hexdigest()
        if outcome.content_hash not in (None, digest):
            raise DocumentError(f"{job.name}: changed on disk since the last build; run python -m tracker build")
        outcome.content_hash, outcome.size = digest, len(loaded)
        if job.stage_to:
            Path(job.stage_to).write_bytes(loaded)  # flushed to disk with the rest of its change (changes.Session.commit)
        return loaded

    if outcome.content_hash is None:
        data = load()
    entry = cache.text(outcome.content_hash) if cache else None
    if entry is None:
        if data is None:
            data = load()
        source = read_document(job.name, data)
        stated = suggest_metadata(job.name, data, source.text)
        entry = {"format": source.format, "text": source.text, "sketch": sketch(source.text),
                 "stated": {name: getattr(stated, name) for name in STATED_FIELDS}}
        outcome.read = True
        if cache:
            cache.put_text(outcome.content_hash, entry)
    format, text = entry["format"], entry["text"]
    outcome.sketch, outcome.stated = entry["sketch"], entry["stated"]
    extraction = cache.extraction(outcome.content_hash, job.name, format, text) if cache else None
    if extraction is None:
        extraction = extract_text(SourceText(job.name, text, format), load_codebook(Path(job.codebook_path)))
        outcome.tagged = True
        if cache:
            cache.put_extraction(outcome.content_hash, extraction)
    outcome.extraction = extraction
    return outcome


def serve(input_fd: str, output_fd: str, memory_mb: str) -> None:
    """A worker: documents in, outcomes out, until told to stop or its parent goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops its workers
    limit = int(memory_mb) * MB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    inbox, outbox = Connection(int(input_fd), writable=False), Connection(int(output_fd), readable=False)
    load_codebook()
    load_structure()
    outbox.send("ready")  # a document's time starts now, not while Python starts and reads the codebook
    while True:
        try:
            job, seconds = inbox.recv()
        except (EOFError, OSError, TypeError):
            return
        # A backstop should the parent die mid-document: the kernel stops a worker that spins on.
        used = resource.getrusage(resource.RUSAGE_SELF)
        resource.setrlimit(resource.RLIMIT_CPU, (int(used.ru_utime + used.ru_stime + seconds) + 5, resource.RLIM_INFINITY))
        retire = False
        try:
            outcome = process(job)
        except DocumentError as error:
            outcome = Outcome(job, refusal=str(error))
        except MemoryError:
            outcome, retire = Outcome(job, refusal=f"{job.name}: refused, reading it needs more than the "
                                                   f"{memory_mb} MB a document may use"), True
        except RecursionError:
            outcome = Outcome(job, refusal=f"{job.name}: refused, nested too deeply to read")
        except Exception as error:  # a reader library failing in a way of its own
            outcome = Outcome(job, refusal=f"{job.name}: could not be read ({error.__class__.__name__}: {error})"[:300])
        outbox.send((outcome, retire))
        if retire:
            return


STARTUP_SECONDS = 60.0
WORKER_CODE = "import sys; sys.path.insert(0, sys.argv[1]); from tracker.store.workers import serve; serve(*sys.argv[2:])"
PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


# Jobs a worker holds at once: the one it works on and the next, so it never waits for its
# parent between documents.
DEPTH = 2


@dataclass
class _Worker:
    process: subprocess.Popen
    inbox: Connection  # the parent's ends
    outbox: Connection
    queue: deque = field(default_factory=deque)  # (index, job), the first being worked on
    deadline: float = 0.0  # for the first job (or, before the worker is ready, for starting)
    ready: bool = False

    @classmethod
    def start(cls, budget: Budget) -> "_Worker":
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", WORKER_CODE, PACKAGE_ROOT, str(job_read), str(result_write), str(budget.memory_mb)],
                pass_fds=(job_read, result_write), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, close_fds=True,
            )
        finally:
            os.close(job_read)
            os.close(result_write)
        return cls(process, Connection(result_read, writable=False), Connection(job_write, readable=False),
                   deadline=time.monotonic() + STARTUP_SECONDS)

    def give(self, index: int, job: Job, seconds: float) -> None:
        self.queue.append((index, job))
        if self.ready and len(self.queue) == 1:
            self.deadline = time.monotonic() + seconds
        try:
            self.outbox.send((job, seconds))
        except OSError:
            pass  # it died while idle; its closed pipe reports that

    def collect(self, ready: set, budget: Budget) -> tuple[list[tuple[int, Outcome]], bool]:
        """The outcomes this worker has to report now, and whether it is to be retired (its
        jobs not yet begun then go back to the run)."""
        if self.inbox not in ready:
            if time.monotonic() < self.deadline:
                return [], False
            index, job = self.queue.popleft()
            if not self.ready:
                return [(index, Outcome(job, refusal=f"{job.name}: refused, no worker could be started to read it"))], True
            return [(index, Outcome(job, refusal=f"{job.name}: refused, reading it took longer than "
                                                 f"the {budget.seconds:g} s a document may take"))], True
        try:
            message = self.inbox.recv()
        except (EOFError, OSError):
            message = None
        if message == "ready":
            self.ready = True
            self.deadline = time.monotonic() + budget.seconds
            return [], False
        if message is not None:
            outcome, retire = message
            index, _ = self.queue.popleft()
            self.deadline = time.monotonic() + budget.seconds  # the next job starts now
            return [(index, outcome)], retire
        code = self.process.wait()
        how = f"signal {-code}" if code < 0 else f"exit code {code}"
        index, job = self.queue.popleft()
        return [(index, Outcome(job, refusal=f"{job.name}: refused, its worker stopped ({how}) while reading it; "
                                             f"it may need more than the {budget.memory_mb} MB a document may use"))], True

    def stop(self, force: bool = False) -> None:
        if force:
            self.process.kill()
        self.outbox.close()  # an idle worker reads the end of its input and exits
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.inbox.close()


# Idle workers kept for the next run in this process (by memory budget), so a long-lived
# process (the app, the test suite) does not start Python again for every upload or save.
_spares: dict[int, list[_Worker]] = {}
_spares_lock = threading.Lock()


def _spare(budget: Budget) -> _Worker | None:
    with _spares_lock:
        waiting = _spares.get(budget.memory_mb, [])
        while waiting:
            worker = waiting.pop()
            if worker.process.poll() is None:
                return worker
            worker.stop()
    return None


def _keep(worker: _Worker, budget: Budget) -> None:
    with _spares_lock:
        if sum(map(len, _spares.values())) < (os.cpu_count() or 1) and worker.process.poll() is None:
            _spares.setdefault(budget.memory_mb, []).append(worker)
            return
    worker.stop()


def prestart(budget: Budget, count: int) -> None:
    """Start up to ``count`` workers now, kept idle for the next run, so they start Python
    while the caller gets on with other work."""
    with _spares_lock:
        waiting = sum(map(len, _spares.values()))
    for _ in range(max(0, min(count, budget.workers, (os.cpu_count() or 1) - waiting))):
        _keep(_Worker.start(budget), budget)


@atexit.register
def _stop_spares() -> None:
    with _spares_lock:
        for waiting in _spares.values():
            for worker in waiting:
                worker.stop()
        _spares.clear()


def run(jobs: Iterable[Job], budget: Budget | None = None, lookahead: int = 4) -> Iterator[Outcome]:
    """Each job's outcome, in the jobs' order, worked on by up to ``budget.workers`` processes.

    At most ``lookahead`` jobs per worker are in hand at once, so memory stays bounded
    however many documents there are.
    """
    budget = budget or Budget.from_environment()
    pending = iter(enumerate(jobs))
    again: deque = deque()  # jobs a retired worker had not begun
    exhausted = False
    finished: dict[int, Outcome] = {}
    next_out = next_in = 0
    workers: list[_Worker] = []
    # A run inside another's (a save's database step while its ingest is still open) must
    # not wait for slots its own thread holds: it then goes ahead with one worker.
    nested = getattr(_thread_slots, "count", 0) > 0
    slots = 1 if _SLOTS.acquire(blocking=not nested) else 0
    _thread_slots.count = getattr(_thread_slots, "count", 0) + slots
    allowed = max(slots, 1)

    def free_worker() -> _Worker | None:
        """Who takes the next job: an idle worker, else a new one (while slots allow), else
        one with room in its queue."""
        nonlocal slots, allowed
        idle = [worker for worker in workers if not worker.queue]
        if idle:
            return idle[0]
        if len(workers) < allowed or (allowed < budget.workers and _SLOTS.acquire(blocking=False)):
            if len(workers) == allowed:
                slots, allowed = slots + 1, allowed + 1
                _thread_slots.count += 1
            workers.append(_spare(budget) or _Worker.start(budget))
            return workers[-1]
        return min((worker for worker in workers if len(worker.queue) < DEPTH), key=lambda worker: len(worker.queue), default=None)

    try:
        while True:
            while again or (not exhausted and next_in < next_out + lookahead * budget.workers):
                if again:
                    index, job = again.popleft()
                else:
                    try:
                        index, job = next(pending)
                    except StopIteration:
                        exhausted = True
                        break
                    next_in = index + 1
                worker = free_worker()
                if worker is None:
                    again.appendleft((index, job))
                    break
                worker.give(index, job, budget.seconds)
            busy = [worker for worker in workers if worker.queue]
            if not busy:
                break
            timeout = max(0.0, min(worker.deadline for worker in busy) - time.monotonic())
            ready = set(wait([worker.inbox for worker in busy], timeout))
            for worker in busy:
                outcomes, retire = worker.collect(ready, budget)
                finished.update(outcomes)
                if retire:
                    again.extend(worker.queue)
                    workers.remove(worker)
                    worker.stop(force=True)
            while next_out in finished:
                next_out += 1
                yield finished.pop(next_out - 1)
    finally:
        for worker in workers:
            if worker.queue:
                worker.stop(force=True)
            else:
                _keep(worker, budget)
        for _ in range(slots):
            _SLOTS.release()
        _thread_slots.count -= slots
