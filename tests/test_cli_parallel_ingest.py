"""`marsad ingest` of many files analyses them in worker processes: the same rows as one by one, in order."""

from __future__ import annotations

import sqlite3

import bot.cli
from bot.cli import main
from tests.conftest import SEEDS

COLUMNS = "id, hash, title, summary, language, events, incident, duplicate_of, note"


def _files(folder):
    """Distinct report files (each seed with a numbered line), one unreadable among them."""
    folder.mkdir()
    seeds = sorted(p for p in SEEDS.iterdir() if p.suffix == ".txt")
    files = []
    for n in range(bot.cli.PARALLEL_FROM + 4):
        seed = seeds[n % len(seeds)]
        path = folder / f"{n:03d}_{seed.name}"
        path.write_text(seed.read_text("utf-8") + f"\n\n({n})\n", "utf-8")
        files.append(str(path))
    (folder / "007_broken.txt").write_bytes(b"\x00\x01\x02 not text \xff\xfe\x00")
    return sorted([*files, str(folder / "007_broken.txt")])


def _rows(data):
    with sqlite3.connect(data / "marsad.db") as db:
        return db.execute(f"SELECT {COLUMNS} FROM reports ORDER BY id").fetchall(), db.execute(
            "SELECT report_id, signature FROM report_signatures ORDER BY report_id"
        ).fetchall()


def test_parallel_ingest_stores_what_one_by_one_stores(tmp_path, monkeypatch, capsys):
    files = _files(tmp_path / "files")
    monkeypatch.setenv("MARSAD_DATA_DIR", str(tmp_path / "parallel"))
    monkeypatch.setattr(bot.cli.os, "cpu_count", lambda: 2)
    assert main(["ingest", *files]) == 1  # the broken file: said, and the rest stored
    parallel = capsys.readouterr()
    monkeypatch.setenv("MARSAD_DATA_DIR", str(tmp_path / "serial"))
    monkeypatch.setattr(bot.cli, "PARALLEL_FROM", 10**9)
    assert main(["ingest", *files]) == 1
    serial = capsys.readouterr()
    assert _rows(tmp_path / "parallel") == _rows(tmp_path / "serial")
    assert len(_rows(tmp_path / "parallel")[0]) == len(files) - 1
    assert parallel.out == serial.out and "007_broken.txt" in parallel.err
