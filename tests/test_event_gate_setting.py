"""``MARSAD_EVENT_GATE`` end to end: a report dropped into the inbox of an app built from the settings is stored in
a real SQLite file with the events the setting lets through, and only those alert a chat; ``marsad ingest`` and
``marsad analyze`` (``--event-gate``, else the setting) do the same."""

from __future__ import annotations

import json

import pytest

from bot import app as application
from bot.cli import main
from bot.config import load
from storage import Store
from tests.analysis.test_eventgate_switch import AID_REPORT, AID_TITLE

FILE_TEXT = f"{AID_TITLE}\n\n{AID_REPORT}\n"  # a first line followed by an empty line is the headline
ANNOUNCED = ["displacement", "diplomacy"]  # what the rules announce; the gate, on, keeps the pledge alone


def _stored_by_the_app(tmp_path, setting: str | None) -> tuple[list[str], int]:
    """The event types stored for the report and the alerts queued for a chat that follows displacement."""
    env = {"MARSAD_DATA_DIR": str(tmp_path / "d"), "MARSAD_INBOX": str(tmp_path / "i"), "MARSAD_HTTP": "off"}
    env |= {"MARSAD_INBOX_SETTLE": "0"} | ({"MARSAD_EVENT_GATE": setting} if setting is not None else {})
    settings = load(env, None)
    app = application.build(settings)
    try:
        app.store.chats.ensure("tg:1", language="ar")
        app.store.subscriptions.add("tg:1", types=("displacement",))
        app.inbox.prepare()
        (settings.inbox / "aid.txt").write_text(FILE_TEXT, encoding="utf-8")
        assert [o.error for o in app.inbox.scan_once()] == [None]
    finally:
        app.store.close()
    store = Store.open(settings.database_path)  # read back from the file, as `marsad latest` and the sender would
    try:
        (report,) = store.reports.latest(limit=5)
        alerts = [d for d in store.outbox.claim_due(100) if d.chat == "tg:1" and d.kind == "alert"]
        return [e.type for e in report.events], len(alerts)
    finally:
        store.close()


@pytest.mark.parametrize(
    ("setting", "types", "alerts"),
    [(None, ANNOUNCED, 1), ("auto", ANNOUNCED, 1), ("off", ANNOUNCED, 1), ("on", ["diplomacy"], 0)],
)
def test_the_app_stores_and_alerts_what_the_setting_lets_through(tmp_path, setting, types, alerts):
    """Auto follows the weights file's ``# on`` (on since session 8); on drops the displacement "since the war
    began", so the chat that follows displacement gets no false alert; off keeps it."""
    from bot.analysis.eventgate import gate

    if setting in (None, "auto") and gate().on:
        types, alerts = ["diplomacy"], 0  # the lead's retraining switched the gate on: auto follows the file
    assert _stored_by_the_app(tmp_path, setting) == (types, alerts)


@pytest.fixture
def cli(cli_env):
    report = cli_env / "aid.txt"
    report.write_text(FILE_TEXT, encoding="utf-8")
    return report


def _analyzed(capsys, *argv: str) -> list[str]:
    assert main(["analyze", "--json", *argv]) == 0
    return [e["type"] for e in json.loads(capsys.readouterr().out)["events"]]


def test_marsad_analyze_takes_the_flag_over_the_setting(cli, capsys, monkeypatch):
    assert _analyzed(capsys, str(cli), "--event-gate", "on") == ["diplomacy"]
    assert _analyzed(capsys, str(cli), "--event-gate", "off") == ANNOUNCED
    monkeypatch.setenv("MARSAD_EVENT_GATE", "on")
    assert _analyzed(capsys, str(cli)) == ["diplomacy"]  # the setting is the flag's default
    assert _analyzed(capsys, str(cli), "--event-gate", "off") == ANNOUNCED
    (cli.parent / "marsad.toml").write_text('event_gate = "on"\n', encoding="utf-8")
    monkeypatch.delenv("MARSAD_EVENT_GATE")
    assert _analyzed(capsys, str(cli)) == ["diplomacy"]  # also from the settings file


def test_marsad_analyze_refuses_a_bad_setting_or_flag_in_one_line(cli, capsys, monkeypatch):
    monkeypatch.setenv("MARSAD_EVENT_GATE", "strict")
    assert main(["analyze", str(cli)]) == 2
    assert capsys.readouterr().err == "marsad: MARSAD_EVENT_GATE: expected one of auto, on, off, got 'strict'\n"
    monkeypatch.delenv("MARSAD_EVENT_GATE")
    with pytest.raises(SystemExit) as exit_:
        main(["analyze", str(cli), "--event-gate", "maybe"])
    assert exit_.value.code == 2 and "invalid choice: 'maybe'" in capsys.readouterr().err


def test_marsad_ingest_stores_what_the_setting_lets_through(cli, capsys, monkeypatch):
    monkeypatch.setenv("MARSAD_EVENT_GATE", "on")
    assert main(["ingest", str(cli)]) == 0
    capsys.readouterr()
    assert main(["latest", "--json"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert [e["type"] for e in json.loads(line)["events"]] == ["diplomacy"]


def test_marsad_ingest_in_worker_processes_passes_the_setting_on(cli, capsys, monkeypatch):
    """From ``PARALLEL_FROM`` files the analyses run in spawned processes: they get the setting too."""
    import bot.cli

    files = []
    for n in range(bot.cli.PARALLEL_FROM):
        path = cli.parent / f"aid_{n:02d}.txt"
        path.write_text(f"{FILE_TEXT}\n({n})\n", encoding="utf-8")
        files.append(str(path))
    monkeypatch.setattr(bot.cli.os, "cpu_count", lambda: 2)
    monkeypatch.setenv("MARSAD_EVENT_GATE", "on")
    assert main(["ingest", *files]) == 0
    store = Store.open(cli.parent / "data" / "marsad.db")
    try:
        reports = [store.reports.get(i) for i in range(1, len(files) + 1)]  # `latest` leaves copies out
    finally:
        store.close()
    assert {tuple(e.type for e in r.events) for r in reports} == {("diplomacy",)}
