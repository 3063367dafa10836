"""The LLM chain: prompt file -> OpenAI-compatible server -> bounded, validated content.

`build_request` renders a prompt within the token budget; `PlanChain` sends it in the chosen
structured-output mode (json_schema, function_calling or json_mode) through the wire
(assistant.llm.wire: the body each server accepts, answers read as plain dicts) and every
answer takes the same steps, whatever route asked (planner, Batch API, chat):
- bound: `max_tokens` per plan kind, `maxItems` on every list of the schema, one `Deadline`
  per request (assistant.llm.deadline); an answer whose `finish_reason` is not a normal stop
  (cut at the token limit, a stream that ended early) is never accepted;
- normalise: the answer's JSON found in its text and put in the schema's form
  (assistant.llm.normalise), so a good answer in a slightly wrong shape needs no repair;
- validate: the pydantic model, then the consistency checks a plan must pass
  (assistant.consistency);
- repair: once, with the problems listed and only the start of the bad answer (a runaway
  answer would not fit the context again);
- fall back: a `ModelError` with a code the planner turns into a labelled offline plan;
- redact: the configured key is blanked from answers and problems before they leave.
Tokens of every attempt are counted (the server's counts when it reports them; what a stream
sent before it failed, too) and the model's name is the one the server answered with. Transport faults and settings problems
are sorted in assistant.llm.faults. Retries on 429/5xx before an answer starts are the
`openai` client's (it honours Retry-After); streams are never retried.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pydantic import BaseModel, SecretStr, ValidationError

from ..consistency import skills_problems, team_problems, team_warnings
from ..diagnosis import Diagnosis
from ..errors import ConfigError, ModelError, PromptError
from ..profile import CompanyProfile
from ..settings import Settings
from ..words.vocab import CHANNEL_LABELS
from .deadline import Deadline, within
from .faults import StreamRedactor, model_error, redact, server_label, translated_errors
from .grounding import grounding_sections, render_grounding
from .normalise import conform, json_of
from .prompts import Prompt, load_prompt
from .tokens import count_messages, count_text, is_approximate
from .wire import Answer, StreamReader, Wire, lean_schema, schema_fields

log = logging.getLogger(__name__)

PROMPT_NAMES = {"team": "team_structure", "skills": "skills_plan"}
KEY_PLACEHOLDER = "not-needed"  # local OpenAI-compatible servers ignore the key
MAX_ERRORS_SHOWN = 8
# Output caps: the offline planner's largest plans (Polish, many roles) are 7.0k and 2.9k cl100k tokens.
OUTPUT_TOKENS = {"team": 8192, "skills": 4096, "extract": 400, "diagnose": 600, "chat": 600}
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
    diagnosis: Diagnosis | None = None  # what the method's draft was read from (a prompt that writes over one)
    draft: dict | None = None  # the draft's outline the prompt carries (assistant.llm.outline)

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


def _schema_message(model: type[BaseModel]):
    """json_mode sends no schema to the server, so the prompt carries it, without descriptions."""
    from langchain_core.messages import SystemMessage

    schema = json.dumps(
        lean_schema(model.model_json_schema(), descriptions=False), ensure_ascii=False, separators=(",", ":")
    )
    return SystemMessage(
        f"Answer with one JSON object that follows this JSON schema:\n<output_schema>\n{schema}\n</output_schema>"
    )


def schema_tokens(model: type[BaseModel] | None, settings: Settings) -> int:
    """The tokens the answer's schema adds to a request: the schema or tool the server is sent (OpenAI bills
    it as input), or in json_mode the message that carries it."""
    if model is None:
        return 0
    if settings.structured_output == "json_mode":
        return 4 + count_text(str(_schema_message(model).content), settings.model)
    fields = schema_fields(model, settings.structured_output)
    return count_text(json.dumps(fields, ensure_ascii=False), settings.model)


_warned: set[tuple] = set()


def _warn_once(level: int, message: str, *args) -> None:
    """Log a trimming warning once per prompt and outcome (a batch would repeat it per row), then at debug."""
    seen = (message, args[:3])
    log.log(logging.DEBUG if seen in _warned else level, message, *args)
    _warned.add(seen)


def build_request(
    profile: CompanyProfile,
    kind: str,
    settings: Settings,
    prompt_version: str | None = None,
    draft: dict | None = None,
) -> PlanRequest:
    """Render the prompt for a "team" or "skills" plan within `settings.max_input_tokens`.

    The budget counts the answer's schema too (sent beside the prompt, or in it in json_mode).
    Over budget, grounding sections are dropped from the least relevant up, with a warning;
    the user's inputs and the method's draft (`draft`, for a prompt that writes over one, see
    assistant.llm.outline) are never cut.
    """
    prompt = load_prompt(PROMPT_NAMES[kind], prompt_version or settings.prompt_version, profile.language)
    values = {k: v for k, v in profile_values(profile).items() if k in prompt.variables}
    if draft is not None and "draft" in prompt.variables:
        values["draft"] = draft
    sections = grounding_sections(profile, kind, lean=prompt.grounding == "lean")
    schema = schema_tokens(prompt.output_model, settings)
    trimmed: list[str] = []
    while True:
        messages = prompt.render(grounding=render_grounding(sections), **values)
        tokens = count_messages(messages, settings.model) + schema
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
    request = PlanRequest(kind, prompt, messages, tokens, tuple(trimmed), profile, draft=values.get("draft"))
    return _with_schema(request, settings)


def request_for(kind: str, prompt: Prompt, messages: list, settings: Settings) -> PlanRequest:
    """A request for messages the caller rendered (the chat's reading, the judge): counted with its schema,
    and in json_mode carrying it, as `build_request`'s do."""
    tokens = count_messages(messages, settings.model) + schema_tokens(prompt.output_model, settings)
    return _with_schema(PlanRequest(kind, prompt, messages, tokens), settings)


def _with_schema(request: PlanRequest, settings: Settings) -> PlanRequest:
    """json_mode sends no schema to the server, so the request's messages carry it."""
    if settings.structured_output == "json_mode":
        request.messages.append(_schema_message(request.content_model))
    return request


def make_wire(settings: Settings) -> Wire:
    """The openai clients for the settings; a local server (base URL, no key) gets a placeholder key."""
    if settings.api_key is None and not settings.base_url:
        raise ConfigError(
            "the openai provider needs OMNITEAM_API_KEY (or OPENAI_API_KEY) for OpenAI, "
            "or OMNITEAM_BASE_URL for a local OpenAI-compatible server",
            setting="OMNITEAM_API_KEY",
        )
    key = settings.api_key or SecretStr(KEY_PLACEHOLDER)
    return Wire(settings, key.get_secret_value())


def _describe(error: Exception) -> str:
    """A validation or parsing problem in a few lines the model (and a user) can act on."""
    if isinstance(error, ValidationError):
        lines = [f"{'.'.join(map(str, e['loc'])) or 'answer'}: {e['msg']}" for e in error.errors()[:MAX_ERRORS_SHOWN]]
        more = error.error_count() - len(lines)
        return "\n".join(lines + ([f"... and {more} more"] if more > 0 else []))
    return f"the answer is not a JSON object ({str(error).splitlines()[0][:200]})"


_CHECKS: dict[str, Callable[..., list[str]]] = {"team": team_problems, "skills": skills_problems}
_WARNINGS: dict[str, Callable[..., list[str]]] = {"team": team_warnings}


class _Attempts:
    """One request's first try and its repair: the conversation, tokens, the deadline and the last problem.

    Iterating yields a `StreamReader` for each try; before the second it adds the start of the bad
    answer and the repair prompt. What a try streamed before it failed (a deadline, a cut connection)
    is counted too, with the model the server named.
    """

    def __init__(self, chain: PlanChain, request: PlanRequest):
        self.settings, self.request = chain.settings, request
        self.max_tokens = request.max_tokens(chain.settings)
        self.messages = list(request.messages)
        # what the request bills beside its messages (the schema or tool; json_mode has it in a message)
        self.beside = request.prompt_tokens - count_messages(request.messages, chain.settings.model)
        self.prompt_tokens = self.completion_tokens = 0
        self.reported: list[bool] = []  # whether the server reported usage, per answer
        self.problem = self.raw = ""
        self.code = "invalid"
        self.model: str | None = None
        self.deadline: Deadline | None = None
        self.reader: StreamReader | None = None  # the try in flight, until its answer is counted

    def __iter__(self) -> Iterator[StreamReader]:
        self.reader = StreamReader()
        yield self.reader
        from langchain_core.messages import AIMessage

        repair = load_prompt("repair", "v1", self.request.prompt.language)
        quoted = self.raw[:REPAIR_ANSWER_CHARS] + (" …" if len(self.raw) > REPAIR_ANSWER_CHARS else "")
        self.messages += [AIMessage(quoted or "(empty)"), *repair.render(errors=self.problem)]
        self.reader = StreamReader()
        yield self.reader

    @contextmanager
    def guarded(self):
        """The request's deadline and error translation; a `ModelError` carries the tokens spent so far."""
        s = self.settings
        with within(s.deadline, s.timeout) as self.deadline:
            try:
                with translated_errors(s, self.deadline):
                    yield
            except ModelError as error:
                if self.reader is not None and self.reader.answer.model:  # the server started to answer
                    self._count(self.reader.answer, redact(self.reader.answer.text, s))
                error.prompt_tokens += self.prompt_tokens
                error.completion_tokens += self.completion_tokens
                error.answered_by = error.answered_by or self.model
                raise

    def _count(self, answer: Answer, text: str) -> None:
        """Add an answer's tokens (the server's counts, else tiktoken's) and remember who answered."""
        self.reader = None
        tokens = answer.tokens
        self.reported.append(tokens is not None)
        prompt, completion = tokens or (self.beside + count_messages(self.messages, self.settings.model), 0)
        self.prompt_tokens += prompt
        self.completion_tokens += completion if tokens else count_text(text, self.settings.model)
        self.model = answer.model or self.model

    def accept(self, answer: Answer) -> ChainResult | None:
        """Count an answer's tokens and return it validated, or None (the problem is kept for the repair)."""
        self.raw = redact(answer.text, self.settings)
        self._count(answer, self.raw)
        finish = answer.finish
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
            data, notes = conform(json_of(self.raw), self.request.content_model)
            if notes:
                log.info("answer to %s normalised: %s", self.request.prompt.ref, "; ".join(notes))
            content = self.request.content_model.model_validate(data)
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
        warn = _WARNINGS.get(self.request.kind)
        for warning in warn(content, self.request.profile) if warn else []:
            log.warning(
                "plan from %s accepted with a warning: %s", self.request.prompt.ref, redact(warning, self.settings)
            )
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
    """Sends requests to one OpenAI-compatible server (assistant.llm.wire) and takes their answers
    through the chain's steps; an injected `wire` makes a chain share another's clients."""

    def __init__(self, settings: Settings, wire: Wire | None = None):
        self.settings = settings
        self.wire = wire if wire is not None else make_wire(settings)

    def request_body(self, request: PlanRequest) -> dict:
        """The chat-completions body this chain sends for a request, unstreamed (for the Batch API's JSONL)."""
        return self.wire.body(request.messages, request.max_tokens(self.settings), request.content_model, stream=False)

    def invoke(self, request: PlanRequest) -> ChainResult:
        """Validated content for a request, repaired once if needed (streamed underneath)."""
        for item in self.stream(request):
            if isinstance(item, ChainResult):
                return item
        raise AssertionError("stream ended without a result")  # stream() returns a result or raises

    def accept(self, request: PlanRequest, answer: Answer) -> ChainResult:
        """Validate an answer received elsewhere (the Batch API), with a live repair if it fails."""
        attempts = _Attempts(self, request)
        with attempts.guarded():
            result = attempts.accept(answer)
            if result:
                return result
            for reader in itertools.islice(attempts, 1, None):
                for _ in self.wire.stream(attempts.messages, attempts.max_tokens, request.content_model, reader):
                    pass
                result = attempts.accept(reader.answer)
                if result:
                    return result
        raise attempts.failed()

    async def ainvoke(self, request: PlanRequest) -> ChainResult:
        """`invoke`, natively async."""
        attempts = _Attempts(self, request)
        with attempts.guarded():
            for reader in attempts:
                async for _ in self.wire.astream(attempts.messages, attempts.max_tokens, request.content_model, reader):
                    pass
                result = attempts.accept(reader.answer)
                if result:
                    return result
        raise attempts.failed()

    def talk(self, messages: list) -> Iterator[str | ChainResult]:
        """A free-text answer (the chat's), through the same bounds: the output cap, one deadline, the
        key redacted, faults as `ModelError`. Yields the text as it grows, then a `ChainResult`
        (content None) with the tokens, the answering model and the finish reason."""
        reader, shown, text = StreamReader(), StreamRedactor(self.settings), ""
        with (
            within(self.settings.deadline, self.settings.timeout) as deadline,
            translated_errors(self.settings, deadline),
        ):
            for piece in self.wire.stream(messages, OUTPUT_TOKENS["chat"], None, reader):
                text += shown.feed(piece)
                yield text
        text += shown.flush()
        yield text
        answer = reader.answer
        prompt_tokens, completion_tokens = answer.tokens or (0, 0)
        yield ChainResult(None, prompt_tokens, completion_tokens, model=answer.model, finish=answer.finish)

    def stream(self, request: PlanRequest) -> Iterator[str | ChainResult]:
        """The answer's text as it arrives, then the `ChainResult` last (a repair streams too)."""
        attempts = _Attempts(self, request)
        with attempts.guarded():
            for reader in attempts:
                shown = StreamRedactor(self.settings)
                for piece in self.wire.stream(attempts.messages, attempts.max_tokens, request.content_model, reader):
                    if text := shown.feed(piece):
                        yield text
                if text := shown.flush():
                    yield text
                result = attempts.accept(reader.answer)
                if result:
                    yield result
                    return
        raise attempts.failed()
