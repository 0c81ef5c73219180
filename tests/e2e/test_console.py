"""``marsad run`` end to end on the console transport: inbox in, alerts and answers out."""

from __future__ import annotations

import re
import time

import pytest

from tests.conftest import SEED_REPORT
from tests.e2e.process import MarsadProcess

pytestmark = pytest.mark.e2e

ALERT = "🔔"


def test_a_dropped_report_is_alerted_and_found(bot):
    bot.start()
    bot.drop(SEED_REPORT)
    output = bot.wait_for_output(ALERT)
    assert "جيفري" in output  # the seed's text, in the alert
    bot.send("/latest")
    bot.wait_for_output("أحدث التقارير")
    bot.send("/search ادلب")
    output = bot.wait_for_output("نتائج «ادلب»")
    assert output.count("#1 ") >= 2  # the seed report in both answers
    assert bot.stop() == 0
    assert "stopped" in bot.log
    assert output.count(ALERT) == 1


def test_a_restart_neither_repeats_nor_misses(bot, tmp_path):
    bot.start()
    bot.drop(SEED_REPORT)
    bot.wait_for_output(ALERT)
    assert bot.stop() == 0
    # While it is stopped: the same report again, and a new one.
    bot.drop(SEED_REPORT, "again.txt")
    new = tmp_path / "new.txt"
    new.write_text("قصف مدفعي على بلدة كفرنبل\n\nقصفت قوات النظام بلدة كفرنبل بالمدفعية صباح اليوم.", encoding="utf-8")
    bot.drop(new)
    second = MarsadProcess(tmp_path).start()
    try:
        second.wait_for_log("stored report #2")
        second.wait_for_output(ALERT)
        second.wait_for_log("already stored as #1")
        second.send("/latest")
        second.wait_for_output("أحدث التقارير")
        assert second.stop() == 0
    finally:
        if second.proc.poll() is None:
            second.proc.kill()
    assert second.output.count(ALERT) == 1
    assert "كفرنبل" in second.output


def test_bad_input_is_quarantined_and_nothing_else_is_lost(bot, tmp_path):
    bot.start()
    inbox = bot.inbox
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "binary.txt").write_bytes(bytes(range(256)) * 64)
    with (inbox / "huge.txt").open("wb") as fh:
        fh.write(b"x" * 50 * 1024 * 1024)
    (inbox / "legacy.txt").write_bytes(
        "غارة على سراقب\n\nقصفت طائرات حربية مدينة سراقب في ريف إدلب الشرقي.".encode("cp1256")
    )
    bot.drop(SEED_REPORT)
    # A half-written file: a slow writer appends for longer than the settle time.
    half = inbox / "half.txt"
    with half.open("w", encoding="utf-8") as fh:
        fh.write("تقرير يكتب ببطء عن قصف على بلدة حيش")
        for _ in range(8):
            fh.flush()
            time.sleep(0.4)  # the writer is slow, not the test waiting for the bot
            fh.write(" ثم جملة أخرى")
        fh.write(" وقد اكتمل الآن.")
    bot.wait_for_output(ALERT, count=3)
    failed = inbox / "failed"
    bot.wait_for_log("huge.txt moved to failed/")
    assert sorted(p.name for p in failed.iterdir() if not p.name.endswith(".error.txt")) == [
        "binary.txt",
        "empty.txt",
        "huge.txt",
    ]
    assert (failed / "huge.txt.error.txt").read_text().startswith("file too large")
    assert "سراقب" in bot.output
    bot.send("/search سراقب")
    bot.wait_for_output("نتائج «سراقب» \\(1–1 من 1\\)")
    assert bot.proc.poll() is None  # still running
    bot.send("/search حيش")
    output = bot.wait_for_output("نتائج «حيش»")
    assert "نتائج «حيش» (1–1 من 1)" in output  # one report, never the unfinished one
    assert bot.stop() == 0
    assert bot.output.count(ALERT) == 3
    assert "وقد اكتمل الآن" in bot.output


def test_demo_shows_the_seed_alerts(bot):
    bot.args = ("--demo",)
    bot.start()
    bot.wait_for_output(ALERT)
    assert bot.stop() == 0


@pytest.mark.parametrize(("language", "too_long"), [("ar", "طويل جدًا"), ("en", "too long")])
def test_a_line_over_64_kib_is_answered_too_long_and_the_console_goes_on(tmp_path, language, too_long):
    bot = MarsadProcess(tmp_path, env={"MARSAD_LANGUAGE": language}).start()
    try:
        bot.drop(SEED_REPORT)
        bot.wait_for_output(ALERT)
        bot.send("/search " + "ادلب " * 20_000)  # about 180 KiB on one line
        bot.wait_for_output(too_long)
        bot.send("/latest")
        bot.wait_for_output("أحدث التقارير" if language == "ar" else "Latest reports")
        assert bot.stop() == 0
    finally:
        if bot.proc.poll() is None:
            bot.proc.kill()
    assert "crashed" not in bot.log and "Traceback" not in bot.log
    assert bot.output.count(too_long) == 1  # the tail of the long line was not taken as another command


def test_a_second_demo_says_the_samples_are_stored_and_shows_the_latest(tmp_path):
    first = MarsadProcess(tmp_path, args=("--demo",)).start()
    try:
        first.wait_for_log("stored report #6")
        # every sample's alert delivered before the stop (as .ci/quickstart waits): one still in the outbox would be
        # sent, rightly, by the second run
        copied = re.search(r"demo: copied (\d+) sample reports", first.wait_for_log(r"demo: copied \d+ sample reports"))
        first.wait_for_output(ALERT, count=int(copied.group(1)))
        assert first.stop() == 0
    finally:
        if first.proc.poll() is None:
            first.proc.kill()
    second = MarsadProcess(tmp_path, args=("--demo",)).start()
    try:
        second.wait_for_output("محفوظة من قبل")
        second.wait_for_output("أحدث التقارير")
        # The newest sample, listed: /latest runs off the event loop, so its list follows the notice.
        assert "#6" in second.wait_for_output("#6")
        second.send("/help")  # and the console still answers
        second.wait_for_output("/subscribe")
        assert second.stop() == 0
    finally:
        if second.proc.poll() is None:
            second.proc.kill()
    assert ALERT not in second.output
    assert "already stored as" not in second.log  # nothing was copied again to be recognised
    assert f"inbox {tmp_path / 'inbox'}, data {tmp_path / 'data'}" in second.log  # absolute paths at start-up
