"""The delivery outbox: one row per message per chat, and every change of its state.

Every write to ``deliveries`` goes through ``Outbox`` (digests, chats, incidents and fan-out call
it), and every state change is checked against ``TRANSITIONS`` in its UPDATE (``WHERE state IN``),
so a row never leaves a final state and never takes a step the table does not list:

    pending --claim_due--> claimed --begin--> sending --mark_sent--> sent
       ^  ^                   |                  |
       |  +------defer--------+------------------+
       |                      |                  |
       |                      +------------------+--give_up--> failed
       |                                         |
       +--release_held-- held <------hold--------+  (from pending, claimed or sending)
                          |
                          +--digest--> digested   (and one new ``digest`` row, pending)

``claimed`` rows are reserved by a running sender but not yet on the wire; after a
crash they simply go back to pending. A row is marked ``sending`` and committed
*right before* its network call, so after a crash the ``sending`` rows are exactly
the sends whose outcome is unknown (see ``reconcile`` in bot/delivery/sender.py).
A chat that moves or is forgotten takes its waiting rows with it (``move_chat``, ``drop_waiting``).
``sent``, ``failed`` and ``digested`` are final.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from bot.models import ChatKey, Delivery, ReportId
from storage.database import Connection
from storage.rows import delivery_from_row


class DeliveryState(StrEnum):
    PENDING = "pending"  # waiting for its time (next_attempt)
    CLAIMED = "claimed"  # reserved by a running sender, not on the wire
    SENDING = "sending"  # committed right before the network call: outcome unknown after a crash
    SENT = "sent"
    FAILED = "failed"  # given up (or already queued under the chat's new id)
    HELD = "held"  # kept for the chat's next digest
    DIGESTED = "digested"  # went out inside a digest


S = DeliveryState

# state -> the states a row in it may go to; the Outbox's UPDATEs only touch rows whose state allows the step.
TRANSITIONS: dict[DeliveryState, frozenset[DeliveryState]] = {
    # pending -> sent/failed: a row known delivered (or given up) without a send of its own.
    S.PENDING: frozenset({S.PENDING, S.CLAIMED, S.HELD, S.SENT, S.FAILED}),
    S.CLAIMED: frozenset({S.PENDING, S.SENDING, S.HELD, S.SENT, S.FAILED}),
    S.SENDING: frozenset({S.PENDING, S.HELD, S.SENT, S.FAILED}),
    S.HELD: frozenset({S.PENDING, S.DIGESTED, S.FAILED}),
    S.SENT: frozenset(),
    S.FAILED: frozenset(),
    S.DIGESTED: frozenset(),
}

WAITING = (S.PENDING, S.CLAIMED, S.SENDING)  # counted in the outbox's depth


def sources(target: DeliveryState) -> tuple[DeliveryState, ...]:
    """The states from which a row may go to ``target``, in the table's order."""
    return tuple(state for state, nexts in TRANSITIONS.items() if target in nexts)


def _from(target: DeliveryState) -> str:
    """``state IN (...)``: the SQL guard of a step to ``target`` (the values are the enum's own)."""
    return "state IN (" + ", ".join(f"'{s.value}'" for s in sources(target)) + ")"


def _now() -> str:
    return datetime.now(UTC).isoformat()


class Outbox:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        # Turns one chunk of a recorded fan-out into rows (storage/fanout.py; Store sets it): claim_due
        # calls it when it finds fewer due rows than it may take. None: rows come only from enqueue.
        self.expander: Callable[[], tuple[int, int] | None] | None = None

    # -- new rows ------------------------------------------------------------------------------------

    def enqueue(
        self,
        chat: ChatKey,
        report_id: ReportId | None,
        *,
        kind: str = "alert",
        payload: dict[str, Any] | None = None,
        not_before: float = 0.0,
        state: DeliveryState = S.PENDING,
    ) -> int | None:
        """Queue a message; a second alert of the same report for the same chat is ignored.

        Returns the new row's id, or None when it was already queued.
        """
        with self._conn.transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO deliveries (chat, report_id, kind, state, payload, next_attempt, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    chat,
                    report_id,
                    kind,
                    DeliveryState(state).value,
                    json.dumps(payload or {}, ensure_ascii=False),
                    not_before,
                    _now(),
                ],
            )
            return cursor.lastrowid if cursor.rowcount else None

    def enqueue_alerts(self, chats: list[ChatKey], report_id: ReportId) -> int:
        """Queue one alert of a report for each chat in one statement; chats that have it already are skipped.

        Returns how many rows were queued.
        """
        if not chats:
            return 0
        created = _now()
        with self._conn.transaction() as db:
            cursor = db.conn.executemany(
                "INSERT OR IGNORE INTO deliveries (chat, report_id, kind, state, payload, next_attempt, created)"
                f" VALUES (?, ?, 'alert', '{S.PENDING.value}', '{{}}', 0, ?)",
                [(chat, report_id, created) for chat in chats],
            )
            return cursor.rowcount

    def queue_updates(self, alerted: dict[ChatKey, int], report_id: ReportId, incident_id: int) -> int:
        """``queue_update`` for every alerted chat (chat -> its alert's id) in one transaction; how many are new."""
        waiting: dict[ChatKey, int] = {}
        with self._conn.transaction() as db:
            chats = list(alerted)
            for start in range(0, len(chats), 500):  # the chats' own waiting rows, through (chat, state)
                part = chats[start : start + 500]
                rows = db.query(
                    f"SELECT chat, id FROM deliveries WHERE chat IN ({','.join('?' * len(part))})"
                    f" AND state IN ('{S.PENDING.value}', '{S.HELD.value}') AND kind = 'update'"
                    " AND json_extract(payload, '$.incident') = ? ORDER BY id",
                    [*part, incident_id],
                )
                for row in rows:
                    waiting.setdefault(row["chat"], row["id"])
            created = _now()
            reuse = [
                (report_id, json.dumps({"incident": incident_id, "original": alerted[c]}), waiting[c])
                for c in alerted
                if c in waiting
            ]
            db.conn.executemany("UPDATE deliveries SET report_id = ?, payload = ? WHERE id = ?", reuse)
            cursor = db.conn.executemany(
                "INSERT OR IGNORE INTO deliveries (chat, report_id, kind, state, payload, next_attempt, created)"
                f" VALUES (?, ?, 'update', '{S.PENDING.value}', ?, 0, ?)",
                [
                    (c, report_id, json.dumps({"incident": incident_id, "original": first}), created)
                    for c, first in alerted.items()
                    if c not in waiting
                ],
            )
            return cursor.rowcount

    def queue_update(self, chat: ChatKey, report_id: ReportId, incident_id: int, original: int) -> int | None:
        """Queue one toll update for a chat; an update still waiting for this incident is reused, not doubled."""
        payload = json.dumps({"incident": incident_id, "original": original})
        with self._conn.transaction() as db:
            waiting = list(
                db.query(
                    "SELECT id FROM deliveries WHERE chat = ? AND kind = 'update'"
                    f" AND state IN ('{S.PENDING.value}', '{S.HELD.value}')"
                    " AND json_extract(payload, '$.incident') = ?",
                    [chat, incident_id],
                )
            )
            if waiting:
                update = "UPDATE deliveries SET report_id = ?, payload = ? WHERE id = ?"
                db.execute(update, [report_id, payload, waiting[0]["id"]])
                return None
            cursor = db.execute(
                "INSERT OR IGNORE INTO deliveries (chat, report_id, kind, state, payload, next_attempt, created)"
                f" VALUES (?, ?, 'update', '{S.PENDING.value}', ?, 0, ?)",
                [chat, report_id, payload, _now()],
            )
            return cursor.lastrowid if cursor.rowcount else None

    # -- the sender's steps --------------------------------------------------------------------------

    def claim_due(
        self, limit: int = 50, *, now: float | None = None, exclude_chats: set[ChatKey] = frozenset()
    ) -> list[Delivery]:
        """Reserve up to ``limit`` due rows (state ``claimed``) and return them, oldest first.

        Fewer due rows than ``limit``: a recorded fan-out gives the next chunk of its rows first.
        """
        now = time.time() if now is None else now
        claimed = self._claim(limit, now, exclude_chats)
        while len(claimed) < limit and self.expander is not None and self.expander() is not None:
            claimed += self._claim(limit - len(claimed), now, exclude_chats)
        return claimed

    def _claim(self, limit: int, now: float, exclude_chats: set[ChatKey]) -> list[Delivery]:
        with self._conn.transaction() as db:
            rows = list(
                db.query(
                    f"SELECT * FROM deliveries WHERE state = '{S.PENDING.value}' AND next_attempt <= ?"
                    " ORDER BY next_attempt, id LIMIT ?",
                    [now, limit + len(exclude_chats) * 4],
                )
            )
            rows = [r for r in rows if r["chat"] not in exclude_chats][:limit]
            if rows:
                ids = [r["id"] for r in rows]
                db.execute(
                    f"UPDATE deliveries SET state = '{S.CLAIMED.value}'"
                    f" WHERE id IN ({','.join('?' * len(ids))}) AND {_from(S.CLAIMED)}",
                    ids,
                )
        return [delivery_from_row({**r, "state": S.CLAIMED.value}) for r in rows]

    def begin(self, delivery_id: int) -> None:
        """Record that this claimed row is about to go on the wire (committed before the call).

        Only a real send counts as an attempt: rows put back because their chat was busy, muted or
        rate-limited before the call keep their count.
        """
        with self._conn.transaction() as db:
            db.execute(
                f"UPDATE deliveries SET state = '{S.SENDING.value}', attempts = attempts + 1"
                f" WHERE id = ? AND {_from(S.SENDING)}",
                [delivery_id],
            )

    def release_claimed(self) -> int:
        """Rows a stopped process had reserved but never sent: back to pending (nothing to reconcile)."""
        with self._conn.transaction() as db:
            return db.execute(
                f"UPDATE deliveries SET state = '{S.PENDING.value}' WHERE state = '{S.CLAIMED.value}'"
            ).rowcount

    def mark_sent(self, delivery_id: int, message_ref: str | None = None) -> None:
        with self._conn.transaction() as db:
            db.execute(
                f"UPDATE deliveries SET state = '{S.SENT.value}', message_ref = ?, sent_at = ?, last_error = NULL"
                f" WHERE id = ? AND {_from(S.SENT)}",
                [message_ref, _now(), delivery_id],
            )
            # A chat that receives again is no longer on its way to being disabled.
            db.execute(
                "UPDATE chats SET failures = 0 WHERE failures > 0 AND key = (SELECT chat FROM deliveries WHERE id = ?)",
                [delivery_id],
            )

    def defer(self, delivery_id: int, delay: float, error: str | None = None) -> None:
        """Back to pending, not before ``delay`` seconds from now."""
        with self._conn.transaction() as db:
            db.execute(
                f"UPDATE deliveries SET state = '{S.PENDING.value}', next_attempt = ?, last_error = ?"
                f" WHERE id = ? AND {_from(S.PENDING)}",
                [time.time() + delay, error, delivery_id],
            )

    def defer_chat(self, chat: ChatKey, delay: float) -> None:
        """Hold every pending row of one chat (its rate limit), leaving other chats alone."""
        with self._conn.transaction() as db:
            db.execute(
                "UPDATE deliveries SET next_attempt = max(next_attempt, ?)"
                f" WHERE chat = ? AND state = '{S.PENDING.value}'",
                [time.time() + delay, chat],
            )

    def give_up(self, delivery_id: int, error: str) -> None:
        with self._conn.transaction() as db:
            db.execute(
                f"UPDATE deliveries SET state = '{S.FAILED.value}', last_error = ? WHERE id = ? AND {_from(S.FAILED)}",
                [error, delivery_id],
            )

    # -- digests -------------------------------------------------------------------------------------

    def hold(self, delivery_id: int, reason: str) -> None:
        """Keep an alert for the chat's next digest instead of sending it now."""
        with self._conn.transaction() as db:
            db.execute(
                f"UPDATE deliveries SET state = '{S.HELD.value}', last_error = ? WHERE id = ? AND {_from(S.HELD)}",
                [reason, delivery_id],
            )

    def release_held(self, chat: ChatKey) -> int:
        with self._conn.transaction() as db:
            return db.execute(
                f"UPDATE deliveries SET state = '{S.PENDING.value}', next_attempt = 0"
                f" WHERE chat = ? AND state = '{S.HELD.value}'",
                [chat],
            ).rowcount

    def digest(self, chat: ChatKey, held_ids: list[int], payload: dict[str, Any] | None) -> int | None:
        """Queue one digest row (none when ``payload`` is None) and mark ``held_ids`` digested, in one transaction."""
        with self._conn.transaction() as db:
            digest_id = None
            if payload is not None:
                cursor = db.execute(
                    "INSERT INTO deliveries (chat, report_id, kind, state, payload, next_attempt, created)"
                    f" VALUES (?, NULL, 'digest', '{S.PENDING.value}', ?, 0, ?)",
                    [chat, json.dumps(payload, ensure_ascii=False), _now()],
                )
                digest_id = cursor.lastrowid
            if held_ids:
                db.execute(
                    f"UPDATE deliveries SET state = '{S.DIGESTED.value}', last_error = NULL"
                    f" WHERE {_from(S.DIGESTED)} AND id IN ({','.join('?' * len(held_ids))})",
                    held_ids,
                )
            return digest_id

    # -- chats that move or go -----------------------------------------------------------------------

    def move_chat(self, old: ChatKey, new: ChatKey) -> None:
        """Carry a moved chat's unsent rows to its new id; what is already queued there fails under the old one."""
        with self._conn.transaction() as db:
            db.execute(
                f"UPDATE OR IGNORE deliveries SET chat = ? WHERE chat = ? AND state != '{S.SENT.value}'", [new, old]
            )
            db.execute(
                f"UPDATE deliveries SET state = '{S.FAILED.value}', last_error = ?"
                f" WHERE chat = ? AND {_from(S.FAILED)}",
                [f"moved to {new}, where it is already queued", old],
            )
            # Its place in recorded fan-outs (storage/fanout.py): the quoted key, as json.dumps wrote it.
            quoted = [json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False)]
            db.execute("UPDATE fanout SET chats = replace(chats, ?, ?) WHERE instr(chats, ?)", [*quoted, quoted[0]])

    def drop_waiting(self, chat: ChatKey) -> None:
        """Delete a forgotten chat's rows that were still to be sent (pending or held)."""
        with self._conn.transaction() as db:
            db.execute(
                f"DELETE FROM deliveries WHERE chat = ? AND state IN ('{S.PENDING.value}', '{S.HELD.value}')", [chat]
            )

    def prune_sent(self, before: datetime, batch: int = 5000) -> int:
        """Delete rows sent before ``before`` (history only), a batch per transaction so readers get turns."""
        total = 0
        while True:
            with self._conn.transaction() as db:
                deleted = db.execute(
                    "DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries"
                    f" WHERE state = '{S.SENT.value}' AND sent_at < ? LIMIT ?)",
                    [before.astimezone(UTC).isoformat(), batch],
                ).rowcount
            total += deleted
            if deleted < batch:
                return total

    # -- reads ---------------------------------------------------------------------------------------

    def in_flight(self) -> list[Delivery]:
        """Rows left ``sending`` by a process that stopped mid-send."""
        with self._conn.reading() as db:
            rows = db.query(f"SELECT * FROM deliveries WHERE state = '{S.SENDING.value}'")
            return [delivery_from_row(r) for r in rows]

    def get(self, delivery_id: int) -> Delivery | None:
        with self._conn.reading() as db:
            rows = list(db.query("SELECT * FROM deliveries WHERE id = ?", [delivery_id]))
        return delivery_from_row(rows[0]) if rows else None

    def for_chat(self, chat: ChatKey) -> list[Delivery]:
        with self._conn.reading() as db:
            return [
                delivery_from_row(r) for r in db.query("SELECT * FROM deliveries WHERE chat = ? ORDER BY id", [chat])
            ]

    def held(self, chat: ChatKey) -> list[Delivery]:
        with self._conn.reading() as db:
            rows = db.query(f"SELECT * FROM deliveries WHERE chat = ? AND state = '{S.HELD.value}' ORDER BY id", [chat])
            return [delivery_from_row(r) for r in rows]

    def depth(self) -> int:
        """How many messages wait to be sent (rows, and chats still in a recorded fan-out)."""
        waiting = ", ".join(f"'{s.value}'" for s in WAITING)
        with self._conn.reading() as db:
            rows = list(db.query(f"SELECT count(*) AS n FROM deliveries WHERE state IN ({waiting})"))
            recorded = next(db.query("SELECT total(json_array_length(chats)) AS n FROM fanout"))["n"]
        return rows[0]["n"] + int(recorded)

    def next_due(self) -> float | None:
        """When the next row is due; a recorded fan-out is due now."""
        with self._conn.reading() as db:
            if list(db.query("SELECT 1 FROM fanout LIMIT 1")):
                return 0.0
            rows = list(db.query(f"SELECT min(next_attempt) AS t FROM deliveries WHERE state = '{S.PENDING.value}'"))
        return rows[0]["t"]
