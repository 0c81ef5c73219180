"""``marsad run`` with MARSAD_FETCH_ARTICLES on and an article extractor that cannot load says so once."""

from __future__ import annotations

import signal

import pytest

from tests.conftest import ROOT
from tests.e2e.process import MarsadProcess

pytestmark = pytest.mark.e2e


def test_a_broken_extractor_is_said_once_at_start_up(tmp_path):
    # A trafilatura that fails to import the way it does when pip skipped lxml[html_clean].
    shadow = tmp_path / "shadow" / "trafilatura"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(
        'raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean.")\n'
    )
    workdir = tmp_path / "work"
    workdir.mkdir()
    bot = MarsadProcess(workdir, env={"MARSAD_FETCH_ARTICLES": "true", "PYTHONPATH": f"{shadow.parent}:{ROOT}"})
    try:
        bot.start()
        bot.wait_for_log("article extractor cannot be loaded")
        assert bot.stop() == 0
    finally:
        if bot.proc is not None and bot.proc.poll() is None:
            bot.stop(signal.SIGKILL)
    lines = [line for line in bot.stderr if "article extractor" in line]
    assert len(lines) == 1, lines
    assert "lxml.html.clean module is now a separate project" in lines[0]
    assert "pip install 'marsad[articles]'" in lines[0]
