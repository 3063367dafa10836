"""Benchmark `omniteam batch`: prints its figures, asserts nothing.

1. Offline planner, 10,000 rows end to end (read, validate, plan, write md + json files,
   results.jsonl, summary.csv). Target: under 30 s on a 2-core machine.
2. LLM planner against the fake OpenAI server with 500 ms latency, 400 rows at concurrency
   20: wall time over the ideal rows x latency / concurrency. Target: under 1.15. The fake
   server runs in its own process, as a real server would, so its CPU is not counted.
3. The same 400 rows again: served from the response cache, zero requests to the server.

    .venv/bin/python bench/batch.py [--rows 10000] [--llm-rows 400] [--latency 0.5] [--concurrency 20]
    (--rows 0 or --llm-rows 0 skips that part)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = ["25", "1 000+", "50-200", "ok. 300", "2 tys.", "12000", "ponad 1000", "80"]
INDUSTRIES = ["odzież", "RTV AGD", "drogeria", "meble", "bankowość", "fashion retail", "grocery", "książki"]
CHANNELS = ["sklepy, e-commerce", "sklep internetowy | Allegro", "call center / aplikacja / sklepy",
            "stores/app/marketplace", "Instagram, Facebook, e-commerce"]
CHALLENGES = ["Działy pracują w silosach", "Sprzeczne cele online i offline", "No shared customer data",
              "Każdy kanał ma osobny budżet", "Nobody knows which channel sold"]


def write_rows(path: Path, count: int) -> Path:
    """A semicolon CSV with Polish headers and varied, valid rows."""
    lines = ["Nazwa firmy;Liczba pracowników;Branża;Kanały sprzedaży;Największe wyzwanie;Język"]
    for i in range(count):
        lines.append(";".join([f"Firma {i}", SIZES[i % len(SIZES)], INDUSTRIES[i % len(INDUSTRIES)],
                               f'"{CHANNELS[i % len(CHANNELS)]}"', CHALLENGES[i % len(CHALLENGES)],
                               "pl" if i % 2 else "en"]))
    path.write_text("\n".join(lines), encoding="utf-8-sig")
    return path


def timed(label: str, run):
    started = time.perf_counter()
    report = run()
    seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.2f} s ({report.done} planned, {report.failed} failed, {report.skipped} skipped)")
    return report, seconds


def bench_offline(work: Path, rows: int) -> None:
    from assistant.batch import BatchOptions, run_batch

    source = write_rows(work / "offline.csv", rows)
    _, seconds = timed(f"offline, {rows:,} rows end to end", lambda: run_batch(
        source, work / "offline-out", BatchOptions(provider="offline")))
    print(f"  {rows / seconds:,.0f} rows/s; target < 30 s: {'met' if seconds < 30 else 'MISSED'}")


def serve(latency: float) -> None:
    """The fake server in this process: prints its URL and key, then answers "count" on stdin."""
    from assistant.testing import FakeOpenAIServer

    with FakeOpenAIServer(latency=latency) as server:
        print(server.base_url, server.api_key, flush=True)
        for _ in sys.stdin:
            print(len(server.chat_requests()), flush=True)


class ServerProcess:
    """`serve` in a subprocess; `requests()` asks it how many chat requests it received."""

    def __init__(self, latency: float):
        import subprocess

        self.process = subprocess.Popen([sys.executable, __file__, "--serve", str(latency)], text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.base_url, self.api_key = self.process.stdout.readline().split()

    def requests(self) -> int:
        self.process.stdin.write("count\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


def warm_up() -> float:
    """Seconds of one-off start-up a first LLM run pays: importing the client libraries, loading the tokenizer."""
    started = time.perf_counter()
    import langchain_openai  # noqa: F401
    import openai  # noqa: F401

    from assistant.llm.tokens import encoding_for
    from assistant.planners.llm import LLMPlanner  # noqa: F401

    encoding_for("gpt-4o-mini")
    return time.perf_counter() - started


def bench_llm(work: Path, rows: int, latency: float, concurrency: int) -> None:
    from assistant.batch import BatchOptions, run_batch

    source = write_rows(work / "llm.csv", rows)
    print(f"llm one-off start-up (imports, tokenizer), not counted below: {warm_up():.2f} s")
    server = ServerProcess(latency)
    try:
        os.environ.update(OMNITEAM_BASE_URL=server.base_url, OMNITEAM_API_KEY=server.api_key,
                          OMNITEAM_CACHE_DIR=str(work / "cache"))
        options = BatchOptions(provider="openai", concurrency=concurrency)
        _, seconds = timed(f"llm, {rows} rows, {latency * 1000:.0f} ms latency, concurrency {concurrency}",
                           lambda: run_batch(source, work / "llm-out", options))
        ideal = rows * latency / concurrency
        ratio = seconds / ideal
        before = server.requests()
        print(f"  ideal {ideal:.2f} s; ratio {ratio:.3f}; target < 1.15: {'met' if ratio < 1.15 else 'MISSED'}; "
              f"{before} requests")
        timed("llm re-run with the cache", lambda: run_batch(source, work / "llm-again", options))
        print(f"  requests to the server: {server.requests() - before}")
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--llm-rows", type=int, default=400)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--serve", type=float, metavar="LATENCY", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve is not None:
        return serve(args.serve)
    import logging

    logging.disable(logging.WARNING)  # the chain's per-prompt budget warnings would flood the output
    for name in list(os.environ):
        if name.startswith(("OMNITEAM_", "OPENAI_")):
            del os.environ[name]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"omniteam batch benchmark on {os.cpu_count()} cores (load average {load}: other work slows it)")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if args.rows:
            bench_offline(work, args.rows)
        if args.llm_rows:
            bench_llm(work, args.llm_rows, args.latency, args.concurrency)


if __name__ == "__main__":
    main()
