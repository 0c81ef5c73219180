"""Async code reaches the database only through the store's async front (storage/front.py, issue 14 item 5).

A synchronous Store call on the event loop waits for the writer's lock while an ingest holds it, and with it every
transport waits; ``asyncio.to_thread`` around one takes it off the loop but past the one writer thread that owns
the Store. So, read from the source: inside every ``async def`` of handlers/, bot/transports/ and bot/delivery/
(and anywhere in handlers/, whose code all runs on the loop, but in a function that takes the ``store`` that
``read`` or ``write`` hands it on a worker thread), a part of the store (``store.chats``,
``ctx.store.outbox``, ``self.store.sync``...) may only be called and awaited on the spot
(``await ctx.store.chats.get(key)``, ``await ctx.store.search(q)``), and the store itself is passed to nothing
but ``await store.read(fn, ...)`` and ``await store.write(fn, ...)``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from storage import Store
from tests.conftest import ROOT

CHECKED = ("handlers", "bot/transports", "bot/delivery")
EVERYWHERE = ("handlers",)  # packages whose every function runs on the loop, sync helpers included


def store_parts() -> frozenset[str]:
    """What a Store holds (its parts and methods), plus ``sync``: the Store behind the async front."""
    store = Store.open(":memory:")
    try:
        names = {name for name in vars(store) if not name.startswith("_")}
    finally:
        store.close()
    return frozenset(names | {name for name in vars(Store) if not name.startswith("_")} | {"sync"})


PARTS = store_parts()


def _is_store(node: ast.AST) -> bool:
    """``store``, ``ctx.store``, ``self.store``, ``self.transport.store``..."""
    return (isinstance(node, ast.Name) and node.id == "store") or (
        isinstance(node, ast.Attribute) and node.attr == "store"
    )


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}


def _awaited_call(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether ``node`` is the function of a call awaited on the spot, or gathered: ``await gather(a(), b())``."""
    call = parents.get(node)
    if not (isinstance(call, ast.Call) and call.func is node):
        return False
    outer = parents.get(call)
    if isinstance(outer, ast.Call) and call in outer.args and ast.unparse(outer.func) in ("asyncio.gather", "gather"):
        outer = parents.get(outer)
    return isinstance(outer, ast.Await)


def _on_the_loop(tree: ast.Module, everywhere: bool) -> list[ast.AST]:
    """The code that runs on the event loop: every ``async def`` (with what it nests), or the whole module but
    the functions that take a ``store`` (the Store ``read`` and ``write`` hand them, on a worker thread)."""
    if everywhere:
        return [n for n in tree.body if not (isinstance(n, ast.FunctionDef) and _takes_store(n))]
    outer = [n for n in ast.walk(tree) if isinstance(n, ast.AsyncFunctionDef)]
    nested = {id(m) for n in outer for m in ast.walk(n) if m is not n and isinstance(m, ast.AsyncFunctionDef)}
    return [n for n in outer if id(n) not in nested]


def loop_blockers(source: str, *, everywhere: bool = False) -> list[str]:
    """Each place where code on the loop touches the store other than through an awaited call of its front."""
    tree = ast.parse(source)
    parents = _parents(tree)
    found = []
    for scope in _on_the_loop(tree, everywhere):
        for node in ast.walk(scope):
            if isinstance(node, ast.Attribute) and node.attr in PARTS and _is_store(node.value):
                method = parents.get(node)
                if _awaited_call(node, parents):  # await store.search(q)
                    continue
                if isinstance(method, ast.Attribute) and method.value is node and _awaited_call(method, parents):
                    continue  # await store.chats.get(key)
                found.append(f"line {node.lineno}: {ast.unparse(parents.get(node, node))}")
            if isinstance(node, ast.Call) and any(_is_store(arg) for arg in node.args):
                func = node.func
                via_front = isinstance(func, ast.Attribute) and func.attr in ("read", "write") and _is_store(func.value)
                if via_front and isinstance(parents.get(node), ast.Await):
                    continue  # await store.read(fn, ...)
                if _names_a_front(func):
                    continue  # AsyncMembership(ctx.store), AsyncStore.over(digests.store): fronts over the store
                if _in_async(node, parents):
                    found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def _names_a_front(func: ast.expr) -> bool:
    """``AsyncSomething(...)`` or ``AsyncStore.over(...)``: an async front, handed the store it fronts."""
    name = func.value if isinstance(func, ast.Attribute) and func.attr == "over" else func
    return isinstance(name, ast.Name) and name.id.startswith("Async")


def _takes_store(function: ast.FunctionDef) -> bool:
    return any(arg.arg == "store" for arg in function.args.args)


def _in_async(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while (node := parents.get(node)) is not None:  # type: ignore[assignment]
        if isinstance(node, ast.AsyncFunctionDef):
            return True
    return False


def checked_modules() -> list[tuple[Path, bool]]:
    return [(path, package in EVERYWHERE) for package in CHECKED for path in sorted((ROOT / package).rglob("*.py"))]


@pytest.mark.parametrize(
    ("path", "everywhere"), checked_modules(), ids=lambda p: str(p.relative_to(ROOT)) if isinstance(p, Path) else ""
)
def test_async_code_uses_the_store_through_its_async_front(path: Path, everywhere: bool) -> None:
    assert loop_blockers(path.read_text(encoding="utf-8"), everywhere=everywhere) == []


BLOCKING = {
    "a synchronous read on the loop": "async def run(ctx):\n    chat = ctx.store.chats.get(ctx.chat)\n",
    "a synchronous write on the loop": "async def run(ctx):\n    ctx.store.queries.save(ctx.chat, 'latest', '')\n",
    "the sync Store behind the front": "async def run(self):\n    await to_thread(self.store.sync.outbox.depth)\n",
    "a store call in a worker thread": "async def run(self):\n    await to_thread(self.store.outbox.defer, 1)\n",
    "the store handed to a thread": "async def run(ctx, q):\n    await asyncio.to_thread(CACHE.get, ctx.store, q)\n",
    "the store handed to a blocking helper": "async def send(self, row):\n    target = edit_target(self.store, row)\n",
    "a call gathered but not awaited": "async def run(ctx):\n    pending = asyncio.gather(ctx.store.reports.count())\n",
    "a part kept aside": "async def run(self):\n    outbox = self.store.outbox\n    await outbox.defer(1, 0)\n",
    "a blocking helper beside the loop": "async def run(self):\n    def job():\n        store.chats.ensure('tg:1')\n",
}
THROUGH_THE_FRONT = {
    "a read": "async def run(ctx):\n    chat = await ctx.store.chats.get(ctx.chat)\n",
    "a write": "async def run(ctx):\n    return await ctx.store.queries.save(ctx.chat, 'latest', '')\n",
    "two calls gathered": "async def run(ctx, q):\n    await gather(ctx.store.reports.count(), ctx.store.search(q))\n",
    "a callable part": "async def run(ctx, q):\n    return await ctx.store.search(q, limit=5)\n",
    "work on a reader thread": "async def run(self, row, chat):\n    await self.store.read(render, row, chat)\n",
    "work on the writer thread": "async def run(self, row):\n    await self.store.write(self.digests.hold, row.id)\n",
    "the store handed to its front": "async def run(ctx):\n    await AsyncMembership(ctx.store).back(ctx.chat)\n",
    "the front handed on by keyword": "async def run(self):\n    make = partial(Context, store=self.store)\n",
    "blocking code outside the loop": "def render(store, row):\n    return store.reports.get(row.report_id)\n",
}


@pytest.mark.parametrize("source", BLOCKING.values(), ids=BLOCKING.keys())
def test_the_check_finds_each_way_around_the_front(source: str) -> None:
    assert len(loop_blockers(source)) == 1


@pytest.mark.parametrize("source", THROUGH_THE_FRONT.values(), ids=THROUGH_THE_FRONT.keys())
def test_the_check_lets_the_front_through(source: str) -> None:
    assert loop_blockers(source) == []


def test_a_sync_helper_in_handlers_is_on_the_loop_too() -> None:
    source = "def describe(ctx):\n    return ctx.store.feeds.list()\n"
    assert loop_blockers(source) == [] and len(loop_blockers(source, everywhere=True)) == 1
    handed = "def matching(store, words):\n    return store.search(words)\n"  # await ctx.store.read(matching, w)
    assert loop_blockers(handed, everywhere=True) == []
