"""The store: plans and their versions, conversations, share links and feedback, in one database.

`open_store(settings)` connects to OMNITEAM_DATABASE_URL (migrating it) and returns a `Store`.
Each method runs one short transaction and returns plain records, never ORM objects, so any
thread may call it (the page's sessions, a batch's rows). Plans come back as the same validated
`PlanBundle` they were saved as. Writes go through `retrying`, so a locked SQLite file is waited
for, not reported.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import InputError
from ..plans import PlanBundle, SkillsPlan, TeamPlan
from ..profile import CompanyProfile
from ..settings import Settings
from ..words.text import fold
from ..words.wording import count
from .diff import PlanDiff, diff_bundles
from .engine import connect, default_url, retrying, writer
from .models import (
    Company,
    Conversation,
    Feedback,
    Message,
    PageAddress,
    Plan,
    PlanVersion,
    Profile,
    ShareLink,
    now,
)

T = TypeVar("T")
COMMENT_MAX_CHARS = 2000
_REF = re.compile(r"\s*(\d{1,12})(?:@(\d{1,6}))?\s*")


@dataclass(frozen=True)
class VersionRef:
    """One version of one plan, written `12@2` (plan 12, version 2)."""

    plan_id: int
    number: int

    def __str__(self) -> str:
        return f"{self.plan_id}@{self.number}"


def parse_ref(text: str) -> tuple[int, int | None]:
    """`"12"` → (12, None) (the newest version), `"12@2"` → (12, 2); an `InputError` otherwise."""
    found = _REF.fullmatch(str(text))
    if not found:
        raise InputError(f"{text!r} is not a plan id: give a number such as 12, or 12@2 for its version 2", field="id")
    return int(found[1]), int(found[2]) if found[2] else None


@dataclass(frozen=True)
class PlanSummary:
    """A saved plan as a list shows it."""

    id: int
    title: str
    company: str | None
    kind: str
    language: str
    source: str
    created_at: datetime
    updated_at: datetime
    versions: int


@dataclass(frozen=True)
class VersionInfo:
    """One version's provenance and what changed since the version before."""

    plan_id: int
    number: int
    created_at: datetime
    cause: str
    changes: PlanDiff
    planner: str
    model: str | None
    prompt_version: str | None
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    fallback: bool

    @property
    def ref(self) -> VersionRef:
        return VersionRef(self.plan_id, self.number)


@dataclass(frozen=True)
class Link:
    """A share link of one plan version."""

    token: str
    plan_id: int
    number: int
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    def active(self, at: datetime | None = None) -> bool:
        """True while the link is neither revoked nor expired."""
        return self.revoked_at is None and (self.expires_at is None or (at or now()) < self.expires_at)


@dataclass(frozen=True)
class FeedbackRow:
    """One piece of feedback with what it was about, as the CSV export lists it."""

    created_at: datetime
    plan_id: int | None
    version: int | None
    company: str | None
    target: str  # plan or answer
    rating: int
    comment: str
    answer: str
    planner: str | None
    model: str | None
    prompt_version: str | None


@dataclass(frozen=True)
class StoredMessage:
    id: int
    role: str
    content: str


@dataclass(frozen=True)
class ConversationRecord:
    """A conversation as the page reopens it: its state, its messages in order, its newest plan."""

    token: str
    state: dict[str, Any]
    messages: list[StoredMessage] = field(default_factory=list)
    plan: VersionRef | None = None


def open_store(settings: Settings | None = None, url: str | None = None) -> Store:
    """The store at `url`, else the settings' `database_url`, else the default SQLite file; migrated."""
    from ..settings import get_settings

    settings = settings or get_settings()
    secret = settings.api_key.get_secret_value() if settings.api_key else None
    return Store(connect(url or settings.database_url or default_url()), secret=secret)


class Store:
    """Plans, versions, conversations, share links and feedback on one engine."""

    def __init__(self, engine: Engine, secret: str | None = None):
        self.engine = engine
        self._secret = secret if secret and len(secret) >= 8 else None
        self._reads = sessionmaker(engine, expire_on_commit=False)
        self._writes = sessionmaker(writer(engine), expire_on_commit=False)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def _write(self, work: Callable[[Session], T]) -> T:
        def attempt() -> T:
            with self._writes.begin() as session:
                return work(session)

        return retrying(attempt)

    def _scrub(self, text: str) -> str:
        """The text with the configured API key blanked out: a key is never stored, wherever it came from."""
        return text.replace(self._secret, "[redacted]") if self._secret and self._secret in text else text

    # -- plans and versions --------------------------------------------------------------------
    def save(
        self,
        bundle: PlanBundle,
        *,
        source: str = "cli",
        conversation: str | None = None,
        batch_key: str | None = None,
        cause: str = "",
    ) -> VersionRef:
        """Save `bundle` as a new plan (version 1). A `batch_key` saved before is not saved again:
        its plan's newest version is returned, so a resumed or repeated batch adds no duplicate."""

        def work(session: Session) -> VersionRef:
            if batch_key and (found := _newest(session, batch_key)):
                return found
            conversation_id = _conversation(session, conversation).id if conversation else None
            plan = Plan(
                company_id=_company(session, _main(bundle).profile).id,
                conversation_id=conversation_id,
                source=source,
                batch_key=batch_key,
            )
            _describe(plan, bundle)
            session.add(plan)
            session.flush()
            return self._add_version(session, plan, bundle, cause, None)

        try:
            return self._write(work)
        except IntegrityError:
            if not batch_key:
                raise
            with self._reads() as session:  # a concurrent save of the same row came first
                found = _newest(session, batch_key)
            if found is None:
                raise
            return found

    def save_for_company(self, bundle: PlanBundle, *, source: str = "cli", cause: str = "") -> VersionRef:
        """Save `bundle` as the next version of the plan of the same kind that `source` last saved for
        the same company (by its name), else as a new plan: planning a company again (`omniteam plan
        --store` twice) makes a version to compare, not a second plan. No name, no match."""
        main = _main(bundle)
        key = fold(main.profile.company)[:200] if main.profile.company else None
        with self._reads() as session:
            plan_id = key and session.scalar(
                select(Plan.id)
                .join(Company, Company.id == Plan.company_id)
                .where(Company.key == key, Plan.source == source, Plan.kind == _kind(bundle))
                .order_by(Plan.updated_at.desc(), Plan.id.desc())
                .limit(1)
            )
        if plan_id:
            return self.add_version(plan_id, bundle, cause)
        return self.save(bundle, source=source, cause=cause)

    def add_version(
        self, plan_id: int, bundle: PlanBundle, cause: str = "", conversation: str | None = None
    ) -> VersionRef:
        """Save `bundle` as the plan's next version, with what changed since its newest one; a plan
        without a conversation is tied to `conversation` (a batch plan reopened in the page)."""

        def work(session: Session) -> VersionRef:
            plan = _plan(session, plan_id, lock=True)  # two tabs adding a version at once: one after the other
            if conversation and plan.conversation_id is None:
                plan.conversation_id = _conversation(session, conversation).id
            newest = session.scalars(
                select(PlanVersion).where(PlanVersion.plan_id == plan_id).order_by(PlanVersion.number.desc()).limit(1)
            ).one()
            _describe(plan, bundle)
            plan.updated_at = now()
            return self._add_version(session, plan, bundle, cause, newest)

        return self._write(work)

    def _add_version(
        self, session: Session, plan: Plan, bundle: PlanBundle, cause: str, before: PlanVersion | None
    ) -> VersionRef:
        main = _main(bundle)
        profile = Profile(company_id=plan.company_id, data=self._scrub(main.profile.model_dump_json()))
        session.add(profile)
        session.flush()
        changes = diff_bundles(PlanBundle.model_validate_json(before.bundle), bundle) if before else PlanDiff()
        made = [p.provenance for p in bundle.plans]
        number = before.number + 1 if before else 1
        session.add(
            PlanVersion(
                plan_id=plan.id,
                number=number,
                profile_id=profile.id,
                bundle=self._scrub(bundle.model_dump_json()),
                cause=self._scrub(cause)[:300],
                changes=changes.model_dump_json(),
                planner=main.provenance.planner,
                model=next((p.model for p in made if p.model), None),
                prompt_version=", ".join(dict.fromkeys(p.prompt_version for p in made if p.prompt_version)) or None,
                prompt_tokens=sum(p.prompt_tokens for p in made),
                completion_tokens=sum(p.completion_tokens for p in made),
                cost_usd=sum(p.cost_usd for p in made),
                fallback=any(p.fallback for p in made),
            )
        )
        session.flush()
        return VersionRef(plan.id, number)

    def load(self, plan_id: int, number: int | None = None) -> PlanBundle:
        """The plan's version `number` (its newest when None), as the validated `PlanBundle`."""
        with self._reads() as session:
            text = session.scalar(_version_query(PlanVersion.bundle, plan_id, number))
            if text is None:
                raise _no_version(session, plan_id, number)
        return PlanBundle.model_validate_json(text)

    def plan(self, plan_id: int) -> PlanSummary:
        """One plan's summary; an `InputError` for an unknown id."""
        found = self.plans(plan_id=plan_id)
        if not found:
            raise InputError(f"no plan {plan_id} in the store", field="id")
        return found[0]

    def plans(
        self,
        search: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int = 100,
        *,
        plan_id: int | None = None,
    ) -> list[PlanSummary]:
        """Saved plans, newest first: those whose company name or industry holds `search` (any case,
        with or without Polish letters), made on or after `since` and on or before `until`."""
        count = select(func.count(PlanVersion.id)).where(PlanVersion.plan_id == Plan.id).scalar_subquery()
        query = select(Plan, Company.name, count).join(Company, Company.id == Plan.company_id)
        if plan_id is not None:
            query = query.where(Plan.id == plan_id)
        if search and search.strip():
            query = query.where(Plan.search.contains(fold(search), autoescape=True))
        if since:
            query = query.where(Plan.created_at >= _midnight(since))
        if until:
            query = query.where(Plan.created_at < _midnight(until + timedelta(days=1)))
        with self._reads() as session:
            rows: list[Any] = list(session.execute(query.order_by(Plan.updated_at.desc(), Plan.id.desc()).limit(limit)))
        return [
            PlanSummary(p.id, p.title, name, p.kind, p.language, p.source, p.created_at, p.updated_at, n)
            for p, name, n in rows
        ]

    def versions(self, plan_id: int) -> list[VersionInfo]:
        """Every version of the plan, oldest first, with what changed at each."""
        columns = [c for c in PlanVersion.__table__.c if c.name not in ("bundle", "id", "profile_id")]
        with self._reads() as session:
            rows = session.execute(
                select(*columns).where(PlanVersion.plan_id == plan_id).order_by(PlanVersion.number)
            ).all()
        if not rows:
            raise InputError(f"no plan {plan_id} in the store", field="id")
        return [_version_info(row._mapping) for row in rows]

    def delete(self, plan_id: int) -> None:
        """Delete the plan and everything of it: versions, profiles, share links, feedback, and its
        conversation with its messages (unless another plan came from it), and its company once it
        has no plan left."""

        def work(session: Session) -> None:
            plan = _plan(session, plan_id)
            versions = select(PlanVersion.id).where(PlanVersion.plan_id == plan_id)
            profiles = list(session.scalars(select(PlanVersion.profile_id).where(PlanVersion.plan_id == plan_id)))
            session.execute(delete(Feedback).where(Feedback.version_id.in_(versions)))
            session.execute(delete(ShareLink).where(ShareLink.version_id.in_(versions)))
            session.execute(delete(PlanVersion).where(PlanVersion.plan_id == plan_id))
            session.execute(delete(Profile).where(Profile.id.in_(profiles)))
            session.execute(delete(Plan).where(Plan.id == plan_id))
            if plan.conversation_id and not session.scalar(
                select(Plan.id).where(Plan.conversation_id == plan.conversation_id).limit(1)
            ):
                _delete_conversation(session, plan.conversation_id)
            if not session.scalar(select(Plan.id).where(Plan.company_id == plan.company_id).limit(1)):
                session.execute(delete(Profile).where(Profile.company_id == plan.company_id))
                session.execute(delete(Company).where(Company.id == plan.company_id))

        self._write(work)

    # -- share links -----------------------------------------------------------------------------
    def share(self, plan_id: int, number: int | None = None, expires: timedelta | None = None) -> Link:
        """A new share link of the plan's version `number` (its newest when None), expiring after `expires`."""

        def work(session: Session) -> Link:
            found = session.execute(_version_query(PlanVersion, plan_id, number)).scalar()
            if found is None:
                raise _no_version(session, plan_id, number)
            link = ShareLink(
                token=secrets.token_urlsafe(24),
                version_id=found.id,
                created_at=now(),
                expires_at=now() + expires if expires else None,
            )
            session.add(link)
            session.flush()
            return Link(link.token, plan_id, found.number, link.created_at, link.expires_at, None)

        return self._write(work)

    def revoke(self, token: str) -> Link:
        """Revoke a share link: from now on it shows nothing. An `InputError` for an unknown token."""

        def work(session: Session) -> Link:
            session.execute(
                update(ShareLink)
                .where(ShareLink.token == token, ShareLink.revoked_at.is_(None))
                .values(revoked_at=now())
            )
            found = _links(session, ShareLink.token == token)
            if not found:
                raise InputError("no such share link (check the token)", field="token")
            return found[0]

        return self._write(work)

    def serve_at(self, url: str) -> None:
        """Remember that the page is served at `url` (by `omniteam ui`, once it listens)."""

        def work(session: Session) -> None:
            session.merge(PageAddress(id=1, url=url[:300], started_at=now()))

        self._write(work)

    def page_url(self) -> str | None:
        """Where the page was last served (`serve_at`), if it ever was from this store."""
        with self._reads() as session:
            return session.scalar(select(PageAddress.url).where(PageAddress.id == 1))

    def links(self, plan_id: int) -> list[Link]:
        """The plan's share links, newest first."""
        with self._reads() as session:
            return _links(session, PlanVersion.plan_id == plan_id)

    def shared(self, token: str, at: datetime | None = None) -> tuple[PlanBundle, VersionInfo] | None:
        """The plan version behind an active link, or None for a revoked, expired or unknown token."""
        columns = [c for c in PlanVersion.__table__.c if c.name not in ("id", "profile_id")]
        query = (
            select(ShareLink, *columns)
            .join(PlanVersion, PlanVersion.id == ShareLink.version_id)
            .where(ShareLink.token == str(token)[:64])
        )
        with self._reads() as session:
            row = session.execute(query).first()
        if row is None:
            return None
        link, values = row[0], dict(row._mapping)
        if not Link(link.token, 0, 0, link.created_at, link.expires_at, link.revoked_at).active(at):
            return None
        return PlanBundle.model_validate_json(values.pop("bundle")), _version_info(values)

    # -- feedback --------------------------------------------------------------------------------
    def add_feedback(
        self,
        rating: int,
        comment: str = "",
        *,
        plan_id: int | None = None,
        number: int | None = None,
        message_id: int | None = None,
    ) -> None:
        """Thumbs up (+1) or down (-1) with a comment, on a plan version (its newest when `number`
        is None) and/or on one chat answer (`message_id`)."""
        if rating not in (1, -1):
            raise InputError(f"a rating is 1 (thumbs up) or -1 (thumbs down), not {rating!r}", field="rating")

        def work(session: Session) -> None:
            version_id = None
            if plan_id is not None:
                version_id = session.scalar(_version_query(PlanVersion.id, plan_id, number))
                if version_id is None:
                    raise InputError(f"no plan {plan_id} in the store", field="id")
            if message_id is not None and session.get(Message, message_id) is None:
                raise InputError(f"no chat message {message_id} in the store", field="message")
            if version_id is None and message_id is None:
                raise InputError("feedback needs a plan or a chat answer", field="id")
            session.add(
                Feedback(
                    version_id=version_id,
                    message_id=message_id,
                    rating=rating,
                    comment=self._scrub(comment.strip())[:COMMENT_MAX_CHARS],
                )
            )

        self._write(work)

    def feedback(self) -> list[FeedbackRow]:
        """Every piece of feedback, oldest first, with the plan version and the answer it is about."""
        query = (
            select(Feedback, PlanVersion, Plan.title, Company.name, Message.content)
            .outerjoin(PlanVersion, PlanVersion.id == Feedback.version_id)
            .outerjoin(Plan, Plan.id == PlanVersion.plan_id)
            .outerjoin(Company, Company.id == Plan.company_id)
            .outerjoin(Message, Message.id == Feedback.message_id)
            .order_by(Feedback.created_at, Feedback.id)
        )
        with self._reads() as session:
            rows = session.execute(query).all()
        return [
            FeedbackRow(
                created_at=f.created_at,
                plan_id=v.plan_id if v else None,
                version=v.number if v else None,
                company=name or title,
                target="answer" if f.message_id else "plan",
                rating=f.rating,
                comment=f.comment,
                answer=answer or "",
                planner=v.planner if v else None,
                model=v.model if v else None,
                prompt_version=v.prompt_version if v else None,
            )
            for f, v, title, name, answer in rows
        ]

    # -- conversations ---------------------------------------------------------------------------
    def conversation(self, token: str | None) -> ConversationRecord | None:
        """The conversation the browser's token names, or None for no or an unknown token."""
        if not token:
            return None
        with self._reads() as session:
            found = session.scalar(select(Conversation).where(Conversation.token == str(token)[:64]))
            if found is None:
                return None
            messages = session.scalars(
                select(Message).where(Message.conversation_id == found.id).order_by(Message.position)
            ).all()
            plan_id = session.scalar(
                select(Plan.id).where(Plan.conversation_id == found.id).order_by(Plan.id.desc()).limit(1)
            )
            number = session.scalar(_version_query(PlanVersion.number, plan_id, None)) if plan_id else None
        return ConversationRecord(
            found.token,
            json.loads(found.state),
            [StoredMessage(m.id, m.role, m.content) for m in messages],
            VersionRef(plan_id, number) if plan_id and number else None,
        )

    def conversation_of(self, plan_id: int) -> str | None:
        """The token of the conversation the plan came from, if any."""
        with self._reads() as session:
            return session.scalar(
                select(Conversation.token).join(Plan, Plan.conversation_id == Conversation.id).where(Plan.id == plan_id)
            )

    def record_turn(
        self, token: str | None, messages: list[tuple[str, str]], state: dict[str, Any]
    ) -> tuple[str, list[int]]:
        """Append `messages` ((role, content), in order) to the conversation `token` and keep the
        page's `state`; a new conversation when the token is None or unknown. Returns its token and
        the new messages' ids."""

        def work(session: Session) -> tuple[str, list[int]]:
            conversation = _conversation(session, token)
            conversation.state = self._scrub(json.dumps(state, ensure_ascii=False, default=str))
            conversation.updated_at = now()
            start = session.scalar(select(func.max(Message.position)).where(Message.conversation_id == conversation.id))
            start = start or 0
            added = [
                Message(conversation_id=conversation.id, position=start + n, role=role, content=self._scrub(content))
                for n, (role, content) in enumerate(messages, 1)
            ]
            session.add_all(added)
            session.flush()
            return conversation.token, [m.id for m in added]

        return self._write(work)

    def forget_conversation(self, token: str) -> None:
        """Delete a conversation and its messages; its plans stay, no longer tied to it."""

        def work(session: Session) -> None:
            found = session.scalar(select(Conversation.id).where(Conversation.token == token))
            if found is not None:
                session.execute(update(Plan).where(Plan.conversation_id == found).values(conversation_id=None))
                _delete_conversation(session, found)

        self._write(work)


def _main(bundle: PlanBundle) -> TeamPlan | SkillsPlan:
    plans = bundle.plans
    if not plans:
        raise InputError("an empty plan bundle cannot be saved", field="bundle")
    return plans[0]


def _describe(plan: Plan, bundle: PlanBundle) -> None:
    """The plan's title, search text, kind and language from its newest bundle: a title such as
    `Acme · fashion retail · 300 people` (the name only when the profile has one), in the plan's language."""
    main = _main(bundle)
    profile = main.profile
    people = count(profile.employees, "person", main.language)
    plan.title = " · ".join(filter(None, [profile.company, profile.industry, people]))[:300]
    plan.search = fold(" ".join(filter(None, [profile.company, profile.industry])))[:500]
    plan.kind = _kind(bundle)
    plan.language = main.language


def _kind(bundle: PlanBundle) -> str:
    """team, skills or both."""
    return "both" if bundle.team and bundle.skills else _main(bundle).kind


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time()).astimezone()


def _plan(session: Session, plan_id: int, lock: bool = False) -> Plan:
    """The plan row; with `lock`, held until the transaction ends (SELECT … FOR UPDATE on Postgres;
    a SQLite write transaction holds the whole file already)."""
    plan = session.get(Plan, plan_id, with_for_update=lock)
    if plan is None:
        raise InputError(f"no plan {plan_id} in the store", field="id")
    return plan


def _version_query(what: Any, plan_id: int, number: int | None):
    query = select(what).where(PlanVersion.plan_id == plan_id)
    if number is not None:
        return query.where(PlanVersion.number == number)
    return query.order_by(PlanVersion.number.desc()).limit(1)


def _no_version(session: Session, plan_id: int, number: int | None) -> InputError:
    """The error for a plan or version the store does not hold, naming the versions the plan has."""
    low, high = session.execute(
        select(func.min(PlanVersion.number), func.max(PlanVersion.number)).where(PlanVersion.plan_id == plan_id)
    ).one()
    if high is None:
        return InputError(f"no plan {plan_id} in the store", field="id")
    has = f"version {low}" if low == high else f"versions {low}–{high}"
    return InputError(f"no plan {plan_id}@{number} in the store: plan {plan_id} has {has}", field="id")


def _newest(session: Session, batch_key: str) -> VersionRef | None:
    plan_id = session.scalar(select(Plan.id).where(Plan.batch_key == batch_key))
    if plan_id is None:
        return None
    return VersionRef(plan_id, session.scalar(_version_query(PlanVersion.number, plan_id, None)) or 1)


def _company(session: Session, profile: CompanyProfile) -> Company:
    """The company of the profile: one row per folded name (created once, also under concurrent saves)."""
    key = fold(profile.company)[:200] if profile.company else None
    if key is None:
        company = Company(name=None, key=None)
        session.add(company)
        session.flush()
        return company
    found = session.scalar(select(Company).where(Company.key == key))
    if found is not None:
        return found
    company = Company(name=profile.company, key=key)
    try:
        with session.begin_nested():
            session.add(company)
    except IntegrityError:  # another session created it meanwhile
        return session.scalars(select(Company).where(Company.key == key)).one()
    return company


def _conversation(session: Session, token: str | None) -> Conversation:
    found = session.scalar(select(Conversation).where(Conversation.token == token)) if token else None
    if found is None:
        found = Conversation(token=secrets.token_urlsafe(24), state="{}")
        session.add(found)
        session.flush()
    return found


def _delete_conversation(session: Session, conversation_id: int) -> None:
    messages = select(Message.id).where(Message.conversation_id == conversation_id)
    session.execute(delete(Feedback).where(Feedback.message_id.in_(messages)))
    session.execute(delete(Message).where(Message.conversation_id == conversation_id))
    session.execute(delete(Conversation).where(Conversation.id == conversation_id))


def _links(session: Session, where: Any) -> list[Link]:
    rows = session.execute(
        select(ShareLink, PlanVersion.plan_id, PlanVersion.number)
        .join(PlanVersion, PlanVersion.id == ShareLink.version_id)
        .where(where)
        .order_by(ShareLink.created_at.desc())
    ).all()
    return [Link(k.token, plan_id, number, k.created_at, k.expires_at, k.revoked_at) for k, plan_id, number in rows]


def _version_info(values: Any) -> VersionInfo:
    return VersionInfo(
        plan_id=values["plan_id"],
        number=values["number"],
        created_at=values["created_at"],
        cause=values["cause"],
        changes=PlanDiff.model_validate_json(values["changes"]),
        planner=values["planner"],
        model=values["model"],
        prompt_version=values["prompt_version"],
        prompt_tokens=values["prompt_tokens"],
        completion_tokens=values["completion_tokens"],
        cost_usd=values["cost_usd"],
        fallback=values["fallback"],
    )


FEEDBACK_COLUMNS = (
    *("created_at", "plan", "company", "target", "rating"),
    *("comment", "answer", "planner", "model", "prompt_version"),
)


def feedback_records(rows: list[FeedbackRow]) -> Iterator[dict[str, Any]]:
    """Feedback rows as CSV records with `FEEDBACK_COLUMNS` (UTC times in ISO 8601)."""
    for row in rows:
        values = (
            row.created_at.isoformat(timespec="seconds"),
            f"{row.plan_id}@{row.version}" if row.plan_id else "",
            row.company or "",
            row.target,
            row.rating,
            row.comment,
            row.answer,
            row.planner or "",
            row.model or "",
            row.prompt_version or "",
        )
        yield dict(zip(FEEDBACK_COLUMNS, values, strict=True))
