"""A fake OpenAI-compatible server for tests, benchmarks and demos: real HTTP on 127.0.0.1.

`FakeOpenAIServer` serves `POST /v1/chat/completions` (plain, `json_schema`, tool calling,
`json_object`, SSE streaming) and the Batch API (`/v1/files`, `/v1/batches`), so the real
`openai` client and the LLM chain run end to end without a network or a key.

Replies are scripted with `queue(...)`; when the queue is empty the default responder answers
like a well-behaved model:
- a team or skills plan (schema or tool named `TeamPlanContent` / `SkillsPlanContent`) is the
  offline planner's plan for the profile found in the prompt's `<company_profile>` data block;
- the chat's profile reading (`ProfileDraft`) finds nothing: queue a reply to script one;
- any other schema (e.g. the judge's verdict), or a plan request without a data block, gets a
  minimal instance built from the JSON schema. In `json_object` mode the schema is read from the
  prompt's `<output_schema>` block, which the LLM chain adds in that mode;
- a plain chat turn (no schema) gets "(fake model) You said: <the last user message>".

    with FakeOpenAIServer(latency=0.3) as server:
        openai.OpenAI(base_url=server.base_url, api_key=server.api_key)
        server.queue(Reply.error(429, retry_after=0), Reply(content="{not json"))

`dialect` makes it check the token-limit fields as a real server does, answering a request it
refuses with that server's status and JSON error body, word for word (see `DIALECTS`).
"""

from __future__ import annotations

import email.message
import email.parser
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

from pydantic import BaseModel

from .planners.offline import OfflinePlanner
from .plans import SkillsPlanContent, TeamPlanContent
from .profile import CompanyProfile

DATA_BLOCK = re.compile(r"<company_profile>\s*(\{.*?\})\s*</company_profile>", re.S)
SCHEMA_BLOCK = re.compile(r"<output_schema>\s*(.*?)\s*</output_schema>", re.S)
PLAN_KINDS = {"TeamPlanContent": "team", "SkillsPlanContent": "skills"}
STREAM_CHUNK_CHARS = 48
# How real servers refuse token-limit fields: (fields refused alone, whether both together are refused, error body).
DIALECTS: dict[str, tuple[frozenset[str], bool, dict]] = {
    # OpenAI's chat models: either field alone, never both.
    "openai": (
        frozenset(),
        True,
        {
            "message": "Setting 'max_tokens' and 'max_completion_tokens' at the same time is not supported.",
            "type": "invalid_request_error",
            "param": "max_tokens",
            "code": "invalid_parameter_combination",
        },
    ),
    # OpenAI's reasoning models (o-series, gpt-5): max_completion_tokens only.
    "openai-reasoning": (
        frozenset({"max_tokens"}),
        False,
        {
            "message": "Unsupported parameter: 'max_tokens' is not supported with this model. "
            "Use 'max_completion_tokens' instead.",
            "type": "invalid_request_error",
            "param": "max_tokens",
            "code": "unsupported_parameter",
        },
    ),
    # An older compatible server that validates its body strictly (vLLM's pydantic message): max_tokens only.
    "legacy": (
        frozenset({"max_completion_tokens"}),
        False,
        {
            "message": "[{'type': 'extra_forbidden', 'loc': ('body', 'max_completion_tokens'), "
            "'msg': 'Extra inputs are not permitted', 'input': 8192}]",
            "type": "BadRequestError",
            "param": None,
            "code": 400,
        },
    ),
}


@dataclass(frozen=True)
class Reply:
    """One scripted reply.

    content: a dict or pydantic model (sent as JSON) or raw text (sent verbatim, e.g. malformed
    JSON); None means the default responder's answer. status: an HTTP error status (OpenAI-style
    error body) with an optional Retry-After in seconds. hang: seconds to hold the request
    before answering (longer than the client's timeout = a timeout). tool_call=False answers a
    tool-calling request with plain content and no tool call; usage=False leaves out `usage`.

    Faults of real servers: finish_reason="length" (cut at the token limit); trickle: seconds
    between the bytes of the answer; gap: seconds between the events of a stream (a slow model); fault="malformed" (a body, or SSE event, that is not JSON),
    "empty" (no choices), "short" (the connection closes before Content-Length bytes came),
    "cut" (a stream that stops before its finishing chunk) or "error" (an error event in the
    middle of a stream, as llama.cpp and vLLM send); `message` is an error's text.
    """

    content: Any = None
    status: int = 200
    retry_after: float | None = None
    hang: float = 0.0
    tool_call: bool = True
    usage: bool = True
    finish_reason: str | None = None
    trickle: float = 0.0
    gap: float = 0.0
    fault: Literal["malformed", "empty", "short", "cut", "error"] | None = None
    message: str | None = None

    @classmethod
    def error(cls, status: int, retry_after: float | None = None, message: str | None = None) -> Reply:
        """An HTTP error reply, e.g. `Reply.error(429, retry_after=0)`."""
        return cls(status=status, retry_after=retry_after, message=message)


def _deref(schema: dict, root: dict) -> dict:
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def example_from_schema(schema: dict, root: dict | None = None) -> Any:
    """A minimal instance that satisfies a JSON schema (the shapes pydantic emits)."""
    root = root or schema
    schema = _deref(schema, root)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        return example_from_schema(next((o for o in options if o.get("type") != "null"), options[0]), root)
    kind = schema.get("type", "object")
    if kind == "object":
        return {name: example_from_schema(sub, root) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [example_from_schema(schema.get("items", {}), root) for _ in range(max(1, schema.get("minItems", 1)))]
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1)
        return int(low) if kind == "integer" else float(low)
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return "example".ljust(schema.get("minLength", 0), "x")


def _texts(messages: list[dict]) -> str:
    return "\n".join(
        m["content"] if isinstance(m.get("content"), str) else json.dumps(m.get("content")) for m in messages
    )


def requested_schema(body: dict) -> tuple[str, dict | None]:
    """The name and JSON schema the request asks the answer to follow."""
    if body.get("tools"):
        function = body["tools"][0]["function"]
        return function["name"], function.get("parameters")
    response_format = body.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        spec = response_format["json_schema"]
        return spec["name"], spec.get("schema")
    found = SCHEMA_BLOCK.search(_texts(body.get("messages", [])))
    schema = json.loads(found.group(1)) if found else None
    return (schema or {}).get("title", ""), schema


def _profile_in(messages: list[dict]):

    found = DATA_BLOCK.search(_texts([m for m in messages if m.get("role") == "user"]))
    try:
        return CompanyProfile.model_validate(json.loads(found.group(1))) if found else None
    except ValueError:
        return None


def default_answer(body: dict) -> dict | str:
    """What a well-behaved model answers to this request (see the module docstring)."""
    name, schema = requested_schema(body)
    profile = _profile_in(body.get("messages", []))
    if name in PLAN_KINDS and profile is not None:
        planner = OfflinePlanner()
        if PLAN_KINDS[name] == "team":
            return planner.team_plan(profile).model_dump(mode="json", include=set(TeamPlanContent.model_fields))
        return planner.skills_plan(profile).model_dump(mode="json", include=set(SkillsPlanContent.model_fields))
    last = next((m.get("content") for m in reversed(body.get("messages", [])) if m.get("role") == "user"), "")
    if schema is None:  # a plain chat turn
        return f"(fake model) You said: {str(last)[:200]}"
    if name == "ProfileDraft":  # reads no more than the chat's rules did: script a reply to test more
        return {"channels": []}
    return example_from_schema(schema)


def _count(text: str) -> int:
    """A cheap token estimate (4 characters a token) for the `usage` field."""
    return max(1, len(text) // 4)


class FakeOpenAIServer:
    """An OpenAI-compatible HTTP server on 127.0.0.1 in a background thread (see module doc).

    Attributes: `base_url`, `api_key` (expected key, None accepts any), `model_name` (the model
    it says answered, like a local server that ignores the request's; None echoes the request's), `dialect`
    (None accepts any token-limit fields; see `DIALECTS`), `latency` (seconds added
    to every chat request, settable), `requests` (recorded request dicts: method, path, headers
    without Authorization, auth_ok, body, time.monotonic() of arrival), `batch_polls` (GETs of
    a batch before it completes), `max_in_flight` (most chat requests handled at once);
    `wait_for_request` blocks until a request of a kind has arrived.
    """

    def __init__(
        self,
        *,
        api_key: str | None = "sk-fake-test-key",
        latency: float = 0.0,
        batch_polls: int = 0,
        model_name: str | None = None,
        dialect: str | None = None,
    ):
        if dialect is not None and dialect not in DIALECTS:
            raise ValueError(f"dialect {dialect!r} is not one of {sorted(DIALECTS)}")
        self.dialect = dialect
        self.api_key = api_key
        self.model_name = model_name
        self.latency = latency
        self.batch_polls = batch_polls
        self.requests: list[dict] = []
        self.max_in_flight = 0
        self._in_flight = 0
        self._replies: list[Reply] = []
        self._files: dict[str, dict] = {}
        self._batches: dict[str, dict] = {}
        self._polls: dict[str, int] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)  # notified on every recorded request
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FakeOpenAIServer:
        """Bind a free port and serve in a daemon thread."""
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        """Wake held requests and shut the server down."""
        self._stopping.set()
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """The URL to give the client, ending in /v1."""
        if self._httpd is None:
            raise RuntimeError("the fake server is not started")
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    # -- scripting ---------------------------------------------------------------------------
    def queue(self, *replies: Reply | dict | str | BaseModel) -> None:
        """Script the next replies, in order; bare content is wrapped in `Reply(content=...)`."""
        with self._lock:
            self._replies.extend(r if isinstance(r, Reply) else Reply(content=r) for r in replies)

    def chat_requests(self) -> list[dict]:
        """Bodies of the chat-completion requests received so far."""
        return [r["body"] for r in self.requests if r["path"].endswith("/chat/completions")]

    def refusal(self, body: dict) -> dict | None:
        """The error body the dialect's server answers a request with (HTTP 400), or None when it accepts it."""
        if self.dialect is None:
            return None
        refused_alone, refused_together, error = DIALECTS[self.dialect]
        sent = {name for name in ("max_tokens", "max_completion_tokens") if name in body}
        if sent & refused_alone or (refused_together and len(sent) == 2):
            return {"error": error}
        return None

    def _next_reply(self) -> Reply:
        with self._lock:
            return self._replies.pop(0) if self._replies else Reply()

    def _next_id(self, prefix: str) -> str:
        with self._lock:
            return f"{prefix}-{next(self._ids)}"

    def _record(self, entry: dict) -> None:
        with self._arrived:
            self.requests.append(entry)
            self._arrived.notify_all()

    def wait_for_request(self, matches: Callable[[dict], bool], timeout: float = 60.0) -> dict:
        """Block until a request that `matches` (a recorded request dict) has arrived, one before the call
        included, and return it; woken by each arrival, never polling. TimeoutError after `timeout` s."""
        with self._arrived:
            found = self._arrived.wait_for(lambda: next((r for r in self.requests if matches(r)), None), timeout)
        if found is None:
            raise TimeoutError(f"no matching request reached the fake server in {timeout:g} s")
        return found

    @contextmanager
    def in_flight(self):
        """Count a chat request as being handled, for `max_in_flight`."""
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            yield
        finally:
            with self._lock:
                self._in_flight -= 1

    # -- chat completions --------------------------------------------------------------------
    def answer(self, body: dict, reply: Reply) -> tuple[int, dict]:
        """Status and JSON body of a non-streamed chat completion (also used by batches)."""
        if reply.status != 200:
            return reply.status, _error_body(reply.status, reply.message)
        text, tool = self._answer_text(body, reply)
        message: dict[str, Any] = {"role": "assistant", "content": None if tool else text}
        if tool:
            message["tool_calls"] = [
                {"id": "call_1", "type": "function", "function": {"name": tool, "arguments": text}}
            ]
        choice = {"index": 0, "message": message, "finish_reason": _finish(reply, tool), "logprobs": None}
        usage = {"usage": _usage(body, text)} if reply.usage else {}
        choices = [] if reply.fault == "empty" else [choice]
        return 200, {**self._envelope(body, "chat.completion"), "choices": choices, **usage}

    def stream_events(self, body: dict, reply: Reply) -> list[dict]:
        """The SSE chunks of a streamed chat completion."""
        text, tool = self._answer_text(body, reply)
        head = self._envelope(body, "chat.completion.chunk")
        pieces = [text[i : i + STREAM_CHUNK_CHARS] for i in range(0, len(text), STREAM_CHUNK_CHARS)] or [""]
        deltas: list[dict[str, Any]]
        if tool:
            first = {
                "role": "assistant",
                "tool_calls": [
                    {"index": 0, "id": "call_1", "type": "function", "function": {"name": tool, "arguments": ""}}
                ],
            }
            deltas = [first] + [{"tool_calls": [{"index": 0, "function": {"arguments": p}}]} for p in pieces]
        else:
            deltas = [{"role": "assistant", "content": ""}] + [{"content": p} for p in pieces]
        events = [{**head, "choices": [{"index": 0, "delta": d, "finish_reason": None}]} for d in deltas]
        if reply.fault == "empty":
            events = []
        elif reply.fault == "error":
            return [*events[:2], {"error": {"message": reply.message or "server error", "type": "server_error"}}]
        elif reply.fault != "cut":
            events.append({**head, "choices": [{"index": 0, "delta": {}, "finish_reason": _finish(reply, tool)}]})
        if reply.usage and reply.fault != "cut" and (body.get("stream_options") or {}).get("include_usage"):
            events.append({**head, "choices": [], "usage": _usage(body, text)})
        return events

    def _answer_text(self, body: dict, reply: Reply) -> tuple[str, str | None]:
        content = default_answer(body) if reply.content is None else reply.content
        if isinstance(content, BaseModel):
            content = content.model_dump(mode="json")
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        tool = body["tools"][0]["function"]["name"] if body.get("tools") and reply.tool_call else None
        return text, tool

    def _envelope(self, body: dict, kind: str) -> dict:
        return {
            "id": self._next_id("chatcmpl"),
            "object": kind,
            "created": int(time.time()),
            "model": self.model_name or body.get("model", "fake-model"),
        }

    # -- batch API ---------------------------------------------------------------------------
    def upload(self, filename: str, purpose: str, data: bytes) -> dict:
        """Store an uploaded file; returns the file object."""
        file: dict[str, Any] = {
            "id": self._next_id("file"),
            "object": "file",
            "bytes": len(data),
            "created_at": int(time.time()),
            "filename": filename,
            "purpose": purpose,
            "status": "processed",
        }
        with self._lock:
            self._files[file["id"]] = {**file, "data": data}
        return file

    def create_batch(self, request: dict) -> dict:
        """Create a batch over an uploaded JSONL file."""
        batch = {
            "id": self._next_id("batch"),
            "object": "batch",
            "endpoint": request["endpoint"],
            "input_file_id": request["input_file_id"],
            "completion_window": request.get("completion_window", "24h"),
            "status": "in_progress",
            "created_at": int(time.time()),
            "metadata": request.get("metadata"),
            "output_file_id": None,
            "error_file_id": None,
            "request_counts": {"total": 0, "completed": 0, "failed": 0},
        }
        with self._lock:
            self._batches[batch["id"]] = batch
            self._polls[batch["id"]] = 0
        created = self.poll_batch(batch["id"], count=False)
        assert created is not None  # stored above
        return created

    def poll_batch(self, batch_id: str, *, count: bool = True) -> dict | None:
        """The batch object; it completes once it was polled `batch_polls` times."""
        with self._lock:
            batch = self._batches.get(batch_id)
            if batch is None:
                return None
            self._polls[batch_id] += count
            due = batch["status"] == "in_progress" and self._polls[batch_id] >= self.batch_polls
        if due:
            self._complete(batch)
        return dict(batch)

    def file_content(self, file_id: str) -> bytes | None:
        """Bytes of a stored file."""
        with self._lock:
            file = self._files.get(file_id)
        return None if file is None else file["data"]

    def _complete(self, batch: dict) -> None:
        data = self.file_content(batch["input_file_id"])
        if data is None:
            raise KeyError(f"batch {batch['id']} names no uploaded file")
        lines = data.decode("utf-8").splitlines()
        outputs, failed = [], 0
        for line in filter(str.strip, lines):
            item = json.loads(line)
            status, body = self.answer(item["body"], self._next_reply())
            failed += status != 200
            outputs.append(
                {
                    "id": self._next_id("batch_req"),
                    "custom_id": item["custom_id"],
                    "error": None,
                    "response": {"status_code": status, "request_id": self._next_id("req"), "body": body},
                }
            )
        data = "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in outputs).encode("utf-8")
        output = self.upload(f"{batch['id']}_output.jsonl", "batch_output", data)
        with self._lock:
            batch.update(
                status="completed",
                completed_at=int(time.time()),
                output_file_id=output["id"],
                request_counts={"total": len(outputs), "completed": len(outputs) - failed, "failed": failed},
            )


def _finish(reply: Reply, tool: str | None) -> str:
    return reply.finish_reason or ("tool_calls" if tool else "stop")


def _usage(body: dict, answer: str) -> dict:
    """Token counts as OpenAI bills them: the messages and the schema or tools sent beside them."""
    beside = (
        json.dumps({k: body[k] for k in ("response_format", "tools") if k in body})
        if "tools" in body or ((body.get("response_format") or {}).get("type") == "json_schema")
        else ""
    )
    prompt, completion = _count(_texts(body.get("messages", [])) + beside), _count(answer)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _content(part: email.message.Message) -> bytes:
    """The bytes of one field of a multipart form."""
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        raise ValueError("a form field holds no bytes")
    return data


def _error_body(status: int, message: str | None = None) -> dict:
    kinds = {
        401: ("invalid_api_key", "Incorrect API key provided."),
        404: ("not_found", "Not found."),
        429: ("rate_limit_exceeded", "Rate limit reached, retry later."),
    }
    code, default = kinds.get(status, ("server_error", "The server had an error processing the request."))
    return {"error": {"message": message or default, "type": code, "param": None, "code": code}}


def _retry_headers(retry_after: float | None) -> dict:
    return (
        {} if retry_after is None else {"Retry-After": f"{retry_after:g}", "retry-after-ms": f"{retry_after * 1000:g}"}
    )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    fake: FakeOpenAIServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # SSE writes many small chunks

    @property
    def fake(self) -> FakeOpenAIServer:
        return self.server.fake

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        self._dispatch(None)

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._dispatch(raw)

    def _dispatch(self, raw: bytes | None) -> None:
        is_json = raw is not None and "json" in (self.headers.get("Content-Type") or "")
        body = json.loads(raw or b"{}") if is_json else None
        auth_ok = self.fake.api_key is None or self.headers.get("Authorization") == f"Bearer {self.fake.api_key}"
        headers = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
        self.fake._record(
            {
                "method": self.command,
                "path": self.path,
                "headers": headers,
                "auth_ok": auth_ok,
                "body": body,
                "time": time.monotonic(),
            }
        )
        if not auth_ok:  # echo the key like careless servers do, so tests prove it never leaks further
            given = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
            return self._json(401, _error_body(401, f"Incorrect API key provided: {given}."))
        try:
            self._route(body, raw)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            self.close_connection = True

    def _route(self, body: dict | None, raw: bytes | None) -> None:
        path = self.path.split("?")[0].removeprefix("/v1")
        if path == "/chat/completions" and body is not None:
            return self._chat(body)
        if path == "/files" and raw is not None:
            return self._json(200, self._upload(raw))
        if path == "/batches" and body is not None:
            return self._json(200, self.fake.create_batch(body))
        found = re.fullmatch(r"/batches/([\w-]+)", path)
        if found and (batch := self.fake.poll_batch(found.group(1))):
            return self._json(200, batch)
        found = re.fullmatch(r"/files/([\w-]+)/content", path)
        if found and (data := self.fake.file_content(found.group(1))) is not None:
            return self._send(200, data, "application/jsonl")
        self._json(404, _error_body(404))

    def _chat(self, body: dict) -> None:
        with self.fake.in_flight():
            self._answer_chat(body)

    def _answer_chat(self, body: dict) -> None:
        refused = self.fake.refusal(body)
        if refused is not None:
            return self._json(400, refused)
        reply = self.fake._next_reply()
        if self.fake._stopping.wait(self.fake.latency + reply.hang):
            return
        if reply.status != 200 or not body.get("stream"):
            status, payload = self.fake.answer(body, reply)
            data = b"{not json" if reply.fault == "malformed" else json.dumps(payload, ensure_ascii=False).encode()
            return self._send(status, data, "application/json", _retry_headers(reply.retry_after), reply=reply)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        events = [json.dumps(event, ensure_ascii=False) for event in self.fake.stream_events(body, reply)]
        if reply.fault == "malformed":
            events.insert(1, "{not json")
        pieces = [f"data: {event}\n\n".encode() for event in events] + (
            [] if reply.fault == "cut" else [b"data: [DONE]\n\n"]
        )
        if reply.fault == "short":  # promise the whole body, send half of it
            self.send_header("Content-Length", str(sum(map(len, pieces))))
            pieces = pieces[: len(pieces) // 2]
        self.end_headers()
        self._write(pieces, reply)
        self.close_connection = True

    def _write(self, pieces: list[bytes], reply: Reply) -> None:
        """Send the body piece by piece (SSE events, `reply.gap` seconds apart), or a byte every `reply.trickle` seconds."""
        if reply.trickle:
            data = b"".join(pieces)
            pieces = [data[i : i + 1] for i in range(len(data))]
        for piece in pieces:
            if (reply.trickle or reply.gap) and self.fake._stopping.wait(reply.trickle or reply.gap):
                return
            self.wfile.write(piece)
            self.wfile.flush()

    def _upload(self, raw: bytes) -> dict:
        message = email.parser.BytesParser().parsebytes(
            b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + raw
        )
        fields = {
            part.get_param("name", header="content-disposition"): part
            for part in message.walk()
            if not part.is_multipart()
        }
        file = fields["file"]
        return self.fake.upload(
            file.get_filename() or "upload.jsonl", _content(fields["purpose"]).decode(), _content(file)
        )

    def _json(self, status: int, payload: dict) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json")

    def _send(
        self, status: int, data: bytes, content_type: str, headers: dict | None = None, reply: Reply | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self._write([data[: len(data) // 2] if reply and reply.fault == "short" else data], reply or Reply())
        if reply and reply.fault == "short":
            self.close_connection = True
