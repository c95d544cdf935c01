"""Results of the listening phase on a real database (SQLite, and PostgreSQL when configured):
counts per question type, "< 5" suppression, scoping to the viewer, participation figures."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from ruralites import campaigns, communes, results
from ruralites.auth import SYSTEM, Viewer
from ruralites.listening import responses
from ruralites.listening.responses import Submission
from ruralites.models import Campaign, Evening
from ruralites.results import FreeTextHiddenError, ResultsNotFoundError, Scope
from ruralites.results.disclosure import SUPPRESSED
from ruralites.results.export import export_table
from ruralites.spreadsheet import to_csv_bytes, to_xlsx_bytes
from ruralites.surveys import parse_survey

SURVEY = parse_survey("""
id: essai-resultats
title: Essai des résultats
sections:
  - id: profil
    title: Profil
    questions:
      - {id: age, type: single_choice, label: "Votre âge", required: true, other: true,
         choices: [{value: jeune, label: Jeune}, {value: adulte, label: Adulte},
                   {value: aine, label: Aîné}]}
      - {id: quartier, type: short_text, label: "Votre quartier"}
  - id: avis
    title: Vos avis
    questions:
      - {id: besoins, type: multiple_choice, label: "Vos besoins",
         choices: [{value: cafe, label: Un café}, {value: jardin, label: Un jardin},
                   {value: chemins, label: Des chemins}]}
      - {id: note, type: scale, label: "Votre note", min: 1, max: 5, min_label: Pas du tout,
         max_label: Beaucoup}
      - {id: aider, type: yes_no, label: "Voulez-vous aider ?"}
      - {id: enfants, type: number, label: "Enfants au foyer", min: 0, max: 20}
      - {id: priorites, type: ranking, label: "Vos priorités",
         choices: [{value: cafe, label: Un café}, {value: jardin, label: Un jardin},
                   {value: chemins, label: Des chemins}]}
      - {id: idee, type: long_text, label: "Une idée ?", feeds_ideas: true}
""", "essai")

EVENING_AT = datetime(2019, 3, 28, 19, 0, tzinfo=UTC)
# 23:30 UTC on 31 March is 01:30 on 1 April in France (summer time): counted on 1 April.
LATE_AT = datetime(2019, 3, 31, 23, 30, tzinfo=UTC)
TREMEL, PLUFUR = "22366", "22238"
MAYOR = Viewer(user_id=None, role="mayor", commune_codes=frozenset({TREMEL}))


def _answers(i: int) -> dict:
    """Nine people of Trémel: person i of 0..8."""
    return {
        "age": "jeune" if i < 6 else "adulte",  # 6 jeunes, 3 adultes, 0 aînés
        "besoins": ["cafe", "jardin"] if i < 5 else ["cafe"],  # café 9, jardin 5, chemins 0
        "note": 1 if i == 0 else 3 if i < 4 else 5,  # 1 ×1, 3 ×3, 5 ×5
        "aider": i < 6,  # oui 6, non 3
        "enfants": 0 if i < 5 else 2,  # 0 ×5, 2 ×4
        "priorites": ["cafe", "jardin", "chemins"] if i < 5 else ["jardin", "cafe"],
        **({"idee": ["Rouvrir l'épicerie", "Un jardin partagé près de l'école",
                     "<b>Un café</b> =SOMME(A1)"][i]} if i < 3 else {}),
    }


def _validated(session, campaign: Campaign, code: str) -> int:
    p = campaigns.add_commune(session, campaign, code, invited_on=date(2019, 1, 7))
    campaigns.record_answer(session, p, volunteers=True)
    campaigns.record_decision(session, p, session_date=date(2019, 2, 22), number="1",
                              votes_for=9, votes_against=0, abstentions=0,
                              today=date(2019, 3, 1))
    return p.id


@pytest.fixture
def listening(db):
    """Trémel: 6 answers on tablets at an evening, 3 on paper; Plufur: 2 online."""
    with db.write() as s:
        pole = communes.ensure_pole(s, "adess", "ADESS")
        campaign = campaigns.create_campaign(s, name="Essai", poles=[pole], slug="essai")
        tremel = _validated(s, campaign, TREMEL)
        plufur = _validated(s, campaign, PLUFUR)
        evening = Evening(participation_id=tremel, kind="listening", title="Soirée d'écoute",
                          starts_at=EVENING_AT)
        s.add(evening)
        s.flush()
        evening_id = evening.id
    for i in range(9):
        tablet = i < 6
        responses.submit(db, Submission(
            uuid.uuid4(), tremel, SURVEY, _answers(i), "tablet" if tablet else "paper",
            evening_id=evening_id if tablet else None,
            submitted_at=EVENING_AT if tablet else LATE_AT))
    for i in range(2):
        responses.submit(db, Submission(
            uuid.uuid4(), plufur, SURVEY,
            {"age": "aine", "aider": False, "idee": f"Idée de Plufur {i}"}, "online",
            submitted_at=LATE_AT))
    return {"tremel": tremel, "plufur": plufur, "evening": evening_id}


def _results(db, scope, viewer=SYSTEM):
    with db.read() as s:
        return results.results(s, viewer, scope)


def _cells(question):
    return {c.label: c.count for c in question.cells}


def _question(r, qid):
    return next(q for q in r.questions if q.id == qid)


def test_each_question_type_is_counted_for_a_commune(db, listening):
    r = _results(db, Scope("essai", listening["tremel"]))
    assert r.title == "Trémel" and r.survey.title == "Essai des résultats"
    table = [
        # (question, expected cells) — 1 to 4 people show as SUPPRESSED, nobody as 0
        ("age", {"Jeune": 6, "Adulte": SUPPRESSED, "Aîné": 0, "Autre (précisez)": 0}),
        ("besoins", {"Un café": 9, "Un jardin": 5, "Des chemins": 0}),
        ("note", {"1 — Pas du tout": SUPPRESSED, "2": 0, "3": SUPPRESSED, "4": 0,
                  "5 — Beaucoup": 5}),
        ("aider", {"Oui": 6, "Non": SUPPRESSED}),
        ("enfants", {"0": 5, "2": SUPPRESSED}),
        ("priorites", {"Un café": 5, "Un jardin": SUPPRESSED, "Des chemins": 0}),  # first choices
    ]
    for qid, expected in table:
        assert _cells(_question(r, qid)) == expected, qid
    assert all(_question(r, qid).answered == 9 for qid, _ in table)
    assert dict(_question(r, "note").stats) == {"Moyenne": 3.89, "Médiane": 5}
    assert dict(_question(r, "enfants").stats) == {"Moyenne": 0.89, "Médiane": 0}
    assert _question(r, "besoins").cells[0].share == 1.0
    assert r.turnout.by_evening[0].label == "28/03/2019 — Soirée d'écoute"  # one commune: no name


def test_a_ranking_gives_points_average_rank_and_first_choices(db, listening):
    ranking = _question(_results(db, Scope("essai", listening["tremel"])), "priorites").ranking
    rows = {row.label: (row.points, row.average_rank, row.first_choices, row.ranked_by)
            for row in ranking}
    # 5 people: café > jardin > chemins; 4 people: jardin > café. 3 choices: 3, 2, 1 points.
    assert rows == {"Un café": (23, 1.44, 5, 9), "Un jardin": (22, 1.56, SUPPRESSED, 9),
                    "Des chemins": (5, 3.0, 0, 5)}
    assert [row.label for row in ranking] == ["Un café", "Un jardin", "Des chemins"]


def test_free_text_questions_are_counted_and_listed_verbatim_for_staff(db, listening):
    r = _results(db, Scope("essai", listening["tremel"]))
    assert _question(r, "idee").answered == 3 and _question(r, "idee").cells == ()
    with db.read() as s:
        texts = results.free_texts(s, SYSTEM, Scope("essai", listening["tremel"]))
    assert sorted(t.text for t in texts) == sorted(
        ["Rouvrir l'épicerie", "Un jardin partagé près de l'école", "<b>Un café</b> =SOMME(A1)"])
    assert {t.commune for t in texts} == {"Trémel"}
    assert [t.text for t in results.search(texts, "EPICERIE")] == ["Rouvrir l'épicerie"]
    assert [t.text for t in results.search(texts, "jardin ecole")] == [
        "Un jardin partagé près de l'école"]


def test_statistics_of_fewer_than_five_people_are_hidden(db, listening):
    r = _results(db, Scope("essai", listening["plufur"]))  # two people
    assert _cells(_question(r, "age"))["Aîné"] is SUPPRESSED
    assert _question(r, "age").cells[2].share is None
    assert dict(_question(r, "note").stats) == {}  # nobody answered it
    assert r.turnout.by_channel[1].count is SUPPRESSED  # online: 2
    assert str(SUPPRESSED) == "< 5"


def test_the_export_shows_less_than_five_and_never_the_small_count(db, listening):
    r = _results(db, Scope("essai", listening["tremel"]))
    columns, rows = export_table(r)
    age_rows = [row for row in rows if row[1] == "Votre âge" and row[3] is not None]
    assert [(row[2], row[3], row[4]) for row in age_rows] == [
        ("Jeune", 6, 66.7), ("Adulte", "< 5", None), ("Aîné", 0, 0.0), ("Autre (précisez)", 0, 0.0)]
    text = to_csv_bytes(columns, rows).decode("utf-8-sig")
    assert "Adulte,< 5," in text and "Adulte,3" not in text
    assert "Rouvrir" not in text  # free texts are not exported with the figures
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(columns, rows))).active
    adulte = next(row for row in sheet.iter_rows(values_only=True)
                  if row[1] == "Votre âge" and row[2] == "Adulte")
    assert adulte[3] == "< 5"


def test_participation_by_channel_evening_day_and_share_of_inhabitants(db, listening):
    t = _results(db, Scope("essai")).turnout
    assert t.responses == 11
    assert t.population == 409 + 529 and round(t.share, 4) == round(11 / 938, 4)
    assert {c.label: c.count for c in t.by_channel} == {
        "Tablette": 6, "En ligne": SUPPRESSED, "Papier": SUPPRESSED}
    assert {c.label: c.count for c in t.by_evening} == {
        "28/03/2019 — Trémel — Soirée d'écoute": 6, "Hors soirée": 5}
    assert [(d.day, d.count) for d in t.by_day] == [(date(2019, 3, 28), 6), (date(2019, 4, 1), 5)]
    assert [(d.day, d.count) for d in t.by_week] == [(date(2019, 3, 25), 6), (date(2019, 4, 1), 5)]
    assert {(c.nom, c.responses) for c in t.by_commune} == {("Trémel", 9), ("Plufur", SUPPRESSED)}
    assert t.first_at == EVENING_AT.replace(minute=0) and t.last_at.date() == date(2019, 3, 31)


def test_the_profile_is_the_single_choice_questions_of_the_profile_section(db, listening):
    r = _results(db, Scope("essai"))
    assert r.profile_ids == ("age",)
    assert [q.id for q in r.other_questions] == [
        "quartier", "besoins", "note", "aider", "enfants", "priorites", "idee"]
    assert _cells(_question(r, "age")) == {
        "Jeune": 6, "Adulte": SUPPRESSED, "Aîné": SUPPRESSED, "Autre (précisez)": 0}


def test_a_mayor_gets_only_their_commune(db, listening):
    r = _results(db, Scope("essai"), MAYOR)  # the whole campaign, as a mayor sees it
    assert r.communes == ("Trémel",) and r.turnout.responses == 9
    assert not r.free_text_visible
    with pytest.raises(ResultsNotFoundError):
        _results(db, Scope("essai", listening["plufur"]), MAYOR)
    with db.read() as s, pytest.raises(FreeTextHiddenError, match="élu·es"):
        results.free_texts(s, MAYOR, Scope("essai", listening["tremel"]))
    with db.read() as s:
        ideas = results.idea_texts(s, MAYOR, Scope("essai"))
    assert "Idée de Plufur 0" not in ideas and "Rouvrir l'épicerie" in ideas


def test_staff_of_another_pole_see_no_results(db, listening):
    with db.write() as s:
        other = communes.ensure_pole(s, "autre", "Autre pôle").id
    with pytest.raises(ResultsNotFoundError, match="ne fait pas partie"):
        _results(db, Scope("essai"), Viewer(user_id=None, role="staff", pole_id=other))


def test_answers_to_an_older_version_are_counted_with_the_current_one(db, listening):
    newer = parse_survey(SURVEY.definition.replace('"Votre âge"', '"Quel âge avez-vous ?"'),
                         "essai v2")
    assert newer.content_hash != SURVEY.content_hash
    responses.submit(db, Submission(uuid.uuid4(), listening["tremel"], newer,
                                    {"age": "jeune", "aider": True}, "online"))
    r = _results(db, Scope("essai", listening["tremel"]))
    age = _question(r, "age")
    assert age.label == "Quel âge avez-vous ?"  # the newest wording
    assert _cells(age)["Jeune"] == 7 and age.asked == 10
    assert _question(r, "besoins").asked == 10 and _question(r, "besoins").answered == 9


def test_a_commune_without_answers_shows_zero_everywhere(db):
    with db.write() as s:
        campaign = campaigns.create_campaign(s, name="Vide", poles=[], slug="vide")
        pid = _validated(s, campaign, TREMEL)
    r = _results(db, Scope("vide", pid))
    assert (r.turnout.responses, r.turnout.share, r.questions, r.survey) == (0, 0.0, (), None)
    assert r.turnout.population == 409
