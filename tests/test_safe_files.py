"""Files the operator names (--config, MARSAD_FEEDS, ``feeds import``, ``analyze``): links are followed (the operator
chose them), but a FIFO never blocks the bot and a device is never read; each is refused in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.safe_files import FileRefused, read_regular
from tests.conftest import ROOT


def marsad(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        "MARSAD_DATA_DIR": str(tmp_path / "data"),
        "MARSAD_INBOX": str(tmp_path / "inbox"),
        "MARSAD_HTTP": "off",
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        **env,
    }
    return subprocess.run(  # the timeout is a guard: a FIFO opened for reading would block forever
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=tmp_path, env=environ, timeout=60
    )


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "feeds.txt"
    os.mkfifo(path)
    return path


def test_read_regular_refuses_what_is_not_a_regular_file(tmp_path: Path, fifo: Path) -> None:
    with pytest.raises(FileRefused, match="named pipe"):
        read_regular(fifo, max_bytes=100)
    with pytest.raises(FileRefused, match="character device"):
        read_regular("/dev/zero", max_bytes=100)
    with pytest.raises(FileRefused, match="folder"):
        read_regular(tmp_path, max_bytes=100)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 3 * 2**20)
    with pytest.raises(FileRefused, match=r"file too large \(3\.1 MB; at most 2 MB\)"):
        read_regular(big, max_bytes=2 * 2**20)
    link = tmp_path / "link.txt"
    link.symlink_to(big)
    assert len(read_regular(link, max_bytes=4 * 2**20)[0]) == 3 * 2**20  # a named link is followed…
    with pytest.raises(FileRefused, match="symbolic link"):
        read_regular(link, max_bytes=4 * 2**20, follow=False)  # …unless told not to


def test_config_that_is_a_fifo_or_a_device_is_one_line_not_a_hang(tmp_path: Path, fifo: Path) -> None:
    result = marsad(tmp_path, "--config", str(fifo), "latest")
    assert result.returncode == 2
    assert result.stderr == f"marsad: {fifo}: cannot read: a named pipe (FIFO), not a file\n"
    result = marsad(tmp_path, "--config", "/dev/zero", "latest")
    assert (result.returncode, result.stderr) == (2, "marsad: /dev/zero: cannot read: a character device, not a file\n")


def test_feeds_import_of_a_fifo_or_a_device_is_refused(tmp_path: Path, fifo: Path) -> None:
    result = marsad(tmp_path, "feeds", "import", str(fifo))
    assert result.returncode == 1
    assert result.stderr == f"marsad: cannot read feeds file {fifo}: a named pipe (FIFO), not a file\n"
    result = marsad(tmp_path, "feeds", "import", "/dev/zero")
    assert result.stderr == "marsad: cannot read feeds file /dev/zero: a character device, not a file\n"


def test_marsad_feeds_naming_a_fifo_stops_start_up_with_one_line(tmp_path: Path, fifo: Path) -> None:
    result = marsad(tmp_path, "run", MARSAD_FEEDS=str(fifo))
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"marsad: MARSAD_FEEDS: cannot read feeds file {fifo}: a named pipe (FIFO), not a file"
    )


def test_analyze_refuses_a_fifo_and_reads_the_other_files(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    good = tmp_path / "good.txt"
    good.write_text("قصف على حلب\n\nقصفت طائرات حربية مدينة حلب صباح اليوم.", encoding="utf-8")
    result = marsad(tmp_path, "analyze", str(pipe), str(good))
    assert f"{pipe}: a named pipe (FIFO), not a file" in result.stderr
    assert "حلب" in result.stdout
