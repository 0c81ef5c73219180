"""The supervisor: a crashing component restarts, an unfixable one stops the process, stop is clean."""

from __future__ import annotations

import asyncio

from bot import app as application
from bot.config import load
from bot.errors import ConfigError


def _app(tmp_path):
    settings = load({"MARSAD_DATA_DIR": str(tmp_path / "d"), "MARSAD_INBOX": str(tmp_path / "i"), "MARSAD_HTTP": "off"})
    app = application.build(settings)
    app.components.clear()
    return app


async def test_a_crashing_component_is_restarted_and_others_go_on(tmp_path):
    app = _app(tmp_path)
    runs = []
    steady = asyncio.Event()

    async def flaky(stop):
        runs.append(1)
        if len(runs) < 2:
            raise RuntimeError("boom")
        await stop.wait()

    async def other(stop):
        steady.set()
        await stop.wait()

    app.components.update(flaky=flaky, other=other)
    task = asyncio.create_task(application.run(app, install_signals=False))
    async with asyncio.timeout(10):
        while len(runs) < 2:
            await asyncio.sleep(0.01)
    await steady.wait()
    app.stop.set()
    await asyncio.wait_for(task, 10)
    assert len(runs) == 2 and app.fatal is None


async def test_a_config_error_stops_everything(tmp_path):
    app = _app(tmp_path)

    async def broken(stop):
        raise ConfigError("MATRIX_PASSWORD: the homeserver refused the login")

    async def other(stop):
        await stop.wait()

    app.components.update(broken=broken, other=other)
    await asyncio.wait_for(application.run(app, install_signals=False), 10)
    assert str(app.fatal) == "MATRIX_PASSWORD: the homeserver refused the login"
