"""The Telegram transport on python-telegram-bot 22: sends, edits, and finds sends a crash hid.

Started by the supervisor like PTB's starlettebot example (initialize, start,
updater.start_polling; stopped in reverse). Incoming updates are turned into
handler contexts by ``inbound``. Every Bot API call goes through
``errors``, so delivery only ever sees Marsad's errors, never the token.

Pacing: this transport owns the Pacer that the Sender also uses, so command replies
and alerts share one budget: ``GLOBAL_RATE`` messages/s overall, and per chat one
message every ``PRIVATE_INTERVAL`` (private) or ``GROUP_INTERVAL`` seconds (groups,
channels; 20/min), keyed by the real chat so forum topics share their group's limit.
"""

from __future__ import annotations

import asyncio
import html as htmllib
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, LinkPreviewOptions, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.delivery.again import send_again
from bot.errors import BadMessage, ChatGone, ChatMoved, DeliveryError, TransportDown
from bot.models import Chat, ChatKey, Picture, Reply
from bot.transports.inbound import Dispatch, MakeContext
from bot.transports.telegram.errors import convert, is_not_modified, telegram_errors
from bot.transports.telegram.format import split_html, split_text
from bot.transports.telegram.inbound import TelegramInbound
from bot.transports.telegram.keys import base_key, parse_key
from bot.transports.telegram.pacing import TelegramPacer
from handlers import Context
from storage import Store
from storage.front import AsyncStore

logger = logging.getLogger(__name__)

GLOBAL_RATE = 28.0  # Telegram allows about 30/s; the margin absorbs network jitter
PRIVATE_INTERVAL = 1.05  # 1 message/s per private chat
GROUP_INTERVAL = 3.1  # 20 messages/min per group or channel
PROBE_MAX = 50  # ids to look at past a chat's mark when locating a message
PROBE_MISSES = 5  # "not found" answers in a row that end the search
READY_TIMEOUT = 10.0  # how long a send waits for the connection (tests shorten it)
POLLING_ERROR_GRACE = 30.0  # seconds after a failed getUpdates during which polling counts as unhealthy
MAX_CALLBACK_DATA = 64
MAX_CAPTION = 1024  # characters of a photo's caption, after entity parsing
FILE_IDS_KEPT = 256  # uploaded pictures whose file_id is remembered for sending again
_TAG = re.compile(r"<[^>]*>")

Handle = Callable[[Update], Awaitable[None]]
T = TypeVar("T")


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """Inline buttons; a button whose data would exceed Telegram's 64 bytes is left out."""
    rows = []
    for row in reply.buttons:
        buttons = [
            InlineKeyboardButton(b.label, callback_data=b.data)
            for b in row
            if 0 < len(b.data.encode("utf-8")) <= MAX_CALLBACK_DATA
        ]
        if len(buttons) < len(row):
            logger.warning("dropped a button whose callback data is over %d bytes", MAX_CALLBACK_DATA)
        if buttons:
            rows.append(buttons)
    return InlineKeyboardMarkup(rows) if rows else None


def message_parts(reply: Reply) -> tuple[list[str], str | None]:
    """The texts to send for one reply (each within Telegram's limit) and their parse mode."""
    if reply.html:
        return split_html(reply.html), ParseMode.HTML
    return split_text(reply.text), None


def caption_of(reply: Reply) -> tuple[str, str | None] | None:
    """The reply as a photo caption and its parse mode, or None when it is too long for one (1,024 characters
    of visible text, counted in UTF-16 units as Telegram counts them)."""
    visible = htmllib.unescape(_TAG.sub("", reply.html)) if reply.html else reply.text
    if len(visible.strip().encode("utf-16-le")) // 2 > MAX_CAPTION:
        return None
    if reply.html:
        return reply.html, ParseMode.HTML
    return reply.text, None


def _cannot_hold(text: str) -> bool:
    """Telegram's answer for an edit of the wrong kind: text on a photo, or a caption on a text message."""
    return "there is no text in the message" in text or "there is no caption in the message" in text


NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class TelegramTransport:
    """Delivery's Transport for Telegram, plus the long-running part that receives updates."""

    name = "tg"
    global_rate = GLOBAL_RATE

    def __init__(self, token: str, api_url: str, store: Store | AsyncStore, *, handle: Handle | None = None) -> None:
        self.token = token
        self.api_url = api_url.rstrip("/")
        self.store = AsyncStore.over(store)
        self.secrets = (token,)
        self.pacer = TelegramPacer(GLOBAL_RATE)
        self.handle = handle  # Update -> None: the inbound side, set by run()
        self.application: Application = self._build()
        self.ready = asyncio.Event()
        self.stopping = asyncio.Event()  # set when run() stops: a reply waiting out a 429 gives up
        self._last_polling_error = 0.0
        self.username: str | None = None
        self._file_ids: OrderedDict[str, str] = OrderedDict()  # picture digest -> Telegram file_id

    def _build(self) -> Application:
        application = (
            ApplicationBuilder()
            .token(self.token)
            .base_url(f"{self.api_url}/bot")
            .base_file_url(f"{self.api_url}/file/bot")
            .concurrent_updates(64)
            .connection_pool_size(64)
            .connect_timeout(10)
            .read_timeout(20)
            .write_timeout(20)
            .pool_timeout(10)
            .get_updates_read_timeout(30)
            .job_queue(None)
            .build()
        )
        application.add_handler(TypeHandler(Update, self._on_update))
        application.add_error_handler(self._on_error)
        return application

    @property
    def bot(self):
        return self.application.bot

    # -- lifecycle -------------------------------------------------------------------------------
    async def run(
        self,
        stop: asyncio.Event,
        dispatch: Dispatch | None = None,
        make_context: MakeContext | None = None,
        *,
        on_ready: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """Poll for updates until ``stop``, answering commands with ``dispatch`` (bot/transports/inbound.py);
        then stop polling, the application, and its HTTP clients. Without ``dispatch`` it only sends."""
        if dispatch is not None:
            self.handle = TelegramInbound(self, dispatch, make_context or partial(Context, store=self.store)).handle
        application = self.application
        self.stopping.clear()
        try:
            with telegram_errors(self.secrets):
                await application.initialize()
        except DeliveryError:
            await self._shutdown(started=False)
            self.application = self._build()  # a fresh one for the supervisor's next attempt
            raise
        try:
            self.username = application.bot.username
            self.ready.set()
            logger.info("telegram: connected as @%s", self.username)
            if on_ready is not None:
                await on_ready()
            await application.start()
            await application.updater.start_polling(
                timeout=10,
                allowed_updates=["message", "callback_query", "my_chat_member"],
                drop_pending_updates=False,
                error_callback=self._on_polling_error,
            )
            await stop.wait()
        finally:
            self.stopping.set()
            await self._shutdown(started=True)

    async def _shutdown(self, *, started: bool) -> None:
        """Stop polling, let the commands in flight finish and answer (still ``ready``), then close."""
        application = self.application
        try:
            try:
                if started and application.updater is not None and application.updater.running:
                    await application.updater.stop()
                if started and application.running:
                    await application.stop()  # waits for the handlers running: their replies still go out
            finally:
                self.ready.clear()
            await application.shutdown()
        except (TelegramError, RuntimeError) as exc:
            logger.warning("telegram: unclean shutdown: %s", convert(exc, self.secrets))

    def _on_polling_error(self, exc: TelegramError) -> None:
        self._last_polling_error = time.time()
        logger.warning("telegram: polling failed, retrying: %s", convert(exc, self.secrets))

    @property
    def heartbeat(self) -> float | None:
        """Now while polling runs without recent errors, else None: /healthz goes stale when polling is stuck."""
        updater = self.application.updater
        polling = self.ready.is_set() and updater is not None and updater.running
        if polling and time.time() - self._last_polling_error > POLLING_ERROR_GRACE:
            return time.time()
        return None

    async def _on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        if self.handle is not None:
            await self.handle(update)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        exc = context.error
        if exc is None:
            return
        if isinstance(exc, TelegramError | DeliveryError):
            logger.warning("telegram: an update could not be handled: %s", convert(exc, self.secrets))
        else:
            logger.error("telegram: an update handler failed", exc_info=exc)

    async def _ready(self) -> None:
        if self.ready.is_set():
            return
        try:
            await asyncio.wait_for(self.ready.wait(), READY_TIMEOUT)
        except TimeoutError:
            raise TransportDown("Telegram is not connected yet") from None

    # -- delivery's Transport ----------------------------------------------------------------------
    def chat_interval(self, chat: Chat) -> float:
        return PRIVATE_INTERVAL if chat.kind == "private" else GROUP_INTERVAL

    async def send(self, chat: Chat, reply: Reply) -> str | None:
        """Send one reply (several messages when it is long); the reference is the last message's id."""
        return await self.deliver(chat.key, reply, paced_first=True)

    async def deliver(self, key: ChatKey, reply: Reply, *, paced_first: bool, kind: str | None = None) -> str | None:
        """Send ``reply`` to ``key``; the first message's slot was taken by the caller when ``paced_first``.

        Without ``paced_first`` it is a command's reply: it goes ahead of alerts, and each of its messages is
        sent again after a 429 (``_one``). So is a long alert's second and later part: the parts before it
        arrived, and the Sender's retry would send them again.
        """
        await self._ready()
        chat_id, thread_id = parse_key(key)
        parts, parse_mode = message_parts(reply)
        if not parts:
            raise BadMessage("empty message")
        markup = keyboard(reply)
        private = (kind or ("private" if chat_id > 0 else "group")) == "private"
        interval = PRIVATE_INTERVAL if private else GROUP_INTERVAL
        answer = not paced_first
        if reply.picture is not None and (caption := caption_of(reply)) is not None:
            # One message: the picture with the text as its caption.
            photo = partial(self._send_photo, chat_id, thread_id, reply.picture, caption, markup)
            message = await self._one(key, interval, photo, urgent=answer, again=answer, paced=paced_first)
            return str(message.message_id)
        ref = None
        for index, text in enumerate(parts):
            send = partial(
                self.bot.send_message,
                chat_id,
                text,
                parse_mode=parse_mode,
                message_thread_id=thread_id,
                reply_markup=markup if index == len(parts) - 1 else None,
                link_preview_options=NO_PREVIEW,
            )
            message = await self._one(
                key, interval, send, urgent=answer, again=answer or index > 0, paced=paced_first and index == 0
            )
            ref = str(message.message_id)
        if reply.picture is not None:  # the text was too long for a caption: the picture follows it
            await self._follow_with_picture(key, chat_id, thread_id, reply.picture, interval, urgent=answer)
        return ref

    async def _one(
        self,
        key: ChatKey,
        interval: float,
        call: Callable[[], Awaitable[T]],
        *,
        urgent: bool,
        again: bool,
        paced: bool,
    ) -> T:
        """One message: its pacing slot (unless the caller took it), then ``call``; sent ``again`` after a 429
        (bot/delivery/again.py) when nothing else would retry it alone. Otherwise (an alert's first message)
        the error goes to the Sender, which retries the row from the outbox."""

        async def attempt() -> T:
            if not paced:
                await self.pacer.slot(key, interval, urgent=urgent)
            try:
                with telegram_errors(self.secrets):
                    return await call()
            finally:
                self.pacer.sent(key, interval)

        if not again:
            return await attempt()
        return await send_again(
            attempt,
            chat=key,
            hold=self.pacer.hold_chat,
            stopping=self.stopping,
            transport=self.name,
            kind="command" if urgent else "alert",
        )

    async def _send_photo(
        self,
        chat_id: int,
        thread_id: int | None,
        picture: Picture,
        caption: tuple[str, str | None] | None,
        markup: InlineKeyboardMarkup | None,
    ) -> Message:
        """sendPhoto: by the file_id of an earlier upload of the same picture, else uploaded (multipart)."""
        text, parse_mode = caption if caption is not None else (None, None)
        file_id = self._file_ids.get(picture.digest)
        for photo in ([file_id] if file_id else []) + [InputFile(picture.png, filename=picture.name)]:
            try:
                with telegram_errors(self.secrets):
                    message = await self.bot.send_photo(
                        chat_id,
                        photo,
                        caption=text,
                        parse_mode=parse_mode,
                        message_thread_id=thread_id,
                        reply_markup=markup,
                    )
            except BadMessage as exc:
                if isinstance(photo, str) and "file" in str(exc).lower():  # the file_id expired: upload again
                    self._file_ids.pop(picture.digest, None)
                    continue
                raise
            if message.photo:
                self._file_ids[picture.digest] = message.photo[-1].file_id
                self._file_ids.move_to_end(picture.digest)
                while len(self._file_ids) > FILE_IDS_KEPT:
                    self._file_ids.popitem(last=False)
            return message
        raise BadMessage("the picture could not be sent")

    async def _follow_with_picture(
        self, key: ChatKey, chat_id: int, thread_id: int | None, picture: Picture, interval: float, *, urgent: bool
    ) -> None:
        """Send the picture after its text. The text has arrived, so this never raises: a 429 is waited out
        here (bot/delivery/again.py: a few times, briefly), and a picture that still cannot go is logged and
        dropped rather than sending the text twice."""
        photo = partial(self._send_photo, chat_id, thread_id, picture, None, None)
        try:
            await self._one(key, interval, photo, urgent=urgent, again=True, paced=False)
        except DeliveryError as exc:
            logger.warning("telegram: picture for %s dropped after its text: %s", key, exc)

    async def edit(self, chat: Chat, message_ref: str, reply: Reply) -> None:
        """Replace a message's text and buttons; an edit that changes nothing counts as done."""
        await self._ready()
        chat_id, _thread = parse_key(chat.key)
        parts, parse_mode = message_parts(reply)
        if not parts:
            raise BadMessage("empty message")
        try:
            with telegram_errors(self.secrets):
                await self.bot.edit_message_text(
                    parts[0],
                    chat_id=chat_id,
                    message_id=int(message_ref),
                    parse_mode=parse_mode,
                    reply_markup=keyboard(reply),
                    link_preview_options=NO_PREVIEW,
                )
        except BadMessage as exc:
            if is_not_modified(exc):
                return
            if not _cannot_hold(str(exc).lower()) or (caption := caption_of(reply)) is None:
                raise
            try:  # the message is a photo: its caption holds the text
                with telegram_errors(self.secrets):
                    await self.bot.edit_message_caption(
                        chat_id=chat_id,
                        message_id=int(message_ref),
                        caption=caption[0],
                        parse_mode=caption[1],
                        reply_markup=keyboard(reply),
                    )
            except BadMessage as again:
                if not is_not_modified(again):
                    raise

    async def locate(self, chat: Chat, reply: Reply) -> str | None:
        """Find ``reply`` if it was sent before a crash; its message id, or None when it did not arrive.

        The Bot API cannot list a chat's messages, but it can edit: editing message ``m`` to
        exactly the text and buttons of ``reply`` answers "message is not modified" if and only
        if ``m`` already is that message. Ids are probed upward from the chat's mark (the
        highest id this bot had recorded there), so the probe never touches a message the bot
        knew about; messages of other users answer "can't be edited" and are skipped; a run of
        "not found" means the end of the chat. Raises DeliveryError when it cannot tell yet.
        """
        await self._ready()
        chat_id, _thread = parse_key(chat.key)
        parts, parse_mode = message_parts(reply)
        if not parts:
            return None
        target = parts[-1]  # alerts are one message; for a long reply the last part proves it all arrived
        markup = keyboard(reply)
        caption = caption_of(reply) if reply.picture is not None else None
        since = await self.store.marks.high_water(base_key(chat.key))
        misses = 0
        for message_id in range(since + 1, since + 1 + PROBE_MAX):
            await self.pacer.slot("tg:probe", 0.0)
            try:
                if caption is not None:  # sent as a photo with this caption: probe the caption
                    await self.bot.edit_message_caption(
                        chat_id=chat_id,
                        message_id=message_id,
                        caption=caption[0],
                        parse_mode=caption[1],
                        reply_markup=markup,
                    )
                else:
                    await self.bot.edit_message_text(
                        target,
                        chat_id=chat_id,
                        message_id=message_id,
                        parse_mode=parse_mode,
                        reply_markup=markup,
                        link_preview_options=NO_PREVIEW,
                    )
            except BadRequest as exc:
                text = str(exc).lower()
                if "not modified" in text:
                    await self.store.marks.raise_to(base_key(chat.key), message_id)
                    return str(message_id)
                if "not found" in text and "chat" not in text:
                    misses += 1
                    if misses >= PROBE_MISSES:
                        return None
                    continue
                if "can't be edited" in text or _cannot_hold(text):  # another user's, or another kind
                    misses = 0
                    continue
                error = convert(exc, self.secrets)
                if isinstance(error, ChatGone | ChatMoved):
                    return None  # it cannot have arrived there either way; the send will say what happened
                raise error from None
            except TelegramError as exc:
                error = convert(exc, self.secrets)
                if isinstance(error, ChatGone | ChatMoved):
                    return None
                raise error from None
            # The edit changed a bot message the bot had not recorded: a reply in flight at the crash.
            # It now shows this alert, so the alert has arrived once.
            logger.warning("locate: %s in %s was an unrecorded bot message: now the alert", message_id, chat.key)
            await self.store.marks.raise_to(base_key(chat.key), message_id)
            return str(message_id)
        return None
