"""MATRIX_* settings as the Matrix transport reads them."""

from __future__ import annotations

from pathlib import Path

from bot.config import load
from bot.transports.matrix import MatrixTransport
from storage import Store

MATRIX = {
    "MATRIX_HOMESERVER": "http://127.0.0.1:8008/",
    "MATRIX_USER_ID": "@marsad:localhost",
    "MATRIX_PASSWORD": "pw",
}


def test_invite_allow_list(tmp_path: Path) -> None:
    settings = load({**MATRIX, "MATRIX_INVITE_ALLOW": " @alice:localhost, example.org ,"}, None)
    assert settings.matrix_invite_allow == ("@alice:localhost", "example.org")


def test_transport_from_settings_keeps_state_in_the_data_dir(tmp_path: Path) -> None:
    settings = load({**MATRIX, "MARSAD_DATA_DIR": str(tmp_path / "data")}, None)
    store = Store.open(tmp_path / "marsad.db")
    try:
        transport = MatrixTransport.from_settings(settings, store)
        assert transport.name == "mx"
        assert transport.state.directory == tmp_path / "data" / "matrix"
        assert transport.client.homeserver == "http://127.0.0.1:8008"
        assert transport.invite_allow == ()
    finally:
        store.close()
