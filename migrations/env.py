"""Alembic environment: the tables are the SQLModel models; SQLite needs batch mode to alter tables."""

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from survey_app.models import register_models

register_models()
target_metadata = SQLModel.metadata


def run_migrations() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=url.startswith("sqlite"),
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
