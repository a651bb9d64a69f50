"""The notebooks as a user meets them: JupyterLab in a real (headless) Chromium.

Starts JupyterLab on localhost with a token over a copy of the project (so running the
notebooks here cannot touch the committed results), opens each numbered notebook, clears its stored
outputs and runs all cells from the menus, waits for every cell to finish and the kernel to go idle, asserts
that no cell shows an error and that every figure image rendered, and saves a screenshot per
notebook under pytest's temporary folder.

Every wait is on a state, never on a time budget: the server answering, the notebook's
kernel started, connected and idle (the server's view, ``/api/sessions``, and the page's
execution indicator), every code cell cleared, then every code cell numbered with none
queued or running. A busy machine only makes them take longer; the time limits are safety
nets (:data:`SAFETY_NET_MS`) far above any normal run, for a server that hangs.

Needs Chromium (Debian's ``chromium`` package; ``.ci/run`` installs it). Where none can be
found the test is skipped with the reason — except under CI (``CI`` set), where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from research_utils.report import notebook_paths

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = [p.name for p in notebook_paths(ROOT / "notebooks")]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Upper bound of any one wait: a safety net for a hung server, not a budget (a normal
#: wait takes seconds; a whole notebook under a minute).
SAFETY_NET_MS = 1_800_000
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"  # the notebook in view


def find_chromium() -> str | None:
    """The Chromium executable: ``$CHROMIUM``, else the usual names on PATH."""
    candidates = [os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"]
    for name in filter(None, candidates):
        found = shutil.which(name)
        if found:
            return found
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        reason = "no Chromium found (install Debian's chromium package, or set CHROMIUM=/path/to/chrome)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the browser test")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A JupyterLab server over a copy of the project; yields its base URL with token."""
    work = tmp_path_factory.mktemp("lab")
    for folder in ("notebooks", "data", "figures", "instruments", "notes", "coding", "suggestions"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, work / folder)
    shutil.copyfile(ROOT / "study.yaml", work / "study.yaml")  # the study the notebooks open
    settings = work / ".lab-settings"
    # no news fetch (no network here); render every cell (no lazy windowing) so all are checked
    for plugin, values in (
        ("apputils-extension/notification", {"fetchNews": "false"}),
        ("notebook-extension/tracker", {"windowingMode": "none"}),
    ):
        path = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    port, token = _free_port(), "research-utils-test"
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
        f"--ServerApp.token={token}", f"--ServerApp.root_dir={work}",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(work / ".ws"),
    }
    log = (work / "lab.log").open("w")
    server = subprocess.Popen(command, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SAFETY_NET_MS / 1000  # a safety net: the loop waits on the server
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start; log:\n{(work / 'lab.log').read_text()}")
                time.sleep(0.5)
        yield f"{base}/lab/tree/notebooks/{{name}}?reset&token={token}"  # reset: one tab only
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _kernel_state(lab: str, name: str) -> dict[str, object] | None:
    """The server's view of the kernel of notebook ``name`` (``execution_state``,
    ``connections``), or None while it has no session."""
    url = urllib.parse.urlsplit(lab.format(name=name))
    token = urllib.parse.parse_qs(url.query)["token"][0]
    base = f"{url.scheme}://{url.netloc}"
    with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=30) as answer:
        sessions = json.load(answer)
    for session in sessions:
        if session.get("path") == f"notebooks/{name}" and session.get("kernel"):
            return session["kernel"]
    return None


def _wait_until(ready: Callable[[], bool], what: str) -> None:
    """Poll ``ready`` (a state) until it holds; fail only past the safety net."""
    deadline = time.monotonic() + SAFETY_NET_MS / 1000
    while not ready():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not reached within the safety net of {SAFETY_NET_MS // 1000} s")
        time.sleep(0.25)


def _kernel_idle(lab: str, name: str) -> bool:
    kernel = _kernel_state(lab, name)
    return bool(kernel) and kernel.get("execution_state") == "idle" and int(kernel.get("connections", 0)) >= 1


#: Every code cell of the notebook in view is numbered (``[12]:``: run; not ``[*]:`` queued
#: or running, not ``[ ]:`` never run) and its execution indicator says idle.
ALL_CELLS_RUN = """([n, sel]) => {
    const prompts = [...document.querySelectorAll(sel + ' .jp-CodeCell .jp-InputArea-prompt')]
        .map(e => e.textContent.trim());
    const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
    return prompts.length === n && prompts.every(p => /^\\[\\d+\\]:$/.test(p))
        && indicator?.dataset.status === 'idle';
}"""
#: No code cell has an output or a number (cleared), none is queued or running.
ALL_CELLS_CLEARED = """(sel) => {
    const prompts = [...document.querySelectorAll(sel + ' .jp-CodeCell .jp-InputArea-prompt')]
        .map(e => e.textContent.trim());
    return !document.querySelector(sel + ' .jp-CodeCell .jp-OutputArea-output')
        && prompts.every(p => !/\\d|\\*/.test(p));
}"""


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab(chromium: str, lab: str, name: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, timeout=SAFETY_NET_MS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(SAFETY_NET_MS)  # clicks and loads wait on elements, not on a budget
            page.set_default_navigation_timeout(SAFETY_NET_MS)
            page.goto(lab.format(name=name))
            stored = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
            n_code = sum(cell["cell_type"] == "code" for cell in stored["cells"])
            # the notebook is rendered, its kernel started, connected to this page and idle
            page.wait_for_function(
                "([n, sel]) => document.querySelectorAll(sel + ' .jp-CodeCell').length === n",
                arg=[n_code, NOTEBOOK],
                polling=200,
            )
            _wait_until(lambda: _kernel_idle(lab, name), f"{name}: the kernel started and idle")
            page.wait_for_function(
                "() => document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status === 'idle'",
                polling=200,
            )
            page.click(".lm-MenuBar-itemLabel:text-is('Edit')")
            page.click(".lm-Menu-item[data-command='editmenu:clear-all']")
            page.wait_for_function(ALL_CELLS_CLEARED, arg=NOTEBOOK, polling=200)
            page.click(".lm-MenuBar-itemLabel:text-is('Run')")
            page.click(".lm-Menu-item[data-command='runmenu:run-all']")
            # every code cell has run (numbered prompt, none pending) and the kernel is idle
            page.wait_for_function(ALL_CELLS_RUN, arg=[n_code, NOTEBOOK], polling=500)
            _wait_until(lambda: _kernel_idle(lab, name), f"{name}: the kernel idle after running all cells")
            page.screenshot(path=tmp_path / f"{Path(name).stem}.png", full_page=True)
            errors = page.locator(
                f"{NOTEBOOK} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"
            )
            assert errors.count() == 0, f"{name}: {errors.first.inner_text()[:2000]}"
            images = page.locator(f"{NOTEBOOK} .jp-RenderedImage img")
            broken = page.evaluate(
                "(sel) => [...document.querySelectorAll(sel + ' .jp-RenderedImage img')]"
                ".filter(img => !(img.complete && img.naturalWidth > 0)).length",
                NOTEBOOK,
            )
            assert broken == 0, f"{name}: {broken} of {images.count()} figures did not render"
            n_stored_images = sum(
                "image/png" in out.get("data", {})
                for cell in stored["cells"]
                for out in cell.get("outputs", [])
            )
            assert images.count() == n_stored_images, f"{name}: figures shown differ from the stored ones"
        finally:
            browser.close()
