"""Imports follow the data flow (sources -> analysis -> storage -> delivery -> transports), checked by import-linter.

The contracts live in pyproject.toml ([tool.importlinter]); a module that imports a layer above it fails here.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_layers_and_pure_analysis_contracts_are_kept():
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports; raise SystemExit(lint_imports())"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Contracts: 2 kept, 0 broken." in result.stdout
