"""Chats and their settings: language, mute, digest, whether delivery is disabled."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Chat, ChatAddress, ChatKey
from storage.database import Connection
from storage.outbox import Outbox
from storage.rows import chat_from_row


def transport_of(chat: ChatKey) -> str:
    """The transport a chat key belongs to: ``tg``, ``mx`` or ``console`` (ValueError: not a chat key)."""
    return ChatAddress.parse(chat).transport


class Chats:
    def __init__(self, conn: Connection, *, default_language: str = "ar") -> None:
        self._conn = conn
        self._outbox = Outbox(conn)  # the chat's outbox rows move and go with it
        self.default_language = default_language

    def get(self, key: ChatKey) -> Chat | None:
        with self._conn.reading() as db:
            rows = list(db.query("SELECT * FROM chats WHERE key = ?", [key]))
        return chat_from_row(rows[0]) if rows else None

    def ensure(self, key: ChatKey, *, kind: str = "private", language: str | None = None) -> Chat:
        """The chat's row, created with the default language on first contact.

        Every command starts here: a known chat is read from the snapshot connection, so a command
        does not wait for an ingest's write transaction just to learn the chat's language.
        """
        if not self._conn.writing_here():
            with self._conn.snapshot() as db:
                rows = list(db.query("SELECT * FROM chats WHERE key = ?", [key]))
            if rows and rows[0]["kind"] == kind:
                return chat_from_row(rows[0])
        with self._conn.transaction() as db:
            db.execute(
                "INSERT INTO chats (key, transport, language, kind, created) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(key) DO UPDATE SET kind = excluded.kind",
                [
                    key,
                    transport_of(key),
                    language or self.default_language,
                    kind,
                    datetime.now(UTC).isoformat(),
                ],
            )
        chat = self.get(key)
        assert chat is not None
        return chat

    def set_language(self, key: ChatKey, language: str) -> None:
        with self._conn.transaction() as db:
            db.execute("UPDATE chats SET language = ? WHERE key = ?", [language, key])

    def set_muted_until(self, key: ChatKey, until: datetime | None) -> None:
        with self._conn.transaction() as db:
            db.execute("UPDATE chats SET muted_until = ? WHERE key = ?", [until.isoformat() if until else None, key])

    def set_digest(self, key: ChatKey, digest: str | None) -> None:
        with self._conn.transaction() as db:
            db.execute("UPDATE chats SET digest = ? WHERE key = ?", [digest, key])

    def set_quiet_hours(self, key: ChatKey, start: str | None, end: str | None) -> None:
        """Hold alerts from ``start`` to ``end`` ("23:00", "07:00") in the chat's time zone; None: never."""
        with self._conn.transaction() as db:
            db.execute("UPDATE chats SET quiet_start = ?, quiet_end = ? WHERE key = ?", [start, end, key])

    def set_timezone(self, key: ChatKey, timezone: str) -> None:
        with self._conn.transaction() as db:
            db.execute("UPDATE chats SET timezone = ? WHERE key = ?", [timezone, key])

    def set_alert_maps(self, key: ChatKey, on: bool) -> None:
        with self._conn.transaction() as db:
            db.execute("UPDATE chats SET alert_maps = ? WHERE key = ?", [int(on), key])

    def record_failure(self, key: ChatKey) -> int:
        """Count one more delivery failure that says the chat is gone; return the count."""
        with self._conn.transaction() as db:
            db.execute("UPDATE chats SET failures = failures + 1 WHERE key = ?", [key])
            rows = list(db.query("SELECT failures FROM chats WHERE key = ?", [key]))
        return rows[0]["failures"] if rows else 0

    def set_disabled(self, key: ChatKey, disabled: bool) -> None:
        with self._conn.transaction() as db:
            db.execute(
                "UPDATE chats SET disabled = ?, failures = CASE WHEN ? THEN failures ELSE 0 END WHERE key = ?",
                [int(disabled), int(disabled), key],
            )

    def move(self, old: ChatKey, new: ChatKey) -> None:
        """A chat changed id (group -> supergroup): keep its settings, subscriptions and pending alerts."""
        with self._conn.transaction() as db:
            if self.get(new) is None:
                db.execute("UPDATE chats SET key = ? WHERE key = ?", [new, old])  # cascades to subscriptions
            else:
                db.execute("UPDATE subscriptions SET chat = ? WHERE chat = ?", [new, old])
                db.execute("DELETE FROM chats WHERE key = ?", [old])
            # What could not move is already queued for the new id: the outbox keeps it from the old one.
            self._outbox.move_chat(old, new)

    def forget(self, key: ChatKey) -> None:
        """Drop a chat, its subscriptions and its one-time notices (the bot left or was removed for good)."""
        with self._conn.transaction() as db:
            db.execute("DELETE FROM chats WHERE key = ?", [key])
            db.execute("DELETE FROM notices WHERE chat = ?", [key])
            self._outbox.drop_waiting(key)
