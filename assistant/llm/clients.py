"""The openai clients under the chat model: deadline-keeping HTTP, and streamed chunks left as dicts.

The openai SDK builds a typed `ChatCompletionChunk` for every streamed event (~0.25 ms each)
and langchain-openai dumps it back to a dict at once; a real server sends one event per token,
thousands per plan. These clients hand the server's dict straight to langchain, which reads
chunks as dicts, so a streamed plan costs a fraction of the CPU. Everything else (requests,
retries, errors, non-streamed answers) is the SDK's own. The hook is the SDK's
`_process_response_data`, the same across the pinned openai range; tests/test_streaming.py
fails if it stops being called.
"""

from __future__ import annotations

import openai
from openai.types.chat import ChatCompletionChunk

from ..settings import Settings
from .deadline import http_clients


def _plain(data: object) -> bool:
    """True for a chunk in the shape langchain-openai reads as a dict: choices with a delta, tool calls
    with an index and a function. Any other chunk takes the SDK's typed model, as before."""
    if not isinstance(data, dict) or not isinstance(data.get("choices", []), list):
        return False
    for choice in data.get("choices", []):
        delta = choice.get("delta") if isinstance(choice, dict) else None
        if not isinstance(delta, dict):
            return False
        calls = delta.get("tool_calls") or []
        if not isinstance(calls, list) or not all(
            isinstance(call, dict) and "index" in call and isinstance(call.get("function"), dict) for call in calls
        ):
            return False
    return True


class _DictChunks:
    def _process_response_data(self, *, data, cast_to, response):
        if cast_to is ChatCompletionChunk and _plain(data):
            return data
        return super()._process_response_data(data=data, cast_to=cast_to, response=response)  # type: ignore[misc]


class DictChunkOpenAI(_DictChunks, openai.OpenAI):
    """`openai.OpenAI` whose streamed chat chunks are the server's dicts."""


class DictChunkAsyncOpenAI(_DictChunks, openai.AsyncOpenAI):
    """`openai.AsyncOpenAI` whose streamed chat chunks are the server's dicts."""


def openai_clients(settings: Settings, api_key: str) -> dict[str, object]:
    """`ChatOpenAI`'s client fields: sync and async openai clients over deadline-keeping HTTP."""
    sync_http, async_http = http_clients(settings.timeout)
    root, root_async = (
        kind(
            api_key=api_key,
            base_url=settings.base_url,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
            http_client=http,
        )
        for kind, http in ((DictChunkOpenAI, sync_http), (DictChunkAsyncOpenAI, async_http))
    )
    return {
        "root_client": root,
        "client": root.chat.completions,
        "root_async_client": root_async,
        "async_client": root_async.chat.completions,
    }
