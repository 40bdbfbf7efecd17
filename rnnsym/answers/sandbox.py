"""Run a judge in a worker process with a hard deadline.

A signal alarm only interrupts Python between bytecodes, so it cannot stop SymPy's simplify
or a huge integer power running inside C. A worker process can be killed at any moment: the
judge runs there, the parent waits on a pipe until the deadline, and if no verdict has come
the worker is killed and a new one started. The worker persists between checks, so its
start-up (the import of SymPy) is paid once, and the deadline only starts once it is ready.

The worker is a fresh interpreter (rnnsym.answers._worker) talking over two pipes, rather
than a multiprocessing child: spawn and forkserver re-import the caller's main module in the
child, which runs a grading script's top-level code again (or fails without the
`if __name__ == "__main__"` guard), and fork is unsafe in a process with threads. POSIX only.

Example:
    >>> from rnnsym.answers.numbers import judge_integer
    >>> with Sandbox(timeout=30) as sandbox:
    ...     sandbox.run(judge_integer, "14", 14).verdict
    'correct'
"""

from __future__ import annotations

import os
import subprocess
import sys
from multiprocessing.connection import Connection

from rnnsym.answers.limits import DEFAULT_LIMITS, TIMEOUT_MESSAGE
from rnnsym.answers.verdict import INVALID, Feedback, Verdict

MEMORY_MESSAGE = "this answer needs too much memory to check; write it in a simpler form"
_START_TIMEOUT = 120.0  # seconds for a new worker to import SymPy on a busy machine


class Sandbox:
    """A persistent worker process that runs judges with a deadline, one check at a time
    (use one Sandbox per thread).

    Args:
        timeout: the default deadline of a check, in seconds.
        memory_mb: an address-space limit for the worker (Linux), or None.
    """

    def __init__(self, timeout: float = DEFAULT_LIMITS.timeout, *,
                 memory_mb: int | None = 2048):
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._process: subprocess.Popen | None = None
        self._inbox: Connection | None = None  # replies from the worker
        self._outbox: Connection | None = None  # requests to the worker
        self._ready = False

    def start(self) -> None:
        """Start a worker; it imports the judges while the parent goes on."""
        self.close()
        request_r, request_w = os.pipe()
        reply_r, reply_w = os.pipe()
        env = dict(os.environ)
        # The worker must import what the caller can: rnnsym, and the module of the judge.
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if isinstance(p, str) and p)
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "rnnsym.answers._worker", str(request_r), str(reply_w),
                 str(self.memory_mb or 0)],
                pass_fds=(request_r, reply_w), env=env, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True)
        finally:
            os.close(request_r)
            os.close(reply_w)
        self._inbox = Connection(reply_r, writable=False)
        self._outbox = Connection(request_w, readable=False)
        self._ready = False

    def _wait_ready(self) -> None:
        if self._process is None or self._process.poll() is not None:
            self.start()
        if not self._ready:
            if not self._inbox.poll(_START_TIMEOUT) or self._inbox.recv() != "ready":
                self.close()
                raise RuntimeError("the judging worker did not start")
            self._ready = True

    def run(self, func, /, *args, timeout: float | None = None, **kwargs) -> Verdict:
        """func(*args, **kwargs) in the worker; an invalid verdict if it misses the deadline.

        func and its arguments must be picklable (module-level judges and SymPy objects are).
        An exception raised by func is raised here again. A worker that misses the deadline
        is killed and a new one started at once, so the next check does not wait for it.
        """
        self._wait_ready()
        self._outbox.send((func, args, kwargs))
        if not self._inbox.poll(self.timeout if timeout is None else timeout):
            self.start()
            return Verdict(INVALID, 0.0, None, (Feedback("timeout", TIMEOUT_MESSAGE),))
        try:
            status, payload = self._inbox.recv()
        except (EOFError, OSError):  # the worker died: out of memory, or killed
            self.start()
            return Verdict(INVALID, 0.0, None, (Feedback("too_large", MEMORY_MESSAGE),))
        if status == "ok":
            return payload
        if isinstance(payload, MemoryError):
            return Verdict(INVALID, 0.0, None, (Feedback("too_large", MEMORY_MESSAGE),))
        raise payload

    def close(self) -> None:
        """Kill the worker, if any (the next run starts another)."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
        for conn in (self._inbox, self._outbox):
            if conn is not None:
                conn.close()
        self._process, self._inbox, self._outbox, self._ready = None, None, None, False

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
