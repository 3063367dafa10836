"""One manager's conversation: the profile gathered so far, the plan, and the chat's turns.

The web UI keeps one `Session` per browser session and hands it to both the chat and the
form, so a fact typed in either shows up in the other and a follow-up refines the same plan.
`Session.chat` is the dialogue: read the message (`assistant.chat.extract`), update the profile,
then ask for what is missing, explain the plan, or (re)plan and stream the planner's text.
A turn works on a draft of the session that becomes the session only when the turn ends, and
the session before each turn is kept (`Saved`): so a turn can be stopped half-way with nothing
half done, and undone, regenerated or edited afterwards (`go_back`). Nothing here knows about Gradio.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, PrivateAttr

from ..errors import ConfigError, ModelError, OmniteamError
from ..knowledge import load_knowledge
from ..llm.faults import failure_kind, reason
from ..planners.base import Planner
from ..planners.scenarios import Comparison, Variant, against_plan
from ..plans import FallbackKind, OperatingModel, PlanBundle, TeamPlan
from ..profile import CompanyProfile, build_profile
from ..sanitize import strip_invisible
from ..terms import Language, PlanKind
from ..words.phrasebook import Phrasebook
from ..words.text import fold
from ..words.vocab import CHANNEL_LABELS, Channel
from ..words.wording import listing, number
from .asking import offer, pick
from .extract import Extraction, extract, fill_from_draft, missing_fields
from .model import ModelTalk, chat_model
from .replies import (
    Reply,
    changes,
    fallback_note,
    hints,
    model_name,
    retrying,
    safe,
    section_answer,
    what_if_reply,
    writing,
)
from .unavailable import Retry, later, planning, stand_in, with_retries

log = logging.getLogger(__name__)

MESSAGE_MAX_CHARS = 2000
KEPT_TURNS = 6  # chat turns the model sees as the conversation's context
MODEL_REST_SECONDS = 60.0  # a model that could not answer is not asked again by the session for this long

_MODEL_STEMS = {
    "centralized": ("central", "scentraliz", "centraliz"),
    "decentralized": ("decentral", "zdecentraliz"),
    "hybrid": ("hybr",),
}


say = Phrasebook(Path(__file__).with_name("chat_texts.yaml"))


class Status(str):
    """A reply that says where the turn is (planning, retrying the model): a page that throttles
    streamed text still shows it at once."""


class Stop(threading.Event):
    """The signal that ends a turn's model run; a copy of the session (the form's draft) shares it."""

    def __deepcopy__(self, memo: dict) -> Stop:
        return self


KEPT_STATES = 20  # chat turns that can be undone, regenerated or edited
STATE = ("data", "kind", "language", "bundle", "expecting", "unclear", "asking", "turns")  # what a turn may change


class Saved(BaseModel):
    """The session as it was before one chat turn, with that turn's message."""

    message: str
    data: dict[str, Any]
    kind: PlanKind
    language: Language | None
    bundle: PlanBundle | None
    expecting: str | None
    unclear: str | None
    asking: tuple[str, dict[str, str]] | None
    turns: list[tuple[str, str]]


class Session(BaseModel):
    """The state one browser session shares between the chat and the form."""

    data: dict[str, Any] = Field(default_factory=dict, description="Profile fields gathered so far.")
    kind: PlanKind = "team"
    language: Language | None = Field(None, description="Language of the plans; None follows the user.")
    bundle: PlanBundle | None = None
    revision: int = Field(0, description="How many plans this session has made; views redraw when it moves.")
    expecting: str | None = Field(None, description="The field the chat asked for last.")
    unclear: str | None = Field(
        None, description="An answer about the challenge the chat could not place, asked about once."
    )
    asking: tuple[str, dict[str, str]] | None = Field(
        None, description="The pointed question about an unsure reading, and its choices (shown → challenge)."
    )
    turns: list[tuple[str, str]] = Field(default_factory=list, description="Recent (user, assistant) chat turns.")
    model_down: tuple[float, str, FallbackKind] | None = Field(
        None, description="When (time.monotonic), why and how the model last could not answer; it rests a while."
    )
    saved: list[Saved] = Field(
        default_factory=list, exclude=True, description="The session before each of its last turns, oldest first."
    )
    turn: int = Field(
        0, description="Turns begun or stopped; a turn's draft becomes the session only if none began since."
    )
    what_if: Comparison | None = Field(
        None, exclude=True, description='The plan beside the variant a "what if …?" named, for the page to show.'
    )
    _stop: Stop | None = PrivateAttr(None)  # set to end the model run of the turn under way

    @property
    def profile(self) -> CompanyProfile:
        """The validated profile, or an `InputError` naming what is wrong."""
        return build_profile({**self.data, "language": self.language})

    def missing(self) -> list[str]:
        """Required fields still unknown."""
        return missing_fields(self.data)

    def apply(self, found: Extraction) -> bool:
        """Merge what a message said into the profile; True when the profile or plan kind changed."""
        before = (dict(self.data), self.kind, self.language)
        self.data.update(found.fields)
        channels = [] if found.only_channels else [Channel(c) for c in self.data.get("channels", [])]
        channels += [c for c in found.add_channels if c not in channels]
        self.data["channels"] = [c.value for c in channels if c not in found.remove_channels]
        if not self.data["channels"]:
            del self.data["channels"]
        # "the skills plan for this team" keeps the team plan beside the new skills plan
        keep_team = found.kind == "skills" and self.bundle is not None and self.bundle.team is not None
        self.kind = "both" if keep_team else (found.kind or self.kind)
        self.language = found.plan_language or self.language or found.language
        return (self.data, self.kind, self.language) != before

    def understood(self, lang: Language, only: set[str] | None = None) -> str:
        """The profile as the chat understood it, one Markdown bullet per known field (or per field in `only`)."""
        shown = []
        for name in ("employees", "industry", "channels", "challenge", "team_size", "team_level", "quarterly_goal"):
            value = self.data.get(name)
            if not value or (only is not None and name not in only):
                continue
            if name == "channels":
                value = ", ".join(CHANNEL_LABELS[Channel(c)][lang] for c in value)
            elif name == "employees":
                value = number(value, lang)
            elif name == "team_level":
                value = load_knowledge().label(f"team_level_{value}", lang)
            shown.append(f"- **{say(name, lang)}**: {safe(value)}")
        return "\n".join([say("understood", lang), *shown]) if shown else ""

    def chat(self, message: str, planner: Planner) -> Iterator[str]:
        """One chat turn: an iterator of the assistant's reply as it grows (the last one a `Reply` when
        it has options). The session before the turn is saved at once; what the turn changes (a new
        plan, the profile) becomes the session's when the iterator ends, unless the turn was `stop`ped
        or another began meanwhile.

        The rules read the message; what they cannot answer (a question with no plan yet, a
        message with nothing to change) goes to the chat model when the planner is an LLM.
        """
        message = strip_invisible(message)
        state = {name: getattr(self, name) for name in STATE}
        self.saved = [*self.saved, Saved.model_construct(message=message, **state)][-KEPT_STATES:]
        self.turn += 1
        self._stop = Stop()
        draft = self.model_copy(update={"data": dict(self.data), "saved": [], "what_if": None})
        draft._stop = self._stop
        return self._answer(draft, message, planner, self.turn)

    def _answer(self, draft: Session, message: str, planner: Planner, turn: int) -> Iterator[str]:
        reply = ""
        for reply in draft._turn(message, planner):
            yield reply
        if self.turn != turn:  # stopped, or overtaken by another turn: nothing of it stays
            return
        if len(message) <= MESSAGE_MAX_CHARS:  # a refused message is not sent back to the model
            draft.turns = [*draft.turns, (message, reply)][-KEPT_TURNS:]
        for name in (*STATE, "revision", "model_down", "what_if"):
            setattr(self, name, getattr(draft, name))

    def stop(self) -> None:
        """Stop the turn under way: it changes nothing, and its planner's stream is ended."""
        self.turn += 1
        if self._stop is not None:
            self._stop.set()

    def go_back(self, turns: int = 1) -> str | None:
        """The session as it was before its last `turns` chat turns (undo, or to regenerate or edit
        one); returns the message of the earliest of them, None when it is no longer saved. A turn
        under way is stopped; the plan view redraws."""
        if not 0 < turns <= len(self.saved):
            return None
        self.stop()
        state, self.saved = self.saved[-turns], self.saved[:-turns]
        for name in STATE:
            setattr(self, name, getattr(state, name))
        self.revision += 1
        return state.message

    def _turn(self, message: str, planner: Planner) -> Iterator[str]:
        lang: Language = self.language or "en"
        if len(message) > MESSAGE_MAX_CHARS:
            yield say("too_long", lang, n=len(message), limit=MESSAGE_MAX_CHARS)
            return
        found = extract(message, expecting=self.expecting)
        lang = found.plan_language or found.language or self.language or "en"
        talk = chat_model(planner)
        read_alone = False  # the model could not read the message: the rules read it alone
        if talk and not (found.reset or found.question or self.resting_model()):
            read_alone = yield from self._read_with_model(talk, found, message, lang)
        if found.reset:  # everything starts over, the plans' language too (the next message sets it)
            self.data, self.bundle, self.expecting, self.kind, self.unclear = {}, None, None, "team", None
            self.asking = None
            self.language = None
            self.revision += 1  # the page clears the plan it shows
            yield say("reset", lang)
            return
        if self.asking and (picked := pick(message, self.asking[1])) is not None:
            self.asking = None
            if not picked:  # "something else": the manager says it in their words
                self.expecting, self.unclear = "challenge", None
                yield say("ask_other", lang)
                return
            found = Extraction(fields={"challenge": picked}, language=found.language)
        team = self.bundle.team if self.bundle else None
        variant = what_if(message, found)
        if team and variant:  # compared in the Scenarios tab; the plan stays as it is
            self.what_if = None if variant.changes_nothing(team) else against_plan(team, variant)
            yield what_if_reply(team, variant, self.what_if, lang)
            return
        if variant or (found.question and not found.changes_profile):  # answered; nothing stored changes
            yield from self._answer_question(message, found.question or message, talk, lang)
            return
        if found.unclear_challenge and not self.data.get("challenge"):
            asked = offer(found.reading, lang) if found.reading else None
            if asked:
                self.asking = asked
                yield self._ask(asked, lang)
                return
            if self.unclear:  # asked once already: take the manager's words as they are
                found.fields["challenge"] = found.unclear_challenge
            else:
                self.unclear = found.unclear_challenge
                yield say("challenge_unclear", lang, text=safe(found.unclear_challenge[:120]))
                return
        known = dict(self.data)
        changed = self.apply(found)
        missing = self.missing()
        note = say("all_channels_read", lang) if found.all_channels else ""
        if "challenge" not in missing:
            self.asking = None
        elif found.reading and (asked := offer(found.reading, lang)):
            self.asking = asked  # asked once the other facts are known
        if missing == ["challenge"] and self.asking:
            self.expecting = "challenge"
            yield self._ask(self.asking, lang, note)
            return
        if missing:
            self.expecting = missing[0]
            ask = say("still_need", lang, facts=self._needed(missing, lang, found.vague_size))
            alone = say("read_by_rules", lang) if read_alone else ""
            text = "\n\n".join(filter(None, [alone, self.understood(lang), note, ask]))
            yield Reply(text, [say("choice_none", lang)]) if missing == ["challenge"] else text
            return
        self.expecting = None
        if not (changed or found.wants_plan or self.bundle is None):
            answer = section_answer(self.bundle, message, lang) or self._known_channels(found, lang)
            yield from [answer] if answer else talk(self, message, lang) if talk else iter([say("nothing", lang)])
            return
        yield from self._replan(planner, lang, {k for k in self.data if self.data[k] != known.get(k)}, note)

    def _needed(self, missing: list[str], lang: Language, vague: str | None = None) -> str:
        """The missing facts as the chat asks for them, a size given in words (`vague`) quoted back."""
        return listing(
            [
                say("need_employees_vague", lang, words=safe(vague))
                if name == "employees" and vague
                else say(f"need_{name}", lang)
                for name in missing
            ],
            lang,
        )

    def _ask(self, asking: tuple[str, dict[str, str]], lang: Language, note: str = "") -> Reply:
        """The pointed question about an unsure reading, after what was understood; its choices numbered
        (to answer "2") and as options (buttons)."""
        question, choices = asking
        numbered = "\n".join(f"{n}. {safe(choice)}" for n, choice in enumerate(choices, 1))
        text = "\n\n".join(filter(None, [self.understood(lang), note, question, numbered, say("ask_choose", lang)]))
        return Reply(text, list(choices))

    def _answer_question(self, message: str, question: str, talk: ModelTalk | None, lang: Language) -> Iterator[str]:
        """A question answered from the plan (a section, a why), else by the chat model; before any
        plan, said so with the facts still needed. Nothing stored changes."""
        answer = (
            (section_answer(self.bundle, message, lang) or explain(self.bundle, question, lang, general=talk is None))
            if self.bundle
            else None
        )
        if answer is not None:
            yield answer
        elif talk:
            yield from talk(self, message, lang)
        elif self.asking:  # the pointed question stands, its choices with it
            question, choices = self.asking
            yield Reply(f"{say('answer_later', lang)} {question}", list(choices))
        elif self.data and self.missing():  # told something already: what is still needed
            yield say("no_plan_ask", lang, facts=self._needed(self.missing(), lang))
        else:
            yield say("no_plan", lang)

    def _known_channels(self, found: Extraction, lang: Language) -> str | None:
        """A channel to add that the profile already has ("add Allegro" with a marketplace), said so."""
        if not found.add_channels or found.only_channels:
            return None
        names = [CHANNEL_LABELS[c][lang] for c in found.add_channels]
        return say("already_channels", lang, channels=listing(names, lang))

    def _read_with_model(
        self, talk: ModelTalk, found: Extraction, message: str, lang: Language
    ) -> Generator[Status, None, bool]:
        """Let the model read the required facts the rules missed in this message (the rules' reading wins);
        the client's retries show while they happen. Returns True when the model could not answer at all,
        so the rules' reading stands alone."""
        known = {**self.data, **found.fields, **({"channels": ["?"]} if found.add_channels else {})}
        gaps = missing_fields(known)
        if not gaps:
            return False
        try:
            for item in with_retries(later(talk.read, self, message, lang)):
                if isinstance(item, Retry):
                    yield Status(retrying(item, lang))
                else:
                    fill_from_draft(item, found, gaps, message)
        except OmniteamError as error:
            log.warning("the model could not read the message (%s); the rules' reading stands", error)
            return self.model_failed_with(error, lang)
        return False

    def adopt(self, bundle: PlanBundle) -> None:
        """Make `bundle` the session's plan, as a new revision."""
        self.bundle, self.revision = bundle, self.revision + 1

    def resting_model(self) -> tuple[str, FallbackKind] | None:
        """Why and how the model failed, if it could not answer in the last `MODEL_REST_SECONDS`; else None."""
        if self.model_down and time.monotonic() - self.model_down[0] < MODEL_REST_SECONDS:
            return self.model_down[1:]
        return None

    def model_failed(self, reason: str, kind: FallbackKind | None) -> bool:
        """Note a failure; when the model could not answer at all (gone, busy), it rests a while. True then."""
        if kind in ("gone", "busy"):
            self.model_down = (time.monotonic(), reason, kind)
            return True
        return False

    def model_failed_with(self, error: OmniteamError, lang: Language) -> bool:
        """`model_failed` for an error of the model's client, its reason told in `lang`."""

        told = reason(error, lang) if isinstance(error, (ModelError, ConfigError)) else str(error)
        return self.model_failed(told, failure_kind(error))

    def planning(
        self, planner: Planner, stream: bool = True, stop: threading.Event | None = None
    ) -> Iterator[str | Retry | PlanBundle]:
        """`unavailable.planning` for the session's profile (ended early once `stop` is set). A model
        that could not answer a moment ago is not asked again: the offline plan stands in at once,
        labelled as such, so a dead server costs the manager its retries once, not on every message."""
        resting = self.resting_model()
        if resting:
            reason, failed = resting
            again = say("not_asked_again", self.profile.language, seconds=MODEL_REST_SECONDS)
            yield stand_in(planner, self.profile, self.kind, f"{reason} {again}", failed)
            return
        for item in planning(planner, self.profile, self.kind, stream, stop):
            if isinstance(item, PlanBundle):
                for p in item.plans:
                    self.model_failed(p.provenance.fallback_reason or "", p.provenance.fallback_kind)
            yield item

    def _replan(self, planner: Planner, lang: Language, noted: set[str], note: str = "") -> Iterator[str]:
        """Plan again and stream the model's progress (its text, its retries); a model that cannot
        answer gives way to the offline plan, said in one plain sentence. A follow-up repeats only
        the facts it `noted` and says what changed in the plan; `note` says how a message was read."""
        before = self.bundle
        facts = "\n\n".join(filter(None, [self.understood(lang, noted if before else None), note]))
        head = "\n\n".join(filter(None, [facts, f"**{say('planning', lang)}…**"]))
        yield Status(head)
        streamed = shown = ""
        made = None
        try:
            for item in self.planning(planner, stop=self._stop):
                if isinstance(item, PlanBundle):
                    self.adopt(made := item)
                elif isinstance(item, Retry):
                    yield Status(f"{head} {retrying(item, lang)}")
                elif (progress := writing(streamed := streamed + item, self.kind, lang)) != shown:
                    shown = progress
                    yield f"{head} {progress}"
        except OmniteamError as error:
            yield "\n\n".join(filter(None, [facts, say("failed", lang, error=safe(error))]))
            return
        if made is None:  # stopped: the planner's stream ended before its bundle
            return
        reply = plan_reply(made, lang, before, self.revision)
        yield Reply("\n\n".join(filter(None, [facts, reply])), reply.options)


def plan_reply(bundle: PlanBundle, lang: Language, before: PlanBundle | None = None, turn: int = 0) -> Reply:
    """The chat's short answer once a plan is ready: whether the model made it, what was made (or,
    after a follow-up, what changed since `before`), with follow-ups to ask next as its options. A
    plan redone in another language is said again in that language, not compared with the old one
    (every role's name changed, none of the roles did)."""
    lines = [fallback_note(bundle, lang)]
    if before is not None and before.plans[0].language == bundle.plans[0].language:
        lines.append(changes(before, bundle, lang))
    else:
        kind = "both" if bundle.team and bundle.skills else ("team" if bundle.team else "skills")
        lines.append(say("ready" if before is None else "ready_in_language", lang, kind=say(f"kind_{kind}", lang)))
        if bundle.team:
            team = bundle.team
            lines.append(
                say(
                    "model_line",
                    lang,
                    model=model_name(team.operating_model.model.value, lang),
                    roles=len(team.roles),
                    fte=round(sum(r.fte for r in team.roles), 2),
                )
            )
        lines += [safe(plan.summary) for plan in bundle.plans]
    return Reply("\n\n".join(filter(None, lines)), hints(bundle, lang, turn))


def _words(text: str) -> set[str]:
    return {w[:6] for w in fold(text).replace("-", " ").split() if len(w) > 3}


def explain(bundle: PlanBundle, question: str, lang: Language, general: bool = True) -> str | None:
    """Answer 'why …?' from the plan itself: the operating model's reasons, a role's why, or the
    rationale entries the question names. When it names none: the whole rationale, or None if
    not `general` (the chat then asks the model, when there is one)."""
    team: TeamPlan | None = bundle.team
    asked = fold(question)
    named = [m for m, stems in _MODEL_STEMS.items() if any(s in asked for s in stems)]
    if team and (named or "model" in asked):
        om = team.operating_model
        chosen = om.model.value
        lines = [
            say("why_model", lang, model=model_name(chosen, lang)),
            *(f"- {safe(r)}" for r in om.reasons),
            f"- **{say('decision_rights', lang)}**: {safe(om.decision_rights)}",
        ]
        others = [model_name(m, lang) for m in named if m != chosen]
        if others:
            lines.append(say("other_model", lang, other=", ".join(others)))
        return "\n".join(lines)
    words = _words(question)
    roles = sorted(team.roles if team else [], key=lambda r: len(words & _words(r.title)), reverse=True)
    if roles and words & _words(roles[0].title):
        role = roles[0]
        return (
            say(
                "about_role",
                lang,
                title=safe(role.title),
                fte=role.fte,
                boss=safe(role.reports_to),
                mission=safe(role.mission),
            )
            + f"\n\n**{say('why_label', lang)}**: {safe(role.why)}"
        )
    decisions = [d for plan in bundle.plans for d in plan.rationale]
    relevant = [d for d in decisions if words & _words(f"{d.topic} {d.decision} {d.because}")]
    if not (relevant or general):
        return None
    return "\n".join(
        [
            say("rationale", lang),
            *(f"- **{safe(d.decision)}** — {safe(d.because)}" for d in (relevant or decisions)[:6]),
        ]
    )


_WHAT_IF = re.compile(
    r"\b(?:what if|what would|what about if|suppose|imagine|if we (?:were|had)|co jesli|co jezeli|co gdyby|a gdyby|"
    r"gdyby|a jakby|jakby|a jesli|a jezeli)\b"
)


def what_if(message: str, found: Extraction) -> Variant | None:
    """The variant a "what if …?" names (an operating model, a head count, or both); None for any other message."""
    text = fold(message)
    if not _WHAT_IF.search(text):
        return None
    models = [m for m, stems in _MODEL_STEMS.items() if any(s in text for s in stems)]
    employees = found.fields.get("employees")
    if not (models or employees):
        return None
    return Variant(employees, OperatingModel(models[-1]) if models else None)


def prepare(planner: Planner) -> None:
    """Load now what a server's first chat turns would load while managers wait: the chat model's
    clients and the reader's patterns (read once on a sample message)."""
    chat_model(planner)
    extract(_SAMPLE)


_SAMPLE = "Jesteśmy siecią sklepów, 300 osób, sklepy i e-commerce; departments work in silos and share no data."
