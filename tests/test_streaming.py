"""How a streamed answer reaches the page: the server's chunks as dicts through the real `openai`
client over HTTP, and the worker thread's texts handed to the caller in few, complete pieces."""

from __future__ import annotations

import time

from openai.types.chat import ChatCompletion, ChatCompletionChunk

from assistant.chat.unavailable import HANDOVER_SECONDS, Retry, with_retries
from assistant.llm.chain import make_chat_model
from assistant.llm.clients import DictChunkOpenAI

HELLO = [{"role": "user", "content": "hello"}]


def test_streamed_chunks_are_the_servers_dicts_and_whole_answers_stay_typed(llm_settings):
    client = make_chat_model(llm_settings).client
    chunks = list(
        client.create(model="gpt-4o-mini", messages=HELLO, stream=True, stream_options={"include_usage": True})
    )
    assert chunks and all(isinstance(chunk, dict) for chunk in chunks)
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text == "(fake model) You said: hello"
    assert chunks[-1]["usage"]["completion_tokens"] > 0
    whole = client.create(model="gpt-4o-mini", messages=HELLO)
    assert isinstance(whole, ChatCompletion) and whole.choices[0].message.content == text


def test_a_chunk_of_another_shape_gets_the_sdks_typed_model():
    client = DictChunkOpenAI(api_key="unused", base_url="http://127.0.0.1:9/v1")
    odd_chunks = [
        {"id": "c", "choices": [{"index": 0, "finish_reason": "stop"}]},  # no delta
        {"id": "c", "choices": [{"index": 0, "delta": {"tool_calls": [{"function": {"arguments": "{"}}]}}]},
        {"id": "c", "choices": "not a list"},
    ]
    for chunk in odd_chunks:
        parsed = client._process_response_data(data=chunk, cast_to=ChatCompletionChunk, response=None)
        assert isinstance(parsed, ChatCompletionChunk), chunk


def test_a_token_by_token_stream_reaches_the_caller_in_few_pieces_whole_and_in_order():
    tokens = [f"t{i} " for i in range(300)]

    def stream():  # tokens as a server sends them: a couple of milliseconds apart
        for i, token in enumerate(tokens):
            if i == 150:
                yield Retry(2, 3)  # e.g. the repair request retried: it comes after the text before it
            yield token
            time.sleep(0.002)

    received = list(with_retries(stream()))
    retry = received.index(Retry(2, 3))
    assert "".join(received[:retry]) == "".join(tokens[:150])
    assert "".join(received[retry + 1 :]) == "".join(tokens[150:])
    assert len(received) < 40  # a piece per handover, not 301 wake-ups of the caller


def test_a_slow_stream_shows_each_text_when_it_comes():
    arrived: list[tuple[str, float]] = []
    started = time.monotonic()
    gap = 3 * HANDOVER_SECONDS

    def stream():
        for text in ("first ", "second ", "third"):
            yield text
            time.sleep(gap)

    for item in with_retries(stream()):
        arrived.append((item, time.monotonic() - started))
    assert "".join(text for text, _ in arrived) == "first second third"
    assert [text for text, _ in arrived] == ["first ", "second ", "third"]
    assert arrived[0][1] < gap  # the first text did not wait for the second


def test_a_key_streamed_one_character_at_a_time_is_redacted(llm_settings):
    from assistant.llm.faults import StreamRedactor

    key = llm_settings.api_key.get_secret_value()
    text = f"start {key} middle {key[:-1]}! end {key}"
    redactor = StreamRedactor(llm_settings)
    shown = "".join(redactor.feed(char) for char in text) + redactor.flush()
    assert shown == f"start [redacted] middle {key[:-1]}! end [redacted]"
