"""``marsad run`` against hostile and careless inbox writers: forged log lines, links, slow writers, renames."""

from __future__ import annotations

import os
import signal

import pytest

from tests.conftest import SEED_REPORT
from tests.e2e.process import MarsadProcess

pytestmark = pytest.mark.e2e

ALERT = "🔔"


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


def test_links_to_secrets_are_quarantined_never_stored_never_alerted(bot):
    bot.start()
    session = bot.data / "matrix" / "session.json"  # where the Matrix transport keeps its access token
    session.parent.mkdir(parents=True, exist_ok=True)
    session.write_text('{"access_token": "syt_bWFyc2Fk_SecretSecretSecret", "device_id": "ABC"}')
    os.symlink("/etc/passwd", bot.inbox / "p.txt")
    os.symlink("../data/matrix/session.json", bot.inbox / "t.txt")
    os.mkfifo(bot.inbox / "fifo.txt")
    bot.wait_for_log("t.txt moved to failed/")
    bot.wait_for_log("p.txt moved to failed/")
    bot.wait_for_log("fifo.txt moved to failed/")
    bot.drop(SEED_REPORT)  # the inbox carries on
    bot.wait_for_output(ALERT)
    bot.send("/latest")
    bot.wait_for_output("أحدث التقارير")
    assert bot.stop() == 0
    failed = bot.inbox / "failed"
    assert os.readlink(failed / "p.txt") == "/etc/passwd"
    assert os.readlink(failed / "t.txt") == "../data/matrix/session.json"
    assert "root:" not in bot.output + bot.log and "syt_" not in bot.output + bot.log
    assert bot.output.count(ALERT) == 1
    assert "#2" not in bot.output  # only the seed report was stored
    assert (
        (failed / "t.txt.error.txt")
        .read_text()
        .startswith("a symbolic link to ../data/matrix/session.json (links are never followed in the inbox)")
    )


def test_a_writer_pausing_past_the_settle_time_loses_nothing(tmp_path):
    """The writer waits for the bot to take its first chunk (no sleeps): the rest must still reach the report."""
    bot = MarsadProcess(tmp_path, env={"MARSAD_INBOX_SETTLE": "0.5"})
    try:
        bot.start()
        path = bot.inbox / "slow.txt"
        with path.open("w", encoding="utf-8") as writer:
            writer.write("غارة جوية على مدينة سراقب في ريف إدلب أسفرت عن مقتل 3 مدنيين.")
            writer.flush()
            bot.wait_for_log("stored report #1")  # taken after the first chunk, moved to processed/
            bot.wait_for_output(ALERT)
            writer.write(" وارتفعت حصيلة الغارة لاحقا إلى 7 قتلى بينهم طفلان.")
        bot.wait_for_log("updated report #1 with the rest of")
        bot.wait_for_output("ارتفعت الحصيلة إلى 7")  # the usual toll update…
        bot.send("/search طفلان")
        output = bot.wait_for_output("نتائج «طفلان»")
        assert "نتائج «طفلان» (1–1 من 1)" in output  # …and the tail is in the stored report
        assert bot.stop() == 0
        assert bot.output.count(ALERT) == 1  # never a second alert
        assert "stored report #2" not in bot.log
    finally:
        if bot.proc is not None and bot.proc.poll() is None:
            bot.stop(signal.SIGKILL)


def test_a_renamed_file_is_taken_without_waiting_for_the_settle_time(tmp_path):
    bot = MarsadProcess(tmp_path, env={"MARSAD_INBOX_SETTLE": "3600"})  # an hour: only a rename can be quick
    try:
        bot.start()
        bot.wait_for_log("inbox: watching .*a file renamed in is taken at once")
        in_place = bot.inbox / "in-place.txt"
        in_place.write_text("قصف مدفعي على بلدة كفرنبل في ريف إدلب الجنوبي.", encoding="utf-8")
        bot.drop(SEED_REPORT)  # copied to a hidden .part name, then renamed in
        bot.wait_for_output(ALERT)
        bot.wait_for_log("stored report #1")
        assert in_place.exists()  # written in place: still waiting for its hour
        assert bot.stop() == 0
        assert "stored report #2" not in bot.log
    finally:
        if bot.proc is not None and bot.proc.poll() is None:
            bot.stop(signal.SIGKILL)
