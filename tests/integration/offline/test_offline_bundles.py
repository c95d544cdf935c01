"""Bundles carry an evening's data from the laptop to the central database: every row once,
conflicts reported with what differs, an altered or cut or newer bundle refused whole."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from ruralites import demo, migrate, offline
from ruralites.auth import SYSTEM
from ruralites.db import Database, make_engine
from ruralites.listening import responses
from ruralites.models import (
    Answer,
    Ballot,
    Evening,
    Idea,
    Participation,
    Registration,
    Response,
    Volunteer,
)
from ruralites.offline import format as bundle_format
from ruralites.surveys import store as survey_store
from tests.conftest import _drop_schema, _postgres_engine

CAMPAIGN = "ruralites-en-tregor"
COUNTED = (Response, Answer, Idea, Ballot, Registration, Volunteer, Evening)


@pytest.fixture
def laptop(db) -> Database:
    """The laptop of the evening: the demo campaign."""
    demo.load(db)
    return db


@pytest.fixture(scope="module")
def demo_bundle(tmp_path_factory) -> bytes:
    """The demo campaign's bundle, made once for the tests that only read it."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}")
    migrate.upgrade(engine)
    db = Database(engine)
    demo.load(db)
    data = export(db)
    engine.dispose()
    return data


@pytest.fixture
def central(empty_engine, tmp_path):
    """A second database of the same kind: the pôle's central one, empty."""
    if empty_engine.dialect.name == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'central.sqlite3'}")
        schema = None
    else:
        schema = "c_" + uuid.uuid4().hex[:12]
        engine = _postgres_engine(schema)
    migrate.upgrade(engine)
    yield Database(engine)
    engine.dispose()
    if schema:
        _drop_schema(schema)


def counts(db: Database) -> dict[str, int]:
    with db.read() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m)) for m in COUNTED}


def export(db: Database, evening_id: int | None = None) -> bytes:
    with db.read() as s:
        return offline.export_bundle(s, SYSTEM, CAMPAIGN, evening_id)


def import_(db: Database, data: bytes) -> offline.ImportReport:
    with db.write() as s:
        return offline.import_bundle(s, SYSTEM, data)


def payload(data: bytes) -> dict:
    body = json.loads(data)["payload"]
    body.pop("exported_at")
    return body


def test_a_campaign_bundle_rebuilds_every_row_in_an_empty_database(laptop, central):
    data = export(laptop)
    report = import_(central, data)
    assert counts(central) == counts(laptop)
    assert report.added == {"responses": 419, "ideas": 914, "ballots": 134,
                            "registrations": 138, "volunteers": 95, "evenings": 15, "votes": 5}
    assert report.conflicts == []
    # Exported again from the central database, the bundle says exactly the same
    assert payload(export(central)) == payload(data)


def test_importing_a_bundle_twice_stores_nothing_twice(laptop, central):
    data = export(laptop)
    import_(central, data)
    before = counts(central)
    report = import_(central, data)
    assert counts(central) == before
    assert report.added == {}
    assert report.already["responses"] == 419 and report.already["ballots"] == 134
    assert report.conflicts == [] and report.completed == []
    assert report.lines()[0] == "Réponses : 0 ajoutée(s), 419 déjà présente(s)."


def _submit_on(db: Database, participation_id: int, n: int, at: datetime) -> list[uuid.UUID]:
    survey = survey_store.load("ecoute-habitants")
    ids = []
    for k in range(n):
        rid = uuid.uuid4()
        responses.submit(db, responses.Submission(
            rid, participation_id, survey, {"age": "60-74", "lieu_vie": "bourg",
                                            "besoins": ["cafe"], "participer": "Non",
                                            "idee": f"Un banc devant la mairie n° {k}"},
            "tablet", submitted_at=at))
        ids.append(rid)
    return ids


def test_overlapping_bundles_from_two_laptops_store_each_response_once(laptop, central, tmp_path):
    """Two laptops got the campaign from the central database, served the same evening's
    tablets, and each exported the evening twice (before and after the last tablets)."""
    import_(central, export(laptop))
    second = Database(make_engine(f"sqlite:///{tmp_path / 'second.sqlite3'}"))
    migrate.upgrade(second.engine)
    import_(second, export(central))
    with laptop.read() as s:
        evening = s.scalar(select(Evening).where(Evening.id == 1))
        pid, starts = evening.participation_id, evening.starts_at
    with second.read() as s:
        pid_2 = s.scalar(select(Participation.id).join(Evening).where(Evening.uuid == evening.uuid))
        evening_2 = s.scalar(select(Evening.id).where(Evening.uuid == evening.uuid))
    first_a = _submit_on(laptop, pid, 3, starts)
    early_a = export(laptop, 1)
    later_a = _submit_on(laptop, pid, 2, starts)
    full_a = export(laptop, 1)
    from_b = _submit_on(second, pid_2, 4, starts)
    bundle_b = export(second, evening_2)
    before = counts(central)
    for data in (early_a, bundle_b, full_a, early_a, bundle_b):
        import_(central, data)
    after = counts(central)
    assert after["responses"] == before["responses"] + 9
    with central.read() as s:
        stored = set(s.scalars(select(Response.id).where(
            Response.id.in_(first_a + later_a + from_b))))
        ideas = s.scalar(select(func.count()).select_from(Idea).where(
            Idea.response_id.in_(first_a + later_a + from_b)))
        answers = s.scalar(select(func.count()).select_from(Answer).where(
            Answer.response_id.in_(first_a + later_a + from_b)))
    assert stored == set(first_a + later_a + from_b)
    assert ideas == 9
    with laptop.read() as s:  # each response with all its answers, as on the laptop
        per_response = s.scalar(select(func.count()).select_from(Answer).where(
            Answer.response_id == first_a[0]))
    assert answers == 9 * per_response
    second.engine.dispose()


def test_an_evening_bundle_holds_that_evening_only(laptop):
    body = payload(export(laptop, 1))
    assert body["scope"]["evening"]["title"] == "Soirée d'écoute des habitants"
    assert {r["commune"] for r in body["responses"]} == {body["scope"]["evening"]["commune"]}
    days = {r["submitted_at"][:10] for r in body["responses"]}
    assert days == {"2019-02-28"}
    assert body["registrations"] == []  # the listening evening took none


def test_a_row_changed_on_one_side_is_a_conflict_reported_and_never_overwritten(laptop, central):
    data = export(laptop)
    import_(central, data)
    with central.write() as s:
        idea = s.scalar(select(Idea).order_by(Idea.created_at, Idea.id).limit(1))
        idea_id, original = idea.id, idea.text
        idea.text = "Texte corrigé au bureau"
    report = import_(central, data)
    [conflict] = report.conflicts
    assert (conflict.kind, conflict.key, conflict.field) == ("ideas", str(idea_id), "text")
    assert (conflict.here, conflict.bundle) == ("Texte corrigé au bureau", original)
    assert f"Conflit : Idée {idea_id} : « text » vaut « Texte corrigé au bureau » ici" in \
        "\n".join(report.lines())
    with central.read() as s:
        assert s.get(Idea, idea_id).text == "Texte corrigé au bureau"


def test_a_presence_ticked_on_the_laptop_completes_the_central_registration(laptop, central):
    import_(central, export(laptop))
    with laptop.write() as s:
        registration = s.scalar(select(Registration).where(Registration.attended.is_(False))
                                .order_by(Registration.registered_at, Registration.id).limit(1))
        registration.attended = True
        rid = registration.id
    report = import_(central, export(laptop))
    assert report.conflicts == []
    [completed] = report.completed
    assert (completed.key, completed.field, completed.here, completed.bundle) == \
        (str(rid), "attended", False, True)
    with central.read() as s:
        assert s.get(Registration, rid).attended is True


def test_a_paper_sheet_entered_on_both_sides_is_a_conflict(laptop, central):
    import_(central, export(laptop))
    with laptop.read() as s:
        sheet = s.scalar(select(Response.sheet_code).where(Response.sheet_code.is_not(None))
                         .order_by(Response.sheet_code).limit(1))
    with central.write() as s:  # the sheet deleted, then typed again at the office
        first = s.scalar(select(Response).where(Response.sheet_code == sheet))
        again = Response(id=uuid.uuid4(), participation_id=first.participation_id,
                         survey_version_id=first.survey_version_id, channel="paper",
                         sheet_code=sheet, submitted_at=first.submitted_at)
        s.delete(first)
        s.flush()
        s.add(again)
    report = import_(central, export(laptop))
    assert [c.field for c in report.conflicts] == ["sheet_code"]
    assert sheet in str(report.conflicts[0])
    with central.read() as s:
        assert s.scalar(select(func.count()).select_from(Response)
                        .where(Response.sheet_code == sheet)) == 1


@pytest.mark.parametrize(("damage", "message"), [
    # one answer's channel changed in a text editor ("tablet" → "paper")
    (lambda d: d.replace(b'"tablet"', b'"paper"', 1), "a été modifié ou abîmé"),
    # the file cut short (a USB key pulled out)
    (lambda d: d[: len(d) // 2], "incomplet ou abîmé"),
    # not a bundle at all
    (lambda d: b"code_insee;nom\n22366;Tremel\n", "n'est pas un paquet Ruralités"),
    (lambda d: b"", "Le fichier est vide"),
])
def test_an_altered_or_cut_bundle_is_refused_whole(demo_bundle, central, damage, message):
    data = damage(demo_bundle)
    with pytest.raises(offline.BundleError, match=message) as refused:
        import_(central, data)
    assert "rien n'a été importé" in str(refused.value) or "vide" in str(refused.value)
    assert set(counts(central).values()) == {0}


def test_a_bundle_of_a_newer_format_says_which_version_it_needs(demo_bundle, central):
    body = json.loads(demo_bundle)["payload"]
    newer = json.dumps({"format": bundle_format.FORMAT, "version": 2,
                        "checksum": bundle_format.checksum(2, body), "payload": body}).encode()
    with pytest.raises(offline.BundleError) as refused:
        import_(central, newer)
    assert str(refused.value).startswith("Ce paquet est au format 2 ; cette version de Ruralités "
                                         "ne lit que le format 1 au plus.")
    assert set(counts(central).values()) == {0}


def test_a_bundle_that_cannot_be_placed_is_rolled_back_whole(demo_bundle, central):
    body = json.loads(demo_bundle)["payload"]
    body["ballots"][-1]["vote"] = str(uuid.uuid4())  # a vote the bundle does not carry
    data = json.dumps({"format": bundle_format.FORMAT, "version": 1,
                       "checksum": bundle_format.checksum(1, body), "payload": body}).encode()
    with pytest.raises(offline.BundleError, match="illisible"):
        import_(central, data)
    assert set(counts(central).values()) == {0}


def test_the_bundle_says_what_it_holds_before_import(laptop):
    assert offline.describe(export(laptop, 1)) .startswith(
        "Paquet de la soirée « Soirée d'écoute des habitants » du 28 février 2019, exporté le ")


def test_times_keep_their_utc_instant_across_the_bundle(laptop, central):
    import_(central, export(laptop))
    with laptop.read() as s:
        first = s.scalar(select(Response).order_by(Response.submitted_at, Response.id).limit(1))
        rid, at = first.id, first.submitted_at
    with central.read() as s:
        assert s.get(Response, rid).submitted_at == at
    assert at.utcoffset() == timedelta(0)
