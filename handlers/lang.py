"""/lang ar|en: the bot's language in this chat."""

from __future__ import annotations

from bot.errors import UsageError
from bot.models import Reply
from handlers.context import Context
from handlers.registry import CommandSpec


async def run(ctx: Context) -> list[Reply]:
    language = ctx.args.strip().lower()
    if language not in ("ar", "en"):
        raise UsageError("cmd.usage_lang")
    await ctx.store.chats.set_language(ctx.chat, language)
    ctx.language = language
    return [Reply(text=ctx.t("cmd.lang_set"))]


SPEC = CommandSpec("lang", run, aliases=("language", "لغة"), help_key="cmd.help_lang", changes_chat=True)
