"""The reading wing: what a company's own words and profile say, read once for every planner.

`read_company(profile, kb)` is the one entry: the challenges the text states (`challenges`),
the company's traits (`traits`) and the facts plan sentences name it by (`context`), with the
rationale's first decision (which challenge the plan answers, and in whose words). The offline
planner plans from it; the LLM grounding fills the method's templates from it.
"""

from __future__ import annotations

from functools import lru_cache

from ..diagnosis import Diagnosis
from ..knowledge import Knowledge, load_knowledge
from ..profile import CompanyProfile
from .challenges import Finding, read_challenges, states_no_problem
from .context import Context
from .diagnosis import diagnose
from .traits import Traits, read_traits

__all__ = [
    "Context",
    "Finding",
    "Traits",
    "diagnose_text",
    "read_challenges",
    "read_company",
    "read_diagnosis",
    "read_traits",
]


def read_diagnosis(profile: CompanyProfile, kb: Knowledge | None = None) -> Diagnosis:
    """What breaks at the company, read from its challenge text (by meaning and rules, see `diagnosis`)."""
    return diagnose_text(profile.challenge, kb)


def diagnose_text(text: str, kb: Knowledge | None = None) -> Diagnosis:
    """The reader's diagnosis of one challenge text (default: the shipped knowledge, whose readings are
    kept per text: the plan, its brief and its bundle read the same text once)."""
    return _shipped(text) if kb is None or kb is load_knowledge() else diagnose(text, kb)


@lru_cache(maxsize=2048)
def _shipped(text: str) -> Diagnosis:
    return diagnose(text, load_knowledge())


def _follow(findings: list[Finding], diagnosis: Diagnosis, kb: Knowledge) -> list[Finding]:
    """The diagnosis's problems first, in its order (those only the meaning read added), then the rules' other findings."""
    by_key = {f.key: f for f in findings}
    ordered = [
        by_key.get(p.key) or Finding(kb.challenge(p.key), 2, 0, (p.evidence,), (), (p.evidence,))
        for p in diagnosis.problems
    ]
    return ordered + [f for f in findings if f not in ordered]


def read_company(
    profile: CompanyProfile, kb: Knowledge | None = None, findings: list[Finding] | None = None
) -> Context:
    """The reading of a profile: its challenges, traits and facts (default: the shipped knowledge);
    `findings` read elsewhere (the diagnosis by meaning) stand in for the rules' own."""
    shipped = load_knowledge()
    kb = kb or shipped
    own = None if kb is shipped else kb  # the shipped knowledge's readings are cached
    if findings:
        ctx = Context(profile, kb, findings, read_traits(profile, kb))
    else:
        diagnosis = read_diagnosis(profile, kb)
        ctx = Context(
            profile, kb, _follow(read_challenges(profile.challenge, own), diagnosis, kb), read_traits(profile, kb)
        )
        ctx.diagnosis = diagnosis
    if ctx.findings:
        quotes = [ctx.quote(f.spec) for f in ctx.findings[:2]]
        words = "; ".join(f"„{q}”" if ctx.lang == "pl" else f"“{q}”" for q in quotes)
        ctx.decide("challenge", "R-CH-1", ctx.challenge_name(), ctx.say("challenge_found", words=words))
    else:
        stated = "challenge_no_problem" if states_no_problem(profile.challenge, own) else "challenge_default"
        ctx.decide("challenge", "R-CH-0", ctx.say("challenge_none_short"), ctx.say(stated))
    return ctx
