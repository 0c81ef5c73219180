"""Bot API methods about the bot itself: identity, webhook, command lists, descriptions, files."""

from __future__ import annotations

import re
from typing import Any

from .api import BotApi, method
from .control import scope_key
from .models import bad_request
from .text import check_length


@method("getMe")
async def get_me(api: BotApi, params: dict[str, Any]) -> dict[str, Any]:
    return api.control.bot.to_api() | {
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@method("deleteWebhook")
async def delete_webhook(api: BotApi, params: dict[str, Any]) -> bool:
    if params.get("drop_pending_updates"):
        api.control.updates.clear()
    return True


@method("getWebhookInfo")
async def get_webhook_info(api: BotApi, params: dict[str, Any]) -> dict[str, Any]:
    return {"url": "", "has_custom_certificate": False, "pending_update_count": len(api.control.updates)}


@method("setMyCommands")
async def set_my_commands(api: BotApi, params: dict[str, Any]) -> bool:
    commands = params["commands"]
    if len(commands) > 100:
        raise bad_request("too many commands", violation="bad commands")
    for command in commands:
        if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]):
            raise bad_request("BOT_COMMAND_INVALID", violation="bad commands")
        if not 1 <= len(command["description"].strip()) <= 256:
            raise bad_request("command description is empty or too long", violation="bad commands")
    language = _language(params)
    _check_scope_chat(api, params)
    api.control.commands[(scope_key(params.get("scope")), language)] = commands
    return True


@method("getMyCommands")
async def get_my_commands(api: BotApi, params: dict[str, Any]) -> list[dict[str, Any]]:
    _check_scope_chat(api, params)
    return api.control.commands.get((scope_key(params.get("scope")), _language(params)), [])


@method("deleteMyCommands")
async def delete_my_commands(api: BotApi, params: dict[str, Any]) -> bool:
    _check_scope_chat(api, params)
    api.control.commands.pop((scope_key(params.get("scope")), _language(params)), None)
    return True


def _language(params: dict[str, Any]) -> str:
    language = params.get("language_code") or ""
    if language and not re.fullmatch(r"[a-z]{2}", language):
        raise bad_request("invalid language code specified", violation="bad language_code")
    return language


def _check_scope_chat(api: BotApi, params: dict[str, Any]) -> None:
    scope = params.get("scope") or {}
    if "chat_id" in scope:
        api.find_chat(scope["chat_id"])


_BOT_TEXTS = {
    "description": ("description", 512),
    "short_description": ("short_description", 120),
    "name": ("name", 64),
}


def _bot_text_methods(setting: str) -> None:
    key, limit = _BOT_TEXTS[setting]
    camel = "".join(part.title() for part in setting.split("_"))

    @method(f"setMy{camel}")
    async def set_text(api: BotApi, params: dict[str, Any]) -> bool:
        check_length(params.get(key), limit, f"bot {setting.replace('_', ' ')} is too long")
        api.control.bot_texts[(setting, _language(params))] = params.get(key) or ""
        return True

    @method(f"getMy{camel}")
    async def get_text(api: BotApi, params: dict[str, Any]) -> dict[str, str]:
        texts = api.control.bot_texts
        language = _language(params)
        return {key: texts.get((setting, language), texts.get((setting, ""), ""))}


for _setting in _BOT_TEXTS:
    _bot_text_methods(_setting)


@method("getFile")
async def get_file(api: BotApi, params: dict[str, Any]) -> dict[str, Any]:
    content = api.control.files.get(params["file_id"])
    if content is None:
        raise bad_request("invalid file_id")
    file_id = params["file_id"]
    return {
        "file_id": file_id,
        "file_unique_id": file_id[-8:],
        "file_size": len(content),
        "file_path": file_id,
    }


@method("logOut")
async def log_out(api: BotApi, params: dict[str, Any]) -> bool:
    return True


@method("close")
async def close(api: BotApi, params: dict[str, Any]) -> bool:
    return True
