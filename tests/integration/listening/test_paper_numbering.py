"""Paper sheet numbers continue per commune from one printing to the next, so a second printing
never hands out a code the first one used (its answers would be refused at entry)."""

import uuid

import pytest

from ruralites import campaigns, communes
from ruralites.auth import SYSTEM, Viewer
from ruralites.errors import UserError
from ruralites.listening import paper, responses
from ruralites.listening.responses import Submission
from ruralites.surveys import store as survey_store

MINIMAL = {"age": "60-74", "lieu_vie": "bourg", "besoins": ["cafe"], "participer": False}


def _participation(s, campaign_name="Démarche A", code="22366") -> int:
    pole = communes.ensure_pole(s, "pole-a", "Pôle A")
    campaign = campaigns.create_campaign(s, name=campaign_name, poles=[pole])
    p = campaigns.add_commune(s, campaign, code)
    campaigns.move(s, p, "volunteered")
    campaigns.move(s, p, "validated")
    return p.id


@pytest.fixture
def tremel(db) -> int:
    with db.write() as s:
        return _participation(s)


def _print(db, pid, copies, first_number=None) -> paper.PrintPlan:
    with db.write() as s:
        printing = paper.plan(s, SYSTEM, pid, copies=copies, first_number=first_number)
        paper.record(s, SYSTEM, printing, "ecoute-habitants")
    return printing


def test_a_first_printing_starts_at_sheet_one(db, tremel):
    printing = _print(db, tremel, 3)
    assert [code[:10] for code in printing.codes] == ["22366-0001", "22366-0002", "22366-0003"]
    assert printing.warning() is None
    assert paper.file_name(printing) == "questionnaire-22366-0001-0003.pdf"


def test_a_second_printing_continues_after_the_first(db, tremel):
    _print(db, tremel, 30)
    second = _print(db, tremel, 20)
    assert second.first_number == 31 and second.last_number == 50
    assert second.codes[0].startswith("22366-0031-")
    with db.read() as s:
        assert paper.next_number(s, "22366") == 51


def test_numbering_follows_sheets_already_entered_even_if_printed_elsewhere(db, tremel):
    """The demo (or a laptop, or an older version) entered sheet 0007 without any printing
    recorded here: the next printing starts at 8, not at 1."""
    survey = survey_store.load("ecoute-habitants")
    responses.submit(db, Submission(uuid.uuid4(), tremel, survey, MINIMAL, "paper",
                                    sheet_code="22366-0007-" + _letter("22366", 7)))
    responses.submit(db, Submission(uuid.uuid4(), tremel, survey, MINIMAL, "paper",
                                    sheet_code="45"))  # numbered by hand: not a printed code
    with db.read() as s:
        assert paper.next_number(s, "22366") == 8


def test_numbering_is_per_commune_and_across_campaigns(db, tremel):
    _print(db, tremel, 10)
    with db.write() as s:
        other_commune = _participation(s, "Démarche B", "22319")
    assert _print(db, other_commune, 5).first_number == 1
    with db.write() as s:
        tremel_again = campaigns.add_commune(
            s, campaigns.create_campaign(s, name="Démarche C", poles=[]), "22366")
        campaigns.move(s, tremel_again, "volunteered")
        campaigns.move(s, tremel_again, "validated")
        again = tremel_again.id
    assert _print(db, again, 5).first_number == 11


def test_reprinting_chosen_numbers_says_which_were_printed_before(db, tremel):
    _print(db, tremel, 30)
    with db.read() as s:
        reprint = paper.plan(s, SYSTEM, tremel, copies=10, first_number=25)
    assert reprint.already_printed == (25, 30)
    warning = reprint.warning()
    assert warning.startswith("Les feuilles n° 25 à 30 ont déjà été imprimées le ")
    assert "ne distribuez pas les deux exemplaires" in warning


@pytest.mark.parametrize(("copies", "first", "message"), [
    (0, None, "De 1 à 500 exemplaires"),
    (501, None, "De 1 à 500 exemplaires"),
    (10, 999_995, "Les numéros de feuille vont de 1 à 999999"),
])
def test_impossible_printings_are_refused_in_french(db, tremel, copies, first, message):
    with db.read() as s, pytest.raises(UserError, match=message):
        paper.plan(s, SYSTEM, tremel, copies=copies, first_number=first)


def test_a_mayor_cannot_print_sheets(db, tremel):
    mayor = Viewer(user_id=None, role="mayor", commune_codes=frozenset({"22366"}))
    with db.read() as s, pytest.raises(UserError, match="Seul·es les animateur·rices"):
        paper.plan(s, mayor, tremel, copies=5)


def _letter(commune: str, number: int) -> str:
    from ruralites.surveys.sheets import sheet_codes

    return sheet_codes(commune, number, 1)[0][-1]
