"""/unsubscribe [ID… or all]: end one, several or all of this chat's subscriptions."""

from __future__ import annotations

from bot.analysis.normalize import fold_digits
from bot.errors import UsageError
from bot.models import Reply
from handlers.context import Context
from handlers.registry import CommandSpec

MAX_ID = 2**63 - 1  # SQLite's largest integer; a larger id cannot exist
_ALL = {"", "all", "الكل", "الجميع", "كل"}


async def run(ctx: Context) -> list[Reply]:
    words = [w.lstrip("#") for w in fold_digits(ctx.args).replace(",", " ").replace("،", " ").lower().split()]
    if " ".join(words) in _ALL:
        removed = await ctx.store.subscriptions.remove(ctx.chat)
        return [Reply(text=ctx.t("cmd.unsubscribed", n=removed))]
    if not all(w.isdecimal() for w in words):  # isdigit() would pass '²', which int() refuses
        raise UsageError("cmd.usage_unsubscribe")
    ids = [int(w) for w in dict.fromkeys(words)]
    removed = sum([await ctx.store.subscriptions.remove(ctx.chat, i) for i in ids if i <= MAX_ID])
    if not removed:
        return [Reply(text=ctx.t("cmd.unsubscribe_none"))]
    return [Reply(text=ctx.t("cmd.unsubscribed", n=removed))]


SPEC = CommandSpec("unsubscribe", run, aliases=("unsub", "الغاء"), help_key="cmd.help_unsubscribe", changes_chat=True)
