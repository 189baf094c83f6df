"""One index, several processes: readers share the index, an ingest has it alone.

Chroma's embedded ``PersistentClient`` is not safe for several processes writing one folder, and a reader that
keeps it open would answer from a stale in-memory index after another process wrote. So every process that
opens the index holds a shared ``flock`` on ``INDEX_DIR/assistant.lock``; an ingest upgrades it to exclusive
and fails at once, with a message that says what to do, while anyone else has the index open. In Chroma
server mode (``chroma_url``) the server serialises writes and there is no lock.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import IndexBusy

if TYPE_CHECKING:
    from .settings import Settings

_OPEN: dict[Path, IndexLock] = {}


class IndexLock:
    """Use ``IndexLock.for_dir``: one lock per index and process (flock locks belong to an open file, so two
    in one process would exclude each other)."""

    @classmethod
    def for_dir(cls, index_dir: Path, wait_s: float = 30.0) -> IndexLock:
        key = index_dir.resolve()
        if key not in _OPEN:
            _OPEN[key] = cls(index_dir, wait_s)
        return _OPEN[key]

    def __init__(self, index_dir: Path, wait_s: float = 30.0) -> None:
        if wait_s < 0:
            raise ValueError(f"wait_s must not be negative, got {wait_s}")
        index_dir.mkdir(parents=True, exist_ok=True)
        self.index_dir = index_dir
        self.path = index_dir / "assistant.lock"
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait_s
        while not self._try(fcntl.LOCK_SH):  # an ingest in another process: wait for it, a bounded time
            if time.monotonic() > deadline:
                self.close()
                raise IndexBusy(str(index_dir), self._holder() or "an ingest is running")
            time.sleep(0.2)

    def _try(self, mode: int) -> bool:
        try:
            fcntl.flock(self._fd, mode | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _holder(self) -> str:
        try:
            return self.path.read_text().strip()
        except OSError:
            return ""

    @contextmanager
    def exclusive(self, what: str = "ingest") -> Iterator[None]:
        """Have the index alone for a write; IndexBusy at once when another process has it open."""
        if not self._try(fcntl.LOCK_EX):
            raise IndexBusy(str(self.index_dir), "it has the index open; an ingest needs it alone")
        try:
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, f"{what} by process {os.getpid()}".encode(), 0)
            yield
        finally:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_SH)  # back to sharing: flock converts the lock in place

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # releases the lock
            self._fd = -1
        _OPEN.pop(self.index_dir.resolve(), None)


def index_lock(settings: Settings) -> IndexLock | None:
    """The lock of the embedded index; None in Chroma server mode, where the server serialises writes."""
    return None if settings.chroma_url else IndexLock.for_dir(settings.index_dir)


def writing(lock: IndexLock | None, what: str = "ingest") -> AbstractContextManager[None]:
    """Have the index alone while writing (see ``IndexLock.exclusive``); nothing to hold without a lock."""
    return lock.exclusive(what) if lock else nullcontext()
