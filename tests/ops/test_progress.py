"""``marsad ingest`` over many files: a bar on a terminal, per-file lines and counts elsewhere."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli import main
from bot.progress import Progress


def test_not_a_terminal_prints_count_lines() -> None:
    out = io.StringIO()
    progress = Progress(5, stream=out, every=2, tty=False)
    for outcome in ("stored", "stored", "failed", "stored", "already stored"):
        progress.advance(outcome)
    progress.close()
    assert out.getvalue().splitlines() == [
        "2/5 files (2 stored)",
        "4/5 files (1 failed, 3 stored)",
        "5/5 files (1 already stored, 1 failed, 3 stored)",
    ]


def test_a_terminal_gets_one_bar_redrawn_in_place() -> None:
    out = io.StringIO()
    progress = Progress(3, stream=out, tty=True)
    for _ in range(3):
        progress.advance("stored")
    progress.close()
    text = out.getvalue()
    assert "\n" not in text.rstrip("\n")  # one line, redrawn with carriage returns
    assert text.count("\r") >= 2
    assert text.rstrip("\n").split("\r")[-1].startswith("█")
    assert "3/3 3 stored" in text.split("\r")[-1]


def test_ingest_of_many_files_reports_each_file_and_the_tally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MARSAD_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "reports"
    folder.mkdir()
    for n in range(120):
        (folder / f"r{n:03}.txt").write_text(f"Report {n}\n\nShelling hit Saraqib, wounding {n} people.\n")
    (folder / "bad.json").write_text("{not json")
    (folder / "again.txt").write_text("Report 7\n\nShelling hit Saraqib, wounding 7 people.\n")

    assert main(["ingest", str(folder)]) == 1  # one file could not be read
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[-1] == "122/122 files (1 already stored, 1 failed, 120 stored)"
    counts = [line for line in lines if "/122 files (" in line]
    assert counts == ["100/122 files (1 already stored, 1 failed, 98 stored)", lines[-1]]  # every hundred, and last
    assert sum(": stored as #" in line for line in lines) == 120
    assert captured.err.startswith(f"marsad: {folder / 'bad.json'}: ")
