"""SQL statements live in queries/*.sql, one per file, loaded by name and run with named parameters."""

import re
from functools import lru_cache
from pathlib import Path

import duckdb

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"
PARAMETER_RE = re.compile(r"\$([a-z_]+)")


@lru_cache(maxsize=None)
def load(name: str) -> str:
    """The statement in queries/NAME.sql."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"not a query name: {name!r}")
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def parameters(name: str) -> set[str]:
    """The named parameters a query takes (after its header comment)."""
    body = "\n".join(line for line in load(name).splitlines() if not line.lstrip().startswith("--"))
    return set(PARAMETER_RE.findall(body))


def run(connection: duckdb.DuckDBPyConnection, name: str, **params) -> duckdb.DuckDBPyConnection:
    """Execute a named query; every parameter it names must be given, and no others."""
    expected = parameters(name)
    if set(params) != expected:
        raise TypeError(f"query {name} takes {sorted(expected)}, got {sorted(params)}")
    return connection.execute(load(name), params) if params else connection.execute(load(name))


def all_names() -> list[str]:
    return sorted(path.stem for path in QUERIES_DIR.glob("*.sql"))
