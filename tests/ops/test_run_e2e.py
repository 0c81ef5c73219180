"""``marsad run`` as a subprocess: a report flows to the console, /healthz and /metrics follow it,
a second instance on the same data dir refuses, SIGTERM stops it cleanly, and no secret reaches a log line."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.ops.conftest import ROOT

pytestmark = pytest.mark.e2e

TOKEN = "7312345678:AAHk3vZ0yq9rT4mP2sLx8WcE1bN6uJdQfGo"  # Bot API shaped, fake
SECRET = "5550001112:ZZtopSecretMatrixPassw0rdLooksLikeAToken"
REPORT = (
    "Airstrike on Maarat al-Numan\n\n"
    "An airstrike hit the town of Maarat al-Numan in Idlib on Monday, killing five civilians, "
    "including three children, local sources said.\n"
)


@dataclass
class Bot:
    proc: subprocess.Popen[bytes]
    env: dict[str, str]
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    pumps: list[threading.Thread] = field(default_factory=list)

    def wait_for(self, predicate: Callable[[], object], timeout: float = 30.0) -> object:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            if self.proc.poll() is not None:
                raise AssertionError(f"marsad exited with {self.proc.returncode}: {self.stderr[-5:]}")
            time.sleep(0.05)
        raise AssertionError(f"timed out; last log lines: {self.stderr[-5:]}")


def _pump(stream, lines: list[str]) -> None:
    for raw in iter(stream.readline, b""):
        lines.append(raw.decode("utf-8", "replace").rstrip("\n"))


def clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MARSAD_", "TELEGRAM_", "MATRIX_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        MARSAD_DATA_DIR=str(tmp_path / "data"),
        MARSAD_INBOX=str(tmp_path / "inbox"),
        MARSAD_HTTP="127.0.0.1:0",
        MARSAD_LOG_FORMAT="json",
        # Secrets in the environment that this run does not use: they must not show up anywhere.
        MATRIX_PASSWORD=SECRET,
        MATRIX_ACCESS_TOKEN=TOKEN,
    )
    return env


@pytest.fixture
def bot(tmp_path: Path) -> Iterator[Bot]:
    env = clean_env(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "-v", "run"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.PIPE,  # the console transport reads commands; kept open, no commands typed
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    running = Bot(proc, env)
    running.pumps = pumps = [
        threading.Thread(target=_pump, args=(proc.stdout, running.stdout), daemon=True),
        threading.Thread(target=_pump, args=(proc.stderr, running.stderr), daemon=True),
    ]
    for pump in pumps:
        pump.start()
    try:
        yield running
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        for pump in pumps:
            pump.join(5)


def health_url(bot: Bot) -> str:
    def found() -> str | None:
        for line in bot.stderr:
            match = re.search(r"health and metrics on (http://127\.0\.0\.1:\d+)", line)
            if match:
                return match.group(1)
        return None

    return str(bot.wait_for(found))


def counter(url: str, name: str, **labels: str) -> float:
    text = httpx.get(f"{url}/metrics", timeout=5).text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    return 0.0


def test_full_run_reports_health_metrics_refuses_a_second_instance_and_leaks_no_secret(
    bot: Bot, tmp_path: Path
) -> None:
    url = health_url(bot)
    healthy = bot.wait_for(lambda: (r := httpx.get(f"{url}/healthz", timeout=5)).status_code == 200 and r)
    assert set(healthy.json()["components"]) == {"inbox", "feeds", "sender"}
    stored = {"source": "inbox", "outcome": "stored"}
    sent = {"transport": "console", "outcome": "sent"}
    assert counter(url, "marsad_reports_ingested_total", **stored) == 0

    # A report arrives the way writers should deliver: written under a temporary name, then renamed.
    # Its file name carries a token-shaped string, which the bot logs as the report's origin.
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    (inbox / ".incoming.part").write_text(REPORT, encoding="utf-8")
    (inbox / ".incoming.part").rename(inbox / f"report-{TOKEN}.txt")

    bot.wait_for(lambda: any("Maarat" in line for line in bot.stdout))  # the alert, on the console
    bot.wait_for(lambda: counter(url, "marsad_alerts_sent_total", **sent) == 1)
    assert counter(url, "marsad_reports_ingested_total", **stored) == 1
    assert counter(url, "marsad_outbox_depth") == 0
    assert httpx.get(f"{url}/healthz", timeout=5).status_code == 200

    second = subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=bot.env, capture_output=True, timeout=60
    )
    assert second.returncode == 1
    assert second.stderr.decode() == (
        f"marsad: another marsad is already running on data dir {tmp_path / 'data'} (pid {bot.proc.pid});"
        " stop it first\n"
    )

    bot.proc.send_signal(signal.SIGTERM)
    assert bot.proc.wait(30) == 0
    for pump in bot.pumps:  # read what is left; they end at EOF
        pump.join(10)

    records = [json.loads(line) for line in bot.stderr if line.strip()]  # every log line is one JSON object
    messages = [r["message"] for r in records]
    assert any(m.startswith("stored report #1 ") for m in messages)
    assert any(m == "delivery batch: 1 messages to 1 chats" for m in messages)
    assert messages[-1] == "stopped"
    everything = "\n".join(bot.stderr + bot.stdout + [second.stderr.decode(), second.stdout.decode()])
    for secret in (TOKEN, SECRET, TOKEN.split(":")[1], SECRET.split(":")[1]):
        assert secret not in everything
    assert any("report-***.txt" in m for m in messages)  # the origin was logged, masked
