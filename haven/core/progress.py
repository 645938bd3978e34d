"""Progress reporting shared by background jobs, the job page and the command line."""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO


class Progress(Protocol):
    """What long work calls as it goes: how much is done, of how much (None when unknown)."""

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None: ...


def no_progress(done: int, total: int | None = None, message: str = "") -> None:
    """For callers that do not watch."""


class TerminalProgress:
    """A one-line progress bar on a terminal; plain lines when the output is a file or pipe."""

    width = 30

    def __init__(self, stream: TextIO | None = None, min_interval: float = 0.2) -> None:
        self.stream = stream or sys.stderr
        self.min_interval = min_interval
        self._last = 0.0
        self._last_line = ""
        self._interactive = self.stream.isatty()

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        now = time.monotonic()
        finished = total is not None and done >= total
        if not finished and now - self._last < self.min_interval:
            return
        self._last = now
        line = self.render(done, total, message)
        if line == self._last_line:
            return
        self._last_line = line
        if self._interactive:
            self.stream.write("\r\x1b[2K" + line)
            if finished:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def render(self, done: int, total: int | None, message: str) -> str:
        if total:
            share = min(1.0, done / total)
            filled = int(self.width * share)
            bar = "#" * filled + "-" * (self.width - filled)
            text = f"[{bar}] {share:6.1%} {done:,}/{total:,}"
        else:
            text = f"{done:,} done"
        return f"{text} {message}".rstrip()

    def close(self) -> None:
        if self._interactive and self._last_line and not self._last_line.startswith("[" + "#" * self.width):
            self.stream.write("\n")
            self.stream.flush()


def live_progress_key(job_id: object) -> str:
    """Where a running job's latest progress is kept in the shared cache."""
    return f"haven:job-progress:{job_id}"
