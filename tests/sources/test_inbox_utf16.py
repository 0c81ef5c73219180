"""UTF-16 saved without a BOM (Notepad's "Unicode" on some setups) is read, not quarantined (issue 12, item 9)."""

from __future__ import annotations

import pytest

from bot.pipeline import Pipeline
from bot.sources.inbox import FAILED, Inbox

REPORT = "غارة على سراقب\n\nقصفت طائرات حربية مدينة سراقب في ريف إدلب الشرقي، وقتل ثلاثة مدنيين.\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_report_without_a_bom_is_stored_from_a_real_inbox(tmp_path, store, encoding):
    box = Inbox(tmp_path / "inbox", Pipeline(store), settle=0.0)
    box.prepare()
    (box.folder / "windows.txt").write_bytes(REPORT.encode(encoding))
    [outcome] = box.scan_once()
    assert outcome.result is not None and outcome.result.created
    [report] = store.reports.latest(1)
    assert (report.title, report.text) == ("غارة على سراقب", REPORT.split("\n\n", 1)[1].strip())
    assert not list((box.folder / FAILED).glob("*"))
