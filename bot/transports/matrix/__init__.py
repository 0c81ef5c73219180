"""Matrix transport on matrix-nio: ``MatrixTransport`` serves ``mx:!room:server`` chats.

Parts: ``client`` (the nio boundary), ``session`` (device and sync position on disk),
``events`` (commands in message bodies), ``rooms`` (power levels, allow-list, upgrades),
``html`` and ``format`` (the ``m.notice`` content), ``transport`` (the sync loop and sending).
"""

from __future__ import annotations

from bot.transports.matrix.client import MatrixClient
from bot.transports.matrix.session import Session, StateStore
from bot.transports.matrix.transport import MatrixTransport, chat_key, room_of

__all__ = ["MatrixClient", "MatrixTransport", "Session", "StateStore", "chat_key", "room_of"]
