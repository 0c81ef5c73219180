"""What the Matrix transport keeps between runs, in ``DATA_DIR/matrix/``.

``session.json`` holds the access token and device id from the one password login, so a
restart reuses the device instead of creating a new one each time (and, for encrypted rooms,
keeps its keys). ``sync.json`` holds the sync token (``next_batch``) and the ids of the
last events handled, so a restart neither answers old commands again nor skips new ones.
Both are written atomically (temporary file + rename) and readable only by the owner.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections import deque
from dataclasses import asdict, dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

SESSION_FILE = "session.json"
SYNC_FILE = "sync.json"
HANDLED_KEEP = 500  # event ids remembered; more than one sync batch ever carries


@dataclass(frozen=True, slots=True)
class Session:
    """A logged-in device: enough to call the homeserver without the password."""

    homeserver: str
    user_id: str
    device_id: str
    access_token: str = field(repr=False)  # never printed


def _write_private(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        logger.warning("ignoring unreadable %s: %s", path.name, exc)
        return None
    return data if isinstance(data, dict) else None


class StateStore:
    """The transport's files in one directory (``DATA_DIR/matrix``)."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._handled: deque[str] = deque(maxlen=HANDLED_KEEP)
        self._handled_set: set[str] = set()
        self._next_batch: str | None = None
        sync = _read(self.directory / SYNC_FILE) or {}
        if isinstance(sync.get("next_batch"), str):
            self._next_batch = sync["next_batch"]
        for event_id in sync.get("handled") or ():
            if isinstance(event_id, str):
                self._remember(event_id)

    # ---- session ---------------------------------------------------------------------

    def load_session(self, homeserver: str, user_id: str) -> Session | None:
        """The saved session, if it belongs to this homeserver and user (else a new login is due)."""
        data = _read(self.directory / SESSION_FILE)
        if not data:
            return None
        try:
            session = Session(**{k: str(data[k]) for k in ("homeserver", "user_id", "device_id", "access_token")})
        except KeyError:
            return None
        if (session.homeserver.rstrip("/"), session.user_id) != (homeserver.rstrip("/"), user_id):
            logger.info("saved Matrix session is for another account; logging in afresh")
            return None
        return session

    def save_session(self, session: Session) -> None:
        _write_private(self.directory / SESSION_FILE, asdict(session))

    def forget_session(self) -> None:
        (self.directory / SESSION_FILE).unlink(missing_ok=True)

    # ---- sync position ---------------------------------------------------------------

    @property
    def next_batch(self) -> str | None:
        return self._next_batch

    def is_handled(self, event_id: str) -> bool:
        return event_id in self._handled_set

    def _remember(self, event_id: str) -> None:
        if event_id in self._handled_set:
            return
        if len(self._handled) == self._handled.maxlen:
            self._handled_set.discard(self._handled[0])
        self._handled.append(event_id)
        self._handled_set.add(event_id)

    def mark_handled(self, event_id: str) -> None:
        """Remember an event as answered, on disk at once: a crash right after never answers it twice."""
        self._remember(event_id)
        self._flush()

    def save_next_batch(self, token: str) -> None:
        if token != self._next_batch:
            self._next_batch = token
            self._flush()

    def _flush(self) -> None:
        _write_private(self.directory / SYNC_FILE, {"next_batch": self._next_batch, "handled": list(self._handled)})
