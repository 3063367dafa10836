"""assistant.concurrency: bounded_map keeps N in flight and loses nothing; RateLimiter keeps the rate."""

from __future__ import annotations

import asyncio
from contextlib import aclosing

import pytest

from assistant.concurrency import RateLimiter, bounded_map


class VirtualClock:
    """Time that passes only when the limiter sleeps, so rate tests take no real time."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


async def _collect(func, items, **options):
    return [outcome async for outcome in bounded_map(func, items, **options)]


def test_bounded_map_keeps_at_most_n_in_flight_and_returns_every_item():
    in_flight, peak = 0, 0

    async def work(item: int) -> int:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        for _ in range(item % 3):  # calls that take a turn or two of the loop (no wall-clock time)
            await asyncio.sleep(0)
        in_flight -= 1
        return item * 2

    outcomes = asyncio.run(_collect(work, range(50), concurrency=4))
    assert peak == 4
    assert sorted(o.item for o in outcomes) == list(range(50))
    assert all(o.ok and o.result == o.item * 2 for o in outcomes)


def test_outcomes_come_in_the_order_calls_finish():
    finishing = ["b", "c", "a"]  # each call, as it ends, lets the next one in this order end
    may_end = {item: asyncio.Event() for item in finishing}

    async def work(item: str) -> str:
        await may_end[item].wait()
        if item != finishing[-1]:
            may_end[finishing[finishing.index(item) + 1]].set()
        return item

    may_end[finishing[0]].set()
    outcomes = asyncio.run(_collect(work, ["a", "b", "c"], concurrency=3))
    assert [o.item for o in outcomes] == finishing


def test_a_failing_call_becomes_an_outcome_and_the_rest_still_run():
    async def work(item: int) -> int:
        if item % 5 == 0:
            raise ValueError(f"bad {item}")
        return item

    outcomes = asyncio.run(_collect(work, range(20), concurrency=3))
    failed = {o.item: str(o.error) for o in outcomes if not o.ok}
    assert failed == {0: "bad 0", 5: "bad 5", 10: "bad 10", 15: "bad 15"}
    assert sorted(o.item for o in outcomes if o.ok) == [i for i in range(20) if i % 5]


def test_items_are_drawn_lazily():
    drawn = []

    def items():
        for i in range(1000):
            drawn.append(i)
            yield i

    async def first_two():
        async def work(item):
            return item

        async with aclosing(bounded_map(work, items(), concurrency=2)) as outcomes:
            await anext(outcomes)
            await anext(outcomes)

    asyncio.run(first_two())
    assert len(drawn) < 10


def test_closing_early_cancels_the_calls_in_flight():
    cancelled = []

    async def work(item: int) -> int:
        try:
            if item:
                await asyncio.Event().wait()  # a call that ends only when it is cancelled
        except asyncio.CancelledError:
            cancelled.append(item)
            raise
        return item

    async def main():
        async with aclosing(bounded_map(work, range(5), concurrency=3)) as outcomes:
            async for outcome in outcomes:
                return outcome.item

    assert asyncio.run(main()) == 0
    assert sorted(cancelled) == [1, 2, 3]


def test_concurrency_must_be_positive():
    async def work(item):
        return item

    with pytest.raises(ValueError, match="concurrency"):
        asyncio.run(_collect(work, [1], concurrency=0))


def test_requests_per_minute_are_never_exceeded():
    clock = VirtualClock()
    limiter = RateLimiter(rpm=60, clock=clock, sleep=clock.sleep)
    stamps = []

    async def main():
        for _ in range(150):
            await limiter.acquire()
            stamps.append(clock.now)

    asyncio.run(main())
    assert stamps[59] == 0.0  # a full minute's quota may go at once
    assert stamps[60] == pytest.approx(1.0)  # then one a second
    assert stamps[-1] == pytest.approx(90.0)
    for i, stamp in enumerate(stamps):  # in any window from 0 to t: at most 60 + t requests
        assert i + 1 <= 60 + stamp + 1e-9


def test_tokens_per_minute_are_never_exceeded():
    clock = VirtualClock()
    limiter = RateLimiter(tpm=6000, clock=clock, sleep=clock.sleep)

    async def main():
        for _ in range(10):
            await limiter.acquire(tokens=1200)

    asyncio.run(main())
    # 5 requests fit the first minute's 6000 tokens; 5 more need 5 * 1200 tokens at 100/s = 60 s.
    assert clock.now == pytest.approx(60.0)


def test_a_request_bigger_than_the_minute_quota_waits_for_a_full_bucket_not_forever():
    clock = VirtualClock()
    limiter = RateLimiter(tpm=1000, clock=clock, sleep=clock.sleep)

    async def main():
        await limiter.acquire(tokens=5000)
        await limiter.acquire(tokens=5000)

    asyncio.run(main())
    assert clock.now == pytest.approx(60.0)


def test_both_limits_apply_together():
    clock = VirtualClock()
    limiter = RateLimiter(rpm=1000, tpm=600, clock=clock, sleep=clock.sleep)

    async def main():
        for _ in range(4):
            await limiter.acquire(tokens=300)

    asyncio.run(main())
    assert clock.now == pytest.approx(60.0)  # tokens bind, not requests


def test_limiter_with_bounded_map_spaces_the_calls():
    clock = VirtualClock()
    limiter = RateLimiter(rpm=6, clock=clock, sleep=clock.sleep)
    started = []

    async def work(item: int) -> int:
        started.append(clock.now)
        return item

    outcomes = asyncio.run(_collect(work, range(9), concurrency=4, limiter=limiter))
    assert len(outcomes) == 9
    assert started[:6] == [0.0] * 6 and started[6:] == pytest.approx([10.0, 20.0, 30.0])


def test_unlimited_limiter_never_waits_and_bad_limits_are_refused():
    assert RateLimiter().unlimited
    asyncio.run(RateLimiter().acquire(10**9))
    with pytest.raises(ValueError, match="rpm"):
        RateLimiter(rpm=0)
    with pytest.raises(ValueError, match="tpm"):
        RateLimiter(tpm=-5)
