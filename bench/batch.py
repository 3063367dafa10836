"""Benchmark `omniteam batch`: prints its figures, asserts nothing.

1. Offline planner, 10,000 rows end to end (read, validate, plan, write md + json files whole,
   results.jsonl, summary.csv), rows repeating a few challenge texts: target under 8 s on a quiet
   2-core machine; then 10,000 distinct challenge texts (where reading by meaning costs most):
   target under 60 s. Wall and CPU time (this process and its workers) are printed.
2. LLM planner against the fake OpenAI server with 500 ms latency, 400 rows at concurrency
   20: wall time over the ideal rows x latency / concurrency. Target: under 1.15. The fake
   server runs in its own process, as a real server would, so its CPU is not counted.
3. The same 400 rows again: served from the response cache, zero requests to the server.
4. Peak memory (RSS) of a streaming batch, each in a fresh process: a dry run (read and
   validate every row) of --memory-rows rows, and offline runs end to end of --memory-run-rows
   rows (comma-separated sizes: a flat figure across sizes shows memory does not grow with
   rows). Target: < 300 MB for 1,000,000 rows.
5. Time to refuse each bomb: an XLSX with 1.7 GB of shared strings, a "billion laughs" YAML
   profile, and a CSV of one 300 MB line (with its peak RSS: it is refused before it is held).

    .venv/bin/python bench/batch.py [--rows 10000] [--llm-rows 400] [--latency 0.5] [--concurrency 20]
        [--memory-rows 1000000] [--memory-run-rows 10000,100000] [--bombs/--no-bombs]
    (--rows 0, --llm-rows 0, --memory-rows 0 or --memory-run-rows 0 skips that part)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = ["25", "1 000+", "50-200", "ok. 300", "2 tys.", "12000", "ponad 1000", "80"]
INDUSTRIES = ["odzież", "RTV AGD", "drogeria", "meble", "bankowość", "fashion retail", "grocery", "książki"]
CHANNELS = [
    "sklepy, e-commerce",
    "sklep internetowy | Allegro",
    "call center / aplikacja / sklepy",
    "stores/app/marketplace",
    "Instagram, Facebook, e-commerce",
]
CHALLENGES = [
    "Działy pracują w silosach",
    "Sprzeczne cele online i offline",
    "No shared customer data",
    "Każdy kanał ma osobny budżet",
    "Nobody knows which channel sold",
]


PLACES = ["w sklepach", "w aplikacji", "na Allegro", "w call center", "między regionami", "in the stores"]


def challenge(i: int, distinct: bool) -> str:
    """Row i's challenge: one of a few texts, or (distinct) a text no other row has."""
    text = CHALLENGES[i % len(CHALLENGES)]
    return f"{text} {PLACES[i % len(PLACES)]}, zgłoszenie {i}" if distinct else text


def write_rows(path: Path, count: int, distinct: bool = False) -> Path:
    """A semicolon CSV with Polish headers and varied, valid rows (written line by line, so this
    process stays small: a child forked from it would inherit its peak RSS); `distinct` gives every
    row its own challenge text."""
    with path.open("w", encoding="utf-8-sig") as handle:
        handle.write("Nazwa firmy;Liczba pracowników;Branża;Kanały sprzedaży;Największe wyzwanie;Język")
        for i in range(count):
            handle.write(
                "\n"
                + ";".join(
                    [
                        f"Firma {i}",
                        SIZES[i % len(SIZES)],
                        INDUSTRIES[i % len(INDUSTRIES)],
                        f'"{CHANNELS[i % len(CHANNELS)]}"',
                        challenge(i, distinct),
                        "pl" if i % 2 else "en",
                    ]
                )
            )
    return path


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its finished children (the batch's workers)."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(label: str, run):
    """Run and print the wall time, and the CPU time spent (this process and its workers): on a
    shared machine the wall time grows with other work, the CPU time much less."""
    started, cpu = time.perf_counter(), cpu_seconds()
    report = run()
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    print(
        f"{label}: {seconds:.2f} s, CPU {cpu:.2f} s "
        f"({report.done} planned, {report.failed} failed, {report.skipped} skipped)"
    )
    return report, seconds


def bench_offline(work: Path, rows: int, distinct: bool) -> None:
    from assistant.batch import BatchOptions, run_batch

    texts = "distinct challenge texts" if distinct else "a few challenge texts"
    source = write_rows(work / f"offline-{distinct}.csv", rows, distinct)
    _, seconds = timed(
        f"offline, {rows:,} rows ({texts}) end to end",
        lambda: run_batch(source, work / f"offline-{distinct}-out", BatchOptions(provider="offline")),
    )
    target = 60 if distinct else 8
    print(f"  {rows / seconds:,.0f} rows/s; target < {target} s: {'met' if seconds < target else 'MISSED'}")


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

        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(latency)],
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self.process.stdout is not None and self.process.stdin is not None
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
    import langchain_core.messages  # noqa: F401
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
        os.environ.update(
            OMNITEAM_BASE_URL=server.base_url, OMNITEAM_API_KEY=server.api_key, OMNITEAM_CACHE_DIR=str(work / "cache")
        )
        options = BatchOptions(provider="openai", concurrency=concurrency)
        _, seconds = timed(
            f"llm, {rows} rows, {latency * 1000:.0f} ms latency, concurrency {concurrency}",
            lambda: run_batch(source, work / "llm-out", options),
        )
        ideal = rows * latency / concurrency
        ratio = seconds / ideal
        before = server.requests()
        print(
            f"  ideal {ideal:.2f} s; ratio {ratio:.3f}; target < 1.15: {'met' if ratio < 1.15 else 'MISSED'}; "
            f"{before} requests"
        )
        timed("llm re-run with the cache", lambda: run_batch(source, work / "llm-again", options))
        print(f"  requests to the server: {server.requests() - before}")
    finally:
        server.stop()


def measure(mode: str, source: str, out: str) -> None:
    """In a fresh process: a dry run or an offline run of `source`; prints the rows it saw and
    this process's own peak RSS in kB (VmHWM: ru_maxrss would count the parent's peak too)."""
    import resource

    from assistant.batch import BatchOptions, preview, run_batch
    from assistant.errors import InputError

    if mode == "dry-run":
        try:
            rows: int | str = preview(Path(source), BatchOptions(provider="offline")).rows
        except InputError:
            rows = "refused"
    else:
        rows = run_batch(Path(source), Path(out), BatchOptions(provider="offline")).done
    status = Path("/proc/self/status")
    peak = (
        next((line.split()[1] for line in status.read_text().splitlines() if line.startswith("VmHWM")), None)
        if status.exists()
        else None
    )
    print(rows, peak or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def peak_rss(mode: str, source: Path, out: Path) -> tuple[float, float, str]:
    """(peak RSS in MB, seconds, rows seen) of `measure` in a child process."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--measure", mode, str(source), str(out)], capture_output=True, text=True, check=True
    )
    rows, peak = done.stdout.split()
    return int(peak) / 1024, time.perf_counter() - started, rows


def bench_memory(work: Path, dry_rows: int, run_rows: list[int]) -> None:
    for mode, sizes in (("dry-run", [dry_rows] if dry_rows else []), ("run", run_rows)):
        for rows in sizes:
            source = write_rows(work / f"memory-{rows}.csv", rows)
            megabytes, seconds, seen = peak_rss(mode, source, work / f"memory-{rows}-out")
            verdict = "met" if megabytes < 300 else "MISSED"
            print(
                f"peak RSS, {mode} of {rows:,} rows{' end to end' if mode == 'run' else ''}: {megabytes:.0f} MB "
                f"({seconds:.1f} s, {seen} rows); target < 300 MB: {verdict}"
            )


def bench_bombs(work: Path) -> None:
    """Seconds from the start of reading to the one-line refusal, for each bomb."""
    import zipfile

    from assistant.batch import BatchOptions, preview
    from assistant.errors import InputError
    from assistant.profile_io import read_profile_file

    bomb = work / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as book:
        with book.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            strings.write(b"<sst>")
            for _ in range(1700):
                strings.write(b"<si><t>" + b"A" * 1_000_000 + b"</t></si>")
            strings.write(b"</sst>")
        book.writestr("xl/workbook.xml", "<workbook/>")
    laughs = work / "laughs.yaml"
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{b}: &{b} [{', '.join(['*' + a] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
    laughs.write_text("\n".join([*lines, "employees: 300"]))
    for name, path, read in (
        ("XLSX, 1.7 GB of shared strings", bomb, lambda p: preview(p, BatchOptions())),
        ("YAML billion laughs", laughs, read_profile_file),
    ):
        started = time.perf_counter()
        try:
            read(path)
            outcome = "NOT refused"
        except InputError as error:
            outcome = f"refused: {error}"
        print(
            f"bomb, {name} ({path.stat().st_size:,} bytes): {(time.perf_counter() - started) * 1000:.1f} ms, {outcome}"
        )
    line = work / "one-line.csv"
    with line.open("w", encoding="utf-8") as handle:
        handle.write("firma,pracownicy,branza,kanaly,wyzwanie,")
        for _ in range(300):
            handle.write("x" * 1_000_000)
    megabytes, seconds, seen = peak_rss("dry-run", line, work / "unused")
    print(f"bomb, a CSV of one 300 MB line: {seen} in {seconds:.1f} s (a fresh process), peak RSS {megabytes:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--llm-rows", type=int, default=400)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--memory-rows", type=int, default=1_000_000)
    parser.add_argument("--memory-run-rows", default="10000,100000")
    parser.add_argument("--bombs", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--serve", type=float, metavar="LATENCY", help=argparse.SUPPRESS)
    parser.add_argument("--measure", nargs=3, metavar=("MODE", "SOURCE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve is not None:
        return serve(args.serve)
    if args.measure:
        return measure(*args.measure)
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
            bench_offline(work, args.rows, distinct=False)
            bench_offline(work, args.rows, distinct=True)
        if args.llm_rows:
            bench_llm(work, args.llm_rows, args.latency, args.concurrency)
        run_rows = [int(rows) for rows in args.memory_run_rows.split(",") if int(rows)]
        if args.memory_rows or run_rows:
            bench_memory(work, args.memory_rows, run_rows)
        if args.bombs:
            bench_bombs(work)


if __name__ == "__main__":
    main()
