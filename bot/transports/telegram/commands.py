"""The command menu Telegram shows (setMyCommands), in Arabic and English, from the handlers' help lines."""

from __future__ import annotations

import logging

from telegram import BotCommand

from bot.errors import DeliveryError
from bot.i18n import LANGUAGES, t
from bot.transports.telegram.errors import telegram_errors
from bot.transports.telegram.transport import TelegramTransport
from handlers import COMMANDS

logger = logging.getLogger(__name__)


def _description(line: str) -> str:
    """ "/latest [N] … — the most recent reports" -> "the most recent reports" (1–256 characters)."""
    _, sep, text = line.partition(" — ")
    return (text if sep else line).strip()[:256] or "…"


def bot_commands(language: str) -> list[BotCommand]:
    commands = [
        BotCommand(spec.name, _description(t(language, spec.help_key)))
        for spec in COMMANDS.values()
        if spec.help_key and not spec.admin_only
    ]
    commands.append(BotCommand("channel", _description(t(language, "tg.help_channel"))))
    return commands


async def register_commands(transport: TelegramTransport, default_language: str) -> None:
    """Set the menu for Arabic and English clients, and the default language's for everyone else."""
    try:
        with telegram_errors(transport.secrets):
            for language in LANGUAGES:
                await transport.bot.set_my_commands(bot_commands(language), language_code=language)
            await transport.bot.set_my_commands(bot_commands(default_language))
    except DeliveryError as exc:
        logger.warning("telegram: could not set the command menu: %s", exc)
