"""Power levels, invite allow-lists and room upgrades, from state event content."""

from __future__ import annotations

import pytest

from bot.transports.matrix.rooms import invite_allowed, may_change_state, predecessor

LEVELS = {"users": {"@owner:hs": 100, "@mod:hs": 50, "@low:hs": 10}, "users_default": 0, "state_default": 50}


@pytest.mark.parametrize(
    ("user", "levels", "expected"),
    [
        ("@owner:hs", LEVELS, True),
        ("@mod:hs", LEVELS, True),
        ("@low:hs", LEVELS, False),
        ("@nobody:hs", LEVELS, False),
        ("@nobody:hs", {**LEVELS, "users_default": 50}, True),
        ("@nobody:hs", {"users": {}}, False),  # state_default defaults to 50
        ("@nobody:hs", {"users": {}, "state_default": 0}, True),
        ("@nobody:hs", None, True),  # no power-levels event: everyone may
        ("@low:hs", {"users": {"@low:hs": "junk"}, "state_default": "x"}, False),  # bad values: defaults
    ],
)
def test_may_change_state(user: str, levels, expected: bool) -> None:
    assert may_change_state(user, levels) is expected


def test_room_v12_creators_always_may() -> None:
    create = {"room_version": "12", "additional_creators": ["@co:hs"]}
    assert may_change_state("@creator:hs", {"users": {}}, create, creator="@creator:hs")
    assert may_change_state("@co:hs", {"users": {}}, create, creator="@creator:hs")
    assert not may_change_state("@other:hs", {"users": {}}, create, creator="@creator:hs")
    assert not may_change_state("@creator:hs", {"users": {}}, {"room_version": "10"}, creator="@creator:hs")


@pytest.mark.parametrize(
    ("inviter", "allow", "expected"),
    [
        ("@a:hs", [], True),
        ("@a:hs", ["@a:hs"], True),
        ("@b:hs", ["@a:hs"], False),
        ("@b:hs", ["hs"], True),
        ("@b:hs", [":hs"], True),
        ("@b:evil.hs", ["hs"], False),
        ("@b:hs", [" ", ""], True),
        (None, ["hs"], False),
    ],
)
def test_invite_allowed(inviter, allow, expected: bool) -> None:
    assert invite_allowed(inviter, allow) is expected


def test_predecessor() -> None:
    assert predecessor({"predecessor": {"room_id": "!old:hs", "event_id": "$t"}}) == "!old:hs"
    assert predecessor({"room_version": "10"}) is None
    assert predecessor({"predecessor": "junk"}) is None
    assert predecessor(None) is None
