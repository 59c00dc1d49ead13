"""A progress bar on a terminal (quiet otherwise); the summary at the end of a batch is a line of
the command line (pcrlang/cli_zh.py LINES["batched"])."""
from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, stream=None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.start = time.monotonic()
        self.shown = False

    def update(self, fraction: float | None) -> None:
        if not self.enabled or fraction is None or fraction < 0:
            return
        fraction = min(fraction, 1.0)
        width = 30
        filled = int(width * fraction)
        elapsed = time.monotonic() - self.start
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {fraction * 100:5.1f} %  {elapsed:6.1f} s")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()

