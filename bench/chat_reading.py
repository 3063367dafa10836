"""Chat reading benchmark: per-field accuracy on the chat openings, and the time to read one message.

python bench/chat_reading.py            # scores and misses
python bench/chat_reading.py --misses   # also list every miss with what was read
python bench/chat_reading.py --blind dev            # the blind openings' metrics, rules / meaning / hybrid
python bench/chat_reading.py --blind heldout        # the same on the held-out split (figures only, no misses)
python bench/chat_reading.py --blind heldout --file other.yaml   # another blind set of the same shape
"""

from __future__ import annotations

import argparse
import statistics
import time

from assistant.chat.extract import extract
from assistant.evals.chat_reading import load_openings, read_opening, score
from assistant.reading import meaning
from assistant.reading.challenges import _read_default as read_cache


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--blind", choices=("dev", "heldout"), help="score the blind openings' split instead")
    parser.add_argument("--file", help="the blind set to read (default: evals/chat/blind.yaml)")
    args = parser.parse_args()
    if args.blind:
        blind(args.blind, args.misses and args.blind == "dev", args.file)
        return
    openings = load_openings()
    readings = [read_opening(o) for o in openings]
    for name, value in score(readings).items():
        print(f"{name:>20}: {value:.1%}" if isinstance(value, float) else f"{name:>20}: {value}")
    if args.misses:
        for r in readings:
            wrong = [k for k, ok in r.right.items() if not ok]
            if wrong or r.needless or r.unasked:
                print(
                    f"- {r.opening.id}: wrong {wrong} needless {r.needless} unasked {r.unasked}\n"
                    f"    {r.opening.message[:150]!r}\n    read {r.found.fields} channels {[c.value for c in r.found.add_channels]}"
                )
    times = []
    for opening in openings * 5:
        read_cache.cache_clear()  # every read from scratch, as for a new message: its clauses split and embedded
        meaning.forget()
        start = time.perf_counter()
        extract(opening.message)
        times.append(time.perf_counter() - start)
    print(
        f"reading one message: median {statistics.median(times) * 1000:.2f} ms, "
        f"worst {max(times) * 1000:.2f} ms over {len(times)} reads"
    )


def blind(split: str, misses: bool, path: str | None = None) -> None:
    """Every metric of the blind split for each reading mode, then the time to diagnose one message from scratch."""
    from assistant.evals.blind import METRICS, load_blind, read_with, score
    from assistant.knowledge import load_knowledge
    from assistant.reading.diagnosis import diagnose

    openings = load_blind(split, path)
    table = {mode: score(openings, read_with(mode)) for mode in ("rules", "meaning", "hybrid")}
    print(f"{'metric':>22} " + " ".join(f"{mode:>8}" for mode in table))
    for name in METRICS:
        print(f"{name:>22} " + " ".join(f"{shares[name]:>8.0%}" for shares, _ in table.values()))
    if misses:
        print("\n".join(table["hybrid"][1]))
    kb, times = load_knowledge(), []
    for opening in openings:
        meaning.forget()  # every message embedded and split from scratch, as a new one would be
        start = time.perf_counter()
        extract(opening.message)
        diagnose(opening.message, kb)
        times.append(time.perf_counter() - start)
    print(f"diagnosing one message: median {statistics.median(times) * 1000:.1f} ms over {len(times)} messages")


if __name__ == "__main__":
    main()
