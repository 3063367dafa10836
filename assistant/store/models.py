"""The store's tables, as SQLAlchemy 2 ORM classes.

A company has profiles (what was known of it when a plan was made) and plans; a plan has
versions, each the full validated `PlanBundle` JSON with its provenance (planner, model, prompt
version, tokens, cost) and what changed since the version before. A conversation keeps the
chat's messages in order and the page's session state; share links and feedback hang on a plan
version. `page_address` keeps where `omniteam ui` last served the page (share links name it).
The foreign keys cascade on delete, and `Store.delete` removes a plan's rows one table
at a time as well, so nothing of a deleted plan stays behind on any backend. No column holds a
setting: an API key has nowhere to go.

The migrations in `migrations/versions` create exactly these tables; a test checks both agree.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator):
    """A moment in UTC: stored without a zone (SQLite has none), read back as an aware datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


def now() -> datetime:
    """The current moment in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    # named constraints, so a migration can name what it alters on SQLite and Postgres alike
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Company(Base):
    """A company plans were made for; named companies are one row per folded name."""

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    key: Mapped[str | None] = mapped_column(String(200), unique=True)  # the folded name; None for unnamed ones
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class Profile(Base):
    """A company's validated profile as one plan version was made from it."""

    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    data: Mapped[str] = mapped_column(Text)  # CompanyProfile as JSON
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class Conversation(Base):
    """One chat, known to the browser by an unguessable token; its messages are kept in order."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(Text, default="{}")  # the page's session, without its plan
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, index=True)


class Message(Base):
    """One chat message; `position` orders them within the conversation."""

    __tablename__ = "messages"
    __table_args__ = (UniqueConstraint("conversation_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))  # user or assistant
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class Plan(Base):
    """A plan for one company, with its versions; `source` says which front door made it."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    search: Mapped[str] = mapped_column(String(500), index=True)  # folded company name and industry
    kind: Mapped[str] = mapped_column(String(16))  # team, skills or both
    language: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(16))  # page, cli or batch
    batch_key: Mapped[str | None] = mapped_column(String(100), unique=True)  # a batch row's input: saved once
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class PlanVersion(Base):
    """One version of a plan: the whole validated bundle, how it was made and what changed."""

    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id"))
    bundle: Mapped[str] = mapped_column(Text)  # PlanBundle as JSON, as pydantic wrote it
    cause: Mapped[str] = mapped_column(String(300), default="")  # what made it: a follow-up, a form change…
    changes: Mapped[str] = mapped_column(Text, default="{}")  # PlanDiff from the version before, as JSON
    planner: Mapped[str] = mapped_column(String(32))
    model: Mapped[str | None] = mapped_column(String(200))
    prompt_version: Mapped[str | None] = mapped_column(String(100))
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cost_usd: Mapped[float] = mapped_column(Float, default=0.0)
    fallback: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class ShareLink(Base):
    """A read-only link to one plan version, behind an unguessable token; it may expire or be revoked."""

    __tablename__ = "share_links"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Feedback(Base):
    """Thumbs up (+1) or down (-1) and a comment on a plan version, or on one chat answer."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class PageAddress(Base):
    """Where `omniteam ui` last served the page (one row), so `omniteam plans share` prints a link
    that opens: the address as visitors reach it, not a guessed default port."""

    __tablename__ = "page_address"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(300))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
