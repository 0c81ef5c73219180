"""``marsad run`` against hostile and careless inbox writers: forged log lines, links, slow writers, renames."""

from __future__ import annotations

import signal

import pytest

from tests.conftest import SEED_REPORT
from tests.e2e.process import MarsadProcess

pytestmark = pytest.mark.e2e

ALERT = "🔔"


@pytest.fixture
def bot(tmp_path):
    process = MarsadProcess(tmp_path)
    yield process
    if process.proc is not None and process.proc.poll() is None:
        process.stop(signal.SIGKILL)


def test_a_file_name_with_a_newline_forges_no_log_line(bot, tmp_path):
    bot.start()
    name = "x\n2026-01-01 00:00:00,000 INFO bot.pipeline: FORGED LOG LINE\x1b[2K.txt"
    bot.drop(SEED_REPORT, name)
    bot.wait_for_output(ALERT)
    log = bot.wait_for_log("stored report #1")
    assert bot.stop() == 0
    forged = [line for line in bot.stderr if "FORGED" in line]
    assert forged, log  # the name is logged…
    for line in forged:  # …on the line of the record that names it, escaped
        assert "stored report #1" in line or "already stored" in line, line
        assert "x\\n2026-01-01 00:00:00,000 INFO bot.pipeline: FORGED LOG LINE\\x1b[2K.txt" in line
    assert not any(line.startswith("2026-01-01") for line in bot.stderr)
    assert "\x1b" not in bot.log
