"""Settings from the environment and an optional TOML file.

This is the one module that reads the environment. ``load()`` takes a mapping so
tests can pass a plain dict. Every field matches a row of CONTRACT.md's table.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import ConfigError
from bot.safe_files import FileRefused, read_regular

DEFAULT_DATA_DIR = "./data"
DEFAULT_INBOX = "./inbox"
DEFAULT_FEED_INTERVAL = 300
DEFAULT_OUTBOX_DAYS = 30
DEFAULT_INBOX_SETTLE = 2.0
DEFAULT_ANALYSIS_BUDGET = 10.0  # seconds per report; 5 MB of text reads in about 5 s on one slow core
DEFAULT_LANGUAGE = "ar"
DEFAULT_HTTP = "127.0.0.1:8080"
DEFAULT_TELEGRAM_API_URL = "https://api.telegram.org"
DEFAULT_CONFIG_FILE = "marsad.toml"
LANGUAGES = ("ar", "en")
EVENT_GATES = ("auto", "on", "off")  # MARSAD_EVENT_GATE: as the gate's weights file says, always, never
MAX_CONFIG_BYTES = 1 << 20  # a settings file is a few hundred bytes


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path = Path(DEFAULT_DATA_DIR)  # SQLite database and state
    inbox: Path = Path(DEFAULT_INBOX)  # folder watched for new report files
    inbox_settle: float = DEFAULT_INBOX_SETTLE  # seconds a file written in place must stay unchanged to be taken
    feeds: str | None = None  # comma-separated URLs, or a file of URLs, or an OPML file
    feed_interval: int = DEFAULT_FEED_INTERVAL  # default seconds between polls of a feed
    feeds_allow_private: bool = False  # allow loopback and private feed URLs
    fetch_articles: bool = False  # fetch the article page of teaser-only feed entries (needs marsad[articles])
    admins: tuple[str, ...] = ()  # chat user ids allowed admin commands
    language: str = DEFAULT_LANGUAGE  # bot's language for new chats
    http: str | None = DEFAULT_HTTP  # health and metrics address, None when off
    log_format: str = "text"  # text | json
    retention_days: int | None = None  # delete stored reports older than this
    outbox_days: int = DEFAULT_OUTBOX_DAYS  # delete sent outbox rows older than this
    analysis_budget: float | None = DEFAULT_ANALYSIS_BUDGET  # seconds of analysis per report; None: no limit
    event_gate: str = "auto"  # auto | on | off: whether the learned event gate drops candidates (event_gate_switch)
    telegram_bot_token: str | None = field(default=None, repr=False)  # enables Telegram
    telegram_api_url: str = DEFAULT_TELEGRAM_API_URL  # Bot API root
    matrix_homeserver: str | None = None  # enables Matrix
    matrix_user_id: str | None = None
    matrix_password: str | None = field(default=None, repr=False)
    matrix_access_token: str | None = field(default=None, repr=False)
    matrix_invite_allow: tuple[str, ...] = ()  # MATRIX_INVITE_ALLOW: users/servers whose invites are accepted

    @property
    def database_path(self) -> Path:
        return self.data_dir / "marsad.db"

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must never appear in a log line or an error."""
        values = (self.telegram_bot_token, self.matrix_password, self.matrix_access_token)
        return tuple(v for v in values if v)

    @property
    def event_gate_switch(self) -> bool | None:
        """``analyze``'s ``gate``: None (auto) leaves it to the weights file's ``# on``."""
        return gate_switch(self.event_gate)

    @property
    def http_address(self) -> tuple[str, int] | None:
        if self.http is None:
            return None
        host, _, port = self.http.rpartition(":")
        return host or "127.0.0.1", int(port)


def gate_switch(value: str) -> bool | None:
    """``MARSAD_EVENT_GATE``'s value (auto, on, off) as ``analyze``'s ``gate`` parameter (None, True, False)."""
    return {"auto": None, "on": True, "off": False}[value]


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _boolean(key: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{key}: expected true or false, got {value!r}")


def _integer(key: str, value: str, *, minimum: int = 0) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise ConfigError(f"{key}: expected a whole number, got {value!r}") from None
    if number < minimum:
        raise ConfigError(f"{key}: expected at least {minimum}, got {number}")
    return number


def _seconds(key: str, value: str, *, maximum: float = 86_400.0) -> float:
    try:
        number = float(value.strip())
    except ValueError:
        raise ConfigError(f"{key}: expected a number of seconds, got {value!r}") from None
    if not 0 <= number <= maximum:  # also refuses nan and inf
        raise ConfigError(f"{key}: expected between 0 and {maximum:g} seconds, got {value.strip()}")
    return number


def _seconds_or_off(key: str, value: str) -> float | None:
    if value.strip().lower() == "off":
        return None
    try:
        number = float(value.strip())
    except ValueError:
        raise ConfigError(f"{key}: expected a number of seconds or off, got {value!r}") from None
    if not 0 <= number < 1e9:  # also refuses nan and inf
        raise ConfigError(f"{key}: expected a number of seconds (0 or off: no limit), got {value!r}")
    return number or None


def _http(key: str, value: str) -> str | None:
    if value.strip().lower() == "off":
        return None
    _host, sep, port = value.strip().rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ConfigError(f"{key}: expected HOST:PORT or off, got {value!r}")
    return value.strip()


def _choice(key: str, value: str, choices: tuple[str, ...]) -> str:
    if value.strip().lower() not in choices:
        raise ConfigError(f"{key}: expected one of {', '.join(choices)}, got {value!r}")
    return value.strip().lower()


def _url(key: str, value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ConfigError(f"{key}: expected an http(s) URL, got {value!r}")
    return value.rstrip("/")


def _check_folder(key: str, path: Path) -> None:
    """A folder may not exist yet (it is created), but must not be a file."""
    if path.exists() and not path.is_dir():
        raise ConfigError(f"{key}: {str(path)!r} is a file, not a folder")


def _read_toml(path: Path) -> dict[str, str]:
    try:
        raw, _ = read_regular(path, max_bytes=MAX_CONFIG_BYTES, what="config file")  # never a FIFO or a device
        # utf-8-sig: Windows editors save a BOM, which tomllib refuses as an invalid statement
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except FileRefused as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    out: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, list):
            value = ",".join(str(v) for v in value)
        out[key.upper() if key.upper().startswith(("TELEGRAM_", "MATRIX_")) else "MARSAD_" + key.upper()] = str(value)
    return out


def _merged(environ: Mapping[str, str] | None, toml_path: Path | None) -> dict[str, str]:
    """The raw values: the TOML file (the one given, or ./marsad.toml if present) overlaid by the environment."""
    env = dict(os.environ if environ is None else environ)
    explicit = toml_path is not None
    path = toml_path or Path(DEFAULT_CONFIG_FILE)
    merged: dict[str, str] = {}
    if explicit or path.exists():  # a FIFO or a device is refused by _read_toml, not taken for "no file"
        if explicit and not path.exists():
            raise ConfigError(f"--config: no such file: {path}")
        merged.update(_read_toml(path))
    merged.update({k: v for k, v in env.items() if k.startswith(("MARSAD_", "TELEGRAM_", "MATRIX_"))})
    return merged


def _event_gate(merged: Mapping[str, str]) -> str:
    value = merged.get("MARSAD_EVENT_GATE")
    return _choice("MARSAD_EVENT_GATE", value, EVENT_GATES) if value else "auto"


def load_event_gate(environ: Mapping[str, str] | None = None, toml_path: Path | None = None) -> str:
    """``MARSAD_EVENT_GATE`` alone, for ``marsad analyze``: it reads no other setting, so an unrelated one (a
    Telegram token, a data folder) never stops it."""
    return _event_gate(_merged(environ, toml_path))


def load(environ: Mapping[str, str] | None = None, toml_path: Path | None = None) -> Settings:
    """Build Settings from a TOML file (optional) overlaid by the environment.

    Raises ConfigError with a one-line message naming the offending key.
    """
    merged = _merged(environ, toml_path)

    def get(key: str) -> str | None:
        value = merged.get(key)
        return value if value not in (None, "") else None

    kwargs: dict[str, object] = {}
    if (v := get("MARSAD_DATA_DIR")) is not None:
        kwargs["data_dir"] = Path(v)
    if (v := get("MARSAD_INBOX")) is not None:
        kwargs["inbox"] = Path(v)
    if (v := get("MARSAD_INBOX_SETTLE")) is not None:
        kwargs["inbox_settle"] = _seconds("MARSAD_INBOX_SETTLE", v)
    kwargs["feeds"] = get("MARSAD_FEEDS")
    if (v := get("MARSAD_FEED_INTERVAL")) is not None:
        kwargs["feed_interval"] = _integer("MARSAD_FEED_INTERVAL", v, minimum=10)
    if (v := get("MARSAD_FEEDS_ALLOW_PRIVATE")) is not None:
        kwargs["feeds_allow_private"] = _boolean("MARSAD_FEEDS_ALLOW_PRIVATE", v)
    if (v := get("MARSAD_FETCH_ARTICLES")) is not None:
        kwargs["fetch_articles"] = _boolean("MARSAD_FETCH_ARTICLES", v)
    if (v := get("MARSAD_ADMINS")) is not None:
        kwargs["admins"] = tuple(a.strip() for a in v.split(",") if a.strip())
    if (v := get("MARSAD_LANGUAGE")) is not None:
        kwargs["language"] = _choice("MARSAD_LANGUAGE", v, LANGUAGES)
    if (v := merged.get("MARSAD_HTTP")) is not None:
        kwargs["http"] = _http("MARSAD_HTTP", v)
    if (v := get("MARSAD_LOG_FORMAT")) is not None:
        kwargs["log_format"] = _choice("MARSAD_LOG_FORMAT", v, ("text", "json"))
    if (v := get("MARSAD_RETENTION_DAYS")) is not None:
        kwargs["retention_days"] = _integer("MARSAD_RETENTION_DAYS", v, minimum=1)
    if (v := get("MARSAD_OUTBOX_RETENTION_DAYS")) is not None:
        # Longer than linking looks back (3 days): an incident's toll update must find who was alerted.
        kwargs["outbox_days"] = _integer("MARSAD_OUTBOX_RETENTION_DAYS", v, minimum=4)
    if (v := get("MARSAD_ANALYSIS_BUDGET")) is not None:
        kwargs["analysis_budget"] = _seconds_or_off("MARSAD_ANALYSIS_BUDGET", v)
    kwargs["event_gate"] = _event_gate(merged)
    if (v := get("TELEGRAM_BOT_TOKEN")) is not None:
        if ":" not in v or " " in v:
            raise ConfigError("TELEGRAM_BOT_TOKEN: expected a token like 123456:ABC..., got a malformed value")
        kwargs["telegram_bot_token"] = v.strip()
    if (v := get("TELEGRAM_API_URL")) is not None:
        kwargs["telegram_api_url"] = _url("TELEGRAM_API_URL", v)
    if (v := get("MATRIX_HOMESERVER")) is not None:
        kwargs["matrix_homeserver"] = _url("MATRIX_HOMESERVER", v)
        user = get("MATRIX_USER_ID")
        if not user or not user.startswith("@") or ":" not in user:
            raise ConfigError(f"MATRIX_USER_ID: expected @name:server with MATRIX_HOMESERVER, got {user!r}")
        kwargs["matrix_user_id"] = user
        kwargs["matrix_password"] = get("MATRIX_PASSWORD")
        kwargs["matrix_access_token"] = get("MATRIX_ACCESS_TOKEN")
        if (v := get("MATRIX_INVITE_ALLOW")) is not None:
            kwargs["matrix_invite_allow"] = tuple(a.strip() for a in v.split(",") if a.strip())
        if not kwargs["matrix_password"] and not kwargs["matrix_access_token"]:
            raise ConfigError("MATRIX_PASSWORD: set MATRIX_PASSWORD or MATRIX_ACCESS_TOKEN with MATRIX_HOMESERVER")
    settings = Settings(**kwargs)  # type: ignore[arg-type]
    _check_folder("MARSAD_DATA_DIR", settings.data_dir)
    _check_folder("MARSAD_INBOX", settings.inbox)
    return settings
