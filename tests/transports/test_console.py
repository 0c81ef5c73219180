"""The console transport's standard input: a terminal or pipe, a file, or /dev/null."""

from __future__ import annotations

import asyncio
import sys

from bot.transports import console


async def test_stdin_from_dev_null_is_an_end_of_input_not_a_loop_error(monkeypatch):
    errors: list[dict] = []
    asyncio.get_running_loop().set_exception_handler(lambda _loop, context: errors.append(context))
    with open("/dev/null") as null:
        monkeypatch.setattr(sys, "stdin", null)
        readline = await console._stdin_readline()
        assert readline is not None
        assert await asyncio.wait_for(readline(), 5) == b""
        await asyncio.sleep(0)  # let any callback the loop scheduled run
    assert errors == []


async def test_stdin_from_a_pipe_is_read_by_the_loop(monkeypatch):
    import os

    read_end, write_end = os.pipe()
    os.write(write_end, b"/latest\n")
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        monkeypatch.setattr(sys, "stdin", pipe)
        readline = await console._stdin_readline()
        assert await asyncio.wait_for(readline(), 5) == b"/latest\n"
        assert await asyncio.wait_for(readline(), 5) == b""


LONG = b"/search " + "ادلب ".encode() * 20_000  # about 180 KiB, no newline in it


async def test_a_line_over_the_limit_is_cut_and_its_tail_never_becomes_a_command(monkeypatch):
    import os

    read_end, write_end = os.pipe()
    with os.fdopen(read_end) as pipe:
        monkeypatch.setattr(sys, "stdin", pipe)
        readline = await console._stdin_readline()
        writer = asyncio.create_task(asyncio.to_thread(_write_and_close, write_end, LONG + b"\n/latest\n"))
        first = await asyncio.wait_for(readline(), 10)
        assert first == LONG[: console.MAX_LINE + 1]  # cut: longer than the limit, so "too long"
        assert await asyncio.wait_for(readline(), 10) == b"/latest\n"
        assert await asyncio.wait_for(readline(), 10) == b""
        await writer


def _write_and_close(fd: int, data: bytes) -> None:
    import os

    with os.fdopen(fd, "wb") as out:
        out.write(data)


def test_a_file_line_over_the_limit_is_cut_the_same_way(tmp_path):
    path = tmp_path / "commands.txt"
    path.write_bytes(b"/help\n" + LONG + b"\n/latest\n" + b"x" * console.MAX_LINE + b"\n")
    with path.open("rb") as stream:
        assert console._read_file_line(stream) == b"/help\n"
        assert console._read_file_line(stream) == LONG[: console.MAX_LINE + 1]
        assert console._read_file_line(stream) == b"/latest\n"
        assert console._read_file_line(stream) == b"x" * console.MAX_LINE + b"\n"  # exactly the limit is fine
        assert console._read_file_line(stream) == b""


def test_a_picture_is_saved_once_and_the_oldest_beyond_the_limit_go(tmp_path):
    import io

    from PIL import Image

    from bot.models import Picture, Reply
    from bot.transports.console import format_reply, save_picture

    def picture(shade: int) -> Picture:
        out = io.BytesIO()
        Image.new("RGB", (4, 4), (shade, 0, 0)).save(out, format="PNG")
        return Picture(out.getvalue(), 4, 4)

    folder = tmp_path / "pictures"
    first = save_picture(picture(1), folder, keep=3)
    assert save_picture(picture(1), folder, keep=3) == first and first.read_bytes() == picture(1).png
    for shade in range(2, 6):
        save_picture(picture(shade), folder, keep=3)
    assert len(list(folder.glob("*.png"))) == 3 and not first.exists()
    line = format_reply(Reply(text="map", picture=picture(9)), folder).splitlines()[-1]
    assert line.startswith("🖼 /") and line.endswith(".png")
