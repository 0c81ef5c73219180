"""The command line as users and scripts see it: help, JSON output, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import ROOT, SEED_REPORT
from tests.helpers import EVENT_KEYS

COMMANDS = ("run", "analyze", "ingest", "latest", "search", "chat")


# The console script installed beside this interpreter (a venv's bin/), as `pip install` made it.
MARSAD_SCRIPT = str(Path(sys.executable).parent / "marsad")


@pytest.mark.parametrize("argv", [[MARSAD_SCRIPT], [sys.executable, "-m", "bot"]], ids=["marsad", "python -m bot"])
def test_help_lists_every_command(argv):
    out = subprocess.run([*argv, "--help"], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    for command in COMMANDS:
        assert f"    {command} " in out


def test_analyze_json_follows_the_contract(capsys, cli_env):
    assert main(["analyze", str(SEED_REPORT), "--json"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    obj = json.loads(line)
    assert set(obj) == {"file", "language", "title", "summary", "events", "relevance"}  # relevance: an extension
    assert 0.0 <= obj["relevance"] <= 1.0
    assert obj["file"] == str(SEED_REPORT)
    assert obj["language"] == "ar"
    assert len(obj["summary"].split()) <= 60
    for event in obj["events"]:
        assert set(event) == EVENT_KEYS


def test_analyze_summary_words(capsys, cli_env):
    assert main(["analyze", str(SEED_REPORT), "--json", "--summary-words", "25"]) == 0
    assert len(json.loads(capsys.readouterr().out)["summary"].split()) <= 25


def test_analyze_reports_unreadable_files_and_goes_on(capsys, cli_env):
    bad = cli_env / "bad.txt"
    bad.write_bytes(b"")
    assert main(["analyze", str(bad), str(SEED_REPORT), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == f"marsad: {bad}: empty file"
    assert len(captured.out.splitlines()) == 1


def test_ingest_latest_search_json(capsys, cli_env):
    assert main(["ingest", str(SEED_REPORT)]) == 0
    assert "stored as #1" in capsys.readouterr().out
    assert main(["ingest", str(SEED_REPORT)]) == 0
    assert "already stored as #1" in capsys.readouterr().out
    assert main(["latest", "--json"]) == 0
    [latest] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert set(latest) == {
        "id",
        "title",
        "summary",
        "language",
        "events",
        "source",
        "url",
        "published",
        "received",
        "incident",
        "duplicate_of",
        "note",  # why the analysis is incomplete (its time budget ran out), else null
    }
    assert latest["note"] is None
    assert main(["search", "إدلب", "--json"]) == 0
    assert [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()] == [1]
    assert main(["search", "ادلب"]) == 0
    assert "#1" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["frobnicate"], 2, "invalid choice"),
        (["latest", "-n", "0"], 2, "marsad: argument -n: expected a number from 1 to 100,000, got 0"),
        (["ingest", "/no/such/file.txt"], 2, "marsad: no such file or directory: /no/such/file.txt"),
        (["analyze"], 2, "the following arguments are required"),
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys, cli_env, argv, status, message):
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    assert code == status
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1  # one readable line, as the contract says


def test_a_bad_setting_stops_with_one_line_naming_the_key(capsys, cli_env, monkeypatch):
    monkeypatch.setenv("MARSAD_FEED_INTERVAL", "soon")
    assert main(["latest"]) == 2
    assert capsys.readouterr().err == "marsad: MARSAD_FEED_INTERVAL: expected a whole number, got 'soon'\n"


def test_chat_answers_commands_from_stdin(cli_env):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input="/subscribe\n/latest\nhelp\n",
        capture_output=True,
        text=True,
        cwd=cli_env,
        env={"PYTHONPATH": str(ROOT), "MARSAD_DATA_DIR": str(cli_env / "data"), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    assert "تم الاشتراك (#1)" in result.stdout
    assert "لا توجد تقارير بعد." in result.stdout
    assert "/search" in result.stdout


@pytest.mark.parametrize(
    ("language", "line"),
    [("en", "marsad: Nothing found for “غوطة”.\n"), ("ar", "marsad: لا نتائج لـ «غوطة».\n")],
)
def test_search_without_a_match_says_so_on_stderr_and_exits_0(capsys, cli_env, monkeypatch, language, line):
    monkeypatch.setenv("MARSAD_LANGUAGE", language)
    assert main(["ingest", str(SEED_REPORT)]) == 0
    capsys.readouterr()
    for argv in (["search", "غوطة"], ["search", "غوطة", "--json"]):
        assert main(argv) == 0
        captured = capsys.readouterr()
        assert (captured.out, captured.err) == ("", line)
    assert main(["search", "ادلب"]) == 0
    assert capsys.readouterr().err == ""
