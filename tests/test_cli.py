"""The command line as a user runs it: JSON shape, listings, and clear errors for bad input."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT, SOURCES


def run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tracker", *arguments], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_json_has_the_documented_shape():
    result = run("extract", str(SOURCES / "003_00fbc321b512853d.txt"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["document"]["path"] == str(SOURCES / "003_00fbc321b512853d.txt")
    assert data["document"]["sections"] == [{"heading": "5.2 Saran", "start": 1488, "end": 5821}]
    assert len(data["recommendations"]) == 5
    first = data["recommendations"][0]
    types = {"text": str, "start": int, "end": int, "heading": str, "audiences": list, "approach": str,
             "themes": list, "confidence": float, "needs_review": bool, "evidence": list}
    for key, kind in types.items():
        assert isinstance(first[key], kind), key
    assert set(first["evidence"][0]) >= {"label", "cue", "start", "end"}
    text = (SOURCES / "003_00fbc321b512853d.txt").read_text(encoding="utf-8")
    assert text[first["start"]:first["end"]].startswith("Penelitian selanjutnya yang tertarik")


def test_json_for_the_abstract_is_empty_and_succeeds():
    result = run("extract", str(SOURCES / "004_6679578bab1df08b.txt"), "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["document"]["sections"] == [] and data["recommendations"] == []


def test_readable_listing():
    result = run("extract", str(SOURCES / "001_c6977e057d9b252a.txt"))
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == f"{SOURCES / '001_c6977e057d9b252a.txt'}: 3 recommendations in 1 section(s)"
    assert "audiences: public | approach: harm_reduction" in result.stdout


def _binary(path):
    path.write_bytes(bytes(range(256)) * 4)


def _latin1(path):
    path.write_bytes("Saran: pemerintah perlu memberi perhatian – café".encode("cp1252"))


def _scanned_pdf(path):
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    pdf.rect(100, 100, 300, 400, fill=1)  # a page with a picture and no text layer
    pdf.save()


@pytest.mark.parametrize(
    "name, make, reason",
    [
        ("empty.txt", lambda p: p.write_bytes(b""), "file is empty"),
        ("blank.md", lambda p: p.write_bytes(b"  \n\n \t"), "file is empty"),
        ("binary.txt", _binary, "looks like a binary file"),
        ("nul.txt", lambda p: p.write_bytes(b"Saran\x00\x00\x00 data"), "looks like a binary file"),
        ("thesis.rtf", lambda p: p.write_text("{\\rtf1 Saran}"), "unsupported file type '.rtf'"),
        ("noextension", lambda p: p.write_text("Saran"), "unsupported file type '(none)'"),
        ("latin1.txt", _latin1, "not UTF-8 text (byte 0x96 at offset 42); save it as UTF-8"),
        ("scan.pdf", _scanned_pdf, "PDF has no text layer"),
        ("broken.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n garbage"), "not a readable PDF"),
        ("broken.docx", lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"), "not a readable DOCX file"),
    ],
)
def test_bad_input_gives_one_clear_line_and_exit_2(tmp_path, name, make, reason):
    path = tmp_path / name
    make(path)
    result = run("extract", str(path), "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {name}: ") or lines[0].startswith(f"error: {path}: ")
    assert reason in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_file_and_folder(tmp_path):
    missing = run("extract", str(tmp_path / "nope.txt"))
    assert (missing.returncode, missing.stderr.strip()) == (2, f"error: {tmp_path / 'nope.txt'}: no such file")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    result = run("extract", str(folder))
    assert (result.returncode, result.stderr.strip()) == (2, f"error: {folder}: is a folder, not a file")


def test_utf8_with_bom_is_read(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + (SOURCES / "002_c440a2708b67ebd2.txt").read_bytes())
    result = run("extract", str(path), "--json")
    assert result.returncode == 0
    assert len(json.loads(result.stdout)["recommendations"]) == 3
