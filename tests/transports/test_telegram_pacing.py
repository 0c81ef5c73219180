"""Telegram's pacer counts a chat's interval from when a send finished, not only from when it began."""

from __future__ import annotations

from bot.transports.telegram.pacing import TelegramPacer


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_a_slow_send_pushes_the_chats_next_turn_to_an_interval_after_it_finished():
    clock = Clock()
    pacer = TelegramPacer(30, clock=clock)
    await pacer.slot("tg:-100", 1.0)  # due at once
    clock.now = 0.7  # the photo's upload took 0.7 s
    pacer.sent("tg:-100", 1.0)
    clock.now = 1.2  # one interval after the upload began, but not after it arrived
    assert "tg:-100" in pacer.busy_chats()
    clock.now = 1.71
    assert pacer.busy_chats() == set()


async def test_a_quick_send_keeps_the_turn_the_slot_gave_and_topics_count_against_their_group():
    clock = Clock()
    pacer = TelegramPacer(30, clock=clock)
    await pacer.slot("tg:-100/7", 1.0)  # a forum topic: its group's turn
    assert pacer.busy_chats() == {"tg:-100"}
    clock.now = 0.01
    pacer.sent("tg:-100/7", 1.0)
    clock.now = 1.02
    assert pacer.busy_chats() == set()  # 1 s after the send finished: free again
    pacer.hold_chat("tg:-100", 5.0)  # a 429 said wait 5 s: a later quick send does not shorten it
    pacer.sent("tg:-100", 1.0)
    clock.now = 3.0
    assert pacer.busy_chats() == {"tg:-100"}
