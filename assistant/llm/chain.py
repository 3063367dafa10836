"""The LLM chain: prompt file -> chat model (OpenAI or compatible) -> bounded, validated content.

`build_request` renders a prompt within the token budget; `PlanChain` sends it in the chosen
structured-output mode (json_schema, function_calling or json_mode) and every answer takes the
same steps, whatever route asked (planner, Batch API, chat):
- bound: `max_tokens` per plan kind, `maxItems` on every list of the schema, one `Deadline`
  per request (assistant.llm.deadline); an answer whose `finish_reason` is not a normal stop
  (cut at the token limit, a stream that ended early) is never accepted;
- validate: the pydantic model, then the consistency checks a plan must pass
  (assistant.consistency);
- repair: once, with the problems listed and only the start of the bad answer (a runaway
  answer would not fit the context again);
- fall back: a `ModelError` with a code the planner turns into a labelled offline plan;
- redact: the configured key is blanked from answers and problems before they leave.
Tokens of every attempt are counted (the server's counts when it reports them) and the
model's name is the one the server answered with. Transport faults and settings problems
are sorted in assistant.llm.faults. Retries on 429/5xx before an answer starts are the
`openai` client's (it honours Retry-After); streams are never retried.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pydantic import BaseModel, SecretStr, ValidationError

from ..consistency import skills_problems, team_problems
from ..errors import ConfigError, ModelError, PromptError
from ..plans import PlanBundle
from ..profile import CompanyProfile
from ..settings import Settings, get_settings
from ..terms import PlanKind
from ..words.vocab import CHANNEL_LABELS
from .deadline import Deadline, within
from .faults import StreamRedactor, model_error, redact, server_label, translated_errors
from .grounding import grounding_sections, render_grounding
from .pricing import cost_usd
from .prompts import Prompt, load_prompt
from .tokens import count_messages, count_text, is_approximate

log = logging.getLogger(__name__)

PROMPT_NAMES = {"team": "team_structure", "skills": "skills_plan"}
KEY_PLACEHOLDER = "not-needed"  # local OpenAI-compatible servers ignore the key
MAX_ERRORS_SHOWN = 8
# Output caps: the offline planner's largest plans (Polish, many roles) are 7.0k and 2.9k cl100k tokens.
OUTPUT_TOKENS = {"team": 8192, "skills": 4096, "extract": 400, "chat": 600}
DEFAULT_OUTPUT_TOKENS = 1024  # the judge's verdict
COMPLETE = ("stop", "tool_calls", "function_call")  # finish reasons of an answer the model ended itself
REPAIR_ANSWER_CHARS = 1500  # how much of a bad answer the repair request quotes


@dataclass(frozen=True)
class PlanRequest:
    """A rendered prompt for one plan kind, with its token count and what was trimmed to fit."""

    kind: str
    prompt: Prompt
    messages: list
    prompt_tokens: int
    trimmed: tuple[str, ...] = ()
    profile: CompanyProfile | None = None  # what the consistency checks compare a plan with

    @property
    def content_model(self) -> type[BaseModel]:
        model = self.prompt.output_model
        if model is None:  # a free-text prompt cannot be validated
            raise PromptError(f"prompt {self.prompt.ref} names no output model")
        return model

    def max_tokens(self, settings: Settings) -> int:
        """The answer's token cap: the setting, else the cap for this kind of request."""
        return settings.max_output_tokens or OUTPUT_TOKENS.get(self.kind, DEFAULT_OUTPUT_TOKENS)


@dataclass
class ChainResult:
    """Validated content and what it took to get it."""

    content: BaseModel | None  # None for a free-text answer (`PlanChain.talk`)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    approximate: bool = False
    repaired: bool = False
    model: str | None = None  # the model the server says answered
    finish: str | None = None  # why a free-text answer (`PlanChain.talk`) ended


def profile_values(profile: CompanyProfile) -> dict:
    """The prompt variables a profile supplies (the data block's content)."""
    lang = profile.language
    return {
        "company": profile.company,
        "employees": profile.employees,
        "industry": profile.industry,
        "channels": [CHANNEL_LABELS[c][lang] for c in profile.channels] + profile.other_channels,
        "challenge": profile.challenge,
        "team_size": profile.team_size,
        "team_level": profile.team_level.value if profile.team_level else None,
        "quarterly_goal": profile.quarterly_goal,
        "language": lang,
    }


def compact_schema(node, root: bool = True):
    """A JSON schema without descriptions and generated titles (half the tokens); the root keeps its title."""
    if isinstance(node, list):
        return [compact_schema(item, False) for item in node]
    if not isinstance(node, dict):
        return node
    kept = {}
    for key, value in node.items():
        if key == "description" or (key == "title" and not root and isinstance(value, str)):
            continue
        if key in ("properties", "$defs"):
            kept[key] = {name: compact_schema(sub, False) for name, sub in value.items()}
        else:
            kept[key] = compact_schema(value, False)
    return kept


def _schema_message(model: type[BaseModel]):
    """json_mode sends no schema to the server, so the prompt carries it, compact."""
    from langchain_core.messages import SystemMessage

    schema = json.dumps(compact_schema(model.model_json_schema()), ensure_ascii=False, separators=(",", ":"))
    return SystemMessage(
        f"Answer with one JSON object that follows this JSON schema:\n<output_schema>\n{schema}\n</output_schema>"
    )


_warned: set[tuple] = set()


def _warn_once(level: int, message: str, *args) -> None:
    """Log a trimming warning once per prompt and outcome (a batch would repeat it per row), then at debug."""
    seen = (message, args[:3])
    log.log(logging.DEBUG if seen in _warned else level, message, *args)
    _warned.add(seen)


def build_request(
    profile: CompanyProfile, kind: str, settings: Settings, prompt_version: str | None = None
) -> PlanRequest:
    """Render the prompt for a "team" or "skills" plan within `settings.max_input_tokens`.

    Over budget, grounding sections are dropped from the least relevant up, with a warning;
    the user's inputs are never cut. The schema is not counted against the budget: json_schema
    and function_calling send it beside the prompt, json_mode appends it (compact) to the prompt.
    """
    prompt = load_prompt(PROMPT_NAMES[kind], prompt_version or settings.prompt_version, profile.language)
    values = {k: v for k, v in profile_values(profile).items() if k in prompt.variables}
    sections = grounding_sections(profile, kind, lean=prompt.grounding == "lean")
    trimmed: list[str] = []
    while True:
        messages = prompt.render(grounding=render_grounding(sections), **values)
        tokens = count_messages(messages, settings.model)
        if tokens <= settings.max_input_tokens or not sections:
            break
        trimmed.insert(0, sections.pop().name)
    if trimmed:
        _warn_once(
            logging.WARNING,
            "prompt %s is over the %d-token budget: left out grounding sections %s (now %d tokens)",
            prompt.ref,
            settings.max_input_tokens,
            ", ".join(trimmed),
            tokens,
        )
    if tokens > settings.max_input_tokens:
        log.warning(
            "prompt %s still needs %d tokens, over the %d-token budget (OMNITEAM_MAX_INPUT_TOKENS)",
            prompt.ref,
            tokens,
            settings.max_input_tokens,
        )
    return _with_schema(PlanRequest(kind, prompt, messages, tokens, tuple(trimmed), profile), settings)


def request_for(kind: str, prompt: Prompt, messages: list, settings: Settings) -> PlanRequest:
    """A request for messages the caller rendered (the chat's reading, the judge): counted, and in
    json_mode carrying the schema, as `build_request`'s do."""
    return _with_schema(PlanRequest(kind, prompt, messages, count_messages(messages, settings.model)), settings)


def _with_schema(request: PlanRequest, settings: Settings) -> PlanRequest:
    """json_mode sends no schema to the server, so the request's messages carry it."""
    if settings.structured_output == "json_mode":
        request.messages.append(_schema_message(request.content_model))
    return request


def estimate_request(
    profile: CompanyProfile,
    kind: str = "team",
    prompt_version: str | None = None,
    settings: Settings | None = None,
    *,
    draft: Callable[[CompanyProfile, PlanKind], PlanBundle],
) -> tuple[int, int, float]:
    """(prompt tokens, estimated completion tokens, estimated USD) of planning a profile, offline.

    For `--dry-run`s: the completion is estimated as the size of the plan `draft` makes (the
    caller passes the offline planner's `plan`, which has the same schema). kind "both" sums the
    team and skills requests.
    """
    settings = settings or get_settings()
    prompt_tokens = completion_tokens = 0
    for one in ("team", "skills") if kind == "both" else (kind,):
        request = build_request(profile, one, settings, prompt_version)
        plan = draft(profile, one).plans[0]
        prompt_tokens += request.prompt_tokens
        completion_tokens += count_text(
            plan.model_dump_json(include=set(request.content_model.model_fields)), settings.model
        )
    return (
        prompt_tokens,
        completion_tokens,
        cost_usd(settings.model, prompt_tokens, completion_tokens, settings.price_file),
    )


def make_chat_model(settings: Settings):
    """ChatOpenAI for the settings; a local server (base URL, no key) gets a placeholder key.

    Its openai clients (assistant.llm.clients) keep the current `Deadline` and stream chunks as
    dicts; each chat model gets its own async client, since pooled connections belong to one event loop.
    """
    if settings.api_key is None and not settings.base_url:
        raise ConfigError(
            "the openai provider needs OMNITEAM_API_KEY (or OPENAI_API_KEY) for OpenAI, "
            "or OMNITEAM_BASE_URL for a local OpenAI-compatible server",
            setting="OMNITEAM_API_KEY",
        )
    from langchain_openai import ChatOpenAI

    from .clients import openai_clients

    key = settings.api_key or SecretStr(KEY_PLACEHOLDER)
    return ChatOpenAI(
        model=settings.model,
        base_url=settings.base_url,
        api_key=key,
        temperature=settings.temperature,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
        use_responses_api=False,
        stream_usage=True,
        **openai_clients(settings, key.get_secret_value()),
    )


def _describe(error: Exception) -> str:
    """A validation or parsing problem in a few lines the model (and a user) can act on."""
    if isinstance(error, ValidationError):
        lines = [f"{'.'.join(map(str, e['loc'])) or 'answer'}: {e['msg']}" for e in error.errors()[:MAX_ERRORS_SHOWN]]
        more = error.error_count() - len(lines)
        return "\n".join(lines + ([f"... and {more} more"] if more > 0 else []))
    return f"the answer is not a JSON object ({str(error).splitlines()[0][:200]})"


def answer_text(message) -> str:
    """The text of an answer: its content, or the arguments of its (possibly invalid) tool call."""
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return json.dumps(calls[0]["args"], ensure_ascii=False)
    invalid = getattr(message, "invalid_tool_calls", None) or []
    if invalid and invalid[0].get("args"):
        return str(invalid[0]["args"])
    return message.content if isinstance(message.content, str) else ""


def parse_json(text: str):
    """The JSON of an answer, strictly (a cut answer is an error, never closed for it); code fences allowed."""
    text = text.strip()
    fenced = re.fullmatch(r"```(?:json)?\s*(.*?)\s*```", text, re.S)
    return json.loads(fenced.group(1) if fenced else text)


_CHECKS: dict[str, Callable[..., list[str]]] = {"team": team_problems, "skills": skills_problems}


def _merged(chunks: list):
    """One message from a stream's chunks (an empty answer when the stream had none)."""
    from langchain_core.messages import AIMessage

    return chunks[0] + chunks[1:] if chunks else AIMessage("")


def _chunk_text(chunk) -> str:
    text = chunk.content if isinstance(chunk.content, str) else ""
    return text + "".join(c.get("args") or "" for c in getattr(chunk, "tool_call_chunks", []))


class _Attempts:
    """One request's first try and its repair: the conversation, tokens, the deadline and the last problem.

    Iterating yields twice; between the two it adds the start of the bad answer and the repair prompt.
    """

    def __init__(self, chain: PlanChain, request: PlanRequest):
        self.settings, self.request = chain.settings, request
        self.max_tokens = request.max_tokens(chain.settings)
        self.bound = chain.capped(chain.sender(request.content_model), self.max_tokens)
        self.messages = list(request.messages)
        self.prompt_tokens = self.completion_tokens = 0
        self.reported: list[bool] = []  # whether the server reported usage, per answer
        self.problem = self.raw = ""
        self.code, self.model = "invalid", None
        self.deadline: Deadline | None = None

    def __iter__(self):
        yield
        from langchain_core.messages import AIMessage

        repair = load_prompt("repair", "v1", self.request.prompt.language)
        quoted = self.raw[:REPAIR_ANSWER_CHARS] + (" …" if len(self.raw) > REPAIR_ANSWER_CHARS else "")
        self.messages += [AIMessage(quoted or "(empty)"), *repair.render(errors=self.problem)]
        yield

    @contextmanager
    def guarded(self):
        """The request's deadline and error translation; a `ModelError` carries the tokens spent so far."""
        s = self.settings
        with within(s.deadline, s.timeout) as self.deadline:
            try:
                with translated_errors(s, self.deadline):
                    yield
            except ModelError as error:
                error.prompt_tokens += self.prompt_tokens
                error.completion_tokens += self.completion_tokens
                error.answered_by = error.answered_by or self.model
                raise

    def _count(self, message) -> None:
        usage = getattr(message, "usage_metadata", None)
        self.reported.append(bool(usage))
        self.prompt_tokens += usage["input_tokens"] if usage else count_messages(self.messages, self.settings.model)
        self.completion_tokens += usage["output_tokens"] if usage else count_text(self.raw, self.settings.model)

    def accept(self, message) -> ChainResult | None:
        """Count an answer's tokens and return it validated, or None (the problem is kept for the repair)."""
        self.raw = redact(answer_text(message), self.settings)
        self._count(message)
        metadata = getattr(message, "response_metadata", None) or {}
        self.model = metadata.get("model_name") or self.model
        finish = metadata.get("finish_reason")
        if finish in COMPLETE:
            content = self._validated()
            if content is not None:
                return self._result(content)
        elif finish == "content_filter":
            raise model_error("refused", finish=finish, raw_output=self.raw, attempts=len(self.reported))
        elif finish is None and not self.raw:
            self.code, self.problem = "empty", "the server sent no answer"
        elif finish == "length":
            self.code = "cut_off"
            self.problem = (
                f"the answer was cut off at the limit of {self.max_tokens} tokens: "
                "answer again with shorter texts and fewer list items"
            )
        else:
            self.code, self.problem = (
                "unfinished",
                f"the answer ended before the model finished it ({finish or 'no finish reason'})",
            )
        log.info("answer to %s was not accepted: %s", self.request.prompt.ref, self.problem.replace("\n", "; "))
        return None

    def _validated(self) -> BaseModel | None:
        try:
            content = self.request.content_model.model_validate(parse_json(self.raw))
            dumped = content.model_dump_json()  # a key written with JSON escapes ("\u0073k-…") shows here
            if (clean := redact(dumped, self.settings)) != dumped:
                content = self.request.content_model.model_validate_json(clean)
        except ValueError as error:  # bad JSON, or a pydantic ValidationError
            self.code, self.problem = "invalid", redact(_describe(error), self.settings)
            return None
        check = _CHECKS.get(self.request.kind)
        problems = check(content, self.request.profile) if check else []
        if problems:
            self.code = "inconsistent"
            self.problem = redact("\n".join(problems[:MAX_ERRORS_SHOWN]), self.settings)
            return None
        return content

    def _result(self, content: BaseModel) -> ChainResult:
        approximate = not all(self.reported) and is_approximate(self.settings.model)
        return ChainResult(
            content,
            self.prompt_tokens,
            self.completion_tokens,
            approximate,
            repaired=len(self.reported) > 1,
            model=self.model,
        )

    def failed(self) -> ModelError:
        server: dict[str, object] = {"server": server_label(self.settings)}
        by_code: dict[str, dict[str, object]] = {
            "cut_off": {"limit": self.max_tokens},
            "empty": server,
            "unfinished": server,
        }
        facts = by_code.get(self.code, {"problem": self.problem.splitlines()[0]})
        error = model_error(self.code, raw_output=self.raw, attempts=len(self.reported), **facts)
        error.prompt_tokens, error.completion_tokens = self.prompt_tokens, self.completion_tokens
        error.answered_by = self.model
        return error


class PlanChain:
    """Sends plan requests to one chat model; injected `chat_model`s make tests independent of it."""

    def __init__(self, settings: Settings, chat_model=None):
        self.settings = settings
        self.model = chat_model if chat_model is not None else make_chat_model(settings)
        self._senders: dict[type, object] = {}

    def structured(self, content_model: type[BaseModel]):
        """The chat model bound to answer in the content schema, in the settings' structured-output mode.

        function_calling forces the one tool with `tool_choice: "required"`, the form llama.cpp,
        vLLM and Ollama accept (the object form naming the tool is rejected by some). The answer
        is parsed and validated by the chain, whatever the mode.
        """
        schema = content_model.model_json_schema()
        if self.settings.structured_output == "function_calling":
            return self.model.bind_tools([schema], tool_choice="required")
        return self.model.with_structured_output(schema, method=self.settings.structured_output).first

    def sender(self, content_model: type[BaseModel]):
        """The bound model that sends requests: `response_format` travels as extra body.

        The server sees the same body either way, but given a `response_format` the openai client
        re-walks the whole JSON schema on every request (~4 ms) and langchain-openai streams through
        the client's parsing helper, which rebuilds typed models on every chunk (~0.5 ms each,
        hundreds per plan). The answer is validated once, at the end.
        """
        from langchain_openai import ChatOpenAI

        if content_model not in self._senders:
            bound = self.structured(content_model)
            if "response_format" in bound.kwargs and isinstance(bound.bound, ChatOpenAI):
                options = {key: value for key, value in bound.kwargs.items() if key != "response_format"}
                bound = bound.bound.bind(**options, extra_body={"response_format": bound.kwargs["response_format"]})
            self._senders[content_model] = bound
        return self._senders[content_model]

    def capped(self, bound, max_tokens: int):
        """The bound model with its output cap: `max_completion_tokens` (what langchain sends for
        `max_tokens`), and for other servers than OpenAI's the older `max_tokens` too, which
        every OpenAI-compatible server reads."""
        if not self.settings.base_url:
            return bound.bind(max_tokens=max_tokens)
        extra = {**(getattr(bound, "kwargs", {}).get("extra_body") or {}), "max_tokens": max_tokens}
        return bound.bind(max_tokens=max_tokens, extra_body=extra)

    def request_body(self, request: PlanRequest) -> dict:
        """The chat-completions body this chain sends for a request, unstreamed (for the Batch API's JSONL)."""
        bound = self.capped(self.structured(request.content_model), request.max_tokens(self.settings))
        options = {key: value for key, value in bound.kwargs.items() if not key.startswith("ls_")}
        extra = options.pop("extra_body", None) or {}
        return {**bound.bound._get_request_payload(request.messages, **options), **extra}

    def invoke(self, request: PlanRequest) -> ChainResult:
        """Validated content for a request, repaired once if needed (streamed underneath)."""
        for item in self.stream(request):
            if isinstance(item, ChainResult):
                return item
        raise AssertionError("stream ended without a result")  # stream() returns a result or raises

    def accept(self, request: PlanRequest, message) -> ChainResult:
        """Validate an answer received elsewhere (the Batch API), with a live repair if it fails."""
        attempts = _Attempts(self, request)
        with attempts.guarded():
            result = attempts.accept(message)
            if result:
                return result
            for _ in itertools.islice(attempts, 1, None):
                result = attempts.accept(_merged(list(attempts.bound.stream(attempts.messages))))
                if result:
                    return result
        raise attempts.failed()

    async def ainvoke(self, request: PlanRequest) -> ChainResult:
        """`invoke`, natively async."""
        attempts = _Attempts(self, request)
        with attempts.guarded():
            for _ in attempts:
                result = attempts.accept(_merged([chunk async for chunk in attempts.bound.astream(attempts.messages)]))
                if result:
                    return result
        raise attempts.failed()

    def talk(self, messages: list) -> Iterator[str | ChainResult]:
        """A free-text answer (the chat's), through the same bounds: the output cap, one deadline, the
        key redacted, faults as `ModelError`. Yields the text as it grows, then a `ChainResult`
        (content None) with the tokens, the answering model and the finish reason."""
        chunks, shown, text = [], StreamRedactor(self.settings), ""
        with (
            within(self.settings.deadline, self.settings.timeout) as deadline,
            translated_errors(self.settings, deadline),
        ):
            for chunk in self.capped(self.model, OUTPUT_TOKENS["chat"]).stream(messages):
                chunks.append(chunk)
                text += shown.feed(_chunk_text(chunk))
                yield text
        text += shown.flush()
        yield text
        answer = _merged(chunks)
        usage, metadata = answer.usage_metadata or {}, answer.response_metadata or {}
        yield ChainResult(
            None,
            usage.get("input_tokens", 0),
            usage.get("output_tokens", 0),
            model=metadata.get("model_name"),
            finish=metadata.get("finish_reason"),
        )

    def stream(self, request: PlanRequest) -> Iterator[str | ChainResult]:
        """The answer's text as it arrives, then the `ChainResult` last (a repair streams too)."""
        attempts = _Attempts(self, request)
        with attempts.guarded():
            for _ in attempts:
                chunks, shown = [], StreamRedactor(self.settings)
                for chunk in attempts.bound.stream(attempts.messages):
                    chunks.append(chunk)
                    text = shown.feed(_chunk_text(chunk))
                    if text:
                        yield text
                if text := shown.flush():
                    yield text
                result = attempts.accept(_merged(chunks))
                if result:
                    yield result
                    return
        raise attempts.failed()
