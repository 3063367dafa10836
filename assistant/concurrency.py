"""Bounded concurrency and a requests/tokens-per-minute rate limiter for async calls.

Shared by batch runs and evals: `bounded_map` runs an async function over many items with
at most N in flight, asking an optional `RateLimiter` before each call, and yields the
outcomes as they finish, so the caller can save each one at once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["Outcome", "RateLimiter", "bounded_map"]


class _Bucket:
    """A token bucket holding one minute's worth of `per_minute`, refilled continuously."""

    def __init__(self, per_minute: float, now: float):
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.level = self.capacity
        self.stamp = now

    def refill(self, now: float) -> None:
        self.level = min(self.capacity, self.level + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait_for(self, amount: float) -> float:
        """Seconds until `amount` is available (an amount above capacity waits for a full bucket)."""
        return max(0.0, min(amount, self.capacity) - self.level) / self.rate


class RateLimiter:
    """Async limiter for requests per minute (`rpm`) and tokens per minute (`tpm`).

    Each limit is a token bucket that starts full and refills evenly, so up to one
    minute's quota may go at once and the long-run rate never exceeds the limit. A
    limit of None means unlimited. Waiters are served first come, first served.
    `clock` and `sleep` can be replaced by a virtual clock in tests.
    """

    def __init__(
        self,
        rpm: float | None = None,
        tpm: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ):
        for name, value in (("rpm", rpm), ("tpm", tpm)):
            if value is not None and value <= 0:
                raise ValueError(f"{name} must be positive, got {value}")
        self._clock = clock
        self._sleep = sleep
        now = clock()
        self._requests = _Bucket(rpm, now) if rpm else None
        self._tokens = _Bucket(tpm, now) if tpm else None
        self._lock = asyncio.Lock()

    @property
    def unlimited(self) -> bool:
        """True when neither limit is set (acquire never waits)."""
        return self._requests is None and self._tokens is None

    async def acquire(self, tokens: int = 0) -> None:
        """Wait until one request using about `tokens` tokens fits both limits, then take it."""
        if self.unlimited:
            return
        async with self._lock:
            while True:
                now = self._clock()
                wait = 0.0
                for bucket, amount in ((self._requests, 1), (self._tokens, tokens)):
                    if bucket is not None:
                        bucket.refill(now)
                        wait = max(wait, bucket.wait_for(amount))
                if wait <= 0:
                    break
                await self._sleep(wait)
            if self._requests is not None:
                self._requests.level -= 1
            if self._tokens is not None:
                self._tokens.level -= min(tokens, self._tokens.capacity)


@dataclass(frozen=True)
class Outcome(Generic[T, R]):
    """What became of one item: its result, or the exception its call raised."""

    item: T
    result: R | None = None
    error: Exception | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


_DONE = object()


async def bounded_map(
    func: Callable[[T], Awaitable[R]],
    items: Iterable[T],
    *,
    concurrency: int,
    limiter: RateLimiter | None = None,
    tokens: Callable[[T], int] | None = None,
) -> AsyncGenerator[Outcome[T, R], None]:
    """Run `func` over `items` with at most `concurrency` calls in flight; yield outcomes as they finish.

    Items are drawn lazily, so a long iterable is never materialised as tasks. Before each
    call the `limiter` (if any) is asked for one request of `tokens(item)` tokens. An
    exception from `func` becomes an `Outcome` with `error` set and never stops the rest.
    Closing the iterator early (break, Ctrl-C, cancellation) cancels the calls in flight;
    use `contextlib.aclosing` to close it promptly.
    """
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    source = iter(items)
    finished: asyncio.Queue = asyncio.Queue(maxsize=concurrency)

    async def worker() -> None:
        for item in source:
            try:
                if limiter is not None:
                    await limiter.acquire(tokens(item) if tokens else 0)
                outcome = Outcome(item, await func(item))
            except Exception as error:  # noqa: BLE001 - reported to the caller, never lost
                outcome = Outcome(item, error=error)
            await finished.put(outcome)
        await finished.put(_DONE)

    workers = [asyncio.create_task(worker()) for _ in range(concurrency)]
    try:
        running = len(workers)
        while running:
            outcome = await finished.get()
            if outcome is _DONE:
                running -= 1
            else:
                yield outcome
    finally:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
