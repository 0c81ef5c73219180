"""The boundary to matrix-nio: log in, send, join, leave, read power levels.

Every nio response or exception is turned into Marsad's own errors here
(``RateLimited``, ``ChatGone``, ``BadMessage``, ``TransportDown``) so nothing above sees
nio's types. nio's own retries are bounded (``client_config``): a 429 is handed back
to delivery, which owns waiting; a dead server fails after a few tries instead of hanging.
With a store path and the e2e extra installed, the client encrypts (see ``crypto``).
"""

from __future__ import annotations

import asyncio
import io
import logging
from pathlib import Path
from typing import Any

from nio import (
    Api,
    AsyncClient,
    AsyncClientConfig,
    ErrorResponse,
    Event,
    JoinResponse,
    LoginResponse,
    MatrixRoom,
    RoomGetStateEventResponse,
    RoomGetStateResponse,
    RoomLeaveResponse,
    RoomSendResponse,
    UploadResponse,
    WhoamiResponse,
)
from nio.exceptions import EncryptionError, GroupEncryptionError, LocalProtocolError, OlmTrustError

from bot.errors import BadMessage, ChatGone, ConfigError, DeliveryError, RateLimited, TransportDown
from bot.transports.matrix import crypto
from bot.transports.matrix.crypto import Crypto
from bot.transports.matrix.session import Session, StateStore

logger = logging.getLogger(__name__)


def client_config(*, encryption: bool) -> AsyncClientConfig:
    """nio's settings: bounded retries, and encryption only when asked (and installed)."""
    return AsyncClientConfig(
        max_limit_exceeded=0,  # delivery decides when to retry a rate-limited room
        max_timeouts=2,
        backoff_factor=0.2,
        max_timeout_retry_wait_time=5,
        request_timeout=30,
        store_sync_tokens=False,  # we persist next_batch ourselves (session.StateStore)
        encryption_enabled=encryption,
    )


DEVICE_NAME = "Marsad"
CALL_TIMEOUT = 45.0
_NETWORK_ERRORS: tuple[type[BaseException], ...] = (OSError, asyncio.TimeoutError, LocalProtocolError)
_CRYPTO_ERRORS = (EncryptionError, GroupEncryptionError, OlmTrustError)  # a later try may succeed
try:  # aiohttp is nio's HTTP library; its errors are network errors too
    from aiohttp import ClientError

    _NETWORK_ERRORS = (*_NETWORK_ERRORS, ClientError)
except ImportError:  # pragma: no cover - nio depends on aiohttp
    pass

_GONE = {"M_FORBIDDEN", "M_NOT_FOUND", "M_UNKNOWN_ROOM"}
_BAD = {"M_TOO_LARGE", "M_BAD_JSON", "M_NOT_JSON", "M_INVALID_PARAM", "M_UNRECOGNIZED"}


def error_for(response: ErrorResponse, what: str) -> DeliveryError:
    """The Marsad error for a failed nio call (the caller raises it ``from`` nothing nio-specific)."""
    code = response.status_code or ""
    message = f"{what}: {code} {response.message or ''}".strip()
    if code == "M_LIMIT_EXCEEDED" or code == 429:
        return RateLimited(max((response.retry_after_ms or 1000) / 1000, 0.05), message)
    if code in _GONE:
        return ChatGone(message)
    if code in _BAD:
        return BadMessage(message)
    return TransportDown(message)


class MatrixClient:
    """One logged-in Matrix account, reusing its device (and, with encryption, its keys) across restarts.

    ``encryption`` defaults to on when the e2e extra is installed and a ``store_path`` is given.
    """

    def __init__(
        self,
        homeserver: str,
        user_id: str,
        state: StateStore,
        *,
        password: str | None = None,
        access_token: str | None = None,
        store_path: Path | None = None,
        encryption: bool | None = None,
    ) -> None:
        self.homeserver = homeserver.rstrip("/")
        self.user_id = user_id
        self.state = state
        self._password = password
        self._access_token = access_token
        if encryption is None:
            encryption = crypto.AVAILABLE and store_path is not None
        if encryption and not crypto.AVAILABLE:
            raise ConfigError("MATRIX: encryption needs matrix-nio's e2e extra: pip install 'matrix-nio[e2e]'")
        if encryption:
            if store_path is None:
                raise ValueError("encryption needs a store_path")
            store_path.mkdir(parents=True, exist_ok=True)
            store_path.chmod(0o700)  # the device's private keys
        self.nio = AsyncClient(
            self.homeserver,
            user_id,
            config=client_config(encryption=encryption),
            store_path=str(store_path) if encryption and store_path else "",
        )
        self.crypto = Crypto(self.nio, self._call)

    async def _call(self, what: str, coro: Any) -> Any:
        try:
            async with asyncio.timeout(CALL_TIMEOUT):
                return await coro
        except (*_NETWORK_ERRORS, *_CRYPTO_ERRORS) as exc:
            raise TransportDown(f"{what}: {type(exc).__name__}: {exc}") from exc

    # ---- login -----------------------------------------------------------------------

    async def connect(self) -> Session:
        """Use the saved session, else the configured token, else log in once with the password."""
        saved = self.state.load_session(self.homeserver, self.user_id)
        if saved and await self._adopt(saved):
            logger.info("Matrix: reusing device %s for %s", saved.device_id, self.user_id)
            return saved
        if self._access_token:
            session = Session(self.homeserver, self.user_id, "", self._access_token)
            if await self._adopt(session):
                session = Session(self.homeserver, self.user_id, self.nio.device_id or "", self._access_token)
                self.state.save_session(session)
                return session
            if not self._password:
                raise ConfigError("MATRIX_ACCESS_TOKEN: the homeserver does not accept this token")
        if not self._password:
            raise ConfigError("MATRIX_PASSWORD: no usable session; set it or MATRIX_ACCESS_TOKEN")
        self._drop_device()  # a new login is a new device, with a crypto store of its own
        answer = await self._call("login", self.nio.login(self._password, device_name=DEVICE_NAME))
        if not isinstance(answer, LoginResponse):
            if answer.status_code == "M_FORBIDDEN":
                raise ConfigError(f"MATRIX_PASSWORD: the homeserver refused the login for {self.user_id}")
            raise error_for(answer, "login")
        session = Session(self.homeserver, answer.user_id, answer.device_id, answer.access_token)
        self.state.save_session(session)
        logger.info("Matrix: logged in as %s, new device %s", answer.user_id, answer.device_id)
        self._load_store()
        return session

    async def _keys_match(self, device: str) -> bool:
        """False when this device already has other keys on the homeserver (the store was lost, or the token
        belongs to another client's device): encrypting there would fail, so log in as a new device instead."""
        olm = self.nio.olm
        if olm is None or olm.account.shared:  # no encryption, or keys this store uploaded itself
            return True
        method, path, data = Api.keys_query(self.nio.access_token, {self.user_id})
        try:
            response = await self._call("keys query", self.nio.send(method, path, data))
            body = await response.json(content_type=None) if response.status == 200 else {}
            response.release()
        except (TransportDown, ValueError) as exc:
            logger.warning("Matrix: cannot check the keys of device %s: %s", device, exc)
            return True  # the upload will tell; encryption stays off for this device until then
        if not ((body.get("device_keys") or {}).get(self.user_id) or {}).get(device):
            return True  # a device that never had keys (a first run with encryption): ours to upload
        self._drop_device(keep_id=True)
        if self._password:
            logger.warning(
                "Matrix: device %s has keys on the homeserver but none in %s: logging in as a new device "
                "(the old one can be removed from the account's sessions)",
                device,
                self.nio.store_path,
            )
            self.nio.access_token = ""
            self.state.forget_session()
            return False
        logger.error(
            "Matrix: device %s has keys on the homeserver but none in %s: encrypted rooms are off; "
            "set MATRIX_PASSWORD (or a token for a new device) so the bot can have a device of its own",
            device,
            self.nio.store_path,
        )
        return True

    def _drop_device(self, *, keep_id: bool = False) -> None:
        """Forget the device nio holds: its crypto store, and (unless ``keep_id``) its id, which login would reuse."""
        self.nio.store, self.nio.olm, self.nio.encrypted_rooms = None, None, set()
        if not keep_id:
            self.nio.device_id = ""

    def _load_store(self) -> None:
        """Open this device's crypto store; a broken one leaves the bot running without encryption."""
        if not self.nio.store_path or not self.nio.device_id:
            return
        if self.nio.olm is None:  # (a password login has opened it already)
            try:
                self.nio.load_store()
            except Exception:
                logger.exception("Matrix: cannot open the encryption store in %s: encryption off", self.nio.store_path)
                self.nio.store, self.nio.olm = None, None
                return
        logger.info("Matrix: encryption on, device %s, ed25519 key %s", self.nio.device_id, self.crypto.device_key)

    async def _adopt(self, session: Session) -> bool:
        """Try a session: True when the server accepts its token (whoami)."""
        self.nio.access_token = session.access_token
        self.nio.user_id = self.user_id
        answer = await self._call("whoami", self.nio.whoami())
        if isinstance(answer, WhoamiResponse) and answer.user_id == self.user_id:
            device = session.device_id or answer.device_id or ""
            self.nio.device_id = device
            self._load_store()
            return await self._keys_match(device)
        if isinstance(answer, ErrorResponse) and answer.status_code not in ("M_UNKNOWN_TOKEN", "M_FORBIDDEN"):
            raise error_for(answer, "whoami")
        logger.warning("Matrix: saved access token no longer valid for %s", self.user_id)
        self.nio.access_token = ""
        return False

    # ---- rooms -----------------------------------------------------------------------

    async def send(self, room_id: str, content: dict[str, Any]) -> str:
        """Send one ``m.room.message`` (encrypted in an encrypted room); return its event id or raise."""
        if self.crypto.enabled:
            room = await self._known_room(room_id)
            if room.encrypted:
                await self.crypto.query_if_needed()
        answer = await self._call(
            "send",
            self.nio.room_send(room_id, "m.room.message", content, ignore_unverified_devices=True),
        )
        if isinstance(answer, RoomSendResponse):
            return answer.event_id
        raise error_for(answer, f"send to {room_id}")

    async def upload_for(
        self, room_id: str, data: bytes, content_type: str, filename: str
    ) -> tuple[str, dict[str, Any] | None]:
        """Upload a file to the media repository for a room: (mxc URI, decryption keys or None).

        In an encrypted room the file is encrypted first (the event then carries ``file`` with the keys).
        """
        encrypt = False
        if self.crypto.enabled:
            encrypt = (await self._known_room(room_id)).encrypted
        answer, keys = await self._call(
            "upload",
            self.nio.upload(
                io.BytesIO(data), content_type=content_type, filename=filename, encrypt=encrypt, filesize=len(data)
            ),
        )
        if isinstance(answer, UploadResponse):
            return answer.content_uri, keys if encrypt else None
        raise error_for(answer, f"upload for {room_id}")

    async def _known_room(self, room_id: str) -> MatrixRoom:
        """nio's view of the room, which it needs to encrypt (and, with encryption on, to send at all).

        Filled by sync; a room quiet since a restart is not in it yet, so it is read from its state once.
        """
        room = self.nio.rooms.get(room_id)
        if room is not None:
            return room
        events = await self.room_state(room_id)
        room = MatrixRoom(room_id, self.user_id, encrypted=room_id in self.nio.encrypted_rooms)
        for raw in events:
            event = Event.parse_event(raw)
            if isinstance(event, Event):
                room.handle_event(event)
        if room.encrypted:
            self.nio.encrypted_rooms.add(room_id)
        return self.nio.rooms.setdefault(room_id, room)  # a sync may have added it meanwhile

    async def join(self, room_id: str) -> None:
        answer = await self._call("join", self.nio.join(room_id))
        if not isinstance(answer, JoinResponse):
            raise error_for(answer, f"join {room_id}")

    async def leave(self, room_id: str) -> None:
        answer = await self._call("leave", self.nio.room_leave(room_id))
        if not isinstance(answer, RoomLeaveResponse) and answer.status_code not in _GONE:
            raise error_for(answer, f"leave {room_id}")

    async def state_event(self, room_id: str, event_type: str, state_key: str = "") -> dict[str, Any] | None:
        """One state event's content, or None when the room has none of that type."""
        answer = await self._call("state", self.nio.room_get_state_event(room_id, event_type, state_key))
        if isinstance(answer, RoomGetStateEventResponse):
            return answer.content
        if answer.status_code == "M_NOT_FOUND":
            return None
        raise error_for(answer, f"read {event_type} in {room_id}")

    async def room_state(self, room_id: str) -> list[dict[str, Any]]:
        """Every current state event of the room, raw (type, state_key, sender, content)."""
        answer = await self._call("state", self.nio.room_get_state(room_id))
        if isinstance(answer, RoomGetStateResponse):
            return list(answer.events)
        raise error_for(answer, f"read the state of {room_id}")

    async def joined_member_count(self, room_id: str) -> int:
        answer = await self._call("members", self.nio.joined_members(room_id))
        if isinstance(answer, ErrorResponse):
            raise error_for(answer, f"members of {room_id}")
        return len(answer.members)

    async def close(self) -> None:
        await self.nio.close()
