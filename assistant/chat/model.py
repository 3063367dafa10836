"""The chat's model client: free-text answers and profile readings from the planner's model.

A planner that has a model offers it (`Planner.chat_model`, None offline); `chat_model(planner)`
wraps it once per planner in a `ModelTalk`, which answers what the rules cannot (a question
with no plan yet, a message with nothing to change) with the chat prompt, and reads profile
facts with the extract prompt. Every request takes the chain's steps (bounded, validated,
repaired once, redacted).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, Protocol

from ..errors import ModelError, OmniteamError
from ..llm.chain import PlanChain, request_for
from ..llm.draft import ProfileDraft
from ..llm.faults import reason
from ..llm.pricing import cost_usd, is_priced
from ..llm.prompts import as_data, load_prompt
from ..planners.base import Planner
from ..plans import FallbackKind, PlanBundle
from ..terms import Language
from .replies import cannot_answer, safe, say

log = logging.getLogger(__name__)


class Conversation(Protocol):
    """What the model client needs of a chat session: its facts, plan and turns, and where to note a failure."""

    data: dict[str, Any]
    bundle: PlanBundle | None
    turns: list[tuple[str, str]]

    def resting_model(self) -> tuple[str, FallbackKind] | None: ...

    def model_failed_with(self, error: OmniteamError, lang: Language) -> bool: ...


def chat_model(planner: Planner) -> ModelTalk | None:
    """Free-text answers from the planner's model, when it offers one (`Planner.chat_model`); None offline. Made once
    per planner: many sessions starting at once wait for the first one instead of each building
    its own HTTP clients."""
    with _CHAT_MODELS_LOCK:
        return _chat_model(planner)


@lru_cache(maxsize=16)
def _chat_model(planner: Planner) -> ModelTalk | None:
    chain = planner.chat_model()
    return None if chain is None else ModelTalk(chain)


_CHAT_MODELS_LOCK = threading.Lock()


class ModelTalk:
    """The chat model answering in free text with the chat prompt (prompts/chat), streamed.

    It sees the prompt, what the session knows (profile facts and the plan's summary, as data),
    the last few turns and the message, and answers in the user's language.
    """

    def __init__(self, chain: PlanChain):
        self.settings = chain.settings
        self.chain = chain

    def messages(self, session: Conversation, message: str, lang: Language) -> list:
        """The conversation the model is given."""
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        known = {"profile": session.data, "plan": [p.summary for p in session.bundle.plans] if session.bundle else None}
        context = SystemMessage(f"{say('context', lang)}\n<session>{as_data(known)}</session>")
        history = [m for user, bot in session.turns for m in (HumanMessage(user), AIMessage(bot))]
        return [*load_prompt("chat", "v1", lang).render(), context, *history, HumanMessage(message)]

    def read(self, session: Conversation, message: str, lang: Language) -> ProfileDraft:
        """The profile facts the model reads in a message (prompts/extract); an `OmniteamError` when it
        cannot answer. The request takes the chain's steps (bounded, validated, repaired once, redacted)."""
        prompt = load_prompt("extract", "v1", lang)
        messages = prompt.render(message=message, known=session.data)
        draft = self.chain.invoke(request_for("extract", prompt, messages, self.settings)).content
        assert isinstance(draft, ProfileDraft)  # the extract prompt's output model
        return draft

    def __call__(self, session: Conversation, message: str, lang: Language) -> Iterator[str]:
        if session.resting_model():
            yield cannot_answer(lang)
            return
        text, done = "", None
        try:
            for item in self.chain.talk(self.messages(session, message, lang)):
                if isinstance(item, str):
                    text = item
                    yield safe(text)
                else:
                    done = item
        except OmniteamError as error:  # the reason goes to the log; the chat says it plainly
            log.warning(
                "the chat model could not answer (%s)", reason(error, lang) if isinstance(error, ModelError) else error
            )
            session.model_failed_with(error, lang)
            yield cannot_answer(lang)
            return
        assert done is not None  # talk() ends with its ChainResult
        shown = f"{safe(text)}{' …' if done.finish == 'length' else ''}"  # a cut answer says so
        if not (done.prompt_tokens or done.completion_tokens):
            if done.finish == "length":
                yield shown
            return
        model = done.model or self.settings.model
        cost = cost_usd(model, done.prompt_tokens, done.completion_tokens, self.settings.price_file)
        usage = say(
            "usage" if is_priced(model, self.settings.price_file) else "usage_unpriced",
            lang,
            model=safe(model),
            tokens=done.prompt_tokens + done.completion_tokens,
            cost=cost,
        )
        yield f"{shown}\n\n*{usage}*"
