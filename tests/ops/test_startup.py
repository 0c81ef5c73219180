"""Start-up: `marsad latest` and `marsad search` load neither numpy, scipy nor datasketch (most of a
command's start-up time before); they come in when a report is analysed or compared."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("numpy", "scipy", "datasketch")

PROBE = """
import sys
from bot.cli import main
code = main(sys.argv[1:])
print("loaded:" + ",".join(m for m in {heavy!r} if m in sys.modules))
"""


def _loaded(tmp_path: Path, *args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        env={"MARSAD_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        timeout=120,
        check=True,
    )
    [line] = [x for x in done.stdout.splitlines() if x.startswith("loaded:")]
    return [m for m in line.removeprefix("loaded:").split(",") if m]


def test_latest_and_search_start_without_the_heavy_libraries(tmp_path: Path) -> None:
    assert _loaded(tmp_path, "latest", "-n", "1") == []
    assert _loaded(tmp_path, "search", "ادلب") == []


def test_the_minhash_still_works_once_loaded() -> None:
    from bot.incidents.similarity import signature, similarity

    text = "غارة جوية على مدينة أريحا تقتل خمسة مدنيين"
    assert similarity(signature(text), signature(text)) == 1.0
    assert similarity(signature(text), signature("Talks in Geneva about the constitution")) < 0.2
