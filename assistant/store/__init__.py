"""The store: saved plans with their versions, conversations, share links and feedback.

SQLite in the user's data folder by default, Postgres by URL (OMNITEAM_DATABASE_URL); the
schema's migrations ship in `migrations/` and are applied whenever a store is opened.
Importing this package loads SQLAlchemy: front doors import it only when they use the store.
"""

from .diff import PlanDiff, diff_bundles
from .store import (
    ConversationRecord,
    FeedbackRow,
    Link,
    PlanSummary,
    Store,
    StoredMessage,
    VersionInfo,
    VersionRef,
    feedback_records,
    open_store,
    parse_ref,
)

__all__ = [
    "ConversationRecord",
    "FeedbackRow",
    "Link",
    "PlanDiff",
    "PlanSummary",
    "Store",
    "StoredMessage",
    "VersionInfo",
    "VersionRef",
    "diff_bundles",
    "feedback_records",
    "open_store",
    "parse_ref",
]
