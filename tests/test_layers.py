"""The package's layers: engine < store < analysis < app; each imports only the layers below it."""

import ast
from pathlib import Path

from conftest import ROOT

LAYERS = ("engine", "store", "analysis", "app")
PACKAGE = ROOT / "tracker"


def imported_modules(path: Path) -> set[str]:
    """Every tracker module a file imports, as dotted names."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("tracker"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tracker"):
            found.add(node.module)
            # "from tracker import engine" names a layer through its alias.
            if node.module == "tracker":
                found.update(f"tracker.{alias.name}" for alias in node.names)
    return found


def test_the_package_holds_the_four_layers_and_the_command_line():
    entries = sorted(path.name for path in PACKAGE.iterdir() if path.name != "__pycache__")
    assert entries == sorted(["__init__.py", "__main__.py", "cli.py", *LAYERS])


def test_each_layer_imports_only_layers_below_it():
    violations = []
    for rank, layer in enumerate(LAYERS):
        for path in sorted((PACKAGE / layer).glob("*.py")):
            for module in imported_modules(path):
                parts = module.split(".")
                target = parts[1] if len(parts) > 1 else None
                if target not in LAYERS or LAYERS.index(target) > rank:
                    violations.append(f"{path.relative_to(ROOT)} imports {module}")
    assert violations == []


def test_the_check_sees_a_violation(tmp_path):
    """The import reader finds upward imports in both spellings."""
    sample = tmp_path / "sample.py"
    sample.write_text("from tracker.app import ui\nimport tracker.analysis.export\nfrom tracker import store\n")
    assert imported_modules(sample) == {"tracker.app", "tracker.analysis.export", "tracker", "tracker.store"}
