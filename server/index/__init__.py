"""Step 2 of the engine: candidate claims for a sentence from an inverted index."""

from __future__ import annotations

import os


def usable_cores() -> int:
    """The cores this process may run on: those its CPU affinity allows (a container's
    cpuset, ``taskset``), where the system says; else every core of the machine."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows: no affinity to read
        return os.cpu_count() or 1
