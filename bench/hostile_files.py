"""Hostile and extreme documents through `python -m tracker extract`: time, peak memory and
the line it prints, measured by /usr/bin/time -v for each in a fresh process.

    python bench/hostile_files.py [--timeout 120] [--only NAME,NAME]

The files are made in a temporary folder (tests/hostile.py makes the hostile ones, as the
tests do). Targets (issue 11): every file finishes in at most 15 s and 600 MB, and a refused
one says why in one line.
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from hostile import docx_of_paragraphs, docx_of_prose, docx_of_spaces, docx_with_doctype, docx_with_understated_size, pdf_with_damaged_page  # noqa: E402
from tracker.engine import reading  # noqa: E402

SENTENCE = "Pemerintah perlu memblokir situs prostitusi daring dan menyediakan layanan kesehatan bagi pekerja seks. "
SEED = (ROOT / "tests" / "fixtures" / "data" / "sources" / "003_00fbc321b512853d.txt").read_text(encoding="utf-8")


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


FILES = {
    "docx_gigabyte_of_spaces": lambda folder: docx_of_spaces(folder / "spaces.docx", megabytes=1024),
    "docx_500000_paragraphs": lambda folder: docx_of_paragraphs(folder / "paragraphs.docx", count=500_000),
    "docx_understated_size": lambda folder: docx_with_understated_size(folder / "understated.docx", megabytes=256),
    "docx_billion_laughs": lambda folder: docx_with_doctype(folder / "laughs.docx"),
    "pdf_damaged_page": lambda folder: pdf_with_damaged_page(folder / "damaged.pdf", ["5.2 Saran"] + [SENTENCE * 4] * 60),
    "txt_utf16_without_bom": lambda folder: write_text(folder / "utf16.txt", SEED, "utf-16-le"),
    "txt_over_the_character_limit": lambda folder: write_text(folder / "long.txt", "a" * (reading.MAX_CHARACTERS + 1)),
    "txt_1mb_paragraph": lambda folder: write_text(folder / "paragraph.txt", "5.2 Saran\n\n" + SENTENCE * (1_000_000 // len(SENTENCE))),
    "txt_50000_item_list": lambda folder: write_text(
        folder / "list.txt", "5.2 Saran\n\n" + "\n".join(f"{n}. Pemerintah perlu menutup situs {n}." for n in range(1, 50_001))),
    "txt_at_the_character_limit": lambda folder: write_text(
        folder / "seeds.txt", (SEED * (reading.MAX_CHARACTERS // len(SEED) + 1))[:reading.MAX_CHARACTERS]),
    "txt_at_the_line_limit": lambda folder: write_text(folder / "lines.txt", "a\n" * (reading.MAX_LINES - 1)),
    # About the largest DOCX accepted: prose (no recommendations section, so this measures
    # reading) in two formatted runs a paragraph, under the paragraph and element caps.
    "docx_at_the_limits": lambda folder: docx_of_prose(folder / "limits.docx", count=reading.MAX_PARAGRAPHS - 1000),
}


def measure(path: Path, timeout: float) -> dict:
    command = ["/usr/bin/time", "-v", sys.executable, "-m", "tracker", "extract", str(path)]
    try:
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "megabytes": None, "exit": None, "line": f"did not finish in {timeout:.0f} s"}
    report = result.stderr
    elapsed = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", report)
    hours, minutes, seconds = (float(part or 0) for part in elapsed.groups())
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1))
    # What the command itself printed on stderr, before /usr/bin/time's report.
    own = [line for line in report.split("\tCommand being timed:")[0].splitlines() if line.strip()]
    own = [line for line in own if not line.startswith("Command exited with non-zero status")]
    line = own[0] if own else (result.stdout.splitlines() or [""])[0]
    return {"seconds": hours * 3600 + minutes * 60 + seconds, "megabytes": peak / 1024, "exit": result.returncode,
            "line": line, "lines_on_stderr": len(own)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--only", default="", help="comma-separated names of the files to run")
    arguments = parser.parse_args()
    chosen = [name for name in FILES if not arguments.only or name in arguments.only.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'file':30} {'size':>9} {'time':>8} {'peak':>9} {'exit':>4}  first line")
        for name in chosen:
            path = FILES[name](Path(folder))
            figures = measure(path, arguments.timeout)
            size = path.stat().st_size
            time_text = f"{figures['seconds']:.2f} s" if figures["seconds"] is not None else "-"
            memory_text = f"{figures['megabytes']:.0f} MB" if figures["megabytes"] is not None else "-"
            print(f"{name:30} {size / 1024:>6.0f} KB {time_text:>8} {memory_text:>9} {figures['exit'] if figures['exit'] is not None else '-':>4}"
                  f"  {figures['line'][:150]}", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
