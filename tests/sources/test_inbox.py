"""The inbox: files become reports exactly once; unreadable ones go to failed/ with a note."""

from __future__ import annotations

import asyncio
import os
import socket
import stat
import sys
import time

import pytest

from bot.pipeline import Pipeline
from bot.sources.inbox import FAILED, PROCESSED, Inbox
from tests.conftest import SEED_REPORT


@pytest.fixture
def inbox(tmp_path, store):
    box = Inbox(tmp_path / "inbox", Pipeline(store), settle=0.0)
    box.prepare()
    return box


def _age(path, seconds=10):
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_a_report_is_stored_and_moved(inbox, store):
    path = inbox.folder / "seed.txt"
    path.write_bytes(SEED_REPORT.read_bytes())
    outcomes = inbox.scan_once()
    assert [(o.path.name, o.result.created) for o in outcomes] == [("seed.txt", True)]
    assert not path.exists()
    assert len(list((inbox.folder / PROCESSED).rglob("seed.txt"))) == 1
    assert store.reports.count() == 1


def test_the_same_content_twice_is_one_report(inbox, store):
    for name in ("a.txt", "b.txt"):
        (inbox.folder / name).write_bytes(SEED_REPORT.read_bytes())
    outcomes = inbox.scan_once()
    assert sorted(o.result.created for o in outcomes) == [False, True]
    assert store.reports.count() == 1


def test_unreadable_files_go_to_failed_with_a_note_and_others_survive(inbox, store):
    (inbox.folder / "empty.txt").write_bytes(b"")
    (inbox.folder / "binary.txt").write_bytes(b"\x00\xff" * 100)
    (inbox.folder / "good.txt").write_text("تقرير سليم عن قصف في حلب.", encoding="utf-8")
    outcomes = {o.path.name: o for o in inbox.scan_once()}
    assert outcomes["good.txt"].result.created
    assert outcomes["empty.txt"].error == "empty file"
    failed = inbox.folder / FAILED
    assert sorted(p.name for p in failed.iterdir()) == [
        "binary.txt",
        "binary.txt.error.txt",
        "empty.txt",
        "empty.txt.error.txt",
    ]
    assert (failed / "binary.txt.error.txt").read_text().startswith("binary file")
    assert store.reports.count() == 1


def test_temporary_and_hidden_names_are_left_alone(inbox):
    (inbox.folder / ".hidden.txt").write_text("x")
    (inbox.folder / "upload.txt.part").write_text("x")
    assert inbox.scan_once() == []
    assert (inbox.folder / "upload.txt.part").exists()


def test_a_file_still_changing_is_not_taken(tmp_path, store):
    box = Inbox(tmp_path / "inbox", Pipeline(store), settle=3600)
    box.prepare()
    path = box.folder / "half.txt"
    path.write_text("نصف تقرير", encoding="utf-8")
    assert box.scan_once() == []  # just written: not settled
    with path.open("a", encoding="utf-8") as fh:
        fh.write(" والنصف الآخر.")
    assert box.scan_once() == []
    _age(path, 7200)  # unchanged for longer than the settle time
    outcomes = box.scan_once()
    assert [o.path.name for o in outcomes] == ["half.txt"]
    assert store.reports.latest(1)[0].text == "نصف تقرير والنصف الآخر."


def test_a_read_only_inbox_is_still_read_once_and_its_files_left_in_place(tmp_path, store, monkeypatch, caplog):
    folder = tmp_path / "inbox"
    folder.mkdir()
    path = folder / "seed.txt"
    path.write_bytes(SEED_REPORT.read_bytes())
    box = Inbox(folder, Pipeline(store), settle=0.0)

    def refuse(*_args, **_kwargs):  # as on a read-only mount (root ignores chmod, so tests cannot use it)
        raise OSError(30, "Read-only file system")

    def mkdir(self, *args, **kwargs):  # the inbox exists; nothing can be created in it
        if self != folder:
            refuse()

    monkeypatch.setattr("bot.sources.inbox.os.rename", refuse)
    monkeypatch.setattr("bot.sources.inbox._real_folder", refuse)
    monkeypatch.setattr(type(folder), "mkdir", mkdir)
    box.prepare()  # does not raise: the inbox is still read
    first = box.scan_once()
    assert [(o.path.name, o.result.created) for o in first] == [("seed.txt", True)]
    assert path.exists() and store.reports.count() == 1
    caplog.clear()
    assert box.scan_once() == []  # not read again every second, nor logged again
    assert "seed.txt" not in caplog.text
    _age(path, 100)  # changed (touched): taken again, and known by its content
    assert [o.result.created for o in box.scan_once()] == [False]


def test_a_folder_is_reported_once_and_left_alone(inbox, caplog):
    (inbox.folder / "reports-2024").mkdir()
    with caplog.at_level("WARNING", logger="bot.sources.inbox"):
        assert inbox.scan_once() == []
        assert inbox.scan_once() == []
    warnings = [r.getMessage() for r in caplog.records]
    assert warnings == ["inbox: ignoring reports-2024: a folder (put report files in the inbox itself)"]
    assert (inbox.folder / "reports-2024").is_dir()


def _note(inbox, name):
    return (inbox.folder / FAILED / (name + ".error.txt")).read_text(encoding="utf-8")


def test_links_are_moved_as_links_never_read(inbox, store, tmp_path):
    secret = tmp_path / "data" / "matrix" / "session.json"
    secret.parent.mkdir(parents=True)
    secret.write_text('{"access_token": "syt_c2VjcmV0_abcdefghijklmnop", "text": "قصف على حلب"}')
    (inbox.folder / "p.txt").symlink_to("/etc/passwd")
    (inbox.folder / "t.json").symlink_to(os.path.relpath(secret, inbox.folder))
    (inbox.folder / "gone.txt").symlink_to(inbox.folder / "nowhere.txt")
    (inbox.folder / "dir.txt").symlink_to(tmp_path)
    outcomes = {o.path.name: o for o in inbox.scan_once()}
    assert set(outcomes) == {"p.txt", "t.json", "gone.txt", "dir.txt"}
    assert all(o.result is None for o in outcomes.values())
    assert store.reports.count() == 0
    failed = inbox.folder / FAILED
    for name in outcomes:
        moved = failed / name
        assert moved.is_symlink()  # the link itself moved…
        assert "links are never followed" in _note(inbox, name)
    assert os.readlink(failed / "p.txt") == "/etc/passwd"  # …and its target neither moved nor read
    assert _note(inbox, "p.txt").startswith("a symbolic link to /etc/passwd")
    assert secret.read_text().startswith('{"access_token"')
    assert "root:" not in _note(inbox, "p.txt") and "syt_" not in _note(inbox, "t.json")


def test_fifos_and_devices_are_refused_without_being_opened(inbox, store):
    fifo = inbox.folder / "pipe.txt"
    os.mkfifo(fifo)  # nobody writes to it: opening it for reading without O_NONBLOCK would hang the inbox
    (inbox.folder / "zero.txt").symlink_to("/dev/zero")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(inbox.folder / "sock.txt"))
    if os.geteuid() == 0:  # a device node of its own (/dev/zero's numbers): read, it would never end
        os.mknod(inbox.folder / "dev.txt", stat.S_IFCHR | 0o644, os.makedev(1, 5))
    (inbox.folder / "good.txt").write_text("تقرير سليم عن قصف في حلب.", encoding="utf-8")
    outcomes = {o.path.name: o for o in inbox.scan_once()}
    assert outcomes["good.txt"].result.created
    assert outcomes["pipe.txt"].error == "a named pipe (FIFO), not a file"
    assert _note(inbox, "pipe.txt").startswith("a named pipe (FIFO)")
    assert (inbox.folder / FAILED / "pipe.txt").is_fifo()
    assert _note(inbox, "zero.txt").startswith("a symbolic link to /dev/zero")
    assert outcomes["sock.txt"].error == "a socket, not a file"
    sock.close()
    if os.geteuid() == 0:
        assert outcomes["dev.txt"].error == "a character device, not a file"
        assert (inbox.folder / FAILED / "dev.txt").is_char_device()
    assert store.reports.count() == 1


def test_a_hard_link_is_refused(inbox, store, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("سر خارج صندوق الوارد: قصف على حلب", encoding="utf-8")
    os.link(outside, inbox.folder / "h.txt")
    [outcome] = inbox.scan_once()
    assert outcome.result is None and outcome.error.startswith("a hard link (the file has 2 names")
    assert store.reports.count() == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_world_writable_inbox_reads_only_its_trusted_owners_files(inbox, store):
    os.chown(inbox.folder, 0, 0)
    os.chmod(inbox.folder, 0o1777)
    other = inbox.folder / "other.txt"
    other.write_text("تقرير من مستخدم آخر عن قصف في حلب.", encoding="utf-8")
    os.chown(other, 4242, 4242)
    own = inbox.folder / "own.txt"
    own.write_text("تقرير من صاحب الصندوق عن قصف في إدلب.", encoding="utf-8")
    outcomes = {o.path.name: o for o in inbox.scan_once()}
    assert outcomes["own.txt"].result.created
    assert outcomes["other.txt"].error.startswith("belongs to user 4242, and the inbox is writable by everyone")
    assert store.reports.count() == 1
    os.chmod(inbox.folder, 0o755)  # not world-writable: whoever could write the file is trusted
    (inbox.folder / FAILED / "other.txt").rename(other)
    assert [o.result.created for o in inbox.scan_once()] == [True]


def test_a_linked_failed_folder_is_not_followed(inbox, tmp_path, caplog):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    failed = inbox.folder / FAILED
    failed.rmdir()
    failed.symlink_to(elsewhere)
    (inbox.folder / "empty.txt").write_bytes(b"")
    (inbox.folder / "p.txt").symlink_to("/etc/passwd")
    with caplog.at_level("ERROR", logger="bot.sources.inbox"):
        assert sorted(o.error.split(" (")[0] for o in inbox.scan_once()) == [
            "a symbolic link to /etc/passwd",
            "empty file",
        ]
        assert inbox.scan_once() == []  # and not taken again every second
    assert list(elsewhere.iterdir()) == []  # nothing moved or written through the link
    assert (inbox.folder / "empty.txt").exists() and (inbox.folder / "p.txt").is_symlink()
    assert len([r for r in caplog.records if r.getMessage().startswith("cannot move")]) == 2  # once per file


def test_a_note_is_never_written_through_a_prepared_link(inbox, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (inbox.folder / FAILED / "empty.txt.error.txt").symlink_to(victim)
    (inbox.folder / "empty.txt").write_bytes(b"")
    [outcome] = inbox.scan_once()
    assert outcome.error == "empty file"
    assert victim.read_text() == "keep me"
    assert (inbox.folder / FAILED / "empty.1.txt.error.txt").read_text().startswith("empty file")


FIRST = "غارة جوية على مدينة سراقب في ريف إدلب أسفرت عن مقتل 3 مدنيين."
REST = " وارتفعت حصيلة الغارة لاحقا إلى 7 قتلى بينهم طفلان."
CHAT = "tg:1001"


def _deliveries(store) -> list[tuple[str, str, int]]:
    with store.conn.reading() as db:
        rows = db.query("SELECT chat, kind, report_id FROM deliveries ORDER BY id")
        return [(r["chat"], r["kind"], r["report_id"]) for r in rows]


def test_a_writer_that_pauses_past_the_settle_time_loses_nothing(inbox, store):
    store.chats.ensure(CHAT)
    store.subscriptions.add(CHAT)
    path = inbox.folder / "slow.txt"
    with path.open("w", encoding="utf-8") as writer:
        writer.write(FIRST)
        writer.flush()
        [first] = inbox.scan_once()  # the writer paused: taken after its first chunk
        assert first.result.created and not path.exists()
        assert inbox.scan_once() == []  # nothing new yet
        writer.write(REST)  # the writer goes on, into the file now in processed/
    [moved] = (inbox.folder / PROCESSED).rglob("slow.txt")
    [done] = inbox.scan_once()
    assert done.completed and done.path == moved
    assert store.reports.count() == 1
    [report] = store.reports.latest(1)
    assert report.text == FIRST + REST  # the full text…
    assert max(e.killed or 0 for e in report.events) == 7
    assert store.search("طفلان")  # …searchable
    # One alert, and the higher toll as the usual toll update, never a second alert.
    assert _deliveries(store) == [(CHAT, "alert", report.id), (CHAT, "update", report.id)]
    assert store.incidents.get(report.incident).killed == 7
    assert inbox.scan_once() == []  # unchanged since: not read again


def test_a_grown_file_without_a_new_toll_is_updated_without_any_message(inbox, store):
    store.chats.ensure(CHAT)
    store.subscriptions.add(CHAT)
    path = inbox.folder / "slow.txt"
    with path.open("w", encoding="utf-8") as writer:
        writer.write(FIRST)
        writer.flush()
        inbox.scan_once()
        writer.write(" وقالت مصادر محلية إن الطيران الحربي استهدف سوقا شعبيا.")
    [done] = inbox.scan_once()
    assert done.completed
    [report] = store.reports.latest(1)
    assert report.text.endswith("سوقا شعبيا.")
    assert [kind for _, kind, _ in _deliveries(store)] == ["alert"]


def test_a_file_taken_while_still_empty_is_read_again_from_failed(inbox, store):
    store.chats.ensure(CHAT)
    store.subscriptions.add(CHAT)
    path = inbox.folder / "late.txt"
    with path.open("w", encoding="utf-8") as writer:
        [first] = inbox.scan_once()  # created, nothing written yet
        assert first.error == "empty file"
        assert (inbox.folder / FAILED / "late.txt.error.txt").exists()
        writer.write(FIRST + REST)
    [again] = inbox.scan_once()
    assert again.completed and again.result.created
    assert sorted(p.name for p in (inbox.folder / FAILED).iterdir()) == []  # file and note both gone
    assert [p.name for p in (inbox.folder / PROCESSED).rglob("*.txt")] == ["late.txt"]
    [report] = store.reports.latest(1)
    assert report.text == FIRST + REST
    assert [kind for _, kind, _ in _deliveries(store)] == ["alert"]


def test_a_taken_file_replaced_by_another_is_not_followed(inbox, store):
    path = inbox.folder / "a.txt"
    path.write_text(FIRST, encoding="utf-8")
    inbox.scan_once()
    [moved] = (inbox.folder / PROCESSED).rglob("a.txt")
    moved.unlink()
    moved.write_text(FIRST + REST, encoding="utf-8")  # a new file under the same name: not the one taken
    assert inbox.scan_once() == []
    assert store.reports.latest(1)[0].text == FIRST


async def _until(check, what: str, timeout: float = 30.0) -> None:
    """Poll ``check`` (a guard against hanging, not a timing assertion)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


@pytest.mark.skipif(sys.platform != "linux", reason="rename events come from Linux inotify")
async def test_a_renamed_file_is_taken_at_once_a_file_written_in_place_waits(tmp_path, store):
    """The settle time is an hour: only the rename event can make the first two files be taken."""
    box = Inbox(tmp_path / "inbox", Pipeline(store), settle=3600)
    box.prepare()
    in_place = box.folder / "in-place.txt"
    in_place.write_text("قصف مدفعي على بلدة كفرنبل في ريف إدلب الجنوبي.", encoding="utf-8")
    stop = asyncio.Event()
    task = asyncio.create_task(box.run(stop, interval=0.1))
    try:
        await _until(lambda: box.heartbeat > 0, "the first scan")  # the watchers are up by then
        outside = tmp_path / "outbox" / "moved.txt"  # written elsewhere on the same file system, then moved in
        outside.parent.mkdir()
        outside.write_text("غارة جوية على مدينة سراقب في ريف إدلب.", encoding="utf-8")
        outside.rename(box.folder / "moved.txt")
        await _until(lambda: store.reports.count() == 1, "the moved file")
        part = box.folder / ".renamed.txt.part"  # the usual pattern: a hidden temporary name, then a rename
        part.write_text("قصف صاروخي على مدينة جسر الشغور.", encoding="utf-8")
        part.rename(box.folder / "renamed.txt")
        await _until(lambda: store.reports.count() == 2, "the renamed file")
    finally:
        stop.set()
        await task
    processed = sorted(p.name for p in (box.folder / PROCESSED).rglob("*.txt"))
    assert processed == ["moved.txt", "renamed.txt"]
    assert in_place.exists()  # written in place an instant ago: still settling
    assert store.reports.count() == 2


def test_the_move_watcher_reports_renames_only(tmp_path):
    from bot.sources.moves import MoveWatcher

    folder = tmp_path / "in"
    folder.mkdir()
    watcher = MoveWatcher(folder)
    if not watcher.start():
        pytest.skip("no inotify here")
    try:
        (folder / "written.txt").write_text("x")  # created in place: not a rename
        (tmp_path / "a.txt").write_text("x")
        (tmp_path / "a.txt").rename(folder / "a.txt")
        (folder / "sub").mkdir()
        (tmp_path / "dir").mkdir()
        (tmp_path / "dir").rename(folder / "dir")  # a folder renamed in: not a file
        (folder / ".b.part").write_text("x")
        (folder / ".b.part").rename(folder / "b\nc.txt")
        assert watcher.names() == ["a.txt", "b\nc.txt"]
        assert watcher.names() == []
    finally:
        watcher.close()


def test_json_and_html_reports_never_make_the_bot_open_what_they_name(inbox, store):
    """A report's fields are text: a url, an <img src> or an <iframe> naming a local file is never read."""
    (inbox.folder / "r.json").write_text(
        '{"text": "قصف على حلب صباح اليوم.", "url": "file:///etc/passwd", "source": "/etc/shadow"}', encoding="utf-8"
    )
    (inbox.folder / "r.html").write_text(
        '<html><head><title>غارة</title><link rel="stylesheet" href="/etc/passwd"></head><body>'
        '<p>غارة جوية على مدينة سراقب.</p><img src="file:///etc/passwd"><iframe src="/etc/passwd"></iframe>'
        '<script src="/etc/passwd"></script></body></html>',
        encoding="utf-8",
    )
    outcomes = inbox.scan_once()
    assert sorted(o.result.created for o in outcomes) == [True, True]
    for report in store.reports.latest(5):
        assert "root:" not in report.text and "root:" not in report.summary
    stored = {r.text: r for r in store.reports.latest(5)}
    assert stored["قصف على حلب صباح اليوم."].url == "file:///etc/passwd"  # kept as text; alerts link http(s) only
