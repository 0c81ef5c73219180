"""The Matrix transport's state files: session reuse and the sync position."""

from __future__ import annotations

import json
import stat

from bot.transports.matrix.session import HANDLED_KEEP, SESSION_FILE, SYNC_FILE, Session, StateStore

SESSION = Session("http://127.0.0.1:8008", "@bot:localhost", "DEVICE1", "syt_secret")


def test_session_round_trip_private_file(tmp_path) -> None:
    StateStore(tmp_path).save_session(SESSION)
    assert StateStore(tmp_path).load_session("http://127.0.0.1:8008/", "@bot:localhost") == SESSION
    assert stat.S_IMODE((tmp_path / SESSION_FILE).stat().st_mode) == 0o600


def test_session_for_another_account_is_not_used(tmp_path) -> None:
    store = StateStore(tmp_path)
    store.save_session(SESSION)
    assert store.load_session("http://127.0.0.1:8008", "@other:localhost") is None
    assert store.load_session("http://127.0.0.1:9999", "@bot:localhost") is None


def test_session_repr_hides_the_token() -> None:
    assert "syt_secret" not in repr(SESSION)
    assert "syt_secret" not in str(SESSION)


def test_broken_files_are_ignored(tmp_path) -> None:
    (tmp_path / SESSION_FILE).write_text("{not json")
    (tmp_path / SYNC_FILE).write_text('["a list"]')
    store = StateStore(tmp_path)
    assert store.load_session("http://127.0.0.1:8008", "@bot:localhost") is None
    assert store.next_batch is None


def test_forget_session(tmp_path) -> None:
    store = StateStore(tmp_path)
    store.save_session(SESSION)
    store.forget_session()
    assert store.load_session(SESSION.homeserver, SESSION.user_id) is None


def test_sync_position_and_handled_events_survive_a_restart(tmp_path) -> None:
    store = StateStore(tmp_path)
    assert store.next_batch is None
    store.mark_handled("$one")
    store.save_next_batch("s72_1")
    again = StateStore(tmp_path)
    assert again.next_batch == "s72_1"
    assert again.is_handled("$one")
    assert not again.is_handled("$two")
    assert json.loads((tmp_path / SYNC_FILE).read_text()) == {"next_batch": "s72_1", "handled": ["$one"]}


def test_handled_events_are_bounded(tmp_path) -> None:
    store = StateStore(tmp_path)
    for i in range(HANDLED_KEEP + 10):
        store._remember(f"${i}")
    store.save_next_batch("t")
    again = StateStore(tmp_path)
    assert not again.is_handled("$0")
    assert again.is_handled(f"${HANDLED_KEEP + 9}")
    assert len(json.loads((tmp_path / SYNC_FILE).read_text())["handled"]) == HANDLED_KEEP
