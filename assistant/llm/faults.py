"""What can go wrong when a model is asked, as data: `ConfigError` to fix, or `ModelError` to fall back on.

Settings problems (a rejected key, an unknown model, a server that refuses connections) raise
`ConfigError` naming the setting. Everything else the server or the transport does wrong (a
silent or trickling server, a cut connection, a body that is not JSON, an answer without
choices, a request over the context, a parameter the server does not support, HTTP errors
after the client's retries) becomes a `ModelError` with a code and facts, so the reason can be
told in the plan's language (`reason`). Messages are written here; the one exception is a
rejected request (HTTP 400), whose reason quotes the server's own message, one line, cut short
and with the key redacted, since only the server knows what it refused.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import ConfigError, ModelError
from ..plans import FallbackKind
from ..settings import Settings
from ..terms import Language
from ..words.phrasebook import Phrasebook
from .deadline import Deadline
from .wire import EmptyAnswer, StreamFault, server_message

log = logging.getLogger(__name__)

REASONS = Phrasebook(Path(__file__).with_name("reasons.yaml"))
METHODS = ("json_schema", "function_calling", "json_mode")
MESSAGE_CHARS = 300  # how much of a server's error message a reason quotes
# What in a server's 400 message points at the structured-output mode (then another mode is suggested).
_MODE_WORDS = re.compile(
    r"response_format|json_schema|json_object|tool_choice|\btools?\b|function|structured|grammar|schema", re.I
)
_CONTEXT = re.compile(
    r"(\d+)\s*tokens?\).{0,80}?context[^\d]{0,40}(\d+)|context length is (\d+).{0,80}?(\d+) tokens", re.I | re.S
)


def server_label(settings: Settings) -> str:
    """The server, for messages: scheme, host and path, never credentials or a query."""
    if not settings.base_url:
        return "the OpenAI API"
    parts = urlsplit(settings.base_url)
    return f"{parts.scheme}://{parts.hostname}{f':{parts.port}' if parts.port else ''}{parts.path}"


def _secret(settings: Settings) -> str:
    secret = settings.api_key.get_secret_value() if settings.api_key else ""
    return secret if len(secret) >= 8 else ""


def redact(text: str, settings: Settings) -> str:
    """The text with any copy of the configured API key blanked out (answers, problems, chat replies)."""
    secret = _secret(settings)
    if not secret or secret not in text:
        return text
    log.warning("a model's answer contained the API key; it was redacted")
    return text.replace(secret, "[redacted]")


class StreamRedactor:
    """Redacts a text that arrives in pieces: a key split across two pieces is caught too.

    `feed` returns what is safe to pass on; the last few characters, which may be the start of
    the key, wait for the next piece or for `flush`. Only that held tail and the new piece are
    searched, so a long answer in thousands of pieces costs linear time, not quadratic.
    """

    def __init__(self, settings: Settings):
        self.settings, self.pending = settings, ""
        self.hold = max(0, len(_secret(settings)) - 1)

    def feed(self, piece: str) -> str:
        if not self.hold:  # no key configured: nothing to hide
            return piece
        clean = redact(self.pending + piece, self.settings)
        cut = max(0, len(clean) - self.hold)
        out, self.pending = clean[:cut], clean[cut:]
        return out

    def flush(self) -> str:
        out, self.pending = redact(self.pending, self.settings), ""
        return out


def model_error(code: str, *, raw_output: str | None = None, attempts: int = 0, **facts) -> ModelError:
    """A `ModelError` whose message is the English reason."""
    return ModelError(REASONS(code, "en", **facts), raw_output=raw_output, attempts=attempts, code=code, facts=facts)


def _config_error(code: str, setting: str, **facts) -> ConfigError:
    """A `ConfigError` for a server's refusal, whose message is the English reason."""
    return ConfigError(REASONS(code, "en", **facts), setting=setting, code=code, facts=facts)


_KINDS: dict[str, FallbackKind] = {
    "unreachable": "gone",
    "key_rejected": "gone",
    "no_model": "gone",
    "rejected": "gone",
    "rejected_mode": "gone",
    "broken": "gone",
    "silent": "busy",
    "deadline": "busy",
    "http": "busy",
    "stream_error": "busy",
}


def failure_kind(error: Exception) -> FallbackKind:
    """What a failure means to a user: the model is "gone" (unreachable, refused the settings), "busy"
    (no answer in time, server errors) or answered something "unusable"."""
    code = getattr(error, "code", None) or ""
    return _KINDS.get(code, "gone" if isinstance(error, ConfigError) else "unusable")


def reason(error: ModelError | ConfigError, lang: Language) -> str:
    """Why the model's plan is missing, in the plan's language."""
    code = error.code
    return REASONS(code, lang, **error.facts) if code and code in REASONS else str(error)


def _context_overflow(text: str) -> dict | None:
    found = _CONTEXT.search(text)
    if not found:
        return None
    if found.group(1):
        return {"tokens": int(found.group(1)), "context": int(found.group(2))}
    return {"tokens": int(found.group(4)), "context": int(found.group(3))}


def _status_error(error, settings: Settings) -> Exception:
    where, status = server_label(settings), error.status_code
    if status in (401, 403):
        return _config_error("key_rejected", "OMNITEAM_API_KEY", server=where, status=status)
    if status == 404:
        return _config_error("no_model", "OMNITEAM_MODEL", server=where, model=repr(settings.model))
    if status in (400, 413, 422):
        message = server_message(error)[0]
        overflow = _context_overflow(message)
        if overflow:
            return model_error("context", **overflow)
        quoted = redact(message[:MESSAGE_CHARS] + ("…" if len(message) > MESSAGE_CHARS else ""), settings)
        facts = {"server": where, "status": status, "message": quoted or f"HTTP {status}"}
        if not _MODE_WORDS.search(message):
            return model_error("rejected", **facts)
        method = settings.structured_output
        others = " / ".join(m for m in METHODS if m != method)
        return model_error("rejected_mode", **facts, method=method, others=others)
    return model_error("http", server=where, status=status, retries=settings.max_retries)


def _chain(error: BaseException) -> list[BaseException]:
    """The exception and what caused it (the client's errors wrap httpx's)."""
    found: list[BaseException] = []
    link: BaseException | None = error
    while link is not None and link not in found:
        found.append(link)
        link = link.__cause__ or link.__context__
    return found


def _one(error: BaseException, settings: Settings, deadline: Deadline | None) -> Exception | None:
    import httpx2
    import openai

    where = server_label(settings)
    if isinstance(error, openai.APIStatusError):
        return _status_error(error, settings)
    if isinstance(error, (openai.APITimeoutError, httpx2.TimeoutException)):
        if deadline is not None and deadline.expired():
            return model_error("deadline", seconds=deadline.total)
        return model_error("silent", server=where, seconds=settings.timeout)
    if isinstance(error, httpx2.ConnectError):
        return _config_error("unreachable", "OMNITEAM_BASE_URL", server=where)
    if isinstance(error, (json.JSONDecodeError, openai.APIResponseValidationError)):
        return model_error("malformed", server=where)
    if isinstance(error, httpx2.TransportError):
        return model_error("broken", server=where)
    if isinstance(error, EmptyAnswer):
        return model_error("empty", server=where)
    if isinstance(error, StreamFault):
        return model_error("stream_error", server=where)
    return None


def translate(error: Exception, settings: Settings, deadline: Deadline | None = None) -> Exception | None:
    """The `ConfigError` or `ModelError` for an exception of the client, or None if it is none of theirs."""
    import openai

    causes = _chain(error)
    for cause in causes:
        translated = _one(cause, settings, deadline)
        if translated is not None:
            return translated
    if any(isinstance(cause, openai.APIConnectionError) for cause in causes):
        return model_error("broken", server=server_label(settings))
    return None


@contextmanager
def translated_errors(settings: Settings, deadline: Deadline | None = None) -> Iterator[None]:
    """Turn the client's exceptions into `ConfigError` (fix a setting) or `ModelError` (fall back)."""
    try:
        yield
    except (ConfigError, ModelError):
        raise
    except Exception as error:  # noqa: BLE001 - anything the client, transport or parser raises is sorted here
        translated = translate(error, settings, deadline)
        if translated is None:
            raise
        raise translated from None
