"""Median time per offline plan over 10,000 generated profiles (target: under 2 ms on one core).

Run: .venv/bin/python bench/plan_offline.py [--n 10000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from assistant.planners import OfflinePlanner
from assistant.profile import build_profile
from assistant.words.vocab import Channel

INDUSTRIES = ["fashion retail", "elektronika", "FMCG", "DIY", "sieć aptek", "banking", "hurtownia B2B", "furniture"]
CHALLENGES = [
    "silos between departments",
    "brak wspólnych danych",
    "różne cele działów",
    "sales attribution",
    "walka o budżety",
    "pace of change differs",
    "opór przed zmianą",
    "skills gap",
    "trudno powiedzieć",
]


def profiles(n: int, seed: int = 7):
    """n varied, valid profiles."""
    rng = random.Random(seed)
    channels = [c.value for c in Channel]
    for _ in range(n):
        yield build_profile(
            {
                "employees": rng.choice([10, 40, 120, 300, 800, 1500, 5000, 20000]),
                "industry": rng.choice(INDUSTRIES),
                "channels": rng.sample(channels, rng.randint(1, 6)),
                "challenge": rng.choice(CHALLENGES),
                "language": rng.choice(["pl", "en"]),
                "team_size": rng.randint(3, 40),
                "team_level": rng.choice(["junior", "mixed", "senior"]),
                "quarterly_goal": rng.choice(["raise NPS", "zwiększyć konwersję", "cut response time", ""]),
            }
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    planner = OfflinePlanner()
    sample = list(profiles(args.n))
    planner.team_plan(sample[0])  # load the knowledge base outside the timing
    for kind in ("team", "skills"):
        method = planner.team_plan if kind == "team" else planner.skills_plan
        times = []
        for profile in sample:
            start = time.perf_counter()
            method(profile)
            times.append(time.perf_counter() - start)
        times.sort()
        print(
            f"{kind:6} plans: n={len(times)} median={statistics.median(times) * 1000:.3f} ms "
            f"p95={times[int(len(times) * 0.95)] * 1000:.3f} ms max={times[-1] * 1000:.3f} ms"
        )


if __name__ == "__main__":
    main()
