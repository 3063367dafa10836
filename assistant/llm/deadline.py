"""One deadline per plan, kept by the HTTP transport under the openai client.

httpx's timeouts are per read: a server that trickles a byte a second, or a slow stream, never
times out, and every retry starts the clock again. Here a `Deadline` (the whole plan:
connection, queue, generation, the client's retries and the repair) is set for the calls made
`within` it; the transport gives each request at most the time left, checks it between the
pieces of an answer, and once the server stayed silent for `OMNITEAM_TIMEOUT` it does not let
the client's retries wait again.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache

import httpx2


@dataclass
class Deadline:
    """The time one plan may take (`total`) and how long the server may stay silent (`silence`)."""

    total: float
    silence: float
    end: float = field(init=False)
    silent: bool = False  # the server stayed silent once: later requests of this plan fail at once

    def __post_init__(self) -> None:
        self.end = time.monotonic() + self.total

    def left(self) -> float:
        return self.end - time.monotonic()

    def expired(self) -> bool:
        return self.left() <= 0

    def check(self, request: httpx2.Request) -> None:
        """Raise a timeout when the plan's time is up (or the server already proved silent)."""
        if self.silent or self.expired():
            raise httpx2.ReadTimeout("the plan's deadline has passed", request=request)

    def timeouts(self) -> dict[str, float]:
        """Per-read timeouts for one request: the silence allowed, never beyond the deadline."""
        wait = max(0.01, min(self.silence, self.left()))
        return {"connect": wait, "read": wait, "write": wait, "pool": wait}


_current: ContextVar[Deadline | None] = ContextVar("omniteam_deadline", default=None)


@contextmanager
def within(total: float, silence: float) -> Iterator[Deadline]:
    """Run the model calls of one plan under one deadline (per thread or asyncio task)."""
    deadline, previous = Deadline(total, silence), _current.get()
    _current.set(deadline)
    try:
        yield deadline
    finally:
        _current.set(previous)  # not reset(token): a generator may be closed in another context


def _bounded(request: httpx2.Request) -> Deadline | None:
    deadline = _current.get()
    if deadline is not None:
        deadline.check(request)
        request.extensions["timeout"] = deadline.timeouts()
    return deadline


class _SyncBody(httpx2.SyncByteStream):
    def __init__(self, inner, deadline: Deadline, request: httpx2.Request):
        self.inner, self.deadline, self.request = inner, deadline, request

    def __iter__(self):
        for piece in self.inner:
            self.deadline.check(self.request)
            yield piece

    def close(self) -> None:
        self.inner.close()


class _AsyncBody(httpx2.AsyncByteStream):
    def __init__(self, inner, deadline: Deadline, request: httpx2.Request):
        self.inner, self.deadline, self.request = inner, deadline, request

    async def __aiter__(self):
        async for piece in self.inner:
            self.deadline.check(self.request)
            yield piece

    async def aclose(self) -> None:
        await self.inner.aclose()


def _wrap(response: httpx2.Response, body, deadline: Deadline, request: httpx2.Request) -> httpx2.Response:
    return httpx2.Response(
        response.status_code,
        headers=response.headers,
        extensions=response.extensions,
        stream=body(response.stream, deadline, request),
    )


class DeadlineTransport(httpx2.BaseTransport):
    """A sync transport that keeps the current `Deadline` (a plain pass-through without one)."""

    def __init__(self, inner: httpx2.BaseTransport):
        self.inner = inner

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        deadline = _bounded(request)
        if deadline is None:
            return self.inner.handle_request(request)
        try:
            response = self.inner.handle_request(request)
        except httpx2.TimeoutException:
            deadline.silent = True
            raise
        return _wrap(response, _SyncBody, deadline, request)

    def close(self) -> None:
        self.inner.close()


class AsyncDeadlineTransport(httpx2.AsyncBaseTransport):
    """The async twin of `DeadlineTransport`."""

    def __init__(self, inner: httpx2.AsyncBaseTransport):
        self.inner = inner

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        deadline = _bounded(request)
        if deadline is None:
            return await self.inner.handle_async_request(request)
        try:
            response = await self.inner.handle_async_request(request)
        except httpx2.TimeoutException:
            deadline.silent = True
            raise
        return _wrap(response, _AsyncBody, deadline, request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def http_clients(timeout: float) -> tuple:
    """The openai client's sync and async HTTP clients, with deadline-keeping transports.

    Each chat model gets its own async client: pooled connections belong to one event loop.
    """
    import openai
    from openai._constants import DEFAULT_CONNECTION_LIMITS

    tls, limits = tls_context(), DEFAULT_CONNECTION_LIMITS
    return (
        openai.DefaultHttpxClient(
            timeout=timeout, verify=tls, transport=DeadlineTransport(httpx2.HTTPTransport(verify=tls, limits=limits))
        ),
        openai.DefaultAsyncHttpxClient(
            timeout=timeout,
            verify=tls,
            transport=AsyncDeadlineTransport(httpx2.AsyncHTTPTransport(verify=tls, limits=limits)),
        ),
    )


@cache
def tls_context() -> ssl.SSLContext:
    """The process's one TLS context, as httpx makes it (certifi's bundle, or SSL_CERT_FILE / SSL_CERT_DIR):
    every client and transport would otherwise read the whole bundle again (about 30 ms each)."""
    return httpx2.create_ssl_context()
