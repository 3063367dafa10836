"""The chat-completions wire: the body each server accepts, sent by the `openai` client, read as plain dicts.

The body is built here rather than by a chat-model wrapper, so each server gets exactly the
fields it accepts: one token-limit field (`max_completion_tokens` for OpenAI's own hosts,
`max_tokens`, which every OpenAI-compatible server reads, for the others), and the
structured-output fields of the chosen mode. A server that rejects the token field with
OpenAI's error message (the field it wants is named in it) is asked again once with that
field, and the chain keeps it for its later requests.

Requests go through the `openai` client (its retries, `Retry-After`, status errors and the
deadline-keeping transport of assistant.llm.deadline); the answer is the server's raw
response: a whole body is read with one `json.loads`, a stream line by line with one
`json.loads` per SSE event, so no typed model is built per streamed chunk.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel

from ..settings import Settings
from .deadline import http_clients

log = logging.getLogger(__name__)

TOKEN_FIELDS = ("max_completion_tokens", "max_tokens")
OPENAI_HOSTS = ("api.openai.com",)
OPENAI_HOST_SUFFIXES = (".openai.azure.com",)
_ROLES = {"system": "system", "human": "user", "ai": "assistant"}
_QUOTED_FIELD = r"['\"`]?({})['\"`]?".format("|".join(TOKEN_FIELDS))
_USE_INSTEAD = re.compile(rf"use\s+{_QUOTED_FIELD}(?:\s+instead)?", re.I)
_UNSUPPORTED = re.compile(
    rf"{_QUOTED_FIELD}[^.]{{0,60}}?(?:not supported|unsupported|unrecognized|not permitted|not allowed|unknown|"
    rf"extra inputs|extra_forbidden)|(?:unsupported|unrecognized|unknown|extra)[^.]{{0,40}}?{_QUOTED_FIELD}",
    re.I,
)


def is_openai_host(settings: Settings) -> bool:
    """True for OpenAI's own API (no base URL, api.openai.com, or an Azure OpenAI resource)."""
    if not settings.base_url:
        return True
    host = (urlsplit(settings.base_url).hostname or "").lower()
    return host in OPENAI_HOSTS or host.endswith(OPENAI_HOST_SUFFIXES)


def default_token_field(settings: Settings) -> str:
    """The token-limit field a server is first asked with: OpenAI's current one, or the one every
    compatible server reads."""
    return "max_completion_tokens" if is_openai_host(settings) else "max_tokens"


def field_asked_for(message: str, param: str | None, sent: str) -> str | None:
    """The token-limit field a server's 400 message asks for instead of the one `sent`, or None when the
    message is about something else. Read from the message: "Use 'max_completion_tokens' instead",
    "'max_tokens' is not supported", "Extra inputs are not permitted ... max_completion_tokens", or
    "Setting 'max_tokens' and 'max_completion_tokens' at the same time is not supported"."""
    other = next(name for name in TOKEN_FIELDS if name != sent)
    wanted = _USE_INSTEAD.search(message)
    if wanted:
        return wanted.group(1) if wanted.group(1) != sent else None
    refused = _UNSUPPORTED.search(message)
    if refused:
        return other if (refused.group(1) or refused.group(2)) == sent else None
    named = set(re.findall("|".join(TOKEN_FIELDS), message))
    if len(named) == 2:  # the combination: keep the field the server did not point at
        return next(name for name in TOKEN_FIELDS if name != param) if param in TOKEN_FIELDS else other
    return None


def message_dicts(messages: list) -> list[dict]:
    """langchain messages (the prompt files' output) as chat-completions messages."""
    return [{"role": _ROLES[m.type], "content": m.content} for m in messages]


def lean_schema(node: Any, descriptions: bool = True, root: bool = True) -> Any:
    """A JSON schema without the titles pydantic generates for every field ("Owner Role"), and without
    descriptions if asked: what a model reads of them is in the keys. The root keeps its title."""
    if isinstance(node, list):
        return [lean_schema(item, descriptions, False) for item in node]
    if not isinstance(node, dict):
        return node
    kept = {}
    for key, value in node.items():
        if (key == "description" and not descriptions) or (key == "title" and not root and isinstance(value, str)):
            continue
        if key in ("properties", "$defs"):
            kept[key] = {name: lean_schema(sub, descriptions, False) for name, sub in value.items()}
        else:
            kept[key] = lean_schema(value, descriptions, False)
    return kept


@lru_cache(maxsize=64)
def schema_fields(content_model: type[BaseModel] | None, method: str) -> dict:
    """The structured-output fields of a body: a JSON schema, one forced tool, or JSON mode (shared, not to
    be changed).

    function_calling forces the one tool with `tool_choice: "required"`, the form llama.cpp, vLLM
    and Ollama accept (the object form naming the tool is rejected by some); json_mode sends no
    schema (the chain puts it in the prompt).
    """
    if content_model is None:
        return {}
    if method == "json_mode":
        return {"response_format": {"type": "json_object"}}
    schema = lean_schema(content_model.model_json_schema())
    name, about = schema.get("title", content_model.__name__), (content_model.__doc__ or "").strip()
    if method == "function_calling":
        tool = {"name": name, "description": about, "parameters": schema}
        return {"tools": [{"type": "function", "function": tool}], "tool_choice": "required"}
    spec = {"name": name, "description": about, "strict": False, "schema": schema}
    return {"response_format": {"type": "json_schema", "json_schema": spec}}


@dataclass
class Answer:
    """What the server answered: the text (content, or the tool call's arguments), why it ended,
    the model it names and its token counts (None when it sent none)."""

    text: str = ""
    finish: str | None = None
    model: str | None = None
    usage: dict | None = None
    tool: bool = False
    choices: bool = False  # the server sent at least one choice

    @property
    def tokens(self) -> tuple[int, int] | None:
        """(prompt, completion) tokens as the server counted them, or None."""
        if not self.usage:
            return None
        return int(self.usage.get("prompt_tokens") or 0), int(self.usage.get("completion_tokens") or 0)


class EmptyAnswer(Exception):
    """The server's response holds no choice at all."""


class StreamFault(Exception):
    """The server sent an error event in the middle of a stream."""


def answer_from_body(body: dict) -> Answer:
    """A whole (not streamed) chat completion as an `Answer`; the Batch API's lines are read the same way."""
    choices = body.get("choices") or []
    if not choices:
        raise EmptyAnswer
    choice = choices[0] or {}
    message = choice.get("message") or {}
    calls = message.get("tool_calls") or []
    function = (calls[0] or {}).get("function") or {} if calls else {}
    text = function.get("arguments") or "" if calls else message.get("content") or ""
    return Answer(
        text if isinstance(text, str) else json.dumps(text, ensure_ascii=False),
        choice.get("finish_reason"),
        body.get("model"),
        body.get("usage"),
        tool=bool(calls),
        choices=True,
    )


@dataclass
class StreamReader:
    """Builds an `Answer` from SSE events, one `json.loads` each; `answer` holds what came so far
    (the model's name and text of a stream the deadline cut are counted too)."""

    answer: Answer = field(default_factory=Answer)

    def feed(self, line: str) -> str:
        """Read one SSE line; returns the text it adds (empty for other lines)."""
        if not line.startswith("data:"):
            return ""
        data = line[5:].strip()
        if not data or data == "[DONE]":
            return ""
        event = json.loads(data)
        if not isinstance(event, dict):
            raise json.JSONDecodeError("an SSE event is not a JSON object", data, 0)
        if "error" in event:
            raise StreamFault(str((event["error"] or {}).get("message") or "error event"))
        answer = self.answer
        answer.model = event.get("model") or answer.model
        answer.usage = event.get("usage") or answer.usage
        added = ""
        for choice in event.get("choices") or []:
            answer.choices = True
            delta = choice.get("delta") or {}
            for call in delta.get("tool_calls") or []:
                answer.tool = True
                added += (call.get("function") or {}).get("arguments") or ""
            content = delta.get("content")
            if isinstance(content, str):
                added += content
            answer.finish = choice.get("finish_reason") or answer.finish
        answer.text += added
        return added


class Wire:
    """The openai clients of one chain and the body its server accepts (see the module docstring).

    The sync client is shared; each event loop gets its own async client, since pooled connections
    belong to one loop (the planner makes a chain per loop).
    """

    def __init__(self, settings: Settings, api_key: str):
        import openai

        self.settings = settings
        self.token_field = default_token_field(settings)
        sync_http, async_http = http_clients(settings.timeout)
        self.client: openai.OpenAI = _client(openai.OpenAI, settings, api_key, sync_http)
        self.async_client: openai.AsyncOpenAI = _client(openai.AsyncOpenAI, settings, api_key, async_http)

    def body(
        self, messages: list, max_tokens: int, content_model: type[BaseModel] | None = None, stream: bool = True
    ) -> dict:
        """The chat-completions body for langchain messages, capped at `max_tokens`."""
        s = self.settings
        body = {
            "model": s.model,
            "messages": message_dicts(messages),
            "temperature": s.temperature,
            self.token_field: max_tokens,
            **schema_fields(content_model, s.structured_output),
            "stream": stream,
        }
        if stream:
            body["stream_options"] = {"include_usage": True}
        return body

    def _retry_field(self, error: Exception) -> bool:
        """Take the token field a 400 asks for; True when there is one to try."""
        import openai

        if not isinstance(error, openai.BadRequestError):
            return False
        wanted = field_asked_for(*server_message(error), self.token_field)
        if wanted is None:
            return False
        log.info(
            "%s asks for %s instead of %s; asking again", self.settings.base_url or "OpenAI", wanted, self.token_field
        )
        self.token_field = wanted
        return True

    def _open(self, body_of):
        """POST a body made by `body_of()`, the response unread; on a token-field 400, once more with the
        field the server asked for."""
        import httpx2

        for last in (False, True):
            try:
                return self.client.post("/chat/completions", cast_to=httpx2.Response, body=body_of(), stream=True)
            except Exception as error:
                if last or not self._retry_field(error):
                    raise
        raise AssertionError("unreachable")

    async def _aopen(self, body_of):
        """`_open`, natively async."""
        import httpx2

        for last in (False, True):
            try:
                return await self.async_client.post(
                    "/chat/completions", cast_to=httpx2.Response, body=body_of(), stream=True
                )
            except Exception as error:
                if last or not self._retry_field(error):
                    raise
        raise AssertionError("unreachable")

    def stream(
        self, messages: list, max_tokens: int, content_model: type[BaseModel] | None, reader: StreamReader
    ) -> Iterator[str]:
        """Stream an answer into `reader`, yielding each piece of text as it arrives."""
        response = self._open(lambda: self.body(messages, max_tokens, content_model))
        try:
            for line in response.iter_lines():
                if text := reader.feed(line):
                    yield text
        finally:
            response.close()
        _check(reader.answer)

    async def astream(
        self, messages: list, max_tokens: int, content_model: type[BaseModel] | None, reader: StreamReader
    ) -> AsyncIterator[str]:
        """`stream`, natively async."""
        response = await self._aopen(lambda: self.body(messages, max_tokens, content_model))
        try:
            async for line in response.aiter_lines():
                if text := reader.feed(line):
                    yield text
        finally:
            await response.aclose()
        _check(reader.answer)


def _client(kind: Any, settings: Settings, api_key: str, http: object) -> Any:
    """An openai client (sync or async) for the settings, over the given HTTP client."""
    return kind(
        api_key=api_key,
        base_url=settings.base_url,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
        http_client=http,
    )


def _check(answer: Answer) -> None:
    if not answer.choices:
        raise EmptyAnswer


def server_message(error: Exception) -> tuple[str, str | None]:
    """The message and `param` of a server's error response (OpenAI's `{"error": {...}}` body), one line."""
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        message, param = body.get("message") or "", body.get("param")
    else:
        message, param = str(body or getattr(error, "message", "") or ""), None
    return " ".join(str(message).split()), param if isinstance(param, str) else None
