"""/search at scale: a capped count ("more than N"), and the query run off the event loop."""

from __future__ import annotations

import threading

from handlers import Context, dispatch
from handlers import search as search_command
from tests.helpers import analysis, raw


def _ctx(store, args: str, command: str = "search") -> Context:
    return Context(store=store, chat="tg:1", user="tg:1", command=command, args=args)


async def test_a_count_past_the_cap_reads_more_than(store, monkeypatch):
    for n in range(8):
        store.reports.add(raw(f"Shelling on Idlib, report {n}.", f"Idlib {n}"), analysis(language="en"))
    monkeypatch.setattr(search_command, "COUNT_CAP", 3)
    [reply] = await dispatch(_ctx(store, "Idlib"))
    assert "(1–5 من أكثر من 3)" in reply.text  # the chat's language is Arabic by default
    assert reply.buttons  # a next page exists
    monkeypatch.setattr(search_command, "COUNT_CAP", 1000)
    [reply] = await dispatch(_ctx(store, "Idlib"))
    assert "(1–5 من 8)" in reply.text


async def test_search_and_its_pages_run_in_a_worker_thread(store, monkeypatch):
    store.reports.add(raw("Shelling on Idlib.", "Idlib"), analysis(language="en"))
    loop_thread = threading.get_ident()
    seen: list[int] = []
    real = type(store.search).page

    def spy(self, *args, **kwargs):
        seen.append(threading.get_ident())
        return real(self, *args, **kwargs)

    monkeypatch.setattr(type(store.search), "page", spy)
    [reply] = await dispatch(_ctx(store, "Idlib"))
    assert "Idlib" in reply.text
    query_id = store.queries.last("tg:1")[0]
    await dispatch(_ctx(store, f"{query_id} 1", command="page"))
    await dispatch(_ctx(store, "", command="more"))
    assert len(seen) == 3 and loop_thread not in seen
