"""``marsad feeds import FILE`` and ``marsad feeds export`` as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.sources.feeds.opml import OpmlFeed, parse_opml

ROOT = Path(__file__).resolve().parents[2]


def marsad(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"MARSAD_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60
    )


def test_import_then_export_round_trip(tmp_path: Path) -> None:
    opml = tmp_path / "in.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline text="مرصد" xmlUrl="https://ar.example.org/feed" marsadInterval="900"/>'
        '<outline text="Wire" xmlUrl="https://wire.example.org/rss"/></body></opml>',
        encoding="utf-8",
    )
    first = marsad(tmp_path, "feeds", "import", str(opml))
    assert (first.returncode, first.stdout, first.stderr) == (0, f"{opml}: 2 feeds added, 0 already watched\n", "")
    again = marsad(tmp_path, "feeds", "import", str(opml))
    assert again.stdout == f"{opml}: 0 feeds added, 2 already watched\n"
    exported = marsad(tmp_path, "feeds", "export")
    assert exported.returncode == 0
    assert parse_opml(exported.stdout.encode()) == [
        OpmlFeed("https://ar.example.org/feed", "مرصد", 900),
        OpmlFeed("https://wire.example.org/rss", "Wire", None),
    ]


def test_import_text_file_and_errors(tmp_path: Path) -> None:
    urls = tmp_path / "feeds.txt"
    urls.write_text("# feeds\nhttps://a.example/rss\n")
    assert marsad(tmp_path, "feeds", "import", str(urls)).stdout.endswith("1 feeds added, 0 already watched\n")
    missing = marsad(tmp_path, "feeds", "import", "nope.txt")
    assert (missing.returncode, missing.stderr) == (2, "marsad: no such file: nope.txt\n")
    bad = tmp_path / "bad.txt"
    bad.write_text("file:///etc/passwd\n")
    refused = marsad(tmp_path, "feeds", "import", str(bad))
    assert (refused.returncode, refused.stderr) == (1, "marsad: not an http(s) feed URL: 'file:///etc/passwd'\n")
