"""Subscriptions: which chats want which alerts."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime

from bot.models import ChatKey, Subscription
from storage.database import Connection
from storage.rows import subscription_from_row


def _json(values: tuple[str, ...] | list[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


class Subscriptions:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(
        self,
        chat: ChatKey,
        *,
        types: tuple[str, ...] = (),
        places: tuple[str, ...] = (),
        keywords: tuple[str, ...] = (),
        exclude: tuple[str, ...] = (),
        min_killed: int | None = None,
        min_severity: float | None = None,
        with_casualties: bool = False,
    ) -> Subscription:
        """Add a subscription; an identical active one is returned instead of doubled."""
        with self._conn.transaction() as db:
            for existing in self.for_chat(chat):
                if (
                    existing.types,
                    existing.places,
                    existing.keywords,
                    existing.exclude,
                    existing.min_killed,
                    existing.min_severity,
                    existing.with_casualties,
                ) == (
                    types,
                    places,
                    keywords,
                    exclude,
                    min_killed,
                    min_severity,
                    with_casualties,
                ):
                    return existing
            cursor = db.execute(
                "INSERT INTO subscriptions (chat, types, places, keywords, exclude, min_killed, min_severity,"
                " with_casualties, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    chat,
                    _json(types),
                    _json(places),
                    _json(keywords),
                    _json(exclude),
                    min_killed,
                    min_severity,
                    int(with_casualties),
                    datetime.now(UTC).isoformat(),
                ],
            )
            assert cursor.lastrowid is not None
            return Subscription(
                cursor.lastrowid,
                chat,
                types,
                places,
                keywords,
                exclude,
                min_killed,
                min_severity=min_severity,
                with_casualties=with_casualties,
            )

    def update(
        self,
        chat: ChatKey,
        subscription_id: int,
        *,
        types: tuple[str, ...] | None = None,
        places: tuple[str, ...] | None = None,
    ) -> Subscription | None:
        """Replace the types and/or places of one of this chat's subscriptions (None: keep); None if it is gone."""
        with self._conn.transaction() as db:
            given = {"types": types, "places": places}
            changes = {name: _json(value) for name, value in given.items() if value is not None}
            if changes:
                assignments = ", ".join(f"{name} = ?" for name in changes)
                db.execute(
                    f"UPDATE subscriptions SET {assignments} WHERE chat = ? AND id = ?",
                    [*changes.values(), chat, subscription_id],
                )
            rows = list(db.query("SELECT * FROM subscriptions WHERE chat = ? AND id = ?", [chat, subscription_id]))
            return subscription_from_row(rows[0]) if rows else None

    def update_many(
        self, chat: ChatKey, changes: Mapping[int, tuple[tuple[str, ...] | None, tuple[str, ...] | None]]
    ) -> list[Subscription]:
        """``update`` several of this chat's subscriptions in one transaction: {id: (types, places)}.

        A /settings toggle changes every subscription of a chat at once: all or none of them.
        Returns the chat's subscriptions after the change.
        """
        with self._conn.transaction():
            for subscription_id, (types, places) in changes.items():
                self.update(chat, subscription_id, types=types, places=places)
            return self.for_chat(chat)

    def for_chat(self, chat: ChatKey) -> list[Subscription]:
        with self._conn.reading() as db:
            rows = db.query("SELECT * FROM subscriptions WHERE chat = ? AND active = 1 ORDER BY id", [chat])
            return [subscription_from_row(r) for r in rows]

    def active(self) -> list[Subscription]:
        """Every active subscription of every chat that can receive alerts."""
        with self._conn.reading() as db:
            rows = db.query(
                "SELECT subscriptions.* FROM subscriptions JOIN chats ON chats.key = subscriptions.chat"
                " WHERE subscriptions.active = 1 AND chats.disabled = 0 ORDER BY subscriptions.id"
            )
            return [subscription_from_row(r) for r in rows]

    def changes(self, since: int) -> tuple[int, set[ChatKey] | None]:
        """(the latest change's number, the chats whose active subscriptions changed after ``since``).

        None instead of the chats when the log no longer reaches back to ``since``: reload everything.
        """
        with self._conn.reading() as db:
            last = next(db.query("SELECT coalesce(max(seq), 0) AS n FROM subscription_changes"))["n"]
            if last <= since:
                return last, set()
            first = next(db.query("SELECT min(seq) AS n FROM subscription_changes"))["n"]
            if first is None or since < first - 1:
                return last, None
            rows = db.query("SELECT DISTINCT chat FROM subscription_changes WHERE seq > ?", [since])
            return last, {r["chat"] for r in rows}

    def active_for(self, chats: set[ChatKey]) -> list[Subscription]:
        """``active()`` restricted to some chats."""
        keys = sorted(chats)
        found: list[Subscription] = []
        with self._conn.reading() as db:
            for start in range(0, len(keys), 500):
                part = keys[start : start + 500]
                rows = db.query(
                    "SELECT subscriptions.* FROM subscriptions JOIN chats ON chats.key = subscriptions.chat"
                    f" WHERE subscriptions.chat IN ({','.join('?' * len(part))})"
                    " AND subscriptions.active = 1 AND chats.disabled = 0 ORDER BY subscriptions.id",
                    part,
                )
                found.extend(subscription_from_row(r) for r in rows)
        return found

    def prune_changes(self, keep: int = 10_000) -> int:
        """Forget all but the last ``keep`` changes (a process further behind reloads everything)."""
        with self._conn.transaction() as db:
            return db.execute(
                "DELETE FROM subscription_changes WHERE seq <= (SELECT max(seq) FROM subscription_changes) - ?",
                [keep],
            ).rowcount

    def remove(self, chat: ChatKey, subscription_id: int | None = None) -> int:
        """Remove one subscription of this chat, or all when ``subscription_id`` is None."""
        with self._conn.transaction() as db:
            if subscription_id is None:
                cursor = db.execute("DELETE FROM subscriptions WHERE chat = ?", [chat])
            else:
                cursor = db.execute("DELETE FROM subscriptions WHERE chat = ? AND id = ?", [chat, subscription_id])
            return cursor.rowcount
