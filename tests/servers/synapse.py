"""A real Synapse homeserver on 127.0.0.1, for the Matrix tests.

Synapse is a test service, not a dependency of Marsad (it is AGPL and heavy), so it
lives in a virtual environment of its own (``.synapse-venv`` at the repository root,
or ``MARSAD_SYNAPSE_VENV``). ``ensure_venv()`` installs it once and reuses it after;
``Synapse.start()`` writes a loopback-only config, launches the server, and waits until
it answers. Users are registered through the shared-secret admin API.

Run it by hand: ``python -m tests.servers.synapse`` prints the URL and waits for Ctrl-C.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_VENV = REPO_ROOT / ".synapse-venv"
VENV_ENV = "MARSAD_SYNAPSE_VENV"
PACKAGE = "matrix-synapse"
INSTALL_TIMEOUT = 900.0
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
SERVER_NAME = "localhost"

# Every rate limit Synapse applies to local clients, relaxed for tests; the defaults
# (0.2 messages/s) turn ordinary test traffic into 429s. Room creation counts as a message.
_RELAXED = {"per_second": 1000, "burst_count": 1000}
RATE_LIMITS: dict[str, object] = {
    "rc_message": _RELAXED,
    "rc_registration": _RELAXED,
    "rc_registration_token_validity": _RELAXED,
    "rc_login": {"address": _RELAXED, "account": _RELAXED, "failed_attempts": _RELAXED},
    "rc_admin_redaction": _RELAXED,
    "rc_joins": {"local": _RELAXED, "remote": _RELAXED},
    "rc_joins_per_room": _RELAXED,
    "rc_3pid_validation": _RELAXED,
    "rc_invites": {"per_room": _RELAXED, "per_user": _RELAXED, "per_issuer": _RELAXED},
    "rc_third_party_invite": _RELAXED,
    "rc_room_creation": _RELAXED,
    "rc_media_create": _RELAXED,
    "rc_presence": {"per_user": _RELAXED},
    "rc_delayed_event_mgmt": _RELAXED,
    "rc_reports": _RELAXED,
    "rc_key_requests": _RELAXED,
}


class SynapseUnavailable(RuntimeError):
    """Synapse could not be installed here (no registry, no wheel): tests skip on this only."""


class SynapseError(RuntimeError):
    """Synapse was installed but misbehaved: tests fail on this, they never skip."""


def venv_path() -> Path:
    return Path(os.environ.get(VENV_ENV) or DEFAULT_VENV)


def _venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _imports_synapse(python: Path) -> bool:
    if not python.exists():
        return False
    probe = subprocess.run(
        [str(python), "-c", "import synapse.app.homeserver"],
        capture_output=True,
        timeout=120,
        env=_clean_env(),
    )
    return probe.returncode == 0


def ensure_venv(venv: Path | None = None) -> Path:
    """Return the Python of a venv where Synapse imports, installing it on first use.

    Idempotent and safe across concurrent test runs (an exclusive lock file beside the venv).
    """
    venv = venv or venv_path()
    python = _venv_python(venv)
    if _imports_synapse(python):
        return python
    venv.parent.mkdir(parents=True, exist_ok=True)
    lock_path = venv.parent / (venv.name + ".lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _imports_synapse(python):  # another run installed it while we waited
            return python
        steps = [
            [sys.executable, "-m", "venv", str(venv)],
            [str(python), "-m", "pip", "install", "-q", PACKAGE],
        ]
        for step in steps:
            try:
                done = subprocess.run(step, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise SynapseUnavailable(f"cannot install {PACKAGE}: {exc}") from exc
            if done.returncode != 0:
                tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
                raise SynapseUnavailable(f"cannot install {PACKAGE} into {venv}: {' | '.join(tail)}")
    if not _imports_synapse(python):
        raise SynapseUnavailable(f"{PACKAGE} installed into {venv} but does not import")
    return python


def _clean_env() -> dict[str, str]:
    """The environment for Synapse's processes, without our interpreter's path settings."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    """True when nothing listens on 127.0.0.1:port (so a readiness probe can only reach us)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) != 0


def homeserver_config(data_dir: Path, port: int, shared_secret: str) -> dict[str, object]:
    """A loopback-only, federation-free, test-speed homeserver config (see matrix/NOTES.md)."""
    config: dict[str, object] = {
        "server_name": SERVER_NAME,
        "public_baseurl": f"http://127.0.0.1:{port}/",
        "pid_file": str(data_dir / "homeserver.pid"),
        "listeners": [
            {
                "port": port,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client"], "compress": False}],
            }
        ],
        "database": {"name": "sqlite3", "args": {"database": str(data_dir / "homeserver.db")}},
        "media_store_path": str(data_dir / "media_store"),
        "signing_key_path": str(data_dir / "signing.key"),
        "registration_shared_secret": shared_secret,
        "macaroon_secret_key": secrets.token_hex(16),
        "form_secret": secrets.token_hex(16),
        "enable_registration": False,
        "report_stats": False,
        "enable_metrics": False,
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        "federation_domain_whitelist": [],
        "presence": {"enabled": False},
        "url_preview_enabled": False,
        "bcrypt_rounds": 4,
        **RATE_LIMITS,
    }
    return config


@dataclass
class Synapse:
    """One running homeserver: its URL, and helpers to register users and tune rate limits."""

    data_dir: Path
    port: int
    shared_secret: str
    process: subprocess.Popen[bytes] | None = None
    log_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log_path = self.data_dir / "homeserver.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def server_name(self) -> str:
        return SERVER_NAME

    # ---- lifecycle -------------------------------------------------------------------

    @classmethod
    def start(cls, data_dir: Path, *, python: Path | None = None, port: int | None = None) -> Synapse:
        """Write a config into ``data_dir``, launch Synapse and wait until it answers."""
        python = python or ensure_venv()
        data_dir = Path(data_dir).resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        port = port or free_port()
        if not port_is_free(port):
            raise SynapseError(f"port {port} on 127.0.0.1 is already in use")
        server = cls(data_dir=data_dir, port=port, shared_secret=secrets.token_hex(16))
        config_path = data_dir / "homeserver.yaml"
        # JSON is YAML, and saves us a yaml dependency in the test environment.
        config_path.write_text(json.dumps(homeserver_config(data_dir, port, server.shared_secret), indent=1))
        log = open(server.log_path, "ab")  # noqa: SIM115 - the child process owns it until stop()
        try:
            server.process = subprocess.Popen(
                [str(python), "-m", "synapse.app.homeserver", "-c", str(config_path)],
                cwd=data_dir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=_clean_env(),
                start_new_session=True,  # a Ctrl-C in the test terminal goes to pytest, not Synapse
            )
        finally:
            log.close()
        try:
            server.wait_ready()
        except BaseException:
            server.stop()
            raise
        return server

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=2.0) as http:
            while time.monotonic() < deadline:
                if self.process is not None and self.process.poll() is not None:
                    raise SynapseError(f"Synapse exited with status {self.process.returncode}: {self.log_tail()}")
                with contextlib.suppress(httpx.TransportError):
                    answer = http.get(f"{self.url}/_matrix/client/versions")
                    if answer.status_code == 200 and "versions" in answer.json():
                        return
                time.sleep(0.1)
        raise SynapseError(f"Synapse did not answer within {timeout:.0f}s: {self.log_tail()}")

    def stop(self) -> None:
        """SIGTERM, wait, and SIGKILL only if it will not go."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return " | ".join(text.strip().splitlines()[-lines:])

    def __enter__(self) -> Synapse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- users -----------------------------------------------------------------------

    def user_id(self, name: str) -> str:
        return f"@{name}:{SERVER_NAME}"

    def register(self, name: str, password: str, admin: bool = False) -> tuple[str, str]:
        """Create a user through the shared-secret admin API; return (user_id, access_token)."""
        endpoint = f"{self.url}/_synapse/admin/v1/register"
        with httpx.Client(timeout=30.0) as http:
            nonce = http.get(endpoint).raise_for_status().json()["nonce"]
            message = b"\x00".join(
                [nonce.encode(), name.encode(), password.encode(), b"admin" if admin else b"notadmin"]
            )
            mac = hmac.new(self.shared_secret.encode(), message, hashlib.sha1).hexdigest()
            answer = http.post(
                endpoint,
                json={"nonce": nonce, "username": name, "password": password, "admin": admin, "mac": mac},
            )
        if answer.status_code != 200:
            raise SynapseError(f"registering {name}: HTTP {answer.status_code} {answer.text[:200]}")
        body = answer.json()
        return body["user_id"], body["access_token"]

    def login(self, name: str, password: str, device_id: str | None = None) -> dict[str, str]:
        """Log in with a password; returns Synapse's answer (user_id, access_token, device_id)."""
        payload: dict[str, object] = {
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": name},
            "password": password,
        }
        if device_id:
            payload["device_id"] = device_id
        with httpx.Client(timeout=30.0) as http:
            answer = http.post(f"{self.url}/_matrix/client/v3/login", json=payload)
        if answer.status_code != 200:
            raise SynapseError(f"login {name}: HTTP {answer.status_code} {answer.text[:200]}")
        return answer.json()

    def override_ratelimit(self, user_id: str, messages_per_second: int, burst_count: int, admin_token: str) -> None:
        """Give one user its own message rate limit (0 and 0 would mean: none at all)."""
        endpoint = f"{self.url}/_synapse/admin/v1/users/{quote(user_id)}/override_ratelimit"
        with httpx.Client(timeout=30.0) as http:
            answer = http.post(
                endpoint,
                headers={"Authorization": f"Bearer {admin_token}"},
                json={"messages_per_second": messages_per_second, "burst_count": burst_count},
            )
        if answer.status_code != 200:
            raise SynapseError(f"override_ratelimit {user_id}: HTTP {answer.status_code} {answer.text[:200]}")

    def clear_ratelimit(self, user_id: str, admin_token: str) -> None:
        """Back to the server's (relaxed) defaults."""
        endpoint = f"{self.url}/_synapse/admin/v1/users/{quote(user_id)}/override_ratelimit"
        with httpx.Client(timeout=30.0) as http:
            answer = http.delete(endpoint, headers={"Authorization": f"Bearer {admin_token}"})
        if answer.status_code != 200:
            raise SynapseError(f"clear_ratelimit {user_id}: HTTP {answer.status_code} {answer.text[:200]}")


def main() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, Synapse.start(Path(tmp)) as server:
        print(f"Synapse at {server.url}; shared secret {server.shared_secret}; Ctrl-C stops it", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()


if __name__ == "__main__":
    main()
