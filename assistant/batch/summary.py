"""summary.csv and errors.csv: one line per company, made to open cleanly in Excel.

UTF-8 with a BOM (so Excel shows Polish letters), semicolons when the input had them (a
Polish Excel that exported semicolons expects them back) and commas otherwise, and text cells that Excel would
run as a formula (= + - @ at the start) prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

from ..diagnosis import Diagnosis
from ..files import Folder
from ..knowledge import load_knowledge
from ..plans import PlanBundle
from ..reading import read_diagnosis

SUMMARY_COLUMNS = (
    "row",
    "id",
    "company",
    "operating_model",
    "roles",
    "total_fte",
    "first_action",
    "top_risk",
    "planner",
    "fallback",
    "review",
    "tokens",
    "cost_usd",
    "files",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LEVEL = {"low": 1, "medium": 2, "high": 3}


def excel_safe(value: Any) -> Any:
    """Text that Excel would read as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_excel_csv(
    folder: Folder, name: str, columns: Iterable[str], rows: Iterable[dict[str, Any]], input_delimiter: str = ","
) -> None:
    """Write rows as the CSV `name` of `folder` (whole, or not at all) in UTF-8 with BOM, every cell made formula-safe."""
    columns = list(columns)
    with folder.replacing(name, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";" if input_delimiter == ";" else ",", lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([excel_safe(row.get(column, "")) for column in columns])


def planner_label(bundle: PlanBundle) -> str:
    """Which planner made the plans: "llm gpt-4o-mini", "offline (fallback from gpt-4o-mini: timeout)"."""
    labels = []
    for plan in bundle.plans:
        made = plan.provenance
        label = " ".join(part for part in (made.planner, made.model) if part)
        if made.fallback:
            label = f"{made.planner} (fallback from {made.model or 'llm'}: {made.fallback_reason or 'unknown'})"
        elif made.repaired:
            label += " (repaired)"
        if made.cached:
            label += " (cached)"
        labels.append(label)
    return "; ".join(dict.fromkeys(labels))


def summary_fields(bundle: PlanBundle) -> dict[str, Any]:
    """The summary.csv columns one bundle fills: model, team size, first action, top risk, what to review, cost."""
    provenances = [plan.provenance for plan in bundle.plans]
    first = bundle.plans[0]
    fields: dict[str, Any] = {
        "company": first.profile.company or first.profile.industry,
        "planner": planner_label(bundle),
        "fallback": any(p.fallback for p in provenances),  # the model failed: an offline plan stands in
        "review": review(bundle.diagnosis or read_diagnosis(first.profile)),
        "tokens": sum(p.prompt_tokens + p.completion_tokens for p in provenances),
        "cost_usd": round(sum(p.cost_usd for p in provenances), 6),
    }
    risks = first.risks  # the team plan's when there is one
    top = max(risks, key=lambda r: _LEVEL[r.likelihood] * _LEVEL[r.impact])
    fields["top_risk"] = top.risk
    if bundle.team:
        team = bundle.team
        fields.update(
            operating_model=team.operating_model.model.value,
            roles=len(team.roles),
            total_fte=round(sum(role.fte for role in team.roles), 2),
            first_action=team.first_90_days[0].title,
        )
    elif bundle.skills:
        fields["first_action"] = bundle.skills.quick_wins_30d[0].title
    return fields


def review(diagnosis: Diagnosis) -> str:
    """Why a consultant should check a row's reading before using its plan: empty when the diagnosis
    was sure, else what it read ("problem unsure: read as no shared customer data or resistance to
    change", "no problem stated")."""
    if diagnosis.confident:
        return ""
    kb = load_knowledge()
    readings = [kb.challenge(p.key).name("en").lower() for p in diagnosis.problems[:2]]
    if diagnosis.process:
        process = next(p for p in kb.processes if p.key == diagnosis.process.key)
        readings.append(f"a {process.name('en')} process")
    return f"problem unsure: read as {' or '.join(readings)}" if readings else "no problem stated"
