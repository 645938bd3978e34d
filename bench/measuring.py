"""Measuring one child process: wall time and its own peak memory, as every benchmark reports them."""

from __future__ import annotations

import os
import subprocess
import time


def process_measured(
    command: list[str], env: dict[str, str], *, exits: tuple[int, ...] = (0,)
) -> tuple[float, float, str]:
    """Wall seconds and peak resident MiB of one process (not of any process before it), and its output."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    assert os.waitstatus_to_exitcode(status) in exits, output[-3000:]
    return elapsed, usage.ru_maxrss / 1024, output
