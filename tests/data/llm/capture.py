"""Write the requests omniteam sends for the recorded cases (cases.yaml) to requests/<id>.json.

The requests are what a capable model was given when its answers (answers/) were written; run
this again after a prompt change to see what the model would be asked now:

    .venv/bin/python tests/data/llm/capture.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path[:0] = [str(HERE.parents[2]), str(HERE.parents[1])]  # the repository, and tests/ for `recorded`

from assistant.settings import Settings  # noqa: E402
from tests.recorded import cases, recorded_request  # noqa: E402


def main() -> None:
    settings = Settings(_env_file=None, api_key="sk-capture-not-sent")  # OpenAI's own API: nothing is sent
    for case in cases().values():
        path = HERE / "requests" / f"{case['id']}.json"
        path.write_text(json.dumps(recorded_request(case, settings), ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(path.relative_to(HERE))


if __name__ == "__main__":
    main()
