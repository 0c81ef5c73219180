"""The console transport: alerts printed to standard output, commands read from standard input.

The simplest transport, and the one used with no chat network configured: one
local user in one chat (``console:local``) who is that chat's administrator.
"""

from __future__ import annotations

import asyncio
import logging
import os
import stat
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import BinaryIO, TextIO

from bot.i18n import t
from bot.models import Chat, Picture, Reply
from bot.transports.inbound import Dispatch, MakeContext
from handlers import parse_command

logger = logging.getLogger(__name__)

CHAT = "console:local"
RULE = "─" * 40
MAX_LINE = 64 * 1024  # bytes in one command line; a longer line is answered "too long" and dropped whole
_CHUNK = 64 * 1024


KEEP_PICTURES = 200  # the console keeps this many pictures in its folder; older ones are deleted


def save_picture(picture: Picture, directory: Path, *, keep: int = KEEP_PICTURES) -> Path:
    """Write a picture once (named by its digest) and return its absolute path; the oldest beyond ``keep`` go."""
    directory.mkdir(parents=True, exist_ok=True)
    stem, _, suffix = picture.name.rpartition(".")
    path = (directory / f"{stem or 'picture'}-{picture.digest[:16]}.{suffix or 'png'}").resolve()
    if not path.exists():
        partial = path.with_suffix(".part")
        partial.write_bytes(picture.png)
        partial.replace(path)  # a reader never sees half a PNG
    now = time.time_ns()  # set, not left to the file system's coarse clock: the order of saves is exact
    os.utime(path, ns=(now, now))
    saved = sorted(directory.glob("*.png"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in saved[keep:]:
        old.unlink(missing_ok=True)
    return path


def format_reply(reply: Reply, picture_dir: Path | None = None) -> str:
    """The reply as console text; a picture is saved under ``picture_dir`` and its path printed."""
    lines = [reply.text]
    for row in reply.buttons:
        lines.append("  ".join(f"[{b.label}: {b.data}]" for b in row))
    if reply.picture is not None:
        if picture_dir is not None:
            lines.append(f"🖼 {save_picture(reply.picture, picture_dir)}")
        else:
            lines.append(f"🖼 ({reply.picture.width}×{reply.picture.height} PNG, not saved)")
    return "\n".join(lines)


class ConsoleTransport:
    name = "console"
    global_rate = 0.0  # no limit

    def __init__(self, *, output: TextIO | None = None, picture_dir: Path | None = None) -> None:
        self.output = output or sys.stdout
        self.picture_dir = picture_dir  # where pictures (maps, charts) are written; None: not saved
        self._count = 0
        # Shown when the console starts, before stdin is read: a line to print, then commands run as if typed.
        self.intro: list[str] = []
        self.intro_commands: list[str] = []

    def chat_interval(self, chat: Chat) -> float:
        return 0.0

    def _print(self, text: str) -> None:
        self.output.write(text + "\n")
        self.output.flush()

    async def send(self, chat: Chat, reply: Reply) -> str | None:
        self._count += 1
        self._print(f"{RULE}\n🔔 {format_reply(reply, self.picture_dir)}\n{RULE}")
        return str(self._count)

    async def edit(self, chat: Chat, message_ref: str, reply: Reply) -> None:
        self._print(f"{RULE}\n✏️ (#{message_ref}) {format_reply(reply, self.picture_dir)}\n{RULE}")

    async def answer(self, replies: list[Reply]) -> None:
        for reply in replies:
            self._print(format_reply(reply, self.picture_dir))

    async def run(self, stop: asyncio.Event, dispatch: Dispatch, make_context: MakeContext) -> None:
        """Read commands from stdin until EOF or stop; EOF leaves the rest of the bot running."""
        for line in self.intro:
            self._print(line)
        for text in self.intro_commands:
            await self._command(text, dispatch, make_context)
        self.intro, self.intro_commands = [], []  # once, not again after a restart
        readline = await _stdin_readline()
        if readline is None:
            return
        while not stop.is_set():
            line_task = asyncio.ensure_future(readline())
            stop_task = asyncio.ensure_future(stop.wait())
            done, _ = await asyncio.wait({line_task, stop_task}, return_when=asyncio.FIRST_COMPLETED)
            stop_task.cancel()
            if line_task not in done:
                line_task.cancel()
                return
            raw = line_task.result()
            if not raw:
                return  # EOF
            if len(raw.rstrip(b"\r\n")) > MAX_LINE:
                await self._too_long(make_context)
                continue
            text = raw.decode("utf-8", errors="replace").strip()
            if text:
                await self._command(text, dispatch, make_context)

    async def _command(self, text: str, dispatch: Dispatch, make_context: MakeContext) -> None:
        command = parse_command(text, bare=True)
        if command is None:
            await self.answer([Reply(text="?")])
            return
        ctx = make_context(chat=CHAT, user="console:local", command=command.name, args=command.args)
        await self.answer(await dispatch(ctx))

    async def _too_long(self, make_context: MakeContext) -> None:
        ctx = make_context(chat=CHAT, user="console:local", command="", args="")
        chat = await ctx.store.chats.get(CHAT)
        language = chat.language if chat is not None else ctx.language
        logger.warning("console: dropped a command line over %d KiB", MAX_LINE // 1024)
        await self.answer([Reply(text=t(language, "cmd.too_long", kib=MAX_LINE // 1024))])


class LineReader:
    """Lines of at most ``limit`` + 1 bytes from a StreamReader: a longer line is cut there and its rest dropped.

    StreamReader.readline raises on a line over its limit and then hands out the
    line's tail as if it were the next line; this reads chunks and splits them itself.
    """

    def __init__(self, reader: asyncio.StreamReader, limit: int = MAX_LINE) -> None:
        self.reader = reader
        self.limit = limit
        self._buffer = bytearray()
        self._eof = False

    async def readline(self) -> bytes:
        """The next line with its newline, cut to ``limit + 1`` bytes when longer; b"" at the end of input."""
        cut: bytes | None = None  # the head of a line that is too long, while its rest is dropped
        while True:
            end = self._buffer.find(b"\n")
            if end >= 0:
                line = bytes(self._buffer[: end + 1])
                del self._buffer[: end + 1]
                return cut if cut is not None else _cut(line, self.limit)
            if self._eof:
                line, self._buffer = bytes(self._buffer), bytearray()
                return cut if cut is not None else _cut(line, self.limit)
            if len(self._buffer) > self.limit:
                cut = cut if cut is not None else bytes(self._buffer[: self.limit + 1])
                self._buffer.clear()
            chunk = await self.reader.read(_CHUNK)
            if not chunk:
                self._eof = True
            self._buffer += chunk


def _cut(line: bytes, limit: int) -> bytes:
    return line if len(line.rstrip(b"\r\n")) <= limit else line[: limit + 1]


def _read_file_line(stream: BinaryIO, limit: int = MAX_LINE) -> bytes:
    """One line of a file (blocking), cut like LineReader's."""
    line = stream.readline(limit + 2)
    if len(line) <= limit + 1 or line.endswith(b"\n"):
        return _cut(line, limit)
    while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
        pass  # drop the rest of the long line
    return line[: limit + 1]


async def _stdin_readline() -> Callable[[], Awaitable[bytes]] | None:
    """A coroutine function reading one line of stdin: a pipe or terminal without threads, a file with one."""
    if sys.stdin is None or sys.stdin.closed:
        return None
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (ValueError, OSError):
        return None
    if not (stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or sys.stdin.isatty()):
        # A file, or /dev/null (systemd, nohup, docker run -d): epoll refuses it, and only later, in a callback.
        return lambda: asyncio.to_thread(_read_file_line, sys.stdin.buffer)
    try:
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin.buffer)
    except (ValueError, OSError):  # a regular file (or /dev/null) cannot be watched by the event loop
        return lambda: asyncio.to_thread(_read_file_line, sys.stdin.buffer)
    return LineReader(reader).readline
