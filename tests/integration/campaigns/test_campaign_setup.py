"""Creating and editing campaigns: pôles, scoping, and who may change what."""

from datetime import date

import pytest

from ruralites import campaigns, communes
from ruralites.auth import SYSTEM, Viewer
from ruralites.campaigns import (
    CampaignError,
    CampaignFields,
    CampaignNotFoundError,
    NotAllowedError,
)
from ruralites.campaigns import setup as campaign_setup
from ruralites.campaigns import views as campaign_views


@pytest.fixture
def poles(db):
    with db.write() as s:
        return {p.slug: p.id for p in (communes.ensure_pole(s, "adess", "ADESS Ouest-Côtes-d'Armor"),
                                       communes.ensure_pole(s, "morlaix", "Pôle ESS du pays de Morlaix"))}


def staff(pole_id=None):
    return Viewer(user_id=None, role="staff", display_name="Anim", pole_id=pole_id)


def _save(db, viewer, fields, slug=None):
    with db.write() as s:
        return campaign_setup.save_campaign(s, viewer, fields, slug=slug).slug


def test_two_poles_run_a_campaign_and_both_of_their_staff_see_it(db, poles):
    fields = CampaignFields(
        name="Ruralités en Trégor", pole_ids=(poles["adess"], poles["morlaix"]), funder="Région Bretagne",
        call_name="Appel inter-territorialités", description="Cinq communes.",
        starts_on=date(2019, 1, 7), ends_on=date(2020, 6, 30),
    )
    slug = _save(db, staff(poles["adess"]), fields)
    assert slug == "ruralites-en-tregor"
    for pole in poles.values():
        with db.read() as s:
            (found,) = campaign_views.list_campaigns(s, staff(pole))
        assert (found.name, found.funder, found.status_label, found.pole_names) == (
            "Ruralités en Trégor", "Région Bretagne", "En cours",
            ("ADESS Ouest-Côtes-d'Armor", "Pôle ESS du pays de Morlaix"))


def test_staff_of_another_pole_neither_see_nor_edit_the_campaign(db, poles):
    slug = _save(db, SYSTEM, CampaignFields(name="Nôtre", pole_ids=(poles["adess"],)))
    with db.write() as s:
        other = communes.ensure_pole(s, "autre", "Autre pôle").id
    with db.read() as s:
        assert campaign_views.list_campaigns(s, staff(other)) == []
    with pytest.raises(CampaignNotFoundError, match="Aucune démarche « notre »"):
        _save(db, staff(other), CampaignFields(name="Volée", pole_ids=(other,)), slug=slug)


def test_several_campaigns_run_at_once_and_the_running_ones_come_first(db, poles):
    _save(db, SYSTEM, CampaignFields(name="Ancienne", pole_ids=(poles["adess"],), status="closed"))
    _save(db, SYSTEM, CampaignFields(name="En préparation", pole_ids=(poles["adess"],), status="draft"))
    _save(db, SYSTEM, CampaignFields(name="Trégor 2025", pole_ids=(poles["adess"],)))
    with db.read() as s:
        assert [c.name for c in campaign_views.list_campaigns(s, SYSTEM)] == [
            "Trégor 2025", "En préparation", "Ancienne"]


def test_editing_changes_every_field_but_keeps_the_identifier(db, poles):
    slug = _save(db, SYSTEM, CampaignFields(name="Brouillon", pole_ids=(poles["adess"],), status="draft"))
    _save(db, SYSTEM, CampaignFields(
        name="Ruralités 2026", pole_ids=(poles["morlaix"],), new_poles=("Pôle ESS Centre-Bretagne",),
        funder="Fondation de France", ends_on=date(2027, 1, 1), status="active"), slug=slug)
    with db.read() as s:
        (c,) = campaign_views.list_campaigns(s, SYSTEM)
    assert (c.slug, c.name, c.funder, c.status) == ("brouillon", "Ruralités 2026", "Fondation de France", "active")
    assert c.pole_names == ("Pôle ESS Centre-Bretagne", "Pôle ESS du pays de Morlaix")


def test_two_campaigns_with_the_same_name_get_different_identifiers(db, poles):
    first = _save(db, SYSTEM, CampaignFields(name="Démarche", pole_ids=(poles["adess"],)))
    second = _save(db, SYSTEM, CampaignFields(name="Démarche", pole_ids=(poles["adess"],)))
    assert (first, second) == ("demarche", "demarche-2")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (CampaignFields(name="Sans pôle"), "au moins un pôle"),
        (CampaignFields(name="  ", pole_ids=(1,)), "Donnez un nom"),
        (CampaignFields(name="x" * 201, pole_ids=(1,)), "dépasse 200 caractères"),
        (CampaignFields(name="À l'envers", pole_ids=(1,), starts_on=date(2019, 6, 1), ends_on=date(2019, 1, 1)),
         "La date de fin précède"),
        (CampaignFields(name="Statut", pole_ids=(1,), status="archived"), "Statut de démarche inconnu"),
        (CampaignFields(name="Pôle fantôme", pole_ids=(999,)), "Pôle inconnu"),
    ],
)
def test_a_campaign_that_breaks_a_rule_is_refused_in_french(db, poles, fields, message):
    with pytest.raises(CampaignError, match=message):
        _save(db, SYSTEM, fields)


def test_staff_must_keep_their_own_pole_among_those_running_the_campaign(db, poles):
    with pytest.raises(CampaignError, match="Votre pôle doit rester"):
        _save(db, staff(poles["adess"]), CampaignFields(name="X", pole_ids=(poles["morlaix"],)))


def test_a_mayor_may_not_create_or_edit_a_campaign(db, poles):
    mayor = Viewer(user_id=None, role="mayor", commune_codes=frozenset({"22366"}))
    with pytest.raises(NotAllowedError, match="consulter"):
        _save(db, mayor, CampaignFields(name="X", pole_ids=(poles["adess"],)))


def test_a_mayor_sees_only_the_campaigns_their_commune_is_in(db, poles):
    with db.write() as s:
        ours = campaign_setup.save_campaign(s, SYSTEM, CampaignFields(name="Avec Trémel", pole_ids=(poles["adess"],)))
        campaigns.add_commune(s, ours, "22366")
        campaign_setup.save_campaign(s, SYSTEM, CampaignFields(name="Sans Trémel", pole_ids=(poles["adess"],)))
    mayor = Viewer(user_id=None, role="mayor", commune_codes=frozenset({"22366"}))
    with db.read() as s:
        assert [c.name for c in campaign_views.list_campaigns(s, mayor)] == ["Avec Trémel"]
