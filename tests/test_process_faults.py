"""Faults of processes and of the system around them end in one clear line, never a hang,
a traceback or processes left behind.

- Worker processes of ``prepare`` die with their parent (SIGKILL), and Ctrl-C or SIGTERM
  of the parent stops it with one line (status 130 / 143) and no worker left.
- Dask: a service that is not a scheduler, or a scheduler without workers, is reported
  within a deadline (``RESEARCH_UTILS_DASK_TIMEOUT``); malformed addresses are refused
  before connecting.
- A permission denied, a full disk or a path through a file is one message naming the
  path and the fix (status 2); an ``OSError`` that is not the user's is still a traceback.
- ``report`` on something that is not a notebook names the file and the fix (status 2).

The signal tests run ``research-utils prepare`` in a subprocess on a Brown corpus large
enough for the local engine to start worker processes (over ``POOL_MIN_CHARACTERS``), and
act as soon as the workers exist. Every wait is a poll with a generous upper bound.
"""

from __future__ import annotations

import errno
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import write_brown_corpus, write_corpus

from research_utils.annotate import engines
from research_utils.cli import main

psutil = pytest.importorskip("psutil")

#: Upper bounds of the polls (seconds): generous, since two shared cores may be busy.
WORKERS_START = 120
WORKERS_GONE = 30
#: The Dask deadline the tests set (seconds), and the most a refused scheduler may take.
DASK_DEADLINE = 2
DASK_BOUND = 45
#: ``prepare`` in a subprocess with a chosen start method for the worker processes.
LAUNCH = (
    "import sys; from research_utils import engine; engine.start_method = lambda: sys.argv[1]; "
    "from research_utils.cli import main; sys.exit(main(sys.argv[2:]))"
)


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sixty-odd Brown files (about 900,000 characters): enough for worker processes."""
    raw = write_brown_corpus(tmp_path_factory.mktemp("big") / "raw", None, 5)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in raw.glob("*.txt"))
    assert chars > engines.POOL_MIN_CHARACTERS
    return raw


def start_prepare(raw: Path, out: Path, method: str) -> subprocess.Popen[str]:
    """``research-utils prepare --jobs 2`` in a new process; ``method``: ``cli`` (exactly
    ``python -m research_utils``, which forks its workers on Linux) or ``spawn``."""
    options = ["prepare", "--raw", str(raw), "--out", str(out), "--jobs", "2", "--quiet"]
    command = ["-m", "research_utils"] if method == "cli" else ["-c", LAUNCH, method]
    return subprocess.Popen(
        [sys.executable, *command, *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for_workers(proc: subprocess.Popen[str], count: int = 2) -> list:
    """The descendants of ``proc`` once it has at least ``count`` (its worker processes)."""
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + WORKERS_START
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"prepare ended (status {proc.returncode}) before its workers started:\n{err}")
        try:
            children = parent.children(recursive=True)
        except psutil.NoSuchProcess:
            children = []
        if len(children) >= count:
            return children
        time.sleep(0.05)
    proc.kill()
    pytest.fail(f"no {count} worker processes after {WORKERS_START} s")


def alive(processes: list) -> list:
    """Those of ``processes`` still running (a zombie waiting to be reaped has ended)."""
    running = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                running.append(process)
        except psutil.NoSuchProcess:
            pass
    return running


def wait_until_gone(processes: list, bound: float = WORKERS_GONE) -> tuple[list, float]:
    """Poll until none of ``processes`` runs, at most ``bound`` seconds; the survivors
    (killed, so a failing test leaves nothing behind) and the seconds waited."""
    start = time.monotonic()
    while (survivors := alive(processes)) and time.monotonic() - start < bound:
        time.sleep(0.1)
    for process in survivors:
        process.kill()
    return survivors, time.monotonic() - start


@pytest.fixture
def started() -> Iterator[list]:
    """Processes a test starts, and their workers once seen: whatever still runs at the end
    of the test is killed, so a failing test leaves nothing behind."""
    processes: list = []
    yield processes
    for process in processes:
        if isinstance(process, subprocess.Popen):
            if process.poll() is None:
                process.kill()
            process.wait()
    for process in alive([p for p in processes if not isinstance(p, subprocess.Popen)]):
        process.kill()


# --- workers die with their parent ---


@pytest.mark.parametrize("method", ["cli", "spawn"])
def test_workers_die_when_prepare_is_killed(
    big_corpus: Path, tmp_path: Path, started: list, method: str
) -> None:
    proc = start_prepare(big_corpus, tmp_path / "out", method)
    started.append(proc)
    workers = wait_for_workers(proc)
    started.extend(workers)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    survivors, waited = wait_until_gone(workers)
    assert not survivors, f"{len(survivors)} worker process(es) still running {waited:.0f} s after SIGKILL"


# --- Ctrl-C and SIGTERM: one line, no traceback, no worker left ---


@pytest.mark.parametrize(
    ("signum", "status", "said"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "stopped by SIGTERM")],
    ids=["ctrl-c", "sigterm"],
)
def test_a_stopped_prepare_says_so_in_one_line(
    big_corpus: Path, tmp_path: Path, started: list, signum: int, status: int, said: str
) -> None:
    proc = start_prepare(big_corpus, tmp_path / "out", "cli")
    started.append(proc)
    workers = wait_for_workers(proc)
    started.extend(workers)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err, err
    assert proc.returncode == status, err
    assert f"research-utils prepare: {said}; previous results are left as they were" in err
    assert len(err.strip().splitlines()) == 1, err
    survivors, waited = wait_until_gone(workers)
    assert not survivors, f"{len(survivors)} worker process(es) still running {waited:.0f} s after {said}"


# --- Dask: bounded waits, addresses checked before connecting ---


@pytest.fixture
def fake_service() -> Iterator[tuple[str, list[bytes]]]:
    """A TCP service on the loopback that is not Dask: ``(address, what it sends)``; the
    test sets what it sends on accepting a connection (nothing: it stays silent)."""
    sends: list[bytes] = []
    server = socket.create_server(("127.0.0.1", 0))
    connections: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:  # closed
                return
            connections.append(conn)
            for data in sends:
                conn.sendall(data)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"tcp://127.0.0.1:{server.getsockname()[1]}", sends
    server.close()
    for conn in connections:
        conn.close()


def prepare_on_dask(raw: Path, out: Path, scheduler: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """``research-utils prepare --engine dask --scheduler ...`` in a subprocess with the test's
    deadline; the result and the seconds it took (the subprocess is stopped after
    :data:`DASK_BOUND` s, so a hang fails the test instead of blocking it)."""
    env = {**os.environ, "RESEARCH_UTILS_DASK_TIMEOUT": str(DASK_DEADLINE)}
    command = ["prepare", "--raw", str(raw), "--out", str(out), "--engine", "dask", "--scheduler", scheduler]
    start = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "research_utils", *command, "--quiet"],
            capture_output=True,
            text=True,
            env=env,
            timeout=DASK_BOUND,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"prepare with --scheduler {scheduler} still waiting after {DASK_BOUND} s")
    return done, time.monotonic() - start


@pytest.mark.parametrize(
    "sends", [b"", b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello" * 50], ids=["silent", "garbage"]
)
def test_a_service_that_is_not_dask_is_refused_in_time(
    brown_sample: Path, tmp_path: Path, fake_service: tuple[str, list[bytes]], sends: bytes
) -> None:
    address, to_send = fake_service
    to_send.append(sends)
    done, _ = prepare_on_dask(brown_sample, tmp_path / "out", address)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, done.stderr
    assert f"the service at {address} " in done.stderr and "Dask scheduler" in done.stderr
    assert "fix: check the address and port" in done.stderr


def test_a_scheduler_without_workers_is_reported_in_time(brown_sample: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=0, processes=False, protocol="tcp://", dashboard_address=None, silence_logs=logging.ERROR
    ) as cluster:
        done, _ = prepare_on_dask(brown_sample, tmp_path / "out", cluster.scheduler_address)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, done.stderr
    assert f"the Dask scheduler at {cluster.scheduler_address} has no workers" in done.stderr
    assert "fix: start workers for it" in done.stderr


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("not-an-address", "'not-an-address' is not a Dask scheduler address: expected tcp://HOST:PORT"),
        ("tcp://127.0.0.1:99999", "with a port from 1 to 65535"),
        ("http://127.0.0.1:8786", "unknown scheme http://"),
        ("tls://127.0.0.1:8786", "a tls:// scheduler needs TLS certificates, and none are configured"),
    ],
)
def test_a_malformed_scheduler_address_is_refused_before_connecting(
    brown_sample: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    address: str,
    said: str,
) -> None:
    def no_connection(*args: object, **kwargs: object) -> None:
        raise AssertionError("connected to a malformed address")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    monkeypatch.setattr("distributed.Client", no_connection)
    options = ["--out", str(tmp_path / "out"), "--engine", "dask", "--scheduler", address]
    assert main(["prepare", "--raw", str(brown_sample), *options]) == 2
    err = capsys.readouterr().err
    assert said in err and "fix:" in err, err


def test_a_bad_dask_deadline_is_refused(
    brown_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RESEARCH_UTILS_DASK_TIMEOUT", "soon")
    options = ["--engine", "dask", "--scheduler", "tcp://127.0.0.1:8786", "--quiet"]
    assert main(["prepare", "--raw", str(brown_sample), "--out", str(tmp_path / "out"), *options]) == 2
    assert "RESEARCH_UTILS_DASK_TIMEOUT='soon' is not a number of seconds" in capsys.readouterr().err


# --- OS failures the user can fix: one message naming the path, status 2 ---


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("small") / "raw")


def test_an_output_path_through_a_file_is_one_message(
    small_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    out = tmp_path / "a-file" / "out"
    assert main(["prepare", "--raw", str(small_corpus), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"research-utils prepare: error: {out}" in err or f"error: {tmp_path / 'a-file'}" in err, err
    assert "Not a directory" in err and "fix: a part of the path is a file" in err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_output_folder_is_one_message(
    small_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parent = tmp_path / "read-only"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        assert main(["prepare", "--raw", str(small_corpus), "--out", str(parent / "out"), "--quiet"]) == 2
    finally:
        parent.chmod(0o755)
    err = capsys.readouterr().err
    assert str(parent) in err and "Permission denied" in err and "fix: give yourself permission" in err


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "fix: give yourself permission"),
        (OSError(errno.EROFS, "Read-only file system"), "fix: that disk is mounted read-only"),
        (OSError(errno.ENOSPC, "No space left on device"), "fix: free space on that disk"),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), "fix: your disk quota is used up"),
    ],
    ids=["permission", "read-only", "disk-full", "quota"],
)
def test_a_failing_disk_is_one_message_naming_the_path(
    small_corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: OSError,
    said: str,
) -> None:
    # as root (CI containers) a read-only folder is writable, and a full disk is hard to
    # make: the failure is raised where prepare writes its tables
    out = tmp_path / "out"
    error.filename = str(out / ".tokens.csv.tmp")

    def failing(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr("research_utils.pipeline.prepare_study", failing)
    assert main(["prepare", "--raw", str(small_corpus), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"research-utils prepare: error: {out / '.tokens.csv.tmp'}: {error.strerror}\n")
    assert said in err


def test_a_full_disk_without_a_path_is_still_one_message(
    small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")  # os.write on a descriptor names no file

    monkeypatch.setattr("research_utils.pipeline.prepare_study", failing)
    assert main(["prepare", "--raw", str(small_corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert "error: No space left on device\n  fix: free space on that disk" in capsys.readouterr().err


@pytest.mark.parametrize(
    "error",
    [OSError("something else"), ConnectionResetError(errno.ECONNRESET, "reset"), OSError(errno.EACCES, "?")],
    ids=["no-errno", "not-a-path-error", "permission-without-path"],
)
def test_other_os_errors_are_not_hidden(
    small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError
) -> None:
    def failing(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr("research_utils.pipeline.prepare_study", failing)
    with pytest.raises(OSError) as raised:
        main(["prepare", "--raw", str(small_corpus), "--out", str(tmp_path / "out"), "--quiet"])
    assert raised.value is error


# --- report: a file that is not a notebook ---


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("notes.txt", b"These are my notes.\n", "not a Jupyter notebook: not JSON"),
        ("broken.ipynb", b'{"cells": [{"cell_type": "markdown", ', "not a Jupyter notebook: not JSON"),
        ("latin1.ipynb", b'{"cells": "caf\xe9"}', "not a Jupyter notebook: not UTF-8 text (byte 14)"),
        ("list.ipynb", b"[1, 2, 3]", "not a Jupyter notebook: its JSON has no nbformat version"),
        ("cells.ipynb", b'{"nbformat": 4, "nbformat_minor": 5, "cells": 3, "metadata": {}}', "not a valid"),
        ("future.ipynb", b'{"nbformat": 99, "nbformat_minor": 0, "cells": []}', "not a valid"),
    ],
)
def test_report_on_a_file_that_is_not_a_notebook_is_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, said: str
) -> None:
    notebook = tmp_path / name
    notebook.write_bytes(content)
    output = tmp_path / "report.html"
    assert main(["report", "--notebook", str(notebook), "--output", str(output)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"research-utils report: error: {notebook}")
    assert said in err and "fix: pass an executed Jupyter notebook" in err
    assert not output.exists()
