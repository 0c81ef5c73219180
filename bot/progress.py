"""Progress of a long ``marsad ingest``: a bar on a terminal, plain count lines elsewhere.

A bar redrawn with ``\\r`` is noise in a log file or a pipe, so when the stream is
not a terminal the same progress is a line every ``every`` items and at the end.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections import Counter
from typing import TextIO


class Progress:
    def __init__(self, total: int, *, stream: TextIO | None = None, every: int = 100, tty: bool | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stdout
        self.every = every
        self.tty = self.stream.isatty() if tty is None else tty
        self.done = 0
        self.outcomes: Counter[str] = Counter()
        self._drawn = 0.0

    def advance(self, outcome: str) -> None:
        self.done += 1
        self.outcomes[outcome] += 1
        if self.tty:
            now = time.monotonic()
            if now - self._drawn >= 0.1 or self.done == self.total:
                self._draw()
                self._drawn = now
        elif self.done % self.every == 0 and self.done != self.total:
            self.stream.write(f"{self.done}/{self.total} files ({self.tally()})\n")
            self.stream.flush()

    def tally(self) -> str:
        return ", ".join(f"{n} {name}" for name, n in sorted(self.outcomes.items())) or "nothing yet"

    def _draw(self) -> None:
        width = max(10, min(40, shutil.get_terminal_size((80, 20)).columns - 50))
        filled = int(width * self.done / self.total) if self.total else width
        bar = "█" * filled + "░" * (width - filled)
        self.stream.write(f"\r{bar} {self.done}/{self.total} {self.tally()}\033[K")
        self.stream.flush()

    def close(self) -> None:
        """End the bar (or print the final count line)."""
        if self.tty:
            self._draw()
            self.stream.write("\n")
        else:
            self.stream.write(f"{self.done}/{self.total} files ({self.tally()})\n")
        self.stream.flush()
