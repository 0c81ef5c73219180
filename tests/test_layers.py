"""Imports follow the data flow (sources -> analysis -> storage -> delivery -> transports), and analysis stays pure.

The layer contracts live in pyproject.toml ([tool.importlinter]); a module that imports a layer above it, or an
exception not written there with its reason, fails here. Purity is an allow-list, not a deny-list: every module of
the pure packages may import only the standard library's text and data modules, the pure packages below it and
the shared dataclasses, so a new `import sqlite3` (or urllib, feedparser, bot.config, bot.metrics...) fails
whether or not somebody thought to forbid it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Standard library modules that compute on text and data in memory. `importlib.resources` and `gzip`, `struct`,
# `array` read the packages' own shipped data; `time` and `datetime` are clocks and values, not I/O.
PURE_STDLIB = frozenset(
    {
        "__future__",
        "abc",
        "array",
        "base64",
        "binascii",
        "bisect",
        "collections",
        "copy",
        "dataclasses",
        "datetime",
        "enum",
        "functools",
        "gc",  # analysis pauses the cyclic collector while it holds a long report (bot/analysis/collector.py)
        "gzip",
        "hashlib",
        "heapq",
        "importlib.resources",
        "itertools",
        "json",
        "math",
        "operator",
        "re",
        "statistics",
        "string",
        "struct",
        "textwrap",
        "time",
        "types",
        "typing",
        "unicodedata",
        "zlib",
    }
)

# What each pure package may import besides PURE_STDLIB: itself, the pure packages below it and the dataclasses.
# Incidents also compute with numpy and datasketch (MinHash near-duplicates), which do no I/O.
PURE = {
    "bot.models": ("bot.models",),
    "bot.analysis": ("bot.analysis", "bot.models"),
    "bot.places": ("bot.places", "bot.analysis", "bot.models"),
    "bot.incidents": ("bot.incidents", "bot.places", "bot.analysis", "bot.models", "numpy", "datasketch"),
}

# Builtins that read, write or import behind the import statements' back.
IMPURE_CALLS = frozenset({"open", "input", "print", "__import__", "exec", "eval", "breakpoint"})


def pure_modules() -> list[Path]:
    """Every module of the pure packages."""
    found = []
    for package in PURE:
        path = ROOT.joinpath(*package.split("."))
        found += [path.with_suffix(".py")] if path.with_suffix(".py").is_file() else sorted(path.rglob("*.py"))
    return found


def module_name(file: Path) -> str:
    parts = file.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """Each import as (line, module); `from x import y` is `x.y` when `x` itself is not allowed."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            names += [(node.lineno, base if allowed(base, module) else f"{base}.{alias.name}") for alias in node.names]
    return names


def allowed(name: str, module: str) -> bool:
    package = next(p for p in PURE if module == p or module.startswith(p + "."))
    return any(name == ok or name.startswith(ok + ".") for ok in (*PURE_STDLIB, *PURE[package]))


def impurities(source: str, module: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """What a pure module must not do, as (line, "imports x" or "calls f()")."""
    tree = ast.parse(source)
    found = [
        (line, f"imports {name}")
        for line, name in imported_names(tree, module, is_package)
        if not allowed(name, module)
    ]
    found += [
        (node.lineno, f"calls {node.func.id}()")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in IMPURE_CALLS
    ]
    return sorted(found)


def test_layers_and_pure_analysis_contracts_are_kept():
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports; raise SystemExit(lint_imports())"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Contracts: 3 kept, 0 broken." in result.stdout


@pytest.mark.parametrize("file", pure_modules(), ids=lambda file: str(file.relative_to(ROOT)))
def test_pure_packages_import_only_the_allow_list(file: Path) -> None:
    found = impurities(file.read_text("utf-8"), module_name(file), is_package=file.name == "__init__.py")
    assert [f"{file.relative_to(ROOT)}:{line} {what}" for line, what in found] == []


def test_every_pure_package_is_checked():
    checked = {module_name(file) for file in pure_modules()}
    assert {
        "bot.models",
        "bot.analysis",
        "bot.analysis.normalize",
        "bot.places",
        "bot.places.keys",
        "bot.incidents",
        "bot.incidents.linking",
    } <= checked


@pytest.mark.parametrize(
    ("source", "module", "verdict"),
    [
        ("import re, unicodedata\nfrom collections.abc import Sequence", "bot.analysis.normalize", []),
        ("from importlib import resources\nimport importlib.resources", "bot.analysis.places", []),
        ("import gzip, struct, array, json, math", "bot.analysis.relevance", []),
        ("from . import normalize\nfrom .lexicon import rows\nfrom bot.models import Place", "bot.analysis.x", []),
        ("import sqlite3", "bot.analysis.x", ["imports sqlite3"]),
        ("import urllib.request", "bot.analysis.x", ["imports urllib.request"]),
        ("from feedparser import parse", "bot.analysis.x", ["imports feedparser.parse"]),
        ("from bot import config", "bot.analysis.x", ["imports bot.config"]),
        ("from bot.metrics import reports", "bot.analysis.x", ["imports bot.metrics.reports"]),
        ("from importlib import import_module", "bot.analysis.x", ["imports importlib.import_module"]),
        ("import importlib", "bot.analysis.x", ["imports importlib"]),
        ("from .. import delivery", "bot.analysis.x", ["imports bot.delivery"]),
        ("from bot.incidents import linking", "bot.analysis.x", ["imports bot.incidents.linking"]),
        ("from bot.analysis import normalize\nimport numpy", "bot.incidents.x", []),
        ("import numpy", "bot.analysis.x", ["imports numpy"]),
        ("import os\nif False:\n    import socket", "bot.models", ["imports os", "imports socket"]),
        ("data = open('x').read()", "bot.analysis.x", ["calls open()"]),
        ("m = __import__('sqlite3')", "bot.analysis.x", ["calls __import__()"]),
    ],
)
def test_the_allow_list_check_itself(source, module, verdict):
    assert [what for _, what in impurities(source, module)] == verdict
