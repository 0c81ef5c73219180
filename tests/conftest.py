"""Shared fixtures: a real SQLite file per test, the repository's paths, the real servers (once a session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.transports.telegram.ptb import opt_in
from storage import Store
from tests.servers.matrix_fixtures import synapse  # noqa: F401

opt_in()  # as the bot does on importing its Telegram code; here also for the tests that drive PTB directly

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_REPORT = SEEDS / "000_02fb0add3b835a0e.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh folder to run ``marsad`` commands in: the caller's shell settings (inbox, event gate, chat networks)
    cleared, the data folder inside it."""
    monkeypatch.chdir(tmp_path)
    for key in ("MARSAD_DATA_DIR", "MARSAD_INBOX", "MARSAD_EVENT_GATE", "TELEGRAM_BOT_TOKEN", "MATRIX_HOMESERVER"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("MARSAD_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "marsad.db"


@pytest.fixture
def store(db_path: Path):
    store = Store.open(db_path)
    yield store
    store.close()
