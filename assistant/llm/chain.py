"""The LLM chain: prompt file -> chat model (OpenAI or compatible) -> validated plan content.

`build_request` renders a prompt within the token budget; `PlanChain` sends it through
`with_structured_output` (json_schema, function_calling or json_mode), validates the answer
with the plan's pydantic model, and makes one repair attempt with the validation errors.
Retries with backoff on 429/5xx/timeouts are the `openai` client's (it honours Retry-After).

Errors: settings problems (bad key, unreachable server, unknown model) raise `ConfigError`
naming the setting to fix; a model that misbehaves (timeouts, rate limits, server errors and
answers that stay invalid after the repair) raises `ModelError`, which the planner turns into
a labelled offline fallback. Messages are written here, never copied from the server, so a
key the server echoes cannot leak.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from pydantic import BaseModel, SecretStr, ValidationError

from ..errors import ConfigError, ModelError
from ..profile import CompanyProfile
from ..settings import Settings
from ..vocab import CHANNEL_LABELS
from .grounding import grounding_sections, render_grounding
from .pricing import cost_usd
from .prompts import Prompt, load_prompt
from .tokens import count_messages, count_text, is_approximate

log = logging.getLogger(__name__)

PROMPT_NAMES = {"team": "team_structure", "skills": "skills_plan"}
KEY_PLACEHOLDER = "not-needed"  # local OpenAI-compatible servers ignore the key
MAX_ERRORS_SHOWN = 8


@dataclass(frozen=True)
class PlanRequest:
    """A rendered prompt for one plan kind, with its token count and what was trimmed to fit."""

    kind: str
    prompt: Prompt
    messages: list
    prompt_tokens: int
    trimmed: tuple[str, ...] = ()

    @property
    def content_model(self) -> type[BaseModel]:
        return self.prompt.output_model


@dataclass
class ChainResult:
    """Validated content and what it took to get it."""

    content: BaseModel
    prompt_tokens: int = 0
    completion_tokens: int = 0
    approximate: bool = False
    repaired: bool = False


def profile_values(profile: CompanyProfile) -> dict:
    """The prompt variables a profile supplies (the data block's content)."""
    lang = profile.language
    return {"company": profile.company, "employees": profile.employees, "industry": profile.industry,
            "channels": [CHANNEL_LABELS[c][lang] for c in profile.channels] + profile.other_channels,
            "challenge": profile.challenge, "team_size": profile.team_size,
            "team_level": profile.team_level.value if profile.team_level else None,
            "quarterly_goal": profile.quarterly_goal, "language": lang}


def _schema_message(model: type[BaseModel]):
    """json_mode sends no schema to the server, so the prompt carries it."""
    from langchain_core.messages import SystemMessage

    schema = json.dumps(model.model_json_schema(), ensure_ascii=False, separators=(",", ":"))
    return SystemMessage(f"Answer with one JSON object that follows this JSON schema:\n<output_schema>\n{schema}\n"
                         "</output_schema>")


_warned: set[tuple] = set()


def _warn_once(level: int, message: str, *args) -> None:
    """Log a trimming warning once per prompt and outcome (a batch would repeat it per row), then at debug."""
    seen = (message, args[:3])
    log.log(logging.DEBUG if seen in _warned else level, message, *args)
    _warned.add(seen)


def build_request(profile: CompanyProfile, kind: str, settings: Settings, prompt_version: str | None = None) -> PlanRequest:
    """Render the prompt for a "team" or "skills" plan within `settings.max_input_tokens`.

    Over budget, grounding sections are dropped from the least relevant up, with a warning;
    the user's inputs are never cut.
    """
    prompt = load_prompt(PROMPT_NAMES[kind], prompt_version or settings.prompt_version, profile.language)
    values = {k: v for k, v in profile_values(profile).items() if k in prompt.variables}
    sections, trimmed = grounding_sections(profile, kind, lean=prompt.grounding == "lean"), []
    while True:
        messages = prompt.render(grounding=render_grounding(sections), **values)
        if settings.structured_output == "json_mode":
            messages.append(_schema_message(prompt.output_model))
        tokens = count_messages(messages, settings.model)
        if tokens <= settings.max_input_tokens or not sections:
            break
        trimmed.insert(0, sections.pop().name)
    if trimmed:
        _warn_once(logging.WARNING, "prompt %s is over the %d-token budget: left out grounding sections %s "
                   "(now %d tokens)", prompt.ref, settings.max_input_tokens, ", ".join(trimmed), tokens)
    if tokens > settings.max_input_tokens:
        log.warning("prompt %s still needs %d tokens, over the %d-token budget (OMNITEAM_MAX_INPUT_TOKENS)",
                    prompt.ref, tokens, settings.max_input_tokens)
    return PlanRequest(kind, prompt, messages, tokens, tuple(trimmed))


def estimate_request(profile: CompanyProfile, kind: str = "team", prompt_version: str | None = None,
                     settings: Settings | None = None) -> tuple[int, int, float]:
    """(prompt tokens, estimated completion tokens, estimated USD) of planning a profile, offline.

    For `--dry-run`s: the completion is estimated as the size of the offline planner's plan,
    which has the same schema. kind "both" sums the team and skills requests.
    """
    from ..planners.offline import OfflinePlanner
    from ..settings import get_settings

    settings = settings or get_settings()
    prompt_tokens = completion_tokens = 0
    for one in ("team", "skills") if kind == "both" else (kind,):
        request = build_request(profile, one, settings, prompt_version)
        plan = OfflinePlanner().plan(profile, one).plans[0]
        prompt_tokens += request.prompt_tokens
        completion_tokens += count_text(plan.model_dump_json(include=set(request.content_model.model_fields)),
                                        settings.model)
    return prompt_tokens, completion_tokens, cost_usd(settings.model, prompt_tokens, completion_tokens,
                                                      settings.price_file)


def server_label(settings: Settings) -> str:
    """The server, for messages: scheme, host and path, never credentials or a query."""
    if not settings.base_url:
        return "the OpenAI API"
    parts = urlsplit(settings.base_url)
    return f"{parts.scheme}://{parts.hostname}{f':{parts.port}' if parts.port else ''}{parts.path}"


def make_chat_model(settings: Settings):
    """ChatOpenAI for the settings; a local server (base URL, no key) gets a placeholder key.

    Each model gets its own async HTTP client: pooled connections belong to one event loop,
    and langchain-openai's shared default client breaks when a second loop reuses them.
    """
    if settings.api_key is None and not settings.base_url:
        raise ConfigError("the openai provider needs OMNITEAM_API_KEY (or OPENAI_API_KEY) for OpenAI, "
                          "or OMNITEAM_BASE_URL for a local OpenAI-compatible server", setting="OMNITEAM_API_KEY")
    import openai
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(model=settings.model, base_url=settings.base_url,
                      api_key=settings.api_key or SecretStr(KEY_PLACEHOLDER), temperature=settings.temperature,
                      timeout=settings.timeout, max_retries=settings.max_retries, use_responses_api=False,
                      stream_usage=True, http_async_client=openai.DefaultAsyncHttpxClient())


@contextmanager
def translated_errors(settings: Settings):
    """Turn the client's exceptions into `ConfigError` (fix a setting) or `ModelError` (fall back)."""
    import openai

    where, retries = server_label(settings), settings.max_retries
    try:
        yield
    except (openai.AuthenticationError, openai.PermissionDeniedError) as error:
        raise ConfigError(f"{where} rejected the API key (HTTP {error.status_code}): set a valid OMNITEAM_API_KEY",
                          setting="OMNITEAM_API_KEY") from None
    except openai.NotFoundError:
        raise ConfigError(f"{where} has no model {settings.model!r} (HTTP 404): check OMNITEAM_MODEL and "
                          "OMNITEAM_BASE_URL", setting="OMNITEAM_MODEL") from None
    except openai.APITimeoutError:
        raise ModelError(f"{where} did not answer within {settings.timeout:g} s ({retries} retries)") from None
    except openai.APIConnectionError:
        raise ConfigError(f"cannot reach {where}: check OMNITEAM_BASE_URL and that the server is running",
                          setting="OMNITEAM_BASE_URL") from None
    except openai.APIStatusError as error:
        hint = ("; if the server does not support json_schema, set OMNITEAM_STRUCTURED_OUTPUT=function_calling "
                "or json_mode") if error.status_code in (400, 422) else f" ({retries} retries)"
        raise ModelError(f"{where} answered HTTP {error.status_code}{hint}") from None


def _describe(error: Exception) -> str:
    """A validation or parsing problem in a few lines the model (and a user) can act on."""
    if isinstance(error, ValidationError):
        lines = [f"{'.'.join(map(str, e['loc'])) or 'answer'}: {e['msg']}" for e in error.errors()[:MAX_ERRORS_SHOWN]]
        more = error.error_count() - len(lines)
        return "\n".join(lines + ([f"... and {more} more"] if more > 0 else []))
    return str(error).splitlines()[0][:300]


def answer_text(message) -> str:
    """The text of an answer: its content, or the arguments of its (possibly invalid) tool call."""
    if isinstance(message.content, str) and message.content:
        return message.content
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return json.dumps(calls[0]["args"], ensure_ascii=False)
    invalid = getattr(message, "invalid_tool_calls", None) or []
    return str(invalid[0].get("args") or "") if invalid else ""


class _Attempts:
    """One request's first try and its repair: the conversation, token usage and the last problem.

    Iterating yields twice; between the two it adds the bad answer and the repair prompt.
    """

    def __init__(self, chain: PlanChain, request: PlanRequest):
        self.settings, self.request = chain.settings, request
        self.bound, self.parser = chain.sender(request.content_model), chain.structured(request.content_model)[1]
        self.messages = list(request.messages)
        self.prompt_tokens = self.completion_tokens = 0
        self.reported: list[bool] = []  # whether the server reported usage, per answer
        self.problem = self.raw = ""

    def __iter__(self):
        yield
        from langchain_core.messages import AIMessage

        repair = load_prompt("repair", "v1", self.request.prompt.language)
        self.messages += [AIMessage(self.raw or "(empty)"), *repair.render(errors=self.problem)]
        yield

    def accept(self, message) -> ChainResult | None:
        """Count the tokens of an answer and return it validated, or None (the problem is kept)."""
        from langchain_core.exceptions import OutputParserException
        from langchain_core.messages import AIMessage

        message = message or AIMessage("")
        try:
            parsed, error = self.parser.invoke(message), None
        except OutputParserException as failure:
            parsed, error = None, failure
        self.raw = answer_text(message)
        usage = getattr(message, "usage_metadata", None)
        self.reported.append(bool(usage))
        self.prompt_tokens += usage["input_tokens"] if usage else count_messages(self.messages, self.settings.model)
        self.completion_tokens += usage["output_tokens"] if usage else count_text(self.raw, self.settings.model)
        if parsed is not None and error is None:
            try:
                return self._result(self.request.content_model.model_validate(parsed))
            except ValidationError as invalid:
                error = invalid
        self.problem = _describe(error) if error else "the answer contained no JSON object or tool call"
        log.info("answer to %s did not validate: %s", self.request.prompt.ref, self.problem.replace("\n", "; "))
        return None

    def _result(self, content: BaseModel) -> ChainResult:
        approximate = not all(self.reported) and is_approximate(self.settings.model)
        return ChainResult(content, self.prompt_tokens, self.completion_tokens, approximate,
                           repaired=len(self.reported) > 1)

    def failed(self) -> ModelError:
        return ModelError(f"the answer did not validate, even after a repair attempt: {self.problem.splitlines()[0]}",
                          raw_output=self.raw, attempts=len(self.reported))


class PlanChain:
    """Sends plan requests to one chat model; injected `chat_model`s make tests independent of it."""

    def __init__(self, settings: Settings, chat_model=None):
        self.settings = settings
        self.model = chat_model if chat_model is not None else make_chat_model(settings)
        self._runnables: dict[type, tuple] = {}

    def structured(self, content_model: type[BaseModel]) -> tuple:
        """The chat model bound to the content schema, and the parser of its answers.

        `with_structured_output` gets the schema as a dict, so that every method leaves the
        validation to us, and is taken apart (rather than used with include_raw) so the raw
        answer stays at hand for the repair and no thread pool runs on every call.
        """
        if content_model not in self._runnables:
            runnable = self.model.with_structured_output(content_model.model_json_schema(),
                                                         method=self.settings.structured_output)
            self._runnables[content_model] = (runnable.first, runnable.last)
        return self._runnables[content_model]

    def sender(self, content_model: type[BaseModel]):
        """The bound model that sends requests: `response_format` travels as extra body.

        The server sees the same body either way, but given a `response_format` the openai client
        re-walks the whole JSON schema on every request (~4 ms) and langchain-openai streams through
        the client's parsing helper, which rebuilds typed models on every chunk (~0.5 ms each,
        hundreds per plan). The answer is validated once, at the end, by the parser.
        """
        from langchain_openai import ChatOpenAI

        bound, _ = self.structured(content_model)
        if "response_format" not in bound.kwargs or not isinstance(bound.bound, ChatOpenAI):
            return bound
        options = {key: value for key, value in bound.kwargs.items() if key != "response_format"}
        return bound.bound.bind(**options, extra_body={"response_format": bound.kwargs["response_format"]})

    def request_body(self, request: PlanRequest) -> dict:
        """The chat-completions body this chain sends for a request (for the Batch API's JSONL)."""
        bound, _ = self.structured(request.content_model)
        options = {key: value for key, value in bound.kwargs.items() if not key.startswith("ls_")}
        return bound.bound._get_request_payload(request.messages, **options)

    def invoke(self, request: PlanRequest) -> ChainResult:
        """Validated content for a request, repaired once if needed."""
        attempts = _Attempts(self, request)
        for _ in attempts:
            with translated_errors(self.settings):
                result = attempts.accept(attempts.bound.invoke(attempts.messages))
            if result:
                return result
        raise attempts.failed()

    async def ainvoke(self, request: PlanRequest) -> ChainResult:
        """`invoke`, natively async."""
        attempts = _Attempts(self, request)
        for _ in attempts:
            with translated_errors(self.settings):
                result = attempts.accept(await attempts.bound.ainvoke(attempts.messages))
            if result:
                return result
        raise attempts.failed()

    def stream(self, request: PlanRequest) -> Iterator[str | ChainResult]:
        """The answer's text as it arrives, then the `ChainResult` last (a repair streams too)."""
        attempts = _Attempts(self, request)
        for _ in attempts:
            chunks = []
            with translated_errors(self.settings):
                for chunk in attempts.bound.stream(attempts.messages):
                    chunks.append(chunk)
                    text = chunk.content if isinstance(chunk.content, str) else ""
                    text += "".join(c.get("args") or "" for c in getattr(chunk, "tool_call_chunks", []))
                    if text:
                        yield text
            result = attempts.accept(chunks[0] + chunks[1:] if chunks else None)
            if result:
                yield result
                return
        raise attempts.failed()
