"""``marsad run`` as a real subprocess: feed its stdin, read its stdout and stderr, stop it with a signal."""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import ROOT

DEFAULT_TIMEOUT = 60.0


class MarsadProcess:
    """One running bot with its own data dir and inbox."""

    def __init__(self, workdir: Path, *, env: dict[str, str] | None = None, args: tuple[str, ...] = ()) -> None:
        self.workdir = workdir
        self.data = workdir / "data"
        self.inbox = workdir / "inbox"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("MARSAD_", "TELEGRAM_", "MATRIX_"))},
            "MARSAD_DATA_DIR": str(self.data),
            "MARSAD_INBOX": str(self.inbox),
            "MARSAD_HTTP": "off",
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": str(ROOT),
            **(env or {}),
        }
        self.args = args
        self.proc: subprocess.Popen[bytes] | None = None
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()

    def start(self) -> MarsadProcess:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", *self.args],
            cwd=self.workdir,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.stdout, True), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr, self.stderr, False), daemon=True).start()
        self.wait_for_log("marsad running")
        return self

    def _pump(self, stream, sink: list[str], notify: bool) -> None:
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            sink.append(line)
            if notify:
                self._lines.put(line)

    def send(self, line: str) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write((line + "\n").encode("utf-8"))
        self.proc.stdin.flush()

    def drop(self, source: Path, name: str | None = None) -> Path:
        """Put a report into the inbox the way a careful writer does: copy, then rename."""
        self.inbox.mkdir(parents=True, exist_ok=True)
        target = self.inbox / (name or source.name)
        tmp = self.inbox / f".{target.name}.part"
        shutil.copyfile(source, tmp)
        tmp.replace(target)
        return target

    def _wait(self, check: Callable[[], bool], what: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():
                return
            if self.proc is not None and self.proc.poll() is not None:
                raise AssertionError(f"marsad exited ({self.proc.returncode}) while waiting for {what}:\n{self.log}")
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}\nstdout:\n{self.output}\nstderr:\n{self.log}")

    def wait_for_output(self, pattern: str, *, count: int = 1, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Wait until ``pattern`` (a regex) has appeared ``count`` times on stdout; return stdout."""
        regex = re.compile(pattern)
        self._wait(lambda: len(regex.findall(self.output)) >= count, f"{pattern!r} x{count} on stdout", timeout)
        return self.output

    def wait_for_log(self, pattern: str, *, count: int = 1, timeout: float = DEFAULT_TIMEOUT) -> str:
        regex = re.compile(pattern)
        self._wait(lambda: len(regex.findall(self.log)) >= count, f"{pattern!r} x{count} in the log", timeout)
        return self.log

    @property
    def output(self) -> str:
        return "\n".join(self.stdout)

    @property
    def log(self) -> str:
        return "\n".join(self.stderr)

    def wait_exit(self, timeout: float = 30.0, failure: str = "") -> int:
        """The exit code once marsad ends on its own (it was already told to stop): no second signal, which
        would kill a process that is still winding down after "stopped"."""
        assert self.proc is not None
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError(f"marsad {failure or f'did not exit within {timeout}s'}:\n{self.log}") from None
        finally:
            time.sleep(0.1)  # let the reader threads take the last lines

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.wait_exit(timeout, f"did not stop within {timeout}s after signal {sig}")
