"""Every file that takes data out of the app, tried by every kind of visitor, as a table: the
domain function refuses exactly the roles that `ruralites.access` refuses, whoever calls it
(a page, the command line, or this test)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ruralites import access, demo, evenings, guide, migrate, offline, orientation, privacy
from ruralites.auth import SYSTEM, Viewer
from ruralites.db import Database, make_engine
from ruralites.demo import SLUG
from ruralites.errors import UserError
from ruralites.listening import import_export
from ruralites.models import Campaign, Evening, Participation, Pole, Registration

CODE = "22366"


@pytest.fixture(scope="module")
def exports_db(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('exports') / 'demo.sqlite3'}")
    migrate.upgrade(engine)
    db = Database(engine)
    demo.load(db)
    with db.read() as s:
        campaign = s.scalar(select(Campaign).where(Campaign.slug == SLUG))
        pid = s.scalar(select(Participation.id).where(Participation.campaign_id == campaign.id,
                                                      Participation.commune_code == CODE))
        pole_id = s.scalar(select(Pole.id).order_by(Pole.id))
        evening_id = s.scalar(select(Registration.evening_id).join(Evening)
                              .where(Evening.participation_id == pid).order_by(Registration.id))
        contact = s.scalar(select(Registration.contact).where(Registration.contact.is_not(None))
                           .order_by(Registration.id))
    yield db, {"pid": pid, "pole_id": pole_id, "evening_id": evening_id, "contact": contact}
    engine.dispose()


VIEWERS = {
    "admin": SYSTEM,
    "staff": None,  # made with the demo's pôle id
    "mayor": Viewer(user_id=None, role="mayor", display_name="Maire",
                    commune_codes=frozenset({CODE})),
    "token": Viewer(user_id=None, role="token"),
    "anonymous": Viewer(user_id=None, role="anonymous"),
}


def _in_session(make):
    """An export made inside a write transaction of its own (some record an audit entry)."""
    def run(db, viewer, ids):
        with db.write() as s:
            return make(s, viewer, ids)
    return run


# export (as `access.EXPORTS` names it) -> how to make it: (db, viewer, ids) -> what came out
EXPORTS = {
    "Réponses aux questionnaires (CSV, XLSX)":
        lambda db, v, ids: import_export.export_bytes(db, v, SLUG, CODE, "csv"),
    "Groupe des habitants intéressés (CSV, coordonnées)":
        _in_session(lambda s, v, ids: privacy.group_csv(s, v, ids["pid"])),
    "Données d'une personne (JSON, PDF)":
        _in_session(lambda s, v, ids: privacy.export(s, v, ids["contact"])),
    "Catalogue des témoins (CSV, coordonnées)":
        _in_session(lambda s, v, ids: evenings.export_csv(s, v)),
    "Feuille d'émargement d'une soirée (noms des inscrits)":
        _in_session(lambda s, v, ids: evenings.registrations_for(s, v, ids["evening_id"])),
    "Paquet de soirée ou de démarche (hors ligne)":
        _in_session(lambda s, v, ids: offline.export_bundle(s, v, SLUG)),
    "Fiche d'orientation (PDF)":
        _in_session(lambda s, v, ids: orientation.sheet_inputs(s, v, ids["pid"])),
    "Guide de capitalisation (PDF, DOCX)":
        lambda db, v, ids: guide.build(db, v, SLUG, fmt="docx", communes=[CODE],
                                       chapters=["communes"]),
    "Fiche commune (PDF, une page)":
        _in_session(lambda s, v, ids: guide.commune_summary(s, v, SLUG, CODE)),
}


def test_the_table_covers_every_export_the_matrix_names():
    assert set(EXPORTS) == set(access.EXPORTS)


@pytest.mark.parametrize("role", access.ROLES)
@pytest.mark.parametrize("export", sorted(access.EXPORTS))
def test_an_export_is_allowed_exactly_to_the_roles_the_matrix_allows(exports_db, export, role):
    db, ids = exports_db
    viewer = VIEWERS[role] or Viewer(user_id=None, role="staff", display_name="Anim",
                                     pole_id=ids["pole_id"])
    allowed = access.allows(role, access.EXPORTS[export])
    if allowed:
        assert EXPORTS[export](db, viewer, ids)  # something real came out
    else:
        with pytest.raises(UserError) as refused:  # AccessDenied, or a plainer refusal
            EXPORTS[export](db, viewer, ids)
        assert "Seul·es les" in str(refused.value) or isinstance(refused.value,
                                                                   access.AccessDenied)


def test_the_command_line_runs_as_an_administrator_and_each_command_names_its_action():
    assert access.CLI_ROLE == "admin"
    assert all(access.allows(access.CLI_ROLE, action) for action in access.COMMANDS.values())
