"""Alembic's environment for the store: migrations run on the connection the store hands over
(`Config.attributes["connection"]`), inside the store's own transaction."""

from alembic import context

from assistant.store.models import Base

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters a table by copying it; batch mode does that for later revisions
)
with context.begin_transaction():
    context.run_migrations()
