"""Telegram transport on python-telegram-bot 22: ``TelegramTransport`` serves ``tg:<chat>[/<topic>]`` chats.

Parts: ``transport`` (sending, editing, locating a send a crash hid, polling), ``inbound`` (updates into handler
contexts, replies back), ``errors`` (PTB's errors into Marsad's, token scrubbed), ``format`` (splitting to
Telegram's limits), ``keys`` (chat keys), ``pacing`` (one budget for alerts and replies), ``admins`` (who may
change a chat), ``channels`` (what /channel asks of Telegram), ``commands`` (the menu), ``ptb`` (PTB's
opt-ins: time periods as timedeltas, made here on import, before any PTB object exists).
"""

from __future__ import annotations

from bot.transports.telegram.commands import register_commands
from bot.transports.telegram.inbound import TelegramInbound
from bot.transports.telegram.keys import chat_key
from bot.transports.telegram.ptb import opt_in
from bot.transports.telegram.transport import TelegramTransport

opt_in()

__all__ = ["TelegramInbound", "TelegramTransport", "chat_key", "register_commands"]
