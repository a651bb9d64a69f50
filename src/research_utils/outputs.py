"""Output folders that change all at once or not at all, one writer at a time.

Three guarantees for every folder a stage writes (``prepare``'s processed tables,
``analyse``'s analysed tables, the whole folder of ``run --out``):

- **One writer.** :func:`locked_folder` holds an advisory lock (``fcntl.flock``) on the
  folder's lock file for as long as a command writes; a second command is refused with a
  message naming the holder (pid, command, start time). The operating system releases the
  lock when its holder dies, so a killed run never leaves a stale lock behind. Readers
  (``analyse`` reading the processed tables) take a shared lock, so ``prepare`` cannot
  rewrite tables while they are read. Without ``fcntl`` (Windows) there is no lock.
- **All or nothing.** :func:`commit_files` replaces a set of files in one folder with a redo
  journal: the journal names every change, each replaced file keeps a hard-linked backup,
  and only when every new file is in place is the journal deleted (the moment of commit).
  A crash, kill or failure at any earlier point is rolled back by the next command
  (:func:`recover`), which restores the previous files byte for byte.
  :func:`swap_folder` replaces a whole folder by a finished staging folder
  (``renameat2(RENAME_EXCHANGE)`` on Linux: one atomic step; elsewhere two renames that
  :func:`recover_folder` completes or undoes).
- **No leftovers.** Temporary files, backups and staging folders of an interrupted run
  are removed by the next run, under the lock.

Written by hand because no maintained library does this: ``atomicwrites`` and
``os.replace`` cover one file, not a set; ``filelock`` does not say who holds a lock.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import json
import os
import shutil
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import ResearchUtilsError

#: The lock file of an output folder (hidden; kept between runs).
LOCK_FILE = ".research-utils.lock"
#: The commit journal of an output folder (exists only while a commit is under way).
JOURNAL_FILE = ".research-utils.journal"
#: Suffix of backups and temporary files this module and ``files.atomic_outputs`` leave
#: behind when killed (``.NAME.RANDOM.tmp`` / ``.NAME.PID.bak``).
_LEFTOVER_SUFFIXES = (".tmp", ".bak")


#: ``flock`` errors that mean the file system keeps no locks: the command then runs unlocked.
_NO_LOCKS = frozenset(
    getattr(errno, name) for name in ("ENOLCK", "EOPNOTSUPP", "ENOSYS") if hasattr(errno, name)
)


class FolderInUseError(ResearchUtilsError):
    """Another research-utils command is writing (or reading) the folder."""


def _holder(path: Path) -> str:
    """Who holds the lock, as its holder recorded it (empty if unknown or dead)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8") or "{}")
        pid = int(record["pid"])
        os.kill(pid, 0)
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    return f" (pid {pid}: `{record.get('command', '?')}`, started {record.get('started', '?')})"


@contextlib.contextmanager
def _lock(path: Path, folder: Path, *, command: str, shared: bool) -> Iterator[None]:
    """Hold the ``flock`` of ``path`` (the lock file of ``folder``) inside the block.

    An exclusive holder records itself in the file; the last holder deletes the file when
    it is done, so nothing is left behind. A process that locked the deleted file in the
    meantime sees that the path now names another file (or none), and tries again.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks
        yield
        return
    for _attempt in range(100):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in _NO_LOCKS:  # a file system without locks (some network mounts)
                with contextlib.suppress(OSError):
                    path.unlink()
                yield
                return
            if exc.errno not in (errno.EWOULDBLOCK, errno.EACCES):
                raise
            raise FolderInUseError(
                f"{folder}: in use by another research-utils command{_holder(path)}\n"
                "  fix: wait until it has finished (or stop it), then run this again"
            ) from None
        try:
            current = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            current = False
        if current:
            break
        os.close(fd)  # the file was deleted by its last holder: lock the one at the path now
    else:  # pragma: no cover - a lock file deleted a hundred times while we tried
        raise FolderInUseError(f"{folder}: could not lock {path}\n  fix: run this again")
    try:
        if not shared:
            record = {
                "pid": os.getpid(),
                "command": command,
                "started": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            }
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(record).encode("utf-8"), 0)
        yield
    finally:
        with contextlib.suppress(OSError):  # the last holder (a reader: if no other reads) deletes it
            if shared:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            path.unlink()
        os.close(fd)  # releases the lock


@contextlib.contextmanager
def locked_folder(folder: str | Path, *, command: str, shared: bool = False) -> Iterator[Path]:
    """Hold ``folder``'s lock (exclusive, or ``shared`` for readers) inside the block.

    An exclusive holder first removes what an interrupted run left (:func:`recover`).
    Raises :class:`FolderInUseError` at once, without waiting, when another process holds
    the lock in a conflicting mode.
    """
    folder = Path(folder)
    if shared and not folder.is_dir():
        yield folder  # nothing to protect (a reader then reports the missing tables)
        return
    folder.mkdir(parents=True, exist_ok=True)
    with _lock(folder / LOCK_FILE, folder, command=command, shared=shared):
        if not shared:
            recover(folder)
        yield folder


# --------------------------------------------------------------------------- sets of files


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system can sync a directory
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _backup(path: Path) -> None:
    """Keep ``path``'s current file as ``backup``: a hard link, else a copy."""
    backup = _backup_of(path)
    backup.unlink(missing_ok=True)
    try:
        os.link(path, backup)
    except OSError:  # a file system without hard links
        shutil.copy2(path, backup)


def _backup_of(path: Path) -> Path:
    return path.with_name(f".{path.name}.commit.bak")


def commit_files(folder: str | Path, replace: Mapping[Path, Path], *, remove: Sequence[Path] = ()) -> None:
    """Move each temporary file of ``replace`` (temporary → final) onto its final path and
    delete ``remove``, all in ``folder``, as one change (see the module docstring).

    On any failure before the commit point the previous files are restored and the
    exception propagates.
    """
    folder = Path(folder)
    for path in [*replace, *replace.values(), *remove]:
        if Path(path).parent.resolve() != folder.resolve():
            raise ValueError(f"{path} is not in {folder}")
    final = {Path(t): Path(f) for t, f in replace.items()}
    gone = [Path(p) for p in remove if Path(p).exists() and Path(p) not in final.values()]
    entries: list[dict[str, Any]] = [
        {"temp": t.name, "final": f.name, "existed": f.exists()} for t, f in final.items()
    ] + [{"temp": None, "final": p.name, "existed": True} for p in gone]
    journal = folder / JOURNAL_FILE
    tmp = folder / f".{JOURNAL_FILE}.tmp"
    tmp.write_text(json.dumps({"pid": os.getpid(), "entries": entries}), encoding="utf-8")
    os.replace(tmp, journal)
    _fsync_dir(folder)
    try:
        for entry in entries:
            if entry["existed"]:
                _backup(folder / entry["final"])
        for temp, path in final.items():
            os.chmod(temp, 0o644)
            os.replace(temp, path)
        for path in gone:
            path.unlink()
        _fsync_dir(folder)
    except BaseException:
        _roll_back(folder)
        raise
    journal.unlink()  # the commit point
    _fsync_dir(folder)
    for entry in entries:
        _backup_of(folder / entry["final"]).unlink(missing_ok=True)


def _roll_back(folder: Path) -> None:
    """Undo an unfinished commit in ``folder``: every file as it was before it began."""
    journal = folder / JOURNAL_FILE
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))["entries"]
    except (OSError, ValueError, KeyError, TypeError):
        entries = None
    if entries is None:
        if journal.exists():  # unreadable: written only partly, so nothing was replaced yet
            journal.unlink()
        return
    for entry in entries:
        path = folder / entry["final"]
        backup = _backup_of(path)
        if entry["existed"]:
            if backup.exists():
                os.replace(backup, path)
            # no backup: the commit never got past making backups, so the file is the old one
        else:
            path.unlink(missing_ok=True)
        if entry["temp"]:
            (folder / entry["temp"]).unlink(missing_ok=True)
    _fsync_dir(folder)
    journal.unlink()


def recover(folder: str | Path) -> list[Path]:
    """Roll back an interrupted commit in ``folder`` and remove what an interrupted run
    left there (temporary files, backups, staging folders); return what was removed.

    Call it only while holding the folder's exclusive lock (:func:`locked_folder` does).
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    if (folder / JOURNAL_FILE).exists():
        _roll_back(folder)
    removed = []
    for path in folder.iterdir():
        name = path.name
        if not name.startswith("."):
            continue
        if path.is_file() and name.endswith(_LEFTOVER_SUFFIXES) and name != LOCK_FILE:
            path.unlink(missing_ok=True)
            removed.append(path)
        elif path.is_dir() and (name.startswith(".nbrun-") or ".staging-" in name or ".old-" in name):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


# --------------------------------------------------------------------------- whole folders


def staging_folder(folder: str | Path) -> Path:
    """A fresh, empty folder beside ``folder`` to build its next contents in."""
    folder = Path(folder)
    staging = folder.with_name(f".{folder.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2``); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def swap_folder(staging: str | Path, folder: str | Path) -> None:
    """Put the finished ``staging`` folder in place of ``folder`` and delete the old one."""
    staging, folder = Path(staging), Path(folder)
    if not folder.exists():
        os.replace(staging, folder)
    elif _exchange(staging, folder):
        shutil.rmtree(staging)  # now the old contents
    else:
        old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
        os.replace(folder, old)
        os.replace(staging, folder)
        shutil.rmtree(old)
    _fsync_dir(folder.parent)


def recover_folder(folder: str | Path) -> None:
    """Undo what an interrupted :func:`swap_folder` or staging run left beside ``folder``:
    the old folder back in place if it was moved away, staging folders removed."""
    folder = Path(folder)
    parent = folder.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(f".{folder.name}.old-*"))
    if olds and not folder.exists():
        os.replace(olds[0], folder)
        olds = olds[1:]
    for path in [*olds, *parent.glob(f".{folder.name}.staging-*")]:
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def locked_path(folder: str | Path, *, command: str) -> Iterator[Path]:
    """Hold an exclusive lock for a folder that is replaced whole (``run --out``): the lock
    file lives beside it (``.NAME.lock`` in its parent), and leftovers are cleared first."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with _lock(folder.with_name(f".{folder.name}.lock"), folder, command=command, shared=False):
        recover_folder(folder)
        yield folder
