"""Progress of a long command: a bar on a terminal, plain lines anywhere else.

Under nohup, cron or a service manager standard error is a file, where click's bar shows
only its label until the end: an import of 20,000 claims would say nothing for minutes.
There a line with the counts is written every tenth of the work (at most one a second), and
at least every few seconds while something moves.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import click

_clock = time.monotonic

#: Seconds without a line, while work goes on, before one is written anyway.
QUIET_SECONDS = 5.0


class Lines:
    """Plain progress lines (``label: 1,200/12,000 (10%)``) for a log file."""

    def __init__(self, length: int, label: str, out: TextIO,
                 clock: Callable[[], float] | None = None) -> None:
        self.length = length
        self.label = label
        self.out = out
        self.clock = clock or _clock
        self.pos = 0
        self.started = self._last_time = self.clock()
        self._last_pos = 0

    def plan(self, length: int) -> None:
        """How much work there is, once known (a store may hold some of it done)."""
        self.length = length

    def update(self, n: int) -> None:
        self.pos += n
        now = self.clock()
        step = self.pos - self._last_pos >= max(1, self.length // 10)
        if (step and now - self._last_time >= 1) or now - self._last_time >= QUIET_SECONDS:
            self._write(f"{self._counts()}")
            self._last_pos, self._last_time = self.pos, now

    def finish(self) -> None:
        """The last line, for work that took long enough to have shown some."""
        elapsed = self.clock() - self.started
        if elapsed >= 1:
            self._write(f"{self._counts()} in {elapsed:.0f} s")

    def _counts(self) -> str:
        share = f" ({100 * self.pos // self.length}%)" if self.length else ""
        return f"{self.pos:,}/{self.length:,}{share}"

    def _write(self, text: str) -> None:
        click.echo(f"{self.label}: {text}", file=self.out)


@contextmanager
def progress(length: int, label: str, out: TextIO | None = None) -> Iterator[Lines | Bar]:
    """What to call ``update(n)`` on as work is done: a bar on a terminal, else ``Lines``."""
    out = out or sys.stderr
    if out.isatty():
        with click.progressbar(length=length, label=label, file=out, show_pos=True) as bar:
            yield Bar(bar)
        return
    lines = Lines(length, label, out)
    yield lines
    lines.finish()


class Bar:
    """click's bar, with the same methods as ``Lines``."""

    def __init__(self, bar: Any) -> None:
        self._bar = bar

    def plan(self, length: int) -> None:
        self._bar.length = length

    def update(self, n: int) -> None:
        self._bar.update(n)
