"""``marsad backup PATH``: an online copy that is a working data dir on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.pipeline import Pipeline
from storage import Store
from storage.backup import backup_database
from tests.ops.conftest import report


def test_backup_of_a_live_database_restores_to_a_working_data_dir(
    store: Store, cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pipeline = Pipeline(store)
    for n in range(3):
        pipeline.ingest(report(n))
    # The store stays open (WAL mode, nothing checkpointed): the backup must still see every report.
    assert main(["backup", str(cli_env / "restored")]) == 0
    assert capsys.readouterr().out.strip().endswith(str(cli_env / "restored" / "marsad.db"))
    pipeline.ingest(report(99))  # written after the backup: not in it

    assert not (cli_env / "restored" / "marsad.db-wal").exists()
    restored = Store.open(cli_env / "restored" / "marsad.db")
    try:
        assert restored.schema_version == store.schema_version
        assert [r.title for r in restored.reports.latest(10)] == [r.title for r in store.reports.latest(10)][1:]
        assert len(restored.search("Maarat")) == 3
        assert restored.outbox.depth() == 3  # queued alerts are kept too
    finally:
        restored.close()

    # Point the bot at the restored dir: the CLI works on it as on the original.
    monkeypatch.setenv("MARSAD_DATA_DIR", str(cli_env / "restored"))
    assert main(["search", "Maarat", "--json"]) == 0
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(r["title"] for r in found) == [f"Airstrike on Maarat al-Numan ({n})" for n in range(3)]


def test_backup_never_overwrites_and_fails_with_one_line(
    store: Store, cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = cli_env / "copy.db"
    target.write_text("precious")
    assert main(["backup", str(target)]) == 1
    assert capsys.readouterr().err == f"marsad: {target} already exists; choose a new path\n"
    assert target.read_text() == "precious"
    assert backup_database(store.conn.path, cli_env / "other.db") == cli_env / "other.db"
    assert not list(cli_env.glob(".*.partial"))
