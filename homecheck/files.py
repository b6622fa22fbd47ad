"""Writing reports, exports and the catalog cache: private (0600), atomic, and only ever
onto regular files, in folders made private (0700).

A report or an export holds a client's health information. It is written to a temporary
file beside the target and renamed over it, so a reader never sees half a file and a
crash never leaves a truncated one. The target must be a regular file or not exist yet:
renaming over a device, a FIFO or a folder (as root, `-o /dev/null` once became a file of
client data) is refused. Temporary files carry the writer's process id in their name, so
that one left by a killed process is recognised and removed the next time something is
written to the same folder.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import IO, Literal, cast, overload

TEMP_PREFIX = ".homecheck-tmp-"
STALE_AFTER_S = 24 * 60 * 60


class OutputError(OSError):
    """A target that cannot or must not be written; the message names the path only.

    An OSError, so callers that already handle a failed write handle this too.
    """


class TargetExists(OutputError):
    """An exclusive write found a file already there: it is left as it was."""


def check_target(path: Path) -> Path:
    """The regular file to write for `path`: itself, or what its symlink points at.

    Refuses a folder, a device, a FIFO, a socket (or a symlink to one), and a missing
    folder, each with one line naming the path.
    """
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror}") from None
    if mode is not None and stat.S_ISLNK(mode):
        try:
            target_mode = path.stat().st_mode
        except OSError:
            raise OutputError(f"{path} is a symbolic link to nothing; not writing it") from None
        if not stat.S_ISREG(target_mode):
            raise OutputError(f"{path} is a link to {_kind(target_mode)}; not writing it")
        path = path.resolve()
    elif mode is not None and not stat.S_ISREG(mode):
        raise OutputError(f"{path} is {_kind(mode)}, not a regular file; not writing it")
    if not path.parent.is_dir():
        raise OutputError(f"folder {path.parent} does not exist")
    return path


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


@overload
def private_output(
    path: Path, *, binary: Literal[True], exclusive: bool = ...
) -> AbstractContextManager[IO[bytes]]: ...
@overload
def private_output(
    path: Path, *, binary: Literal[False] = ..., exclusive: bool = ...
) -> AbstractContextManager[IO[str]]: ...


def private_output(
    path: Path, *, binary: bool = False, exclusive: bool = False
) -> AbstractContextManager[IO[bytes]] | AbstractContextManager[IO[str]]:
    """A handle on a private temporary file that replaces `path` when the block ends
    without an error (and is removed when it does not).

    `exclusive` never replaces a file already at `path` (TargetExists, before and after
    writing): a report may be a signed record."""
    return cast(
        "AbstractContextManager[IO[bytes]] | AbstractContextManager[IO[str]]",
        _private_output(Path(path), binary=binary, exclusive=exclusive),
    )


@contextmanager
def _private_output(path: Path, *, binary: bool, exclusive: bool) -> Iterator[IO[bytes] | IO[str]]:
    target = check_target(path)
    if exclusive and os.path.lexists(path):
        raise TargetExists(f"{path} exists; not replacing it")
    remove_stale_temp_files(target.parent)
    try:
        fd, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=target.parent)
    except OSError as error:
        raise OutputError(f"cannot write in {target.parent}: {error.strerror}") from None
    try:
        os.fchmod(fd, 0o600)
        mode = "wb" if binary else "w"
        encoding = None if binary else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding, newline=None if binary else "") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        check_target(path)  # nothing swapped in meanwhile
        if exclusive:
            _link_new(temp, target, path)
        else:
            os.replace(temp, target)
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        if isinstance(error, OutputError):
            raise
        raise OutputError(f"cannot write {path}: {error.strerror or 'write failed'}") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _link_new(temp: str, target: Path, path: Path) -> None:
    """Give the finished file its name only if that name is still free, atomically.

    A hard link fails when the name exists, where a rename would replace it. Filesystems
    without hard links (FAT, some shares) get a check just before the rename instead."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise TargetExists(f"{path} exists; not replacing it") from None
    except OSError:
        if os.path.lexists(target):
            raise TargetExists(f"{path} exists; not replacing it") from None
        os.replace(temp, target)
        return
    os.unlink(temp)


def ensure_private_dir(path: Path) -> None:
    """Create `path` and every missing parent with mode 0700, whatever the umask.

    mkdir's mode is filtered by the umask and `parents=True` ignores it for the parents,
    so each level made here is set explicitly; folders that already existed are the
    user's and are left as they are.
    """
    missing: list[Path] = []
    level = path
    while not level.is_dir() and level != level.parent:
        missing.append(level)
        level = level.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            if folder.is_dir():
                continue  # made meanwhile by someone else: not ours to change
            raise
        os.chmod(folder, 0o700)


def write_private_text(path: Path, text: str) -> Path:
    """Write `text` to `path` privately and atomically; return the file written."""
    with private_output(path) as handle:
        handle.write(text)
    return path


def remove_stale_temp_files(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove our temporary files whose writer is gone or that are older than a day."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            continue
        if _writer_alive(entry.name) and now - info.st_mtime < STALE_AFTER_S:
            continue
        try:
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def _writer_alive(name: str) -> bool:
    pid_text = name[len(TEMP_PREFIX) :].split("-", 1)[0]
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
