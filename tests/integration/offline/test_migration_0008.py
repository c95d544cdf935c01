"""Migration 0008 gives the evenings and votes already stored a UUID each (bundles find them
by it), and takes it away again on downgrade."""

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from ruralites import migrate

ROWS = [
    "INSERT INTO campaigns (id, slug, name, status, is_demo, created_at) "
    "VALUES (1, 'c', 'C', 'active', false, '2019-01-01 10:00:00')",
    "INSERT INTO communes (code_insee, nom, departement) VALUES ('22366', 'Trémel', '22')",
    "INSERT INTO participations (id, campaign_id, commune_code, phase, phase_since, created_at) "
    "VALUES (1, 1, '22366', 'listening', '2019-01-01 10:00:00', '2019-01-01 10:00:00')",
    "INSERT INTO evenings (id, participation_id, kind, title, starts_at, created_at) VALUES "
    "(1, 1, 'listening', 'A', '2019-02-01 18:00:00', '2019-01-01 10:00:00'), "
    "(2, 1, 'restitution', 'B', '2019-03-01 18:00:00', '2019-01-01 10:00:00')",
    "INSERT INTO votes (id, participation_id, title, method, status, created_at) "
    "VALUES (1, 1, 'V', 'dots', 'open', '2019-01-01 10:00:00')",
]


def test_rows_stored_before_0008_get_a_uuid_each(empty_engine):
    before = ScriptDirectory.from_config(migrate.alembic_config()).get_revision("0008").down_revision
    migrate.upgrade(empty_engine, before)
    with empty_engine.begin() as conn:
        for statement in ROWS:
            conn.execute(text(statement))
    migrate.upgrade(empty_engine, "0008")
    with empty_engine.connect() as conn:
        evenings = conn.execute(text("SELECT uuid FROM evenings ORDER BY id")).scalars().all()
        votes = conn.execute(text("SELECT uuid FROM votes")).scalars().all()
    assert len(set(evenings)) == 2 and None not in evenings
    assert len(votes) == 1 and votes[0] is not None
    migrate.downgrade(empty_engine, before)
    assert "uuid" not in {c["name"] for c in inspect(empty_engine).get_columns("evenings")}
