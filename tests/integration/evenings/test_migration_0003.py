"""Migration 0003 keeps the witnesses of the first schema: the project text becomes the
description (its first line the title), the territory goes to the notes, the consent's time
becomes its date; and a downgrade gives them back."""

from sqlalchemy import text

from ruralites import migrate
from ruralites.evenings.witnesses import identity_key


def test_witnesses_of_the_first_schema_are_kept_through_0003_and_back(empty_engine):
    migrate.upgrade(empty_engine, "0002")
    with empty_engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO witnesses (id, name, organisation, project, territory, email, "
            "consent_at, notes, created_at) VALUES (1, 'Maëlle Guégan', 'La Cale', "
            "'Bar-épicerie associatif\nTenu par 40 bénévoles', 'Morbihan', 'm@example.org', "
            "'2025-09-01 10:00:00', NULL, '2025-09-01 10:00:00')"))
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        row = conn.execute(text(
            "SELECT name, project_title, description, notes, consent_on, identity_key "
            "FROM witnesses")).one()
    assert row.name == "Maëlle Guégan" and row.project_title == "Bar-épicerie associatif"
    assert row.description == "Bar-épicerie associatif\nTenu par 40 bénévoles"
    assert row.notes == "Territoire : Morbihan" and str(row.consent_on) == "2025-09-01"
    # the same identity the catalogue computes: importing her again stores nothing twice
    assert row.identity_key == identity_key("Maëlle Guégan", "La Cale", "Bar-épicerie associatif")
    migrate.downgrade(empty_engine, "0002")
    with empty_engine.connect() as conn:
        back = conn.execute(text("SELECT project, consent_at, notes FROM witnesses")).one()
    assert back.project == "Bar-épicerie associatif\nTenu par 40 bénévoles"
    assert str(back.consent_at).startswith("2025-09-01")
