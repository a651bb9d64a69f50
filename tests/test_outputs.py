"""Output folders change all at once or not at all; one writer at a time; a cache that
proves its entries (issue 12, items 3, 4, 8 and 9)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import APPLE, TAIPEI, copy_raw, hash_tree

from research_utils import outputs
from research_utils.annotate import cache
from research_utils.errors import ResearchUtilsError
from research_utils.pipeline import prepare

# --------------------------------------------------------------------------- commit_files


def _old_and_new(folder: Path) -> tuple[dict[str, bytes], dict[Path, Path], list[Path]]:
    """A folder holding three old files; temporaries replacing two and adding one; one to delete."""
    folder.mkdir()
    for name in ("a.csv", "b.csv", "gone.csv", "kept.txt"):
        (folder / name).write_bytes(f"old {name}\n".encode())
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    replace = {}
    for name in ("a.csv", "b.csv", "c.csv"):
        temp = folder / f".{name}.x1.tmp"
        temp.write_bytes(f"new {name}\n".encode())
        replace[temp] = folder / name
    return before, replace, [folder / "gone.csv"]


def _state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


NEW = {
    "a.csv": b"new a.csv\n",
    "b.csv": b"new b.csv\n",
    "c.csv": b"new c.csv\n",
    "kept.txt": b"old kept.txt\n",
}


class _Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs in the process."""


def _count_steps(tmp_path: Path) -> tuple[int, int]:
    """How many file operations one commit makes (links, renames, deletes), and the number
    of the one that commits (deleting the journal)."""
    calls: list[str] = []
    folder = tmp_path / "count"
    _, replace, remove = _old_and_new(folder)
    real_link, real_replace, real_unlink = os.link, os.replace, Path.unlink

    def unlink(self: Path, **kwargs: object) -> None:
        calls.append(self.name)
        real_unlink(self, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(outputs.os, "link", lambda *a: (calls.append("link"), real_link(*a))[1])
        mp.setattr(outputs.os, "replace", lambda *a: (calls.append("replace"), real_replace(*a))[1])
        mp.setattr(Path, "unlink", unlink)
        outputs.commit_files(folder, replace, remove=remove)
    assert _state(folder) == NEW
    return len(calls), calls.index(outputs.JOURNAL_FILE)


class _Crash:
    """File operations that raise :class:`_Killed` at the ``at``-th call."""

    def __init__(self, at: int) -> None:
        self.at, self.done = at, 0

    def __call__(self, real):
        def wrapped(*args, **kwargs):
            if self.done == self.at:
                raise _Killed
            self.done += 1
            return real(*args, **kwargs)

        return wrapped


@pytest.mark.parametrize("rollback_in_process", [True, False], ids=["failure", "kill"])
def test_a_commit_interrupted_at_any_step_leaves_all_old_or_all_new(
    tmp_path: Path, rollback_in_process: bool
) -> None:
    steps, commit_point = _count_steps(tmp_path)
    assert steps >= 8
    for crash_at in range(steps):
        folder = tmp_path / f"{crash_at}-{rollback_in_process}"
        before, replace, remove = _old_and_new(folder)
        crash = _Crash(crash_at)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(outputs.os, "link", crash(os.link))
            mp.setattr(outputs.os, "replace", crash(os.replace))
            mp.setattr(Path, "unlink", crash(Path.unlink))
            if not rollback_in_process:
                mp.setattr(outputs, "_roll_back", lambda folder: None)
            with pytest.raises(_Killed):
                outputs.commit_files(folder, replace, remove=remove)
        outputs.recover(folder)  # what the next command does, under the lock
        expected = before if crash_at <= commit_point else NEW
        assert _state(folder) == expected, f"crash at step {crash_at} (commit at {commit_point})"


def test_a_commit_without_a_crash_leaves_no_backup_or_journal(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    _, replace, remove = _old_and_new(folder)
    outputs.commit_files(folder, replace, remove=remove)
    assert _state(folder) == NEW  # and nothing else: no journal, backups or temporaries


# --------------------------------------------------------------------------- prepare, killed


KILL_AT_REPLACE = textwrap.dedent(
    """
    import os, signal, sys
    from research_utils import outputs
    from research_utils.pipeline import prepare
    real, calls = outputs.os.replace, []
    def replace(*args):
        calls.append(args)
        if len(calls) == int(sys.argv[3]):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args)
    outputs.os.replace = replace
    prepare(sys.argv[1], sys.argv[2], jobs=1)
    """
)


@pytest.mark.parametrize("kill_at", [2, 4, 7])
def test_prepare_killed_between_renames_leaves_the_previous_tables(tmp_path: Path, kill_at: int) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    prepare(raw, out, fmt="csv")
    before = {k: v for k, v in hash_tree(out).items() if not k.startswith(".cache")}
    # a change that rewrites every table: another annotation format makes every entry stale
    (raw / "metadata.csv").write_text(
        (raw / "metadata.csv").read_text(encoding="utf-8").replace("Apple Daily", "Apple Daily HK"),
        encoding="utf-8",
    )
    from research_utils.ingest import write_manifest

    write_manifest(raw)
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AT_REPLACE, str(raw), str(out), str(kill_at)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent)},
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # the next command (any that locks the folder) rolls the interrupted commit back
    with outputs.locked_folder(out, command="test"):
        pass
    after = {k: v for k, v in hash_tree(out).items() if not k.startswith(".cache")}
    assert after == before
    prepare(raw, out, fmt="csv")  # and a full run then gets the new tables
    assert "Apple Daily HK" in (out / "documents.csv").read_text(encoding="utf-8")


def test_leftovers_of_an_interrupted_run_are_removed(tmp_path: Path) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    prepare(raw, out)
    expected = hash_tree(out)
    (out / ".tokens.csv.k3j2.tmp").write_bytes(b"x" * 1000)
    (out / ".documents.csv.commit.bak").write_bytes(b"old")
    (out / ".nbrun-abc").mkdir()
    (out / ".nbrun-abc" / "01.ipynb").write_text("{}")
    prepare(raw, out)
    assert hash_tree(out) == expected


# --------------------------------------------------------------------------- one writer


def test_a_second_writer_is_refused_naming_the_holder(tmp_path: Path) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    with outputs.locked_folder(out, command="prepare"):
        result = subprocess.run(
            [sys.executable, "-m", "research_utils", "prepare", "--raw", str(raw), "--out", str(out)],
            capture_output=True,
            text=True,
        )
    assert result.returncode == 2
    assert "in use by another research-utils command" in result.stderr
    assert f"pid {os.getpid()}" in result.stderr and "`prepare`" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (out / "documents.csv").exists()  # nothing written
    prepare(raw, out)  # released: the next run goes ahead


def test_prepare_cannot_rewrite_tables_analyse_is_reading(tmp_path: Path) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    prepare(raw, out)
    with outputs.locked_folder(out, command="analyse", shared=True):
        with pytest.raises(outputs.FolderInUseError, match="in use"):
            prepare(raw, out)
        with outputs.locked_folder(out, command="analyse", shared=True):
            pass  # two readers at once are fine
        assert (out / outputs.LOCK_FILE).exists()  # still read
    assert not (out / outputs.LOCK_FILE).exists()  # the last one out removes the lock file
    prepare(raw, out)
    assert not (out / outputs.LOCK_FILE).exists()


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom research_utils import outputs\n"
            "with outputs.locked_folder(sys.argv[1], command='prepare'):\n"
            "    print('locked', flush=True)\n    time.sleep(600)\n",
            str(out),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    with (
        pytest.raises(outputs.FolderInUseError, match=f"pid {holder.pid}"),
        outputs.locked_folder(out, command="prepare"),
    ):
        pass
    holder.kill()
    holder.wait()
    with outputs.locked_folder(out, command="prepare"):
        pass


# --------------------------------------------------------------------------- the cache proves its entries


def _damage(out: Path, sql: str, *params: object) -> None:
    (out / cache.CACHE_DIR / cache.STATE_FILE).unlink()  # not the warm rerun: the tables are rebuilt
    with sqlite3.connect(out / cache.CACHE_DIR / cache.STORE_FILE) as db:
        db.execute(sql, params)


def test_a_flipped_bit_in_a_cache_entry_is_recomputed_not_used(tmp_path: Path, tokenised: list[str]) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    prepare(raw, out, jobs=1)
    expected = {k: v for k, v in hash_tree(out).items() if not k.startswith(".cache")}
    key = _key_of(out, TAIPEI)
    with sqlite3.connect(out / cache.CACHE_DIR / cache.STORE_FILE) as db:
        (blob,) = db.execute("SELECT tokens FROM annotations WHERE key = ?", (key,)).fetchone()
    flipped = bytearray(blob)
    flipped[len(flipped) // 2] ^= 0x04
    _damage(out, "UPDATE annotations SET tokens = ? WHERE key = ?", bytes(flipped), key)
    del tokenised[:]
    said: list[str] = []
    prepare(raw, out, jobs=1, log=said.append)
    assert tokenised == [TAIPEI]  # only the damaged document again
    assert sum("did not match its checksum" in line for line in said) == 1
    assert {k: v for k, v in hash_tree(out).items() if not k.startswith(".cache")} == expected


def test_swapped_cache_entries_are_not_given_to_the_wrong_document(
    tmp_path: Path, tokenised: list[str]
) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    prepare(raw, out, jobs=1)
    expected = {k: v for k, v in hash_tree(out).items() if not k.startswith(".cache")}
    apple, taipei = _key_of(out, APPLE), _key_of(out, TAIPEI)
    _damage(out, "UPDATE annotations SET key = 'swap' WHERE key = ?", apple)
    with sqlite3.connect(out / cache.CACHE_DIR / cache.STORE_FILE) as db:
        db.execute("UPDATE annotations SET key = ? WHERE key = ?", (apple, taipei))
        db.execute("UPDATE annotations SET key = ? WHERE key = 'swap'", (taipei,))
    del tokenised[:]
    said: list[str] = []
    prepare(raw, out, jobs=1, log=said.append)
    assert sorted(tokenised) == sorted([APPLE, TAIPEI])
    assert any("2 cache entries did not match" in line for line in said)
    assert {k: v for k, v in hash_tree(out).items() if not k.startswith(".cache")} == expected


def test_a_damaged_cache_page_is_rebuilt_not_a_traceback(tmp_path: Path, tokenised: list[str]) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    prepare(raw, out, jobs=1)
    expected = {k: v for k, v in hash_tree(out).items() if not k.startswith(".cache")}
    (out / cache.CACHE_DIR / cache.STATE_FILE).unlink()
    store = out / cache.CACHE_DIR / cache.STORE_FILE
    data = bytearray(store.read_bytes())
    page = 4096
    for i in range(page + 16, min(len(data), 3 * page)):  # scribble over the pages after the header
        data[i] = 0xFF
    store.write_bytes(bytes(data))
    del tokenised[:]
    said: list[str] = []
    prepare(raw, out, jobs=1, log=said.append)
    assert sorted(tokenised) == sorted([APPLE, TAIPEI])
    assert {k: v for k, v in hash_tree(out).items() if not k.startswith(".cache")} == expected
    assert any("rebuilt" in line or "did not match" in line for line in said)


def test_a_read_only_cache_is_named_with_the_right_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw, out = copy_raw(tmp_path / "raw"), tmp_path / "out"
    prepare(raw, out, jobs=1)
    (out / cache.CACHE_DIR / cache.STATE_FILE).unlink()
    monkeypatch.setattr(cache.AnnotationStore, "_open", _raise_readonly)
    monkeypatch.setattr(cache, "_writable", lambda path: False)  # root ignores file modes
    with pytest.raises(ResearchUtilsError, match="not writable") as info:
        prepare(raw, out, jobs=1)
    assert "chmod" in str(info.value) and "delete" not in str(info.value)


def _raise_readonly(self: cache.AnnotationStore) -> None:
    raise sqlite3.OperationalError("attempt to write a readonly database")


def _key_of(out: Path, doc_id: str) -> str:
    """The cache key of ``doc_id``'s entry (its token rows start with its doc_id)."""
    with cache.AnnotationStore(out / cache.CACHE_DIR) as store:
        (key,) = [
            k for k in sorted(store.keys()) if store.get(k).rows()[1].startswith(doc_id.encode() + b",")
        ]
    return key


def test_a_killed_notebook_run_leaves_nothing_the_next_run_keeps(tmp_path: Path) -> None:
    import nbformat

    from research_utils.report import run_notebooks

    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / ".nbrun-k1ll3d").mkdir()  # what a killed execution leaves
    (folder / ".nbrun-k1ll3d" / "01_a.ipynb").write_text("{}", encoding="utf-8")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "01_a.ipynb")
    with outputs.locked_folder(folder, command="notebooks"), pytest.raises(outputs.FolderInUseError):
        run_notebooks(folder, jobs=1)  # one run at a time per folder
    (executed,) = run_notebooks(folder, jobs=1)
    assert "42" in executed.read_text(encoding="utf-8")
    assert sorted(p.name for p in folder.iterdir()) == ["01_a.ipynb"]  # no lock file left either


def test_a_file_system_without_locks_runs_unlocked_rather_than_failing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import fcntl

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    out = tmp_path / "on-a-network-mount"
    with outputs.locked_folder(out, command="prepare"):
        (out / "table.csv").write_text("a\n", encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == ["table.csv"]  # no lock file left behind
