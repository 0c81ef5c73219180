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
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "marsad.db"


@pytest.fixture
def store(db_path: Path):
    store = Store.open(db_path)
    yield store
    store.close()
