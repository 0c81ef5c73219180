"""One bot per data dir: the second lock holder is refused with a message naming the data dir and the owner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.lock import AlreadyRunning, DataDirLock


def test_second_lock_on_the_same_data_dir_is_refused_until_the_first_is_released(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with DataDirLock(data) as first:
        assert first.held
        assert (data / "marsad.lock").read_text() == f"{os.getpid()}\n"
        with pytest.raises(AlreadyRunning) as refused:
            DataDirLock(data).acquire()
        assert str(refused.value) == (
            f"another marsad is already running on data dir {data} (pid {os.getpid()}); stop it first"
        )
    assert not first.held
    with DataDirLock(data) as again:  # released: the next one gets it (no stale lock file to remove)
        assert again.held


def test_locks_on_different_data_dirs_do_not_interfere(tmp_path: Path) -> None:
    with DataDirLock(tmp_path / "a") as a, DataDirLock(tmp_path / "b") as b:
        assert a.held and b.held
