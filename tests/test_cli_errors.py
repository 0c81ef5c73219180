"""Bad places and bad numbers: one line on stderr, exit 1 or 2, never a traceback (issue 12, item 5)."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys

import pytest

from bot.cli import main
from tests.conftest import ROOT, SEED_REPORT

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for key in ("MARSAD_DATA_DIR", "MARSAD_INBOX", "TELEGRAM_BOT_TOKEN", "MATRIX_HOMESERVER"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("MARSAD_HTTP", "off")
    return tmp_path


def _one_line(capsys, argv: list[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    return code, err.strip()


@pytest.mark.parametrize("command", [["run"], ["latest"], ["search", "إدلب"], ["ingest", str(SEED_REPORT)]])
def test_a_data_dir_that_is_a_file_is_a_config_error(capsys, env, monkeypatch, command):
    (env / "data").write_text("not a folder")
    monkeypatch.setenv("MARSAD_DATA_DIR", str(env / "data"))
    assert _one_line(capsys, command) == (2, f"marsad: MARSAD_DATA_DIR: '{env / 'data'}' is a file, not a folder")


def test_an_inbox_that_is_a_file_stops_start_up_with_one_line(capsys, env, monkeypatch):
    (env / "inbox").write_text("not a folder")
    monkeypatch.setenv("MARSAD_DATA_DIR", str(env / "data"))
    monkeypatch.setenv("MARSAD_INBOX", str(env / "inbox"))
    assert _one_line(capsys, ["run"]) == (2, f"marsad: MARSAD_INBOX: '{env / 'inbox'}' is a file, not a folder")


def test_an_inbox_below_a_file_stops_start_up_instead_of_crash_looping(capsys, env, monkeypatch):
    (env / "file").write_text("not a folder")
    monkeypatch.setenv("MARSAD_DATA_DIR", str(env / "data"))
    monkeypatch.setenv("MARSAD_INBOX", str(env / "file" / "inbox"))
    expected = f"marsad: MARSAD_INBOX: cannot create the folder {env / 'file' / 'inbox'}: Not a directory"
    assert _one_line(capsys, ["run"]) == (2, expected)


@pytest.mark.parametrize("command", ["latest", "search"])
def test_a_huge_count_is_a_usage_error(capsys, env, monkeypatch, command):
    monkeypatch.setenv("MARSAD_DATA_DIR", str(env / "data"))
    argv = [command, *(["إدلب"] if command == "search" else []), "-n", "99999999999999999999"]
    code, err = _one_line(capsys, argv)
    assert code == 2
    assert err.startswith("marsad: argument -n: expected a number from 1 to 100,000, got 99999999999999999999")


def _without_root_powers() -> None:
    """In the child: root keeps its uid but loses the power to ignore file permissions (as an ordinary user)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _can_still_write(folder: os.PathLike) -> bool:
    probe = [sys.executable, "-c", f"open({str(folder / 'probe')!r}, 'w')"]
    try:
        result = subprocess.run(
            probe,
            capture_output=True,
            timeout=60,
            preexec_fn=_without_root_powers if os.geteuid() == 0 else None,
        )
    except subprocess.SubprocessError:  # the powers could not be dropped
        return True
    return result.returncode == 0


def _marsad(args: list[str], data: os.PathLike, cwd: os.PathLike) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(ROOT), "MARSAD_DATA_DIR": str(data), "MARSAD_HTTP": "off", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
        preexec_fn=_without_root_powers if os.geteuid() == 0 else None,
    )


@pytest.mark.parametrize("stored", [False, True], ids=["empty", "with a database"])
@pytest.mark.parametrize("command", [["run"], ["latest"], ["search", "إدلب"], ["ingest", str(SEED_REPORT)]])
def test_a_read_only_data_dir_is_one_line_and_exit_1(env, command, stored):
    data = env / "data"
    if stored:
        stored_once = subprocess.run(
            [sys.executable, "-m", "bot", "ingest", str(SEED_REPORT)],
            cwd=env,
            env={"PYTHONPATH": str(ROOT), "MARSAD_DATA_DIR": str(data), "PATH": "/usr/bin:/bin"},
            capture_output=True,
        )
        assert stored_once.returncode == 0
        for path in data.iterdir():
            path.chmod(0o444)
    else:
        data.mkdir()
    data.chmod(0o555)
    try:
        if _can_still_write(data):
            pytest.skip("this user can write to a read-only folder here (root without a way to drop that power)")
        result = _marsad(command, data, env)
    finally:
        data.chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("marsad: cannot ")
    assert "writable" in result.stderr
