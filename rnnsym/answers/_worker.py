"""The sandbox's worker process: `python -m rnnsym.answers._worker READ_FD WRITE_FD [MB]`.

It imports the judges, says "ready", then answers (function, args, kwargs) requests with
("ok", result) or ("error", exception) until its pipe closes. It is a fresh interpreter, not
a fork or a re-import of the caller's main module, so nothing of the caller runs in it.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection


def _limit_memory(megabytes: int) -> None:
    if sys.platform.startswith("linux"):
        import resource

        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def serve(inbox: Connection, outbox: Connection) -> None:
    import rnnsym.answers  # noqa: F401 — paid before "ready", so not against any deadline

    outbox.send("ready")
    while True:
        try:
            func, args, kwargs = inbox.recv()
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", func(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 — every failure goes back to the parent
            reply = ("error", error)
        try:
            outbox.send(reply)
        except Exception as error:  # noqa: BLE001 — e.g. a result that cannot be pickled
            outbox.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))


def main(argv: list[str]) -> None:
    read_fd, write_fd = int(argv[0]), int(argv[1])
    if len(argv) > 2 and int(argv[2]) > 0:
        _limit_memory(int(argv[2]))
    serve(Connection(read_fd, writable=False), Connection(write_fd, readable=False))


if __name__ == "__main__":
    main(sys.argv[1:])
