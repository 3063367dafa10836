"""Save and load time of one plan in the store on a SQLite file (target: each under 20 ms).

A plan here is a team and a skills plan of one company (the largest bundle the page saves);
saving makes version 1 of a new plan (a company, a profile and a version row, one transaction),
adding a version also computes what changed; loading reads it back into a validated PlanBundle.
Run: .venv/bin/python bench/store.py [--n 300] [--url sqlite:///path.db]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from assistant.planners import OfflinePlanner
from assistant.profile import build_profile
from assistant.store import open_store


def timed(work, n: int) -> list[float]:
    """Milliseconds of each of n calls."""
    spent = []
    for _ in range(n):
        started = time.perf_counter()
        work()
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--url", default=None, help="A store URL (default: a new SQLite file in a temp folder).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'bench.db'}"
        started = time.perf_counter()
        store = open_store(url=url)
        opened = (time.perf_counter() - started) * 1000
        profile = {"employees": 1200, "industry": "fashion retail", "channels": "stores, e-commerce, app"}
        planner = OfflinePlanner()
        bundle = planner.plan(
            build_profile({**profile, "company": "Acme", "challenge": "silos", "team_size": 12}), "both"
        )
        bigger = planner.plan(
            build_profile({**profile, "company": "Acme", "challenge": "silos", "employees": 4000}), "both"
        )
        size = len(bundle.model_dump_json())
        refs = []
        save = timed(lambda: refs.append(store.save(bundle)), args.n)
        version = timed(lambda: store.add_version(refs[0].plan_id, bigger), args.n)
        load = timed(lambda: store.load(refs[-1].plan_id), args.n)
        store.close()
    print(f"store: {url.split(':')[0]}, plan JSON {size / 1024:.0f} KiB, open + migrate {opened:.0f} ms")
    for name, spent in (("save (new plan)", save), ("save (new version)", version), ("load", load)):
        q = statistics.quantiles(spent, n=20)
        print(f"{name:<20} median {statistics.median(spent):6.2f} ms   p95 {q[-1]:6.2f} ms   (target < 20 ms)")


if __name__ == "__main__":
    main()
