"""pytest fixtures for a real Synapse: import them from ``tests/conftest.py``.

``from tests.servers.matrix_fixtures import synapse  # noqa: F401``

The fixture skips (with the reason) only when Synapse cannot be installed here; a
server that installs but fails to start is a test failure. Set ``MARSAD_REQUIRE_SYNAPSE=1``
(CI does, after pre-installing the venv) to turn even the skip into a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.servers.synapse import Synapse, SynapseUnavailable, ensure_venv

REQUIRE_ENV = "MARSAD_REQUIRE_SYNAPSE"


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    """One homeserver for the whole session; tests make their own users and rooms."""
    try:
        python = ensure_venv()
    except SynapseUnavailable as exc:
        if os.environ.get(REQUIRE_ENV, "").strip() in ("1", "true", "yes"):
            pytest.fail(f"Synapse is required ({REQUIRE_ENV}) but unavailable: {exc}")
        pytest.skip(f"Matrix tests need a Synapse homeserver, which cannot be installed here: {exc}")
    server = Synapse.start(tmp_path_factory.mktemp("synapse"), python=python)
    try:
        yield server
    finally:
        server.stop()
