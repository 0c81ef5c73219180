"""A faithful Telegram Bot API stand-in for tests: an aiohttp server on 127.0.0.1 at a random free port.

    async with TelegramStandIn() as tg:
        alice = tg.add_user("Alice")
        bot = telegram.Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url)
        tg.send_command(tg.private_chat(alice), alice, "start")
        ...
        await tg.wait_for_messages(alice.id, 1)
        tg.assert_no_violations()

Serves ``/bot{token}/{method}`` (GET query, POST form, JSON or multipart, method names case-insensitive) and
``/file/bot{token}/{path}``. Every call is checked against the Bot API spec, Telegram's text rules and flood
limits; the bot's mistakes are answered as Telegram would (or stricter) and recorded in ``violations``.
The control API (users, chats, user actions, faults, waiting) is inherited from ``StandInControl``.
"""

from __future__ import annotations

import json
import logging
import re
import time
from typing import Any

from aiohttp import web

from . import methods, photos, settings  # noqa: F401  (each registers its Bot API methods)
from .api import BotApi
from .control import StandInControl
from .models import ApiError, Call, Violation
from .spec import UploadedFile, check_call, find_method

logger = logging.getLogger(__name__)

NOT_FOUND = ApiError(404, "Not Found")
UNAUTHORIZED = ApiError(401, "Unauthorized")
_ATTACH_RE = re.compile(r"attach://([\w.-]+)")


class TelegramStandIn(StandInControl):
    """The HTTP face of the stand-in; see ``StandInControl`` for what tests can do with it."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, **options: Any) -> None:
        super().__init__(**options)
        self.host = host
        self.port = port
        self.api = BotApi(self)
        self._runner: web.AppRunner | None = None

    # -- lifecycle -------------------------------------------------------------------------------------
    async def start(self) -> TelegramStandIn:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        # handler_cancellation: a long poll whose client went away ends, so it cannot block the next one.
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> TelegramStandIn:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """The Bot API root, as ``TELEGRAM_API_URL`` expects it."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """python-telegram-bot's ``base_url`` (it appends the token and the method)."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    # -- HTTP ------------------------------------------------------------------------------------------
    async def _handle_method(self, request: web.Request) -> web.Response:
        self.request_paths.append(request.path_qs)
        self.notify()
        name = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return _answer(UNAUTHORIZED.to_json(), 401)
        spec = find_method(name)
        if spec is None:
            self._violate("unknown method", name, None, f"no Bot API method {name!r}")
            return _answer(NOT_FOUND.to_json(), 404)
        try:
            raw = await _read_params(request)
            status, body = await self._call(spec["name"], raw, request)
        except ApiError as exc:
            status, body = exc.code, exc.to_json()
        return _answer(body, status)

    async def _call(self, name: str, raw: dict[str, Any], request: web.Request) -> tuple[int, dict[str, Any]]:
        checked = check_call(name, raw)
        params = checked.params
        chat_ref = params.get("chat_id")
        for problem in checked.problems:
            self._violate(f"{problem.kind} parameter", name, chat_ref, problem.description)
        hard = [p for p in checked.problems if p.kind != "unknown" or self.strict]
        try:
            if hard:
                raise ApiError(400, f"Bad Request: {hard[0].description}")
            alive = lambda: request.transport is not None and not request.transport.is_closing()  # noqa: E731
            result = await self.api.dispatch(name, params, is_alive=alive)
        except ApiError as exc:
            if exc.violation:
                kind, _, detail = exc.violation.partition(": ")
                self._violate(kind, name, chat_ref, f"{exc.description} ({detail})" if detail else exc.description)
            self._record(name, params, exc.code, exc.description)
            return exc.code, exc.to_json()
        self._record(name, params, 200, None)
        return 200, {"ok": True, "result": result}

    async def _handle_file(self, request: web.Request) -> web.Response:
        self.request_paths.append(request.path_qs)
        if request.match_info["token"] != self.token:
            return _answer(UNAUTHORIZED.to_json(), 401)
        content = self.files.get(request.match_info["path"])
        if content is None:
            return _answer(NOT_FOUND.to_json(), 404)
        return web.Response(body=content, content_type="application/octet-stream")

    def _violate(self, kind: str, method: str, chat_id: Any, description: str) -> None:
        self.violations.append(Violation(kind, method, chat_id, description))
        logger.debug("stand-in violation: %s %s: %s", kind, method, description)
        self.notify()

    def _record(self, method: str, params: dict[str, Any], status: int, description: str | None) -> None:
        public = {k: v for k, v in params.items() if not k.startswith("_")}
        self.calls.append(Call(method, public, status, description, time.monotonic()))
        self.notify()


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Query string and body together, as Telegram reads them; files referenced by attach:// are folded in."""
    params: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return params
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise ApiError(400, "Bad Request: can't parse JSON encoded request body") from None
        if not isinstance(body, dict):
            raise ApiError(400, "Bad Request: JSON encoded request body must be an object")
        params.update(body)
        return params
    form = await request.post()
    files: dict[str, UploadedFile] = {}
    for key, value in form.items():
        if isinstance(value, web.FileField):
            files[key] = UploadedFile(value.filename, value.file.read())
        else:
            params[key] = value
    attached = {name for v in params.values() if isinstance(v, str) for name in _ATTACH_RE.findall(v)}
    for key, upload in files.items():
        if key not in attached:
            params[key] = upload
    return params


def _answer(body: dict[str, Any], status: int) -> web.Response:
    return web.Response(text=json.dumps(body, ensure_ascii=False), status=status, content_type="application/json")
