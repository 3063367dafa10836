"""Write the requests omniteam sends for the recorded cases (cases.yaml) to requests/.

requests/<id>.json is the request from scratch (team_structure v4 for a team plan), which answers/ answers; for a
team case, requests/refine/<id>.diagnose.json is the diagnosis call a plan over the method's draft makes first
(refine/diagnose/ answers it) and requests/refine/<id>.json the team request over the draft (v5), its draft read
from the recorded diagnosis (refine/ answers it). The requests are what a capable model was given when its
answers were written; run this again after a prompt change to see what the model would be asked now (after a
new diagnosis answer, to see the draft made of it):

    .venv/bin/python tests/data/llm/capture.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[2]))  # the repository

from assistant.settings import Settings  # noqa: E402
from tests.recorded import cases, diagnose_request_of, draft_request_of, recorded_request  # noqa: E402


def _write(path: Path, body: dict) -> None:
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(path.relative_to(HERE))


def main() -> None:
    settings = Settings(_env_file=None, api_key="sk-capture-not-sent")  # OpenAI's own API: nothing is sent
    requests = HERE / "requests"
    for case in cases().values():
        _write(requests / f"{case['id']}.json", recorded_request(case, settings))
        if case["kind"] == "team":
            refine = requests / "refine"
            _write(
                refine / f"{case['id']}.diagnose.json",
                recorded_request(case, settings, diagnose_request_of(case, settings)),
            )
            _write(refine / f"{case['id']}.json", recorded_request(case, settings, draft_request_of(case, settings)))


if __name__ == "__main__":
    main()
