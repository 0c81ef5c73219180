from tests.servers.matrix_fixtures import synapse  # noqa: F401
