"""The evening's poster and sign-in sheet, read back from the PDF: what a reader needs, every
typed text verbatim (& < > included), one page for the poster whatever its length."""

import dataclasses
import io
import uuid
from datetime import UTC, datetime

import pypdf
import pytest

from ruralites.evenings import EveningInfo, RegistrationRow, SpeakerRow
from ruralites.pdf.poster import render_poster
from ruralites.pdf.signin import render_signin

URL = "http://127.0.0.1:8501/?k=Zx9-token"
EVENING = EveningInfo(
    id=1, participation_id=1, campaign_slug="demo", campaign_name="Ruralités en Trégor",
    commune_code="22366", commune_name="Trémel", kind="inspiring",
    title="Des lieux qui <rassemblent> & font vivre", starts_at=datetime(2026, 3, 12, 19, 0, tzinfo=UTC),
    place="Salle <Ar Vro> & co", capacity=40, theme_id=1, theme_label="Lieu de rencontre",
    notes=None, outcome=None, attendance=None, held_at=None, registered=3, waiting=1, ticked=0,
    speakers=(SpeakerRow(1, "Maëlle Guégan", "La Cale & Co", "Bar-épicerie <associatif>", True, None),
              SpeakerRow(2, "Loïc Prigent", None, "Tiers-lieu rural", False, None)),
)


def _text(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _person(name, *, waiting=False, attended=False, source="link"):
    return RegistrationRow(uuid.uuid4(), name, "02 61 91 00 00", waiting, 1 if waiting else None,
                           attended, source, datetime(2026, 3, 1, tzinfo=UTC))


def test_the_poster_says_what_when_where_and_how_to_register_on_one_page():
    pdf = render_poster(EVENING, url=URL, organisers=["ADESS Ouest-Côtes-d'Armor"])
    [page] = _text(pdf)
    for expected in ("SOIRÉE INSPIRANTE", "Des lieux qui <rassemblent> & font vivre",
                     "Thème : Lieu de rencontre", "Jeudi 12 mars 2026", "à 20 h",
                     "Salle <Ar Vro> & co, Trémel", "Maëlle Guégan (La Cale & Co) — "
                     "Bar-épicerie <associatif>", "Inscrivez-vous : scannez ce code",
                     "Places limitées : 40", URL, "ADESS Ouest-Côtes-d'Armor"):
        assert expected in page, expected
    assert "Loïc Prigent" not in page  # invited, not confirmed
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Des lieux qui <rassemblent> & font vivre — Trémel"
    assert reader.metadata.author == "ADESS Ouest-Côtes-d'Armor"
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"


def test_a_listening_evenings_poster_invites_to_answer_and_a_poster_without_link_says_free_entry():
    listening = dataclasses.replace(EVENING, kind="listening", theme_label=None, speakers=())
    [page] = _text(render_poster(listening, url=URL, purpose="answer"))
    assert "SOIRÉE D'ÉCOUTE" in page and "pour répondre au questionnaire" in page
    assert "Places limitées" not in page
    [page] = _text(render_poster(listening))
    assert "Entrée libre, ouverte à toutes et à tous." in page and "scannez" not in page


def test_the_poster_stays_on_one_page_however_long_the_texts():
    long = dataclasses.replace(EVENING, title="Un très long titre " * 12, place="Lieu " * 60)
    assert len(_text(render_poster(long, url=URL))) == 1


def test_the_sign_in_sheet_lists_those_with_a_place_and_lines_for_walk_ins():
    people = [_person("Zoé <Le Gall> & fils"), _person("Anne Le Bihan", source="staff"),
              _person("Bruno Attente", waiting=True), _person("Chloé Venue", waiting=True,
                                                               attended=True)]
    pdf = render_signin(EVENING, people)
    pages = _text(pdf)
    whole = " ".join(pages)
    assert pages[0].startswith("Feuille d'émargement Soirée inspirante : Des lieux qui "
                               "<rassemblent> & font vivre")
    assert "Jeudi 12 mars 2026 à 20 h — Salle <Ar Vro> & co, Trémel" in whole
    assert "1 Anne Le Bihan par l'équipe" in whole
    assert "2 Chloé Venue liste d'attente" in whole  # waiting, but came
    assert "3 Zoé <Le Gall> & fils en ligne" in whole
    assert "Bruno Attente" not in whole  # still waiting: not on the sheet
    assert "02 61 91" not in whole  # the sheet goes round the room: no contact
    assert whole.count("sur place") >= 10
    assert "Page 1 / 1" in pages[0]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == ("Feuille d'émargement — Des lieux qui <rassemblent> & font "
                                     "vivre — Trémel")
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"


@pytest.mark.parametrize("count", [0, 40])
def test_the_sign_in_sheet_numbers_its_pages_and_keeps_blank_lines(count):
    pages = _text(render_signin(EVENING, [_person(f"Personne {n:02d}") for n in range(count)],
                                blank_lines=12))
    whole = " ".join(pages)
    assert whole.count("sur place") == 12
    assert f"Page {len(pages)} / {len(pages)}" in pages[-1]
    assert f"{count + 12} sur place" in whole  # the last blank line's number


def test_an_emoji_typed_in_a_title_or_a_name_prints_as_a_word_not_an_empty_box():
    festive = dataclasses.replace(EVENING, title="Fête du village 🎉", place="Salle ☕ des fêtes")
    [poster] = _text(render_poster(festive, url=URL))
    assert "Fête du village [fête]" in poster and "🎉" not in poster
    signin = " ".join(_text(render_signin(festive, [_person("Léa 👍")])))
    assert "Léa [pouce levé]" in signin and "Fête du village [fête] — Trémel" in signin
    assert "👍" not in signin and "\x00" not in signin
