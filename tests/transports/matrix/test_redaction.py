"""Matrix access tokens never reach a log line, even ones obtained by login (not in the settings)."""

from __future__ import annotations

import pytest

from bot.logs import redact


@pytest.mark.parametrize(
    "line",
    [
        "GET /sync?access_token=syt_bWFyc2Fk_TRNITdQWbngmshzRscYO_4CROhH",
        "Authorization: Bearer mct_abcdefghijklmnopqrstu_012345",
    ],
)
def test_matrix_tokens_are_masked(line: str) -> None:
    masked = redact(line)
    assert "***" in masked
    assert "TRNITdQ" not in masked and "abcdefghijk" not in masked


def test_ordinary_words_are_kept() -> None:
    assert redact("the system_prompt and syt_ short") == "the system_prompt and syt_ short"
