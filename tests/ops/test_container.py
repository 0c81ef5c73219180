"""The container recipe, read as Docker would: stages, user, volume, environment, entry point, health check.

No Docker engine runs here, so the Dockerfile is parsed, and its HEALTHCHECK command is run for real
against a health server that is fresh, then stale. ``.ci/build-stage-check`` performs the build stage.
"""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.health import HealthServer, Heartbeats
from tests.ops.conftest import ROOT


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str

    @property
    def words(self) -> list[str]:
        return json.loads(self.args) if self.args.startswith("[") else shlex.split(self.args)


def parse(path: Path) -> list[list[Instruction]]:
    """Instructions grouped by stage (a new stage at each FROM), continuation lines joined."""
    stages: list[list[Instruction]] = []
    logical = ""
    for line in path.read_text().splitlines():
        if not logical and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            logical += line.rstrip()[:-1] + " "
            continue
        logical += line
        keyword, _, args = logical.strip().partition(" ")
        logical = ""
        instruction = Instruction(keyword.upper(), args.strip())
        if instruction.keyword == "FROM":
            stages.append([])
        stages[-1].append(instruction)
    return stages


def one(stage: list[Instruction], keyword: str) -> Instruction:
    found = [i for i in stage if i.keyword == keyword]
    assert len(found) == 1, f"expected one {keyword}, got {found}"
    return found[0]


def environment(stage: list[Instruction]) -> dict[str, str]:
    env: dict[str, str] = {}
    for instruction in stage:
        if instruction.keyword == "ENV":
            env.update(word.split("=", 1) for word in shlex.split(instruction.args))
    return env


STAGES = parse(ROOT / "Dockerfile")
BUILD, RUNTIME = STAGES[0], STAGES[-1]


def test_two_stages_on_python_slim_wheels_built_first() -> None:
    assert len(STAGES) == 2
    assert BUILD[0].words == ["python:3.11-slim", "AS", "build"]
    assert RUNTIME[0].words == ["python:3.11-slim"]
    assert any(i.keyword == "RUN" and "pip wheel" in i.args and "/wheels" in i.args for i in BUILD)
    assert any(i.keyword == "COPY" and i.words[:2] == ["--from=build", "/wheels"] for i in RUNTIME)
    install = next(i.args for i in RUNTIME if i.keyword == "RUN" and "pip install" in i.args)
    assert "--no-index" in install and "--find-links=/wheels" in install  # nothing fetched in the runtime stage
    assert not any(i.keyword == "COPY" and i.words[0] in ("bot", ".") for i in RUNTIME)  # code only via wheels


def test_runs_as_a_non_root_user_with_data_in_one_volume() -> None:
    user = one(RUNTIME, "USER").args
    assert user not in ("root", "0") and not user.startswith(("root:", "0:"))
    assert f"useradd --system --uid 10001 --gid {user}" in next(i.args for i in RUNTIME if "useradd" in i.args)
    assert one(RUNTIME, "VOLUME").words == ["/data"]
    env = environment(RUNTIME)
    assert env["MARSAD_DATA_DIR"] == "/data"
    assert env["MARSAD_INBOX"] == "/data/inbox"
    assert env["MARSAD_HTTP"] == "0.0.0.0:8080"
    assert not [k for k in env if k.startswith(("TELEGRAM_", "MATRIX_"))]  # secrets come at run time
    # USER comes after the steps that need root, and /data belongs to that user.
    keywords = [i.keyword for i in RUNTIME]
    assert keywords.index("USER") > max(i for i, k in enumerate(keywords) if k == "RUN")
    assert "chown -R marsad:marsad /data" in next(i.args for i in RUNTIME if "useradd" in i.args)


def test_entry_point_signal_and_seeds() -> None:
    assert one(RUNTIME, "ENTRYPOINT").words == ["marsad"]
    assert one(RUNTIME, "CMD").words == ["run"]
    assert one(RUNTIME, "STOPSIGNAL").args == "SIGTERM"
    assert one(RUNTIME, "EXPOSE").args == "8080"
    workdir = one(RUNTIME, "WORKDIR").args
    assert any(i.keyword == "COPY" and i.words == ["seeds", "./seeds"] for i in RUNTIME) and workdir == "/app"


def healthcheck_command() -> list[str]:
    check = one(RUNTIME, "HEALTHCHECK").args
    options, _, command = check.partition("CMD ")
    assert "--interval=" in options and "--timeout=" in options
    words = json.loads(command)
    assert words[:2] == ["python", "-c"]
    assert "/healthz" in words[2] and "urllib" in words[2] and "curl" not in check
    return [sys.executable, "-c", words[2]]


async def test_healthcheck_command_passes_on_200_and_fails_on_503() -> None:
    beats = Heartbeats()
    beats.expect("sender", 3600)
    beats.beat("sender")
    server = HealthServer(beats, "127.0.0.1", 0)
    await server.start()
    env = {**os.environ, "MARSAD_HTTP": f"0.0.0.0:{server.port}"}

    async def check() -> tuple[int, str]:
        proc = await asyncio.create_subprocess_exec(
            *healthcheck_command(), env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        _out, err = await proc.communicate()
        return proc.returncode or 0, err.decode()

    try:
        assert await check() == (0, "")
        beats.beat("sender", at=0.0)  # the delivery loop last ran in 1970: stuck
        code, err = await check()
        assert code == 1 and err.startswith("unhealthy: HTTP Error 503")
    finally:
        await server.close()
    code, err = await check()  # nothing listening at all
    assert code == 1 and err.startswith("unhealthy:")


def test_compose_example_uses_the_volume_and_an_env_file() -> None:
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    service = compose["services"]["marsad"]
    assert service["build"] == "."
    assert service["env_file"] == ["marsad.env"]
    assert "marsad-data:/data" in service["volumes"] and "marsad-data" in compose["volumes"]
    assert not any("TOKEN" in str(k) or "PASSWORD" in str(k) for k in (service.get("environment") or {}))
    assert "marsad.env" in (ROOT / "marsad.env").parent.joinpath(".dockerignore").read_text().split()


def test_build_stage_check_exists_and_is_wired_into_ci() -> None:
    script = ROOT / ".ci" / "build-stage-check"
    assert os.access(script, os.X_OK)
    text = script.read_text()
    assert "pip wheel" in text and "--no-index" in text and 'marsad" --help' in text
    assert ".ci/build-stage-check" in (ROOT / ".ci" / "run").read_text()
