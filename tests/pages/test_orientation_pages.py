"""The orientation screens driven through AppTest: the Dispositifs page (catalogue, a staff entry,
an Aides-territoires upload shown as plain text) and the Orientation page (project, group,
recommendations, an orientation with its override reason, follow-up); mayors read only."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from ruralites import orientation
from ruralites.auth import SYSTEM
from ruralites.models import Participation
from ruralites.ui.session import TOKEN_KEY
from ruralites.voting import theme_choice
from tests.integration.restitution_setup import listening_commune
from tests.pages.conftest import logged_in_app, page_app, texts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "aides-territoires"


@pytest.fixture
def plounerin(app_db) -> int:
    """Plounérin has chosen « Commerce, café »; no inspiring evening yet."""
    setup = listening_commune(app_db, code="22227")
    with app_db.write() as s:
        theme_choice.record_decision(s, SYSTEM, setup.participation_id,
                              theme_id=setup.themes["commerce-cafe"], decided_by="room",
                              decided_on=date(2019, 5, 2), today=date(2026, 1, 1))
    return setup.participation_id


def _token(db, role="staff", username="anne", communes=None) -> str:
    return logged_in_app(db, role=role, username=username,
                         communes=communes).session_state[TOKEN_KEY]


def _button(app: AppTest, label: str):
    return next(b for b in app.button if b.label == label)


def _field(elements, label: str):
    return next(e for e in elements if e.label == label)


def test_staff_describe_the_project_see_recommendations_and_orient_with_a_kept_reason(
    app_db, plounerin
):
    app = page_app("pages.orientation.render", _token(app_db)).run()
    assert not app.exception
    shown = texts(app)
    assert "Plounérin" in shown and "Thématique choisie :** Commerce, café" in shown
    assert "Aucune soirée inspirante n'a encore eu lieu dans cette commune" in shown
    assert "Le projet de Plounérin n'est pas encore décrit" in shown

    _field(app.text_input, "Le projet en une phrase").input("Une épicerie <café> & relais")
    _button(app, "Enregistrer le projet").click()
    app.run()
    shown = texts(app)
    assert "Projet enregistré : les recommandations en tiennent compte." in shown
    assert "**1. Pôles de développement de l'économie sociale et solidaire (pôles ESS)**" in shown
    assert "**2. TAg BZH – Idéateur**" in shown

    _field(app.text_area, "Pourquoi ce dispositif ? *").input("Premier accueil du groupe")
    _button(app, "Enregistrer l'orientation").click()
    app.run()
    assert "Aucune soirée inspirante n'a eu lieu à Plounérin" in texts(app)
    with app_db.read() as s:
        assert s.get(Participation, plounerin).phase == "theme_chosen"

    _field(app.text_area, "Raison de passer outre *").input("Témoins venus à la restitution")
    _button(app, "Enregistrer l'orientation").click()
    app.run()
    shown = texts(app)
    assert "Orientation enregistrée : « Pôle ESS ». Plounérin est orientée." in shown
    assert "**Sans soirée inspirante, parce que :** Témoins venus à la restitution" in shown
    with app_db.read() as s:
        assert s.get(Participation, plounerin).phase == "oriented"
        assert orientation.project_for(s, SYSTEM, plounerin).summary == \
            "Une épicerie <café> & relais"


def test_staff_add_a_person_with_consent_and_a_follow_up_step(app_db, plounerin):
    with app_db.write() as s:
        orientation.save_project(s, SYSTEM, plounerin, stage="idea", carrier="informal_group")
        orientation.record_orientation(s, SYSTEM, plounerin, scheme_slug="pole-ess",
                                       why="Premier accueil", chosen_on=date(2019, 11, 21),
                                       override_reason="Témoins venus à la restitution")
    app = page_app("pages.orientation.render", _token(app_db)).run()
    _field(app.text_input, "Nom et prénom *").input("Soizic Le Roux")
    _field(app.text_input, "Courriel").input("soizic@example.org")
    _button(app, "Ajouter au groupe").click()
    app.run()
    assert "Soizic Le Roux n'a pas donné son accord" in texts(app)
    _field(app.checkbox, "La personne a donné son accord").check()
    _button(app, "Ajouter au groupe").click()
    app.run()
    assert "Soizic Le Roux fait partie du groupe." in texts(app)
    assert "soizic@example.org" in str(app.table[0].value)

    _field(app.selectbox, "Étape").set_value("abandoned")
    _field(app.date_input, "Date").set_value(date(2020, 3, 1))
    _button(app, "Ajouter cette étape").click()
    app.run()
    assert "Indiquez pourquoi le projet est abandonné" in texts(app)
    _field(app.text_input, "Note (obligatoire pour un abandon : pourquoi)").input(
        "Le local a été vendu")
    _button(app, "Ajouter cette étape").click()
    app.run()
    shown = texts(app)
    assert "Suivi de « Pôle ESS » : abandonné le 01/03/2020." in shown
    assert "01/03/2020 — **Abandonné** : Le local a été vendu" in shown


def test_the_catalogue_lists_the_schemes_and_refuses_an_entry_with_no_operator(app_db):
    app = page_app("pages.schemes.render", _token(app_db)).run()
    assert not app.exception
    assert "38 dispositifs sur 38." in texts(app)
    assert list(app.dataframe[0].value["Dispositif"])[:2] == ["Pôle ESS", "TAg Révélateur"]
    form = [e for e in app.text_input if e.label == "Nom complet *"][-1]  # the "add" tab
    form.input("Fonds du pays")
    stages = [e for e in app.multiselect if e.label == "Étapes du projet *"][-1]
    stages.set_value(["idea"])
    carriers = [e for e in app.multiselect if e.label == "Porteurs admis *"][-1]
    carriers.set_value(["informal_group"])
    [e for e in app.checkbox if e.label == "Toutes les thématiques"][-1].check()
    _button(app, "Ajouter le dispositif").click()
    app.run()
    shown = texts(app)  # every problem at once
    assert "champ « opérateur » : vide ; ce champ est obligatoire" in shown
    assert "champ « offre » : liste vide ; indiquez au moins une valeur" in shown
    [e for e in app.text_input if e.label == "Opérateur (qui le porte) *"][-1].input("Le pays")
    [e for e in app.multiselect if e.label == "Offre"][-1].set_value(["funding"])
    _button(app, "Ajouter le dispositif").click()
    app.run()
    assert "Dispositif enregistré : « Fonds du pays »." in texts(app)
    assert "39 dispositifs sur 39." in texts(app)


def test_an_upload_is_imported_and_its_html_shown_as_plain_text(app_db):
    app = page_app("pages.schemes.render", _token(app_db)).run()
    record = {"id": 7, "name": "Cafés <b>de village</b>", "financers": ["Département"],
              "description": "<p>Aide <em>au café</em>.</p><script>alert('x')</script>",
              "perimeter": "Bretagne", "categories": ["Économie locale et circuits courts"]}
    app.file_uploader[0].set_value(("export.json", json.dumps([record]).encode(),
                                    "application/json"))
    app.run()
    _button(app, "Importer").click()
    app.run()
    shown = texts(app)
    assert "1 fiche lue : 1 importée(s)" in shown
    assert "la description contenait du code actif (<script>)" in shown.replace("\\", "")
    _field(app.selectbox, "Voir ou modifier un dispositif").set_value("at-7")
    app.run()
    assert "Aide au café." in [t.value for t in app.text]
    assert not any("<script" in str(t.value) or "<em>" in str(t.value) for t in app.text)


def test_a_mayor_reads_the_orientation_without_any_inhabitant_named(app_db, plounerin):
    with app_db.write() as s:
        orientation.save_project(s, SYSTEM, plounerin, stage="idea", carrier="informal_group")
        orientation.add_volunteer(s, SYSTEM, plounerin, name="Soizic Le Roux", consent=True)
        made = orientation.record_orientation(
            s, SYSTEM, plounerin, scheme_slug="1000-cafes", why="Plus aucun café au bourg",
            chosen_on=date(2019, 11, 21), override_reason="Témoins venus à la restitution")
        orientation.add_follow_up(s, SYSTEM, made.id, kind="contacted",
                                  happened_on=date(2019, 12, 2), note="Appel à Groupe SOS")
    app = logged_in_app(app_db, role="mayor", username="maire", communes=["22227"]).run()
    assert not app.exception
    shown = texts(app)
    assert "Orientation du projet" in shown
    assert "1 personne intéressée" in shown and "Soizic" not in shown
    assert "#### 1000 cafés" in shown
    assert "02/12/2019 — **Premier contact pris** : Appel à Groupe SOS" in shown
    assert not [b for b in app.button if b.label.startswith("Enregistrer")]
    assert not app.text_input and not app.text_area


def test_mayors_and_anonymous_visitors_cannot_open_the_staff_pages(app_db, plounerin):
    mayor = _token(app_db, role="mayor", username="maire", communes=["22227"])
    for path in ("pages.orientation.render", "pages.schemes.render"):
        app = page_app(path, mayor).run()
        assert "Accès réservé" in texts(app)
        with app_db.read() as s:
            assert s.scalar(select(Participation.phase).where(
                Participation.id == plounerin)) == "theme_chosen"
