"""Contact details left in a questionnaire cannot be matched to the answers: neither by time,
nor by channel, nor by the order of the rows or their ids (issue 12). Tried as an attacker
with a copy of the database would, on the demo data."""

from collections import defaultdict

from sqlalchemy import text

from ruralites import demo


def _rows(db, sql):
    with db.read() as s:
        return s.execute(text(sql)).all()


def test_joining_volunteers_to_responses_on_time_finds_nothing(db):
    demo.load(db)
    questionnaire_volunteers = _rows(db, "SELECT id FROM volunteers WHERE source = 'questionnaire'")
    assert len(questionnaire_volunteers) > 50  # the demo's inhabitants who left their contacts
    matched = _rows(db, """
        SELECT v.id, r.id FROM volunteers v JOIN responses r
          ON r.participation_id = v.participation_id
         AND (r.submitted_at = v.consent_at OR r.submitted_at = v.created_at)""")
    assert matched == []


def test_no_volunteer_has_a_single_candidate_response_in_its_commune_and_month(db):
    """The month is all that is kept: in every commune, each month that has a contact has many
    responses, so the month narrows nothing down to one person."""
    demo.load(db)
    volunteers = _rows(db, "SELECT participation_id, consent_at FROM volunteers "
                           "WHERE source = 'questionnaire'")
    responses = _rows(db, "SELECT participation_id, submitted_at FROM responses")
    per_month = defaultdict(int)
    for pid, at in responses:
        per_month[(pid, str(at)[:7])] += 1
    candidates = [per_month[(pid, str(at)[:7])] for pid, at in volunteers]
    assert min(candidates) >= 10


def test_the_order_of_the_rows_follows_no_response(db):
    """Rows come back in storage order (no ORDER BY) sorted by their random ids, not in the
    order the responses were submitted; ids are random, not counters."""
    demo.load(db)
    ids = [row[0] for row in _rows(db, "SELECT id FROM volunteers WHERE source = 'questionnaire'")]
    if db.engine.dialect.name == "sqlite":
        assert ids == sorted(ids)  # WITHOUT ROWID: stored by id
        assert _rows(db, "SELECT sql FROM sqlite_master WHERE name = 'volunteers'")[0][0] \
            .rstrip().endswith("WITHOUT ROWID")
    versions = {row[0] for row in _rows(db, "SELECT DISTINCT substr(CAST(id AS TEXT), 1, 8) "
                                            "FROM volunteers")}
    assert len(versions) > 50  # random uuid4 prefixes, not a sequence
