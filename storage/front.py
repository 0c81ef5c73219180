"""The store's async front: how code on the event loop reads and writes.

``Store`` is synchronous, like sqlite-utils. Called on the event loop it would stall every transport whenever an
ingest holds the writer's lock, so async code (handlers, the sender, the feed poller, the transports) goes
through one ``AsyncStore`` instead, the owner of the Store on the loop:

- reads run on a few reader threads, each with its own read-only connection (``ReadOnlyConnection``): they see
  committed data and never wait for a writer;
- writes run one at a time on the one writer thread, over the owner's Store (``sync``). The pipeline's worker
  thread writes through that same Store; the connection's lock serialises the two.

Its parts mirror the Store's: ``await store.chats.get(key)`` reads, ``await store.chats.set_language(key, "en")``
writes. Each method is declared once, as ``reads(Chats.get)`` or ``writes(Chats.set_language)``, so which thread
runs it is written next to its name. Work that spans parts runs whole on one side: ``read(fn, *args)`` calls
``fn(reader_store, *args)`` on a reader thread; ``write(fn, *args)`` calls ``fn(*args)`` (store work bound to
``sync``: a ``Membership``, ``Digests``) on the writer thread. Calls made while a command is answered
(``with store.answering():``, in handlers.dispatch) go ahead of those the sender and the feed poller queued, on
either side. Synchronous code (the CLI, the pipeline) keeps the plain Store.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import itertools
import queue
import threading
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from bot.errors import StorageError
from bot.models import Chat, ChatKey
from storage import Store
from storage.chats import Chats
from storage.database import ReadOnlyConnection
from storage.digests import DigestSchedule
from storage.feeds import Feeds
from storage.marks import Marks
from storage.notices import Notices
from storage.outbox import Outbox
from storage.queries import Queries
from storage.reports import Reports
from storage.search import Search
from storage.subscriptions import Subscriptions

__all__ = ["AsyncStore", "reads", "writes"]

P = ParamSpec("P")
T = TypeVar("T")
Part = TypeVar("Part")

READERS = 3  # reader threads: a slow /search or map does not hold up the others' reads
_ANSWERING: contextvars.ContextVar[bool] = contextvars.ContextVar("marsad_store_answering", default=False)


class _Front:
    """One part of the Store (``part`` names it: ``chats``, ``outbox``, ...) seen from the event loop."""

    part = ""

    def __init__(self, store: AsyncStore) -> None:
        self.store = store


class _Method(Generic[Part, P, T]):
    """A Store method run off the loop: on a reader thread (``reads``) or on the writer thread (``writes``)."""

    def __init__(self, method: Callable[Concatenate[Part, P], T], *, write: bool) -> None:
        self.method = method
        self.write = write

    @overload
    def __get__(self, front: None, owner: type) -> _Method[Part, P, T]: ...

    @overload
    def __get__(self, front: _Front, owner: type) -> Callable[P, Coroutine[Any, Any, T]]: ...

    def __get__(self, front: _Front | None, owner: type) -> Any:
        if front is None:
            return self
        # Looked up by name at each call, as ``store.chats.get(...)`` would be: subclasses and test spies apply.
        name, part, store = self.method.__name__, front.part, front.store
        if self.write:

            async def call(*args: P.args, **kwargs: P.kwargs) -> T:
                return await store.write(getattr(getattr(store.sync, part), name), *args, **kwargs)
        else:

            async def call(*args: P.args, **kwargs: P.kwargs) -> T:
                return await store.read(lambda s: getattr(getattr(s, part), name)(*args, **kwargs))

        return functools.wraps(self.method)(call)


def reads(method: Callable[Concatenate[Part, P], T]) -> _Method[Part, P, T]:
    """Declare a part's method that only reads: it runs on a reader thread's read-only connection."""
    return _Method(method, write=False)


def writes(method: Callable[Concatenate[Part, P], T]) -> _Method[Part, P, T]:
    """Declare a part's method that writes: it runs on the one writer thread."""
    return _Method(method, write=True)


class AsyncChats(_Front):
    part = "chats"
    get = reads(Chats.get)
    set_language = writes(Chats.set_language)
    set_muted_until = writes(Chats.set_muted_until)
    set_digest = writes(Chats.set_digest)
    set_quiet_hours = writes(Chats.set_quiet_hours)
    set_timezone = writes(Chats.set_timezone)
    set_alert_maps = writes(Chats.set_alert_maps)

    async def ensure(self, key: ChatKey, *, kind: str = "private", language: str | None = None) -> Chat:
        """The chat's row, created on first contact. Every command starts here: a known chat is only read,
        so a command does not queue behind the writer to learn its chat's language."""
        chat = await self.get(key)
        if chat is not None and chat.kind == kind:
            return chat
        return await self.store.write(self.store.sync.chats.ensure, key, kind=kind, language=language)


class AsyncSubscriptions(_Front):
    part = "subscriptions"
    for_chat = reads(Subscriptions.for_chat)
    add = writes(Subscriptions.add)
    update = writes(Subscriptions.update)
    update_many = writes(Subscriptions.update_many)
    remove = writes(Subscriptions.remove)


class AsyncReports(_Front):
    part = "reports"
    get = reads(Reports.get)
    latest = reads(Reports.latest)
    count = reads(Reports.count)


class AsyncSearch(_Front):
    part = "search"
    _page = reads(Search.__call__)
    count = reads(Search.count)
    page = reads(Search.page)

    async def __call__(self, query: str, limit: int = 5, offset: int = 0) -> list:
        """Reports matching every term of ``query``, newest first (``Store.search``)."""
        return await self._page(query, limit, offset)


class AsyncQueries(_Front):
    part = "queries"
    save = writes(Queries.save)
    set_page = writes(Queries.set_page)
    get = reads(Queries.get)
    last = reads(Queries.last)


class AsyncFeeds(_Front):
    part = "feeds"
    get = reads(Feeds.get)
    list = reads(Feeds.list)
    due = reads(Feeds.due)
    seen = reads(Feeds.seen)
    entry_count = reads(Feeds.entry_count)
    add = writes(Feeds.add)
    remove = writes(Feeds.remove)
    update = writes(Feeds.update)
    record_success = writes(Feeds.record_success)
    record_failure = writes(Feeds.record_failure)
    mark_seen = writes(Feeds.mark_seen)
    record_entry = writes(Feeds.record_entry)


class AsyncMarks(_Front):
    part = "marks"
    high_water = reads(Marks.high_water)
    raise_to = writes(Marks.raise_to)


class AsyncNotices(_Front):
    part = "notices"
    told = reads(Notices.told)
    record = writes(Notices.record)


class AsyncDigests(_Front):
    part = "digests"
    set_due = writes(DigestSchedule.set_due)


class AsyncOutbox(_Front):
    part = "outbox"
    get = reads(Outbox.get)
    next_due = reads(Outbox.next_due)
    enqueue = writes(Outbox.enqueue)
    claim_due = writes(Outbox.claim_due)
    begin = writes(Outbox.begin)
    mark_sent = writes(Outbox.mark_sent)
    defer = writes(Outbox.defer)
    give_up = writes(Outbox.give_up)


class _Workers:
    """Threads that run calls in order of arrival, except that a call made while answering a person goes first.

    A ThreadPoolExecutor is first come, first served: a command's one read or write would wait behind every call
    the sender had queued for a fan-out.
    """

    def __init__(self, threads: int, name: str) -> None:
        self._size = threads
        self._name = name
        self._queue: queue.PriorityQueue[tuple[int, int, Callable[[], Any] | None, Future | None]] = (
            queue.PriorityQueue()
        )
        self._order = itertools.count()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, call: Callable[[], T], *, first: bool) -> Future[T]:
        future: Future[T] = Future()
        with self._lock:
            if self._closed:
                raise StorageError("the store is closed")
            if not self._threads:  # started on first use: a Store whose front is never used costs no threads
                for index in range(self._size):
                    thread = threading.Thread(target=self._work, name=f"{self._name}-{index}", daemon=True)
                    thread.start()
                    self._threads.append(thread)
            self._queue.put((0 if first else 1, next(self._order), call, future))
        return future

    def _work(self) -> None:
        while True:
            _, _, call, future = self._queue.get()
            if call is None or future is None:
                return
            if not future.set_running_or_notify_cancel():  # its caller stopped waiting before it started
                continue
            try:
                result = call()
            except BaseException as exc:  # handed to the caller, as an executor does
                future.set_exception(exc)
            else:
                future.set_result(result)

    def shutdown(self) -> None:
        """Run what is queued, then stop the threads."""
        with self._lock:
            self._closed = True
            threads, self._threads = self._threads, []
        for _ in threads:
            self._queue.put((2, next(self._order), None, None))  # after every call already queued
        for thread in threads:
            if thread is not threading.current_thread():
                thread.join()


class AsyncStore:
    """The Store as async code sees it: reads on reader threads, writes on one writer thread."""

    def __init__(self, store: Store, *, readers: int = READERS) -> None:
        self.sync = store  # for work handed to ``write``; never called on the loop
        self._writer = _Workers(1, "marsad-store-write")
        self._readers = _Workers(readers, "marsad-store-read")
        self._local = threading.local()
        self._opened: list[Store] = []
        self._opened_lock = threading.Lock()
        self.chats = AsyncChats(self)
        self.subscriptions = AsyncSubscriptions(self)
        self.reports = AsyncReports(self)
        self.search = AsyncSearch(self)
        self.queries = AsyncQueries(self)
        self.feeds = AsyncFeeds(self)
        self.marks = AsyncMarks(self)
        self.notices = AsyncNotices(self)
        self.digests = AsyncDigests(self)
        self.outbox = AsyncOutbox(self)

    @classmethod
    def over(cls, store: Store | AsyncStore) -> AsyncStore:
        """The one async front of ``store`` (made on first use; the Store closes it when it closes)."""
        if isinstance(store, AsyncStore):
            return store
        if store.front is None:
            store.front = cls(store)
        return store.front  # type: ignore[return-value]

    @property
    def default_language(self) -> str:
        """The language of a chat not yet stored (``MARSAD_LANGUAGE``)."""
        return self.sync.chats.default_language

    @staticmethod
    @contextmanager
    def answering() -> Iterator[None]:
        """Within this block (and the tasks it starts), store calls go ahead of those queued by background work:
        a person waits for a command's answer; an alert can wait a few milliseconds more."""
        token = _ANSWERING.set(True)
        try:
            yield
        finally:
            _ANSWERING.reset(token)

    async def read(self, fn: Callable[Concatenate[Store, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``fn(store, *args)`` on a reader thread, ``store`` reading committed data only."""
        return await self._run(self._readers, functools.partial(self._reading, fn, *args, **kwargs))

    async def write(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``fn(*args)`` on the writer thread: store work bound to ``sync``, one call at a time."""
        return await self._run(self._writer, functools.partial(fn, *args, **kwargs))

    async def _run(self, workers: _Workers, call: Callable[[], T]) -> T:
        context = contextvars.copy_context()  # as asyncio.to_thread: log fields and the like follow the call
        future = workers.submit(functools.partial(context.run, call), first=_ANSWERING.get())
        return await asyncio.wrap_future(future)

    def _reading(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return fn(self._reader_store(), *args, **kwargs)

    def _reader_store(self) -> Store:
        """This reader thread's Store over its own read-only connection (the Store itself for ``:memory:``)."""
        store = getattr(self._local, "store", None)
        if store is None:
            path = self.sync.conn.path
            if str(path) == ":memory:":
                store = self.sync
            else:
                store = Store(ReadOnlyConnection(path), default_language=self.sync.chats.default_language)
                with self._opened_lock:
                    self._opened.append(store)
            self._local.store = store
        return store

    def shutdown(self) -> None:
        """Finish the calls already queued, then close the readers' connections (``Store.close`` calls this)."""
        self._writer.shutdown()
        self._readers.shutdown()
        with self._opened_lock:
            for store in self._opened:
                store.conn.close()
            self._opened.clear()

    def close(self) -> None:
        """Close the front and the Store it owns."""
        self.sync.close()
