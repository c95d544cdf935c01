"""Migration 0006 coarsens the contacts already left in questionnaires: the month only, source
`questionnaire`; staff entries keep their date; the responses lose their consent flag."""

from __future__ import annotations

from sqlalchemy import inspect, text

from ruralites import migrate

INSERTS = """
INSERT INTO communes (code_insee, nom, departement, population) VALUES ('22366', 'Trémel', '22', 409);
INSERT INTO campaigns (id, slug, name, status, is_demo, created_at)
  VALUES (1, 'c', 'C', 'active', false, '2019-01-01 00:00:00');
INSERT INTO participations (id, campaign_id, commune_code, phase, phase_since, created_at)
  VALUES (1, 1, '22366', 'listening', '2019-03-01 00:00:00', '2019-01-01 00:00:00');
INSERT INTO volunteers (id, participation_id, name, consent_text, consent_at, source, created_at)
  VALUES ('{a}', 1, 'Jeanne', 'Accord', '2019-03-28 18:42:13', 'tablet', '2019-03-28 18:42:13'),
         ('{b}', 1, 'Paul', 'Accord', '2019-05-02 20:10:00', 'staff', '2019-05-02 20:10:00');
"""
A, B = "0" * 31 + "a", "0" * 31 + "b"


def test_questionnaire_contacts_keep_the_month_only_and_staff_entries_their_date(empty_engine):
    migrate.upgrade(empty_engine, "0004")
    pg = empty_engine.dialect.name == "postgresql"
    a = f"{A[:8]}-{A[8:12]}-{A[12:16]}-{A[16:20]}-{A[20:]}" if pg else A
    b = f"{B[:8]}-{B[8:12]}-{B[12:16]}-{B[16:20]}-{B[20:]}" if pg else B
    with empty_engine.begin() as conn:
        for statement in INSERTS.format(a=a, b=b).split(";"):
            if statement.strip():
                conn.execute(text(statement))
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        rows = conn.execute(text("SELECT name, source, consent_at, created_at FROM volunteers "
                                 "ORDER BY name")).all()
    got = [(name, source, str(consent)[:19], str(created)[:19]) for name, source, consent, created in rows]
    assert got == [("Jeanne", "questionnaire", "2019-03-01 00:00:00", "2019-03-01 00:00:00"),
                   ("Paul", "staff", "2019-05-02 20:10:00", "2019-05-02 20:10:00")]
    assert "consent" not in {c["name"] for c in inspect(empty_engine).get_columns("responses")}
    migrate.downgrade(empty_engine, "0004")
    assert "consent" in {c["name"] for c in inspect(empty_engine).get_columns("responses")}
