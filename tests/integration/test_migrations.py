"""The schema only changes through migrations, and the migrations build exactly the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from ruralites import migrate
from ruralites.models import Base


def test_migrations_build_exactly_the_models_schema(empty_engine):
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_every_model_table_exists_after_upgrade(empty_engine):
    migrate.upgrade(empty_engine)
    tables = set(inspect(empty_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_each_migration_downgrades_to_nothing_and_upgrades_again(empty_engine):
    migrate.upgrade(empty_engine)
    migrate.downgrade(empty_engine, "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(empty_engine)
    assert migrate.is_up_to_date(empty_engine)


def test_a_database_from_the_first_schema_is_upgraded_with_its_rows_kept(empty_engine):
    script = ScriptDirectory.from_config(migrate.alembic_config())
    first = list(script.walk_revisions())[-1].revision
    migrate.upgrade(empty_engine, first)
    with empty_engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO communes (code_insee, nom, departement, population) "
            "VALUES ('22366', 'Trémel', '22', 409)"
        ))
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        assert conn.execute(text("SELECT nom FROM communes")).scalars().all() == ["Trémel"]
    assert migrate.is_up_to_date(empty_engine)


def test_upgrading_twice_changes_nothing(empty_engine):
    migrate.upgrade(empty_engine)
    revision = migrate.current_revision(empty_engine)
    migrate.upgrade(empty_engine)
    assert migrate.current_revision(empty_engine) == revision == migrate.head_revision()
