"""The fiche d'orientation read back: one page, what a reader needs, typed text verbatim, and
no inhabitant's contact details (the fiche leaves the pôle)."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pytest
from pypdf import PdfReader

from ruralites import orientation
from ruralites.pdf.orientation_sheet import render_orientation_sheet
from tests.integration.orientation.conftest import TODAY, hold_inspiring_evening

SUMMARY = "Épicerie <bio> & café « Chez nous »"
WHY = "Local des Ponts&Chaussées <b>vacant</b>"


def _sheet(db, chosen) -> tuple[PdfReader, str]:
    with db.read() as s:
        file, found = orientation.sheet_inputs(s, chosen.staff, chosen.participation_id,
                                               today=TODAY)
    reader = PdfReader(io.BytesIO(render_orientation_sheet(file, found, today=TODAY)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


@pytest.fixture
def oriented(db, chosen):
    with db.write() as s:
        orientation.save_project(s, chosen.staff, chosen.participation_id, stage="idea",
                                 carrier="informal_group", summary=SUMMARY)
        orientation.add_volunteer(s, chosen.staff, chosen.participation_id,
                                  name="Soizic Le Roux", email="soizic@example.org",
                                  phone="02 61 91 10 01", consent=True)
    hold_inspiring_evening(db, chosen.participation_id)
    with db.write() as s:
        made = orientation.record_orientation(s, chosen.staff, chosen.participation_id,
                                              scheme_slug="1000-cafes", why=WHY,
                                              chosen_on=date(2019, 11, 21), today=TODAY)
        orientation.add_follow_up(s, chosen.staff, made.id, kind="application_filed",
                                  happened_on=date(2020, 3, 5), note="Dossier du maire",
                                  today=TODAY)
    return chosen


def test_the_sheet_is_one_page_with_what_a_reader_needs(db, oriented):
    reader, text = _sheet(db, oriented)
    assert len(reader.pages) == 1
    for expected in (
        "Fiche d'orientation — Plounérin", "Thématique choisie Commerce, café", "Étape idée",
        "Porteur collectif d'habitants", "1 personne intéressée",
        "Orientation retenue", "1000 cafés — retenu le 21/11/2019",
        "Suivi : dossier déposé le 05/03/2020 — Dossier du maire",
        "Opérateur : Groupe SOS", "Source : 1000cafes.org/faq",
        "Autres dispositifs recommandés", "Pôles de développement de l'économie sociale",
    ):
        assert expected in text, expected


def test_typed_text_prints_verbatim(db, oriented):
    _, text = _sheet(db, oriented)
    assert "Épicerie <bio> & café « Chez nous »" in text.replace("\u00a0", " ")
    assert "Pourquoi : Local des Ponts&Chaussées <b>vacant</b>" in text


def test_no_inhabitant_is_named_on_the_sheet(db, oriented):
    _, text = _sheet(db, oriented)
    for private in ("Soizic", "soizic@example.org", "02 61 91 10 01"):
        assert private not in text


def test_the_sheet_says_its_title_author_and_language(db, oriented):
    reader, _ = _sheet(db, oriented)
    assert reader.metadata.title == "Fiche d'orientation — Plounérin"
    assert reader.metadata.author == "Ruralités — pôles ESS"
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"


def test_many_recommendations_still_fit_on_one_page_and_the_rest_are_counted(db, oriented):
    fields = orientation.SchemeFields(
        name="", operator="Un opérateur au nom assez long pour prendre de la place sur la ligne",
        description="Aide", offer=("advice",), stages=("idea",), carriers=("informal_group",),
        all_themes=True, territory="Bretagne", source_urls="https://example.org/aide")
    with db.write() as s:
        for n in range(25):
            orientation.save_scheme(s, oriented.staff,
                                    dataclasses.replace(fields, name=f"Aide locale n° {n + 1}"))
    reader, text = _sheet(db, oriented)
    assert len(reader.pages) == 1
    assert "autres dispositifs recommandés, à consulter avec le pôle ESS" in text
