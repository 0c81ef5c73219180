"""The stand-in's modules import one way: no module imports, directly or not, a module that imports it."""

from __future__ import annotations

import ast
import graphlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = Path(__file__).with_name("telegram")


def local_imports(file: Path) -> set[str]:
    """The package's own modules that ``file`` imports (``from .x import``, ``from . import x, y``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module} if node.module else {alias.name for alias in node.names}
    return found


def test_the_stand_in_has_no_import_cycle():
    graph = {file.stem: local_imports(file) for file in PACKAGE.glob("*.py")}
    assert graph["standin"] >= {"methods", "photos", "settings"}  # the server loads every handler module
    order = list(graphlib.TopologicalSorter(graph).static_order())  # raises CycleError on a cycle
    assert order.index("api") < order.index("methods") < order.index("standin")


@pytest.mark.parametrize("module", sorted(f.stem for f in PACKAGE.glob("*.py") if f.stem != "__init__"))
def test_each_module_imports_on_its_own(module):
    result = subprocess.run(
        [sys.executable, "-c", f"import tests.servers.telegram.{module}"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
