"""/help: the commands this user may run here."""

from __future__ import annotations

from bot.models import Reply
from handlers.context import Context
from handlers.registry import CommandSpec


async def run(ctx: Context) -> list[Reply]:
    from handlers import COMMANDS  # the registry imports this module

    lines = [ctx.t("cmd.help_header")]
    lines += [ctx.t(spec.help_key) for spec in COMMANDS.values() if spec.help_key and not spec.admin_only]
    admin = [ctx.t(spec.help_key) for spec in COMMANDS.values() if spec.help_key and spec.admin_only]
    if ctx.is_bot_admin and admin:
        lines += ["", ctx.t("cmd.help_admin_header"), *admin]
    return [Reply(text="\n".join(lines))]


SPEC = CommandSpec("help", run, help_key="cmd.help_help")
