"""How a streamed answer reaches the page: the server's SSE lines read by the wire (one `json.loads` each)
through the real `openai` client over HTTP, and the worker thread's texts handed to the caller in few,
complete pieces."""

from __future__ import annotations

import json
import time

import pytest
from langchain_core.messages import HumanMessage

from assistant.chat.unavailable import HANDOVER_SECONDS, Retry, with_retries
from assistant.llm.chain import make_wire
from assistant.llm.wire import StreamFault, StreamReader


def test_a_stream_is_read_line_by_line_into_text_model_and_usage(fake_openai, llm_settings):
    reader = StreamReader()
    pieces = list(make_wire(llm_settings).stream([HumanMessage("hello")], 50, None, reader))
    assert len(pieces) == 1 and reader.answer.text == "(fake model) You said: hello"
    assert reader.answer.finish == "stop" and reader.answer.model == "gpt-4o-mini"
    assert reader.answer.tokens[1] > 0  # the usage event after the last choice
    [body] = fake_openai.chat_requests()
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}


def _event(**delta) -> str:
    return "data: " + json.dumps({"model": "m", "choices": [{"index": 0, "delta": delta, "finish_reason": None}]})


def test_tool_call_arguments_are_the_answers_text_and_an_error_event_is_a_fault():
    reader = StreamReader()
    lines = [
        _event(role="assistant", tool_calls=[{"index": 0, "id": "c", "function": {"name": "T", "arguments": ""}}]),
        "",
        ": a comment line",
        _event(tool_calls=[{"index": 0, "function": {"arguments": '{"a": '}}]),
        _event(tool_calls=[{"index": 0, "function": {"arguments": "1}"}}]),
        "data: [DONE]",
    ]
    assert [reader.feed(line) for line in lines] == ["", "", "", '{"a": ', "1}", ""]
    assert reader.answer.tool and reader.answer.text == '{"a": 1}'
    with pytest.raises(StreamFault, match="out of memory"):
        reader.feed('data: {"error": {"message": "out of memory"}}')


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
    assert "".join(map(str, received[:retry])) == "".join(tokens[:150])
    assert "".join(map(str, received[retry + 1 :])) == "".join(tokens[150:])
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
        arrived.append((str(item), time.monotonic() - started))
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
