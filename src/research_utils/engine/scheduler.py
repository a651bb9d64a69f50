"""A Dask scheduler given by address: checked before connecting, asked who it is with a deadline.

``distributed.Client`` waits without limit for the handshake of a service that accepts
connections but is not Dask, and fails with whatever its bytes decode to (a 3 EiB array);
:func:`identify_scheduler` reaches the host, shakes hands and asks ``identity`` under one
deadline, and says which of those failed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from ..errors import ResearchUtilsError

R = TypeVar("R")
#: Environment variable: seconds for both Dask deadlines, connecting and waiting for a worker.
DASK_TIMEOUT_VARIABLE = "RESEARCH_UTILS_DASK_TIMEOUT"
#: Address schemes of Dask's communication layers a scheduler can listen on.
DASK_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx", "inproc")
#: The fix for a scheduler that cannot be reached.
START_SCHEDULER = (
    "start the scheduler and its workers, and pass its address (e.g. tcp://host:8786); "
    f"{DASK_TIMEOUT_VARIABLE}=SECONDS waits longer for a scheduler that is starting"
)
#: ``HOST:PORT``: a host name, an IPv4 address or an IPv6 address in brackets, and a port.
_HOST_PORT = re.compile(r"(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?):([0-9]{1,5})")


def check_scheduler_address(scheduler: str) -> str:
    """``scheduler`` as ``SCHEME://LOCATION`` (``HOST:PORT`` alone means ``tcp://``), or a
    :class:`ResearchUtilsError` before any connection: an unknown scheme, no host or port, a
    port out of range, or ``tls://``/``wss://`` with no certificates configured for Dask."""
    text = scheduler.strip()
    scheme, sep, location = text.partition("://")
    if not sep:
        scheme, location = "tcp", text
    example = "  fix: pass the address the scheduler prints when it starts, e.g. tcp://10.0.0.5:8786"
    if scheme not in DASK_SCHEMES:
        raise ResearchUtilsError(
            f"{scheduler!r} is not a Dask scheduler address: unknown scheme {scheme}://"
            f" (Dask knows {', '.join(s + '://' for s in DASK_SCHEMES)})\n{example}"
        )
    if scheme == "inproc":
        if not location:
            raise ResearchUtilsError(f"{scheduler!r} is not a Dask scheduler address: no name\n{example}")
        return f"{scheme}://{location}"
    match = _HOST_PORT.fullmatch(location)
    if match is None or not 1 <= int(match.group(1)) <= 65535:
        raise ResearchUtilsError(
            f"{scheduler!r} is not a Dask scheduler address: expected {scheme}://HOST:PORT "
            f"with a port from 1 to 65535\n{example}"
        )
    if scheme in ("tls", "wss"):
        from distributed.security import Security

        if Security().get_connection_args("client").get("ssl_context") is None:
            raise ResearchUtilsError(
                f"{scheduler}: a {scheme}:// scheduler needs TLS certificates, and none are configured\n"
                "  fix: set distributed.comm.tls.ca-file, distributed.comm.tls.client.cert and "
                "distributed.comm.tls.client.key in the Dask configuration (e.g. "
                "~/.config/dask/distributed.yaml, or DASK_DISTRIBUTED__COMM__TLS__CA_FILE=...), "
                "or pass the scheduler's tcp:// address"
            )
    return f"{scheme}://{location}"


def identify_scheduler(address: str, timeout: float) -> None:
    """Check that a Dask scheduler answers at ``address`` within ``timeout`` seconds.

    ``distributed.Client`` waits without limit for the handshake of a service that accepts
    connections but is not Dask, or fails with whatever its garbage decodes to; here the
    whole exchange (reach the host, handshake, ask the ``identity``) has one deadline.
    """
    deadline = time.monotonic() + timeout
    scheme, _, location = address.partition("://")
    if scheme in ("tcp", "tls", "ws", "wss"):
        _reach(address, location, deadline)
    try:
        reply = _run_coroutine(lambda: _identity(address, max(0.1, deadline - time.monotonic())))
    except TimeoutError as exc:  # asyncio's too, since Python 3.11
        raise ResearchUtilsError(
            f"the service at {address} did not answer as a Dask scheduler within {timeout:g} s\n"
            f"  fix: check the address and port (the scheduler prints its address when it starts; "
            f"the default port is 8786); {DASK_TIMEOUT_VARIABLE}=SECONDS waits longer"
        ) from exc
    except Exception as exc:  # whatever a service that is not Dask sends decodes to
        raise ResearchUtilsError(
            f"the service at {address} is not a Dask scheduler ({type(exc).__name__}: {exc})"[:400]
            + "\n  fix: check the address and port (the scheduler prints its address when it "
            "starts; the default port is 8786)"
        ) from exc
    kind = reply.get("type") if isinstance(reply, dict) else None
    if kind != "Scheduler":
        raise ResearchUtilsError(
            f"the service at {address} is not a Dask scheduler (it answers as {kind or 'something else'})\n"
            "  fix: pass the scheduler's address, not a worker's or another service's "
            "(the scheduler prints it when it starts; the default port is 8786)"
        )


def _reach(address: str, location: str, deadline: float) -> None:
    """Open (and close) a TCP connection to ``HOST:PORT``, retrying until ``deadline`` (a
    scheduler may be starting); a :class:`ResearchUtilsError` if it never succeeds."""
    import socket

    host, _, port = location.rpartition(":")
    host = host.strip("[]")
    while True:
        try:
            socket.create_connection((host, int(port)), timeout=max(0.1, deadline - time.monotonic())).close()
            return
        except OSError as exc:
            if time.monotonic() + 0.5 >= deadline:
                raise ResearchUtilsError(
                    f"cannot reach the Dask scheduler at {address}: {exc}\n  fix: {START_SCHEDULER}"
                ) from exc
            time.sleep(0.5)


async def _identity(address: str, timeout: float) -> Any:
    """The scheduler's answer to ``identity`` (its type, id and workers), within ``timeout``."""
    import asyncio

    from distributed.comm import connect
    from distributed.security import Security

    async def ask() -> Any:
        comm = await connect(address, timeout=timeout, **Security().get_connection_args("client"))
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    return await asyncio.wait_for(ask(), timeout)


def _run_coroutine(make: Callable[[], Coroutine[Any, Any, R]]) -> R:
    """Run the coroutine ``make()`` to the end in a new event loop in its own thread (the
    caller may itself be inside an event loop, as in Jupyter)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="research-utils-dask-check") as executor:
        return executor.submit(lambda: asyncio.run(make())).result()
