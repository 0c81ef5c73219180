"""Shared fixtures: the real servers in tests/servers start once per session."""

from tests.servers.matrix_fixtures import synapse  # noqa: F401
