# env.py for the benchmark's Alembic project: the SQLAlchemy models that
# gen.py wrote, the database from the URL in alembic.ini, nothing else.
import os
import sys

from alembic import context
from sqlalchemy import engine_from_config, pool

sys.path.insert(0, os.path.dirname(__file__))
from models import metadata  # noqa: E402

config = context.config
connectable = engine_from_config(config.get_section(config.config_ini_section),
                                 prefix="sqlalchemy.", poolclass=pool.NullPool)
with connectable.connect() as connection:
    context.configure(connection=connection, target_metadata=metadata)
    with context.begin_transaction():
        context.run_migrations()
