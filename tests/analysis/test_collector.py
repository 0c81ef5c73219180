"""analyze() pauses the cyclic collector only while it runs and leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from bot.analysis import analyze


def test_collector_is_back_on_after_analysis():
    assert gc.isenabled()
    seen = []
    analyze("قتل ثلاثة مدنيين في غارة على إدلب.", stop=lambda: seen.append(gc.isenabled()) or False)
    analyze("غارة جوية على إدلب. قصف على حماة.", stop=lambda: seen.append(gc.isenabled()) or False)
    assert seen == [False]  # asked between the two sentences of the second report: off while reading
    assert gc.isenabled()


def test_collector_left_off_if_it_was_off_and_on_after_an_error():
    gc.disable()
    try:
        analyze("غارة جوية على إدلب.")
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ZeroDivisionError):
        analyze("غارة جوية على إدلب. قصف على حماة.", stop=lambda: 1 / 0)
    assert gc.isenabled()
