"""When the model cannot answer: its retries made visible, and the offline plan standing in.

The openai client retries a failed request by itself and says so on its logger
("Retrying request in 0.5 seconds (retry 1 of 3)"). `with_retries` runs a planner's stream in
a worker thread and hands each retry of *that* thread to the caller as a `Retry`, so the chat
can say "Retrying the model (2/4)…" while the client waits. `stand_in` is the offline plan
for a model that could not answer at all (unreachable, key rejected), labelled as a fallback
exactly like the LLM planner labels its own.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from ..errors import ConfigError, ModelError
from ..llm.faults import failure_kind, reason
from ..planners.base import Planner
from ..planners.offline import OfflinePlanner
from ..plans import FallbackKind, PlanBundle
from ..profile import CompanyProfile
from ..terms import PlanKind

log = logging.getLogger(__name__)
T = TypeVar("T")
CLIENT_LOGGER = "openai._base_client"
_RETRY = re.compile(r"Retrying request.*\(retry (\d+) of (\d+)\)")
HANDOVER_SECONDS = 0.1  # texts go to the caller at most this often (the chat shows them every 0.2 s)


@dataclass(frozen=True)
class Retry:
    """The client is about to make attempt `attempt` of `attempts` (the first try counts as 1)."""

    attempt: int
    attempts: int


class _RetryWatch(logging.Filter):
    """A filter on the client's logger: each retry goes to the queue of the thread that made it.

    The logger is lowered to INFO to see retries; records below the level it had before are
    still dropped here, so nothing new reaches the application's log.
    """

    def __init__(self, floor: int):
        super().__init__()
        self.floor = floor
        self.listeners: dict[int, _Handover] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        listener = self.listeners.get(record.thread) if record.thread is not None else None
        if listener is not None and (found := _RETRY.search(record.getMessage())):
            listener.hand(Retry(int(found.group(1)) + 1, int(found.group(2)) + 1))
        return record.levelno >= self.floor


_watch: _RetryWatch | None = None
_lock = threading.Lock()


def _retry_watch() -> _RetryWatch:
    global _watch
    with _lock:
        if _watch is None:
            logger = logging.getLogger(CLIENT_LOGGER)
            _watch = _RetryWatch(logger.getEffectiveLevel())
            logger.addFilter(_watch)
            logger.setLevel(min(logging.INFO, _watch.floor))
    return _watch


class _Failed:
    def __init__(self, error: BaseException):
        self.error = error


_DONE = object()


class _Handover(queue.Queue):
    """The worker's items for the caller's thread. Texts go over at most every `HANDOVER_SECONDS`,
    joined (anything else goes at once, after the text before it): each handover wakes the caller,
    and many sessions streaming token by token would spend the interpreter on wake-ups. A text held
    back goes with the next item, or at the end."""

    def __init__(self) -> None:
        super().__init__()
        self.held, self.sent = "", 0.0

    def hand(self, item: object) -> None:
        if isinstance(item, str):
            self.held += item
            if time.monotonic() - self.sent < HANDOVER_SECONDS:
                return
        if self.held:
            self.put(self.held)
            self.held, self.sent = "", time.monotonic()
        if not isinstance(item, str):
            self.put(item)


def with_retries(items: Iterator[T], stop: threading.Event | None = None) -> Iterator[T | Retry]:
    """`items`, produced in a worker thread, with a `Retry` wherever the model client retried.

    Texts that arrive together come as one. An exception raised by `items` is raised here, in
    the caller's thread. Once `stop` is set the worker closes `items` at its next item (a model's
    stream ends its request there) and nothing more comes.
    """
    watch, events = _retry_watch(), _Handover()

    def run() -> None:
        watch.listeners[threading.get_ident()] = events
        try:
            for item in items:
                if stop is not None and stop.is_set():
                    close = getattr(items, "close", None)
                    if close is not None:
                        close()
                    break
                events.hand(item)
        except BaseException as error:  # handed to the caller, who raises it
            events.hand(_Failed(error))
        finally:
            watch.listeners.pop(threading.get_ident(), None)
            events.hand(_DONE)

    threading.Thread(target=run, daemon=True, name="plan-stream").start()
    while True:
        for event in _drain(events):
            if event is _DONE:
                return
            if isinstance(event, _Failed):
                raise event.error
            yield event


def _drain(events: queue.Queue) -> list:
    """Every event waiting (at least one), consecutive texts joined."""
    batch = [events.get()]
    while True:
        try:
            event = events.get_nowait()
        except queue.Empty:
            return batch
        if isinstance(event, str) and isinstance(batch[-1], str):
            batch[-1] += event
        else:
            batch.append(event)


def planning(
    planner: Planner, profile: CompanyProfile, kind: PlanKind, stream: bool = True, stop: threading.Event | None = None
) -> Iterator[str | Retry | PlanBundle]:
    """The planner's stream (text, then the `PlanBundle`; only the bundle if not `stream`, which
    costs the server far less CPU) with the client's retries in it; when the model cannot answer
    at all, the offline plan stands in as the last item. Bad input still raises. Setting `stop`
    ends the stream (`with_retries`)."""
    items = planner.stream_plan(profile, kind) if stream else later(planner.plan, profile, kind)
    try:
        yield from with_retries(items, stop)
    except (ConfigError, ModelError) as error:
        log.warning("the model could not make the plan (%s); the offline plan stands in", error)

        yield stand_in(planner, profile, kind, reason(error, profile.language), failure_kind(error))


def later(call: Callable[..., T], *args: Any) -> Iterator[T]:
    """`call(*args)` as a one-item iterator, made when iterated (e.g. in `with_retries`' worker thread)."""
    yield call(*args)


def stand_in(
    planner: Planner, profile: CompanyProfile, kind: PlanKind, reason: str, failed: FallbackKind
) -> PlanBundle:
    """The offline plan in place of the model's, labelled as a fallback with the (technical) `reason`
    and what `failed`."""

    model = getattr(getattr(planner, "settings", None), "model", None)
    bundle = OfflinePlanner().plan(profile, kind)
    label = {"fallback": True, "fallback_reason": reason, "fallback_kind": failed, "model": model}
    return PlanBundle(
        **{
            plan.kind: plan.model_copy(update={"provenance": plan.provenance.model_copy(update=label)})
            for plan in bundle.plans
        }
    )
