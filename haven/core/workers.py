"""Which worker process runs a job, and whether that process still exists.

A job records the worker that started it as host, process id and the process's start time (from
/proc where there is one): a process id alone is reused, often by the very worker that restarts
after a crash, so only the pair tells a live worker from a dead one.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path


def _started(pid: int) -> str:
    """The process's start time in clock ticks since boot; blank where /proc is absent or the process is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return ""
    # Field 22 of stat; the first two (pid, command) are before the closing parenthesis.
    return fields[19] if len(fields) > 19 else ""


def worker_identity(pid: int | None = None) -> str:
    """`host:pid:start` of this process (or of `pid` on this host)."""
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}:{pid}:{_started(pid)}"


def worker_gone(identity: str) -> bool:
    """True when `identity` names a process of this host that no longer runs; False when it runs or is elsewhere."""
    host, _, rest = identity.partition(":")
    pid_text, _, started = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return identity != worker_identity()
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass
    return bool(started) and _started(pid) != started
