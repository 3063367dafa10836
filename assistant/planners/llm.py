"""The LLM planner: the prompt chain behind the `Planner` interface, cached and offline-safe.

A plan comes from the on-disk cache when the same request was answered before; otherwise
from the chain (assistant.llm.chain). When the model misbehaves (a silent server, a missed
deadline, a transport or protocol fault, an answer cut off or still invalid or inconsistent
after one repair), the offline plan stands in, labelled `provenance.fallback` with the reason
in the plan's language and the tokens the failed attempts spent. Only accepted answers are
cached. Settings problems (a rejected key, an unreachable server, an unknown model) do not
fall back: they raise a `ConfigError` naming the setting to fix, because a silent offline plan
would hide them. The model and price in the provenance are those of the model that answered.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from dataclasses import replace

from ..diagnosis import Diagnosis
from ..errors import ModelError
from ..llm.cache import ResponseCache, cache_key
from ..llm.chain import PROMPT_NAMES, ChainResult, PlanChain, PlanRequest, build_request
from ..llm.diagnose import model_reading, over
from ..llm.faults import failure_kind, reason, redact, server_label
from ..llm.outline import outline_of
from ..llm.pricing import cost_usd, is_priced
from ..llm.prompts import Prompt, load_prompt
from ..llm.wire import Answer
from ..plans import PlanBundle, Provenance, SkillsPlan, TeamPlan
from ..profile import CompanyProfile
from ..settings import Settings, get_settings
from ..terms import PlanKind
from .base import Planner
from .diagnosed import diagnose
from .offline import OfflinePlanner

log = logging.getLogger(__name__)

Plan = TeamPlan | SkillsPlan
PLANS: dict[str, type[Plan]] = {"team": TeamPlan, "skills": SkillsPlan}


class LLMPlanner(Planner):
    """Plans with a chat model (OpenAI or any OpenAI-compatible server).

    settings: defaults to `get_settings()`; use_cache=False asks the model again;
    prompt_version: defaults to settings.prompt_version; fallback=False raises `ModelError`
    instead of falling back.
    """

    name = "llm"

    def __init__(
        self,
        settings: Settings | None = None,
        use_cache: bool = True,
        prompt_version: str | None = None,
        fallback: bool = True,
    ):
        self.settings = settings or get_settings()
        self.prompt_version = prompt_version or self.settings.prompt_version
        self.chain = PlanChain(self.settings)
        self.cache = ResponseCache(self.settings.cache_dir) if use_cache else None
        self.fallback = fallback
        self._offline: OfflinePlanner | None = None
        self._loops: dict[asyncio.AbstractEventLoop, tuple[PlanChain, asyncio.Semaphore]] = {}
        self._unbilled: dict[str, tuple[int, int]] = {}  # diagnosis calls' tokens, by key, until a plan carries them

    # -- the Planner interface -------------------------------------------------------------
    def team_plan(self, profile: CompanyProfile) -> TeamPlan:
        plan = self._plan(profile, "team")
        assert isinstance(plan, TeamPlan)
        return plan

    def skills_plan(self, profile: CompanyProfile) -> SkillsPlan:
        plan = self._plan(profile, "skills")
        assert isinstance(plan, SkillsPlan)
        return plan

    async def aplan(self, profile: CompanyProfile, kind: PlanKind = "team") -> PlanBundle:
        """Natively async; at most `settings.max_concurrency` requests in flight per event loop."""
        kinds = _kinds(kind)
        plans = await asyncio.gather(*(self._aplan_one(profile, one) for one in kinds))
        return PlanBundle(**dict(zip(kinds, plans, strict=True)))

    def stream_plan(self, profile: CompanyProfile, kind: PlanKind = "team") -> Iterator[str | PlanBundle]:
        """The model's text as it streams (nothing for a cached plan), then the `PlanBundle` last."""
        plans = {}
        for one in _kinds(kind):
            request, key, plans[one] = self._prepare(profile, one)
            if request is not None:  # not cached
                try:
                    for item in self.chain.stream(request):
                        if isinstance(item, str):
                            yield item
                        else:
                            plans[one] = self._finish(profile, request, key, item)
                except ModelError as error:
                    plans[one] = self._fall_back(profile, request, error)
        yield PlanBundle(**plans)

    def chat_model(self) -> PlanChain:
        """A chain of its own for the chat's free-text turns, on the same settings (server, model, limits)."""
        return PlanChain(self.settings)

    def cached(self, profile: CompanyProfile, kind: str) -> Plan | None:
        """The cached plan for this request, or None (a batch submits only what is not cached)."""
        if self.cache is None:
            return None
        prompt = load_prompt(PROMPT_NAMES[kind], self.prompt_version, profile.language)
        diagnosis, draft = self._draft(profile, prompt)
        entry = self.cache.get(self._key(profile, kind, prompt, draft)) if self.cache else None
        return None if entry is None else self._from_cache(profile, kind, entry, diagnosis)

    def request(self, profile: CompanyProfile, kind: str) -> PlanRequest:
        """The request this planner sends for a plan (the Batch API's lines), the method's draft included."""
        prompt = load_prompt(PROMPT_NAMES[kind], self.prompt_version, profile.language)
        return self._request(profile, kind, *self._draft(profile, prompt))

    def plan_answer(self, profile: CompanyProfile, kind: str, answer: Answer) -> Plan:
        """A plan from an answer received elsewhere (the Batch API), through the same steps as a live one:
        validated, repaired once (live), or the labelled fallback; redacted and cached."""
        request, key, cached = self._prepare(profile, kind)
        if cached is not None:
            return cached
        assert request is not None  # _prepare renders the request whenever nothing is cached
        try:
            return self._finish(profile, request, key, self.chain.accept(request, answer))
        except ModelError as error:
            return self._fall_back(profile, request, error)

    # -- one plan --------------------------------------------------------------------------
    def _plan(self, profile: CompanyProfile, kind: str) -> Plan:
        request, key, cached = self._prepare(profile, kind)
        if cached is not None:
            return cached
        assert request is not None  # _prepare renders the request whenever nothing is cached
        try:
            return self._finish(profile, request, key, self.chain.invoke(request))
        except ModelError as error:
            return self._fall_back(profile, request, error)

    async def _aplan_one(self, profile: CompanyProfile, kind: str) -> Plan:
        chain, limit = self._for_loop()
        if "draft" in load_prompt(PROMPT_NAMES[kind], self.prompt_version, profile.language).variables:
            async with limit:  # the draft's diagnosis call, in a worker thread: the loop is not held up
                request, key, cached = await asyncio.to_thread(self._prepare, profile, kind)
        else:
            request, key, cached = self._prepare(profile, kind)
        if cached is not None:
            return cached
        assert request is not None  # _prepare renders the request whenever nothing is cached
        try:
            async with limit:
                result = await chain.ainvoke(request)
            return self._finish(profile, request, key, result)
        except ModelError as error:
            return self._fall_back(profile, request, error)

    def _for_loop(self) -> tuple[PlanChain, asyncio.Semaphore]:
        """The running loop's chain and concurrency limit: HTTP connections cannot cross event loops."""
        loop = asyncio.get_running_loop()
        if loop not in self._loops:
            self._loops = {known: state for known, state in self._loops.items() if not known.is_closed()}
            self._loops[loop] = (PlanChain(self.settings), asyncio.Semaphore(self.settings.max_concurrency))
        return self._loops[loop]

    def _prepare(self, profile: CompanyProfile, kind: str) -> tuple[PlanRequest | None, str, Plan | None]:
        """The cache key and the cached plan if there is one; else the rendered request to send."""
        prompt = load_prompt(PROMPT_NAMES[kind], self.prompt_version, profile.language)
        diagnosis, draft = self._draft(profile, prompt)
        key = self._key(profile, kind, prompt, draft)
        entry = self.cache.get(key) if self.cache else None
        if entry is None:
            return self._request(profile, kind, diagnosis, draft), key, None
        return None, key, self._from_cache(profile, kind, entry, diagnosis)

    def _request(
        self,
        profile: CompanyProfile,
        kind: str,
        diagnosis: Diagnosis | None,
        draft: dict | None,
    ) -> PlanRequest:
        """The rendered request, with the draft's outline and the diagnosis it was read from."""
        request = build_request(profile, kind, self.settings, self.prompt_version, draft)
        return replace(request, diagnosis=diagnosis)

    def _draft(self, profile: CompanyProfile, prompt: Prompt) -> tuple[Diagnosis | None, dict | None]:
        """For a prompt that writes over the method's draft: the diagnosis it is read from (the model's over the
        reader's) and the outline of the offline plan made on it; nothing for the others."""
        if "draft" not in prompt.variables:
            return None, None
        diagnosis = self._diagnosis(profile)
        return diagnosis, outline_of(self._rules().team_plan_on(profile, diagnosis), diagnosis)

    def _diagnosis(self, profile: CompanyProfile) -> Diagnosis:
        """The model's diagnosis over the reader's, cached like an answer; the reader's when the model cannot give
        one (settings problems still raise). The tokens a call takes wait in `_unbilled` for the plan made on it."""
        reader = diagnose(profile, self._rules().kb)
        key = self._diagnosis_key(profile)
        entry = self.cache.get(key) if self.cache else None
        if entry is not None:
            return over(reader, Diagnosis.model_validate(entry["diagnosis"]))
        try:
            model, result = model_reading(self.chain, profile)
        except ModelError as error:
            log.warning("the model could not read the diagnosis (%s); the draft uses the reader's", error)
            self._unbill(key, error.prompt_tokens, error.completion_tokens)
            return reader
        self._unbill(key, result.prompt_tokens, result.completion_tokens)
        if self.cache:
            self.cache.put(key, {"diagnosis": model.model_dump(mode="json")})
        return over(reader, model)

    def _diagnosis_key(self, profile: CompanyProfile) -> str:
        return self._key(profile, "diagnose", load_prompt("diagnose", self.prompt_version, profile.language), None)

    def _unbill(self, key: str, prompt_tokens: int, completion_tokens: int) -> None:
        """Keep a diagnosis call's tokens until a plan carries them (a batch line is rendered before its plan)."""
        self._unbilled[key] = _plus(self._unbilled.get(key, (0, 0)), prompt_tokens, completion_tokens)

    def _billed(self, profile: CompanyProfile, request: PlanRequest) -> tuple[int, int]:
        """The diagnosis tokens a plan over the draft carries: those of the calls made for it, counted once."""
        return (0, 0) if request.draft is None else self._unbilled.pop(self._diagnosis_key(profile), (0, 0))

    def _key(self, profile: CompanyProfile, kind: str, prompt: Prompt, draft: dict | None) -> str:
        """What decides the answer, hashed: the prompt, the model and the server the client really uses, the options,
        and the method's draft the prompt carries."""
        s = self.settings
        return cache_key(
            prompt=prompt.ref,
            model=s.model,
            server=server_label(s),
            temperature=s.temperature,
            method=s.structured_output,
            budget=s.max_input_tokens,
            kind=kind,
            max_tokens=s.max_output_tokens,
            profile=profile.model_dump(mode="json"),
            **({"draft": draft} if draft is not None else {}),  # keys of prompts without one stay as they were
        )

    def _from_cache(self, profile: CompanyProfile, kind: str, entry: dict, diagnosis: Diagnosis | None) -> Plan:
        provenance = Provenance.model_validate(
            {**entry["provenance"], "cached": True, "prompt_tokens": 0, "completion_tokens": 0, "cost_usd": 0.0}
        )
        return self._wrap(profile, kind, entry["content"], provenance, diagnosis)

    def _finish(self, profile: CompanyProfile, request: PlanRequest, key: str, result: ChainResult) -> Plan:
        """Wrap validated content in its envelope and cache it."""
        provenance = Provenance(
            planner="llm",
            prompt_version=request.prompt.version,
            repaired=result.repaired,
            tokens_approximate=result.approximate,
            trimmed=list(request.trimmed),
            **self._spent(
                result.model, *_plus(self._billed(profile, request), result.prompt_tokens, result.completion_tokens)
            ),
        )
        assert result.content is not None  # a plan request's answer is validated content
        content = result.content.model_dump(mode="json")  # the chain redacted the answer
        if self.cache:
            self.cache.put(key, {"content": content, "provenance": provenance.model_dump(mode="json")})
        return self._wrap(profile, request.kind, content, provenance, request.diagnosis)

    def _fall_back(self, profile: CompanyProfile, request: PlanRequest, error: ModelError) -> Plan:
        """The offline plan, labelled with why the model's plan is missing (or the error, if disabled)."""
        if not self.fallback:
            raise error
        log.warning("the model's %s plan failed (%s); using the offline plan", request.kind, error)
        rules = self._rules()
        if request.kind == "skills":
            plan: Plan = rules.skills_plan(profile)
        else:
            plan = (
                rules.team_plan(profile)
                if request.diagnosis is None
                else rules.team_plan_on(profile, request.diagnosis)
            )
        provenance = Provenance(
            planner="offline",
            prompt_version=request.prompt.version,
            fallback=True,
            fallback_reason=redact(reason(error, profile.language), self.settings),
            fallback_kind=failure_kind(error),
            trimmed=list(request.trimmed),
            **self._spent(
                error.answered_by, *_plus(self._billed(profile, request), error.prompt_tokens, error.completion_tokens)
            ),
        )
        return plan.model_copy(update={"provenance": provenance})

    def _spent(self, answered_by: str | None, prompt_tokens: int, completion_tokens: int) -> dict:
        """Provenance fields for the tokens spent: the model that answered (else the one asked for) and its price."""
        model, prices = answered_by or self.settings.model, self.settings.price_file
        return {
            "model": model,
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "cost_usd": cost_usd(model, prompt_tokens, completion_tokens, prices),
            "cost_known": is_priced(model, prices),
        }

    def _wrap(
        self, profile: CompanyProfile, kind: str, content: dict, provenance: Provenance, diagnosis: Diagnosis | None
    ) -> Plan:
        """The model's content in its envelope, with the board brief the rules build over it (on the draft's
        diagnosis, when it was read from one)."""
        plan = PLANS[kind].model_validate(
            {**content, "language": profile.language, "profile": profile, "provenance": provenance}
        )
        return self._rules().briefed(plan, diagnosis)

    def _rules(self) -> OfflinePlanner:
        """The offline planner, for the brief over the model's plan and for the fallback."""
        if self._offline is None:
            self._offline = OfflinePlanner()
        return self._offline


def _kinds(kind: PlanKind) -> tuple[str, ...]:
    return ("team", "skills") if kind == "both" else (kind,)


def _plus(spent: tuple[int, int], prompt_tokens: int, completion_tokens: int) -> tuple[int, int]:
    """Tokens spent with more spent (a plan's with its draft's diagnosis calls')."""
    return spent[0] + prompt_tokens, spent[1] + completion_tokens
