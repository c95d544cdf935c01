"""Kiosk links: made by staff of the commune's campaign only, opened by their token alone,
refused once revoked or expired, with a French message for the person holding the tablet."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from ruralites import auth, campaigns, communes, phases
from ruralites.auth import SYSTEM
from ruralites.listening import kiosk
from ruralites.listening.kiosk import LinkError
from ruralites.models import KioskLink, Participation

PASSWORD = "un-mot-de-passe-solide"
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def validated(db):
    """Trémel validated by its council in a campaign of pôle A; Plufur in pôle B's campaign."""
    with db.write() as s:
        pole_a = communes.ensure_pole(s, "pole-a", "Pôle A")
        pole_b = communes.ensure_pole(s, "pole-b", "Pôle B")
        mine = campaigns.create_campaign(s, name="Démarche A", poles=[pole_a])
        other = campaigns.create_campaign(s, name="Démarche B", poles=[pole_b])
        tremel = campaigns.add_commune(s, mine, "22366")
        plufur = campaigns.add_commune(s, other, "22238")
        for p in (tremel, plufur):
            campaigns.move(s, p, "volunteered")
            campaigns.move(s, p, "validated")
        auth.create_user(s, username="anne", display_name="Anne", password=PASSWORD,
                         role="staff", pole_id=pole_a.id)
        auth.create_user(s, username="maire", display_name="Maire", password=PASSWORD,
                         role="mayor", commune_codes=["22366"])
        ids = {"tremel": tremel.id, "plufur": plufur.id}
    viewers = {name: auth.login(db, name, PASSWORD).viewer for name in ("anne", "maire")}
    return ids, viewers


def _link(db, viewer, participation_id, **options):
    with db.write() as s:
        return kiosk.create_link(s, viewer, participation_id=participation_id,
                                 survey_slug="ecoute-habitants", **options)


def test_a_link_opens_its_commune_and_questionnaire_and_stores_only_the_tokens_hash(db, validated):
    ids, viewers = validated
    token = _link(db, viewers["anne"], ids["tremel"], pin="2468")
    with db.read() as s:
        context = kiosk.resolve(s, token)
        stored = s.scalars(select(KioskLink.token_hash)).all()
    assert (context.commune_name, context.survey_slug, context.has_pin) == (
        "Trémel", "ecoute-habitants", True)
    assert token not in stored and len(stored) == 1


@pytest.mark.parametrize(("who", "commune", "message"), [
    # staff of another pôle: the commune is outside their campaigns
    ("anne", "plufur", "ne fait partie d'aucune démarche que vous suivez"),
    # a mayor reads their commune, but never hands out links
    ("maire", "tremel", "Seul·es les animateur·rices"),
])
def test_only_staff_of_the_communes_campaign_make_see_or_revoke_its_links(
    db, validated, who, commune, message
):
    ids, viewers = validated
    viewer = viewers[who]
    with pytest.raises(campaigns.CampaignError, match=message):
        _link(db, viewer, ids[commune])
    token = _link(db, SYSTEM, ids[commune])
    with db.read() as s:
        link_id = kiosk.resolve(s, token).link_id
    with pytest.raises(campaigns.CampaignError, match=message), db.read() as s:
        kiosk.links_for(s, viewer, ids[commune])
    with pytest.raises(campaigns.CampaignError, match=message), db.write() as s:
        kiosk.revoke(s, viewer, link_id)
    with db.read() as s:
        assert kiosk.resolve(s, token).commune_code in ("22366", "22238")  # still open


def test_a_revoked_link_is_refused_with_a_french_message_and_listed_as_closed(db, validated):
    ids, viewers = validated
    token = _link(db, viewers["anne"], ids["tremel"])
    with db.read() as s:
        link_id = kiosk.resolve(s, token).link_id
    with db.write() as s:
        kiosk.revoke(s, viewers["anne"], link_id)
    with pytest.raises(LinkError, match="désactivé par l'équipe d'animation"), db.read() as s:
        kiosk.resolve(s, token)
    with db.read() as s:
        [row] = kiosk.links_for(s, viewers["anne"], ids["tremel"])
    assert row.revoked_at is not None and not row.is_open()


def test_a_link_expires_after_the_days_staff_chose(db, validated):
    ids, viewers = validated
    token = _link(db, viewers["anne"], ids["tremel"], valid_days=1, now=NOON)
    with db.read() as s:
        assert kiosk.resolve(s, token, now=NOON + timedelta(hours=23)).commune_name == "Trémel"
        with pytest.raises(LinkError, match="Ce lien a expiré"):
            kiosk.resolve(s, token, now=NOON + timedelta(days=1))
        [row] = kiosk.links_for(s, viewers["anne"], ids["tremel"])
    assert row.expires_at == NOON + timedelta(days=1)
    assert row.is_open(NOON) and not row.is_open(NOON + timedelta(days=2))


@pytest.mark.parametrize("days", [0, -3, 400])
def test_a_validity_outside_one_day_to_a_year_is_refused(db, validated, days):
    ids, viewers = validated
    with pytest.raises(LinkError, match="Durée de validité : de 1 à 366 jours"):
        _link(db, viewers["anne"], ids["tremel"], valid_days=days)


def test_a_link_needs_the_councils_validation_and_closes_with_the_participation(db, validated):
    ids, viewers = validated
    with db.write() as s:
        campaign = campaigns.campaign_for(s, SYSTEM, "demarche-a")
        waiting = campaigns.add_commune(s, campaign, "29014").id
    with pytest.raises(phases.PhaseError, match="Validée par le conseil"):
        _link(db, viewers["anne"], waiting)
    token = _link(db, viewers["anne"], ids["tremel"])
    with db.write() as s:
        campaigns.withdraw(s, s.get(Participation, ids["tremel"]), "La commune arrête")
    with pytest.raises(LinkError, match="close"), db.read() as s:
        kiosk.resolve(s, token)


def test_a_made_up_token_is_refused_without_saying_more(db, validated):
    with pytest.raises(LinkError, match="Ce lien n'est pas valide"), db.read() as s:
        kiosk.resolve(s, "nimportequoi")


def test_the_tablet_and_phone_addresses_carry_the_token_and_the_channel_is_read_back(validated):
    tablet = kiosk.link_url("abc", tablet=True, base_url="http://10.0.0.2:8501/")
    phone = kiosk.link_url("abc", base_url="http://10.0.0.2:8501")
    assert (tablet, phone) == ("http://10.0.0.2:8501/?k=abc&mode=tablette",
                               "http://10.0.0.2:8501/?k=abc")
    assert (kiosk.channel("tablette"), kiosk.channel(None), kiosk.channel("autre")) == (
        "tablet", "online", "online")
