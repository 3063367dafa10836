"""Tailoring: is each plan written for its company, or the same text pasted into every plan?

A cross-case metric over all plans of one variant, computed by the runner after grading:
- `shared_actions` / `shared_risks`: share of action titles and risk texts that appear word
  for word in the plan of an *unrelated* case (profiles sharing neither a challenge nor a sector);
- `recurring_texts`: share of a plan's sentences that recur in at least 25 % of the plans
  written in the same language (only for languages with at least 4 plans);
- `grounded`: share of the roles' "why", the operating model's reasons and the actions'
  "addresses" that name the company's own facts: its industry words, channels, head count or
  the words of its challenge.
Lower shared and recurring shares and a higher grounded share mean better tailoring.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..plans import SkillsPlan, TeamPlan
from ..reading.challenges import read_challenges
from ..words.text import fold, stem_hits
from ..words.vocab import CHANNEL_LABELS
from .grading import plan_texts

RECURRING_SHARE = 0.25
MIN_PLANS_PER_LANGUAGE = 4
MIN_SENTENCE_WORDS = 5
STEM = 5  # letters of a fact word that must match (catches Polish inflections)


@dataclass(frozen=True)
class Tailoring:
    """How much a variant's plans are written for their own company (shares 0-1; None: nothing to measure)."""

    plans: int
    shared_actions: float | None
    shared_risks: float | None
    recurring_texts: float | None
    grounded: float | None


def _share(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _tags(plan: TeamPlan | SkillsPlan) -> set[str]:
    """The sector and challenge keys of a plan's profile: profiles sharing one may rightly share advice."""
    sector = plan.profile.sector.value
    return {finding.spec.key for finding in read_challenges(plan.profile.challenge)} | (
        {f"sector:{sector}"} if sector != "other" else set()
    )


def _shared(plans: Sequence[TeamPlan | SkillsPlan], tags: Sequence[set[str]], texts_of) -> float | None:
    """Share of texts found word for word in the plan of an unrelated case (`tags`: each plan's `_tags`)."""
    folded = [{fold(t) for t in texts_of(p)} for p in plans]
    hits = total = 0
    for i in range(len(plans)):
        others = set().union(*(folded[j] for j in range(len(plans)) if j != i and not tags[i] & tags[j]))
        total += len(folded[i])
        hits += len(folded[i] & others)
    return _share(hits, total)


def _sentences(plan: TeamPlan | SkillsPlan) -> set[str]:

    return {
        s
        for text in plan_texts(plan)
        for s in re.split(r"(?<=[.!?]) ", fold(text))
        if s.count(" ") >= MIN_SENTENCE_WORDS - 1
    }


def _recurring(plans: Sequence[TeamPlan | SkillsPlan]) -> float | None:
    """Share of sentences that recur in at least 25 % of the plans of the same language."""
    hits = total = 0
    for language in {p.language for p in plans}:
        group = [_sentences(p) for p in plans if p.language == language]
        if len(group) < MIN_PLANS_PER_LANGUAGE:
            continue
        counts = Counter(s for sentences in group for s in sentences)
        threshold = RECURRING_SHARE * len(group)
        total += sum(len(sentences) for sentences in group)
        hits += sum(counts[s] >= threshold for sentences in group for s in sentences)
    return _share(hits, total)


def company_facts(plan: TeamPlan | SkillsPlan) -> list[str]:
    """Folded stems of the company's own facts: industry and challenge words, channels, head count."""
    profile = plan.profile
    words = re.findall(r"[^\W\d_]{4,}", fold(f"{profile.industry} {profile.challenge}"))
    stems = [w[:STEM] for w in words]
    stems += [fold(CHANNEL_LABELS[c][lang]) for c in profile.channels for lang in ("en", "pl")]
    stems += [fold(c) for c in profile.other_channels]
    count = profile.employees
    stems += {str(count), f"{count:,}", f"{count:,}".replace(",", " ")}
    return list(dict.fromkeys(stems))


def _reasons(plan: TeamPlan) -> list[str]:
    return [*(r.why for r in plan.roles), *plan.operating_model.reasons, *(a.addresses for a in plan.first_90_days)]


def _grounded(plans: Sequence[TeamPlan]) -> float | None:
    """Share of role whys, operating-model reasons and action 'addresses' naming a fact of the company."""
    hits = total = 0
    for plan in plans:
        facts = company_facts(plan)
        for reason in _reasons(plan):
            total += 1
            hits += bool(stem_hits(fold(reason).replace("\u00a0", " "), facts))
    return _share(hits, total)


def tailoring(plans: Sequence[TeamPlan | SkillsPlan]) -> Tailoring:
    """The tailoring figures of one variant's plans (adversarial cases left out by the caller)."""
    tags = [_tags(p) for p in plans]
    teams = [(p, t) for p, t in zip(plans, tags, strict=True) if isinstance(p, TeamPlan)]
    return Tailoring(
        plans=len(plans),
        shared_actions=_shared(
            [p for p, _ in teams], [t for _, t in teams], lambda p: [a.title for a in p.first_90_days]
        ),
        shared_risks=_shared(plans, tags, lambda p: [r.risk for r in p.risks]),
        recurring_texts=_recurring(plans),
        grounded=_grounded([p for p, _ in teams]),
    )
