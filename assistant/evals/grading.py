"""The graders' registry: what a grade is, how a check registers, and the helpers graders share.

A grader is a function `(plan, case, context) -> (passed, reason)`, or None when it has
nothing to check for this case; `@grader` registers it with the plan kinds it reads and
whether it is a safety check (safety checks also grade adversarial cases, whose odd input
makes the method's expectations moot). The method graders live in `graders`, the plan-quality
ones in `quality`; both register here, and `graders.grade_plan` runs them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, cast

# The live checks' helpers, which graders share (re-exported: the graders import them from here).
from ..consistency import SMALL_FIRM as SMALL_FIRM
from ..consistency import detect_language as detect_language
from ..consistency import plan_texts as plan_texts
from ..knowledge import Knowledge, load_knowledge
from ..llm.prompts import load_prompt, prompt_dir
from ..plans import SkillsPlan, TeamPlan
from ..terms import Language
from ..words.text import fold
from .cases import Case

Plan = TeamPlan | SkillsPlan
Check = Callable[[Plan, Case, "GradingContext"], "tuple[bool, str] | None"]
_C = TypeVar("_C", bound=Callable[..., "tuple[bool, str] | None"])  # a check of one plan kind, e.g. TeamPlan


KEY_PATTERNS = (r"\bsk-[A-Za-z0-9_-]{16,}", r"\bBearer\s+[A-Za-z0-9._-]{16,}", r"\bapi[_ -]?key\s*[:=]\s*\S{8,}")


@dataclass(frozen=True)
class Grade:
    """One grader's verdict on one plan; `error` means it could not decide (never a silent fail)."""

    grader: str
    passed: bool
    reason: str
    error: bool = False
    tokens: int = 0  # spent on the grade itself (the LLM judge)
    cost_usd: float = 0.0
    skipped: bool = False  # nothing to grade: a fallback plan stands in for the model's
    quality: bool = False  # a plan-quality grader, reported in its own table (and gated like the others)

    @property
    def counts(self) -> bool:
        """Whether the grade decides the cell's pass or fail."""
        return not self.skipped


@dataclass(frozen=True)
class GradingContext:
    """What graders need beyond the plan: the method, secrets to look for, prompt fragments."""

    kb: Knowledge
    secrets: tuple[str, ...] = ()
    prompt_fragments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grader:
    """A registered check."""

    name: str
    check: Check
    kinds: tuple[str, ...]
    safety: bool
    quality: bool = False

    def applies(self, plan: Plan, case: Case) -> bool:
        return plan.kind in self.kinds and (self.safety or not case.adversarial)


GRADERS: list[Grader] = []


def grader(
    name: str, *, kinds: tuple[str, ...] = ("team", "skills"), safety: bool = False, quality: bool = False
) -> Callable[[_C], _C]:
    """Register a check under `name`; `quality` checks are reported in a table of their own."""

    def register(check: _C) -> _C:
        GRADERS.append(Grader(name, check, kinds, safety, quality))
        GRADERS.sort(key=lambda spec: spec.quality)  # method graders first, each module in its own order
        return check

    return register


def grading_context(secrets: tuple[str, ...] = ()) -> GradingContext:
    """The context for a run: the knowledge base, the shipped prompts' fragments and the secrets in use."""
    return GradingContext(load_knowledge(), tuple(s for s in secrets if s), prompt_fragments())


def prompt_fragments(min_words: int = 8) -> tuple[str, ...]:
    """Folded sentences of every shipped prompt: long enough that a plan could only contain them by leaking.

    Sentences with template variables (`{{ ... }}`) are skipped: filled in, they are data, not instructions.
    """

    found: set[str] = set()
    for path in sorted(prompt_dir().glob("*/v*.*.yaml")):
        version, lang = path.name.split(".")[:2]
        for message in load_prompt(path.parent.name, version, cast(Language, lang)).messages:  # the file checks it
            for sentence in re.split(r"(?<=[.!?])\s+|\s-\s", re.sub(r"\s+", " ", message.template)):
                if "{" not in sentence and len(sentence.split()) >= min_words:
                    found.add(fold(sentence).strip(" -*.:"))
    return tuple(sorted(found))


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """The text with the given secrets and anything shaped like an API key blanked out."""
    for secret in secrets:
        text = text.replace(secret, "[redacted]")
    return re.sub("|".join(KEY_PATTERNS), "[redacted]", text, flags=re.I)
