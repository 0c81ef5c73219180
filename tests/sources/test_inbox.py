"""The inbox: files become reports exactly once; unreadable ones go to failed/ with a note."""

from __future__ import annotations

import os
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

    monkeypatch.setattr("bot.sources.inbox.shutil.move", refuse)
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


def test_a_folder_or_a_broken_link_is_reported_once_and_left_alone(inbox, caplog):
    (inbox.folder / "reports-2024").mkdir()
    (inbox.folder / "gone.txt").symlink_to(inbox.folder / "nowhere.txt")
    with caplog.at_level("WARNING", logger="bot.sources.inbox"):
        assert inbox.scan_once() == []
        assert inbox.scan_once() == []
    warnings = [r.getMessage() for r in caplog.records]
    assert sorted(warnings) == [
        "inbox: ignoring gone.txt: a link to a file that does not exist",
        "inbox: ignoring reports-2024: a folder (put report files in the inbox itself)",
    ]
    assert (inbox.folder / "reports-2024").is_dir()
