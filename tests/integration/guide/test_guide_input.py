"""The guide faced with bad input: a commune never past phase 1, a commune with no responses,
a 20,000-character section, text with emoji and markup, testimonies without consent. On
SQLite and PostgreSQL (the `db` fixture)."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from ruralites import campaigns, guide
from ruralites.auth import SYSTEM
from ruralites.models import Campaign
from tests.integration.restitution_setup import listening_commune, mayor_of


def _slug(db, campaign_id: int) -> str:
    with db.read() as s:
        return s.get(Campaign, campaign_id).slug


def _text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def test_commune_never_past_phase_one_gets_a_short_chapter_and_no_fiche(db):
    setup = listening_commune(db)
    slug = _slug(db, setup.campaign_id)
    text = _text(guide.build(db, SYSTEM, slug, communes=["22238"], chapters=["communes"]))
    assert "Plufur (22238)" in text
    assert "Plufur en est à l'étape « Validée par le conseil »" in text
    assert "premières réponses au questionnaire attendues" in text
    assert "Le vote" not in text
    with db.read() as s, pytest.raises(guide.GuideError, match="La fiche de Plufur sera "
                                                                  "disponible"):
        guide.commune_summary(s, SYSTEM, slug, "22238")


def test_commune_that_stopped_says_where_and_why(db):
    setup = listening_commune(db)
    slug = _slug(db, setup.campaign_id)
    with db.write() as s:
        p = campaigns.participation_for(s, SYSTEM, setup.other_participation_id)
        campaigns.withdraw(s, p, "Nouveau conseil municipal après les élections")
    text = _text(guide.build(db, SYSTEM, slug, communes=["22238"], chapters=["communes"]))
    assert ("Plufur s'est arrêtée à l'étape « Validée par le conseil ». Pourquoi : Nouveau "
            "conseil municipal après les élections") in text


def test_commune_with_no_responses_prints_zero_and_its_ideas(db):
    setup = listening_commune(db)
    slug = _slug(db, setup.campaign_id)
    text = _text(guide.build(db, SYSTEM, slug, communes=["22366"]))
    assert "Aucune réponse au questionnaire pour l'instant." in text
    assert "6 idées recueillie(s)" in text
    with db.read() as s:
        summary = guide.commune_summary(s, mayor_of(db, "22366"), slug, "22366")
    fiche = _text(guide.render_summary_pdf(summary))
    assert "Aucun·e habitant·e n'a encore répondu au questionnaire ; idées recueillies : 6." \
        in fiche
    assert "Pas encore de vote." in fiche


def test_a_20000_character_section_prints_whole_and_one_more_is_refused(db):
    setup = listening_commune(db)
    slug = _slug(db, setup.campaign_id)
    words = ("Une phrase du bilan & <rien> de plus. " * 600)[:guide.SECTION_LIMIT - 5] + " FIN."
    with db.write() as s:
        guide.save_section(s, SYSTEM, slug, "worked", words)
    with db.write() as s, pytest.raises(guide.GuideError, match="20\u202f000 caractères au plus"):
        guide.save_section(s, SYSTEM, slug, "worked", words + "x")
    with db.read() as s:
        assert guide.sections(s, SYSTEM, slug)["worked"] == words  # the draft is kept
    data = guide.build(db, SYSTEM, slug, chapters=["synthesis"])
    text = _text(data)
    assert text.count("Une phrase du bilan & <rien> de plus.") >= 500
    assert "FIN." in text
    assert len(PdfReader(io.BytesIO(data)).pages) >= 6


def test_markup_formulas_and_emoji_in_a_commune_text_print_as_typed(db):
    setup = listening_commune(db)
    slug = _slug(db, setup.campaign_id)
    typed = "=cmd()|' <b>pas gras</b> <img src=/etc/passwd> & 🎉 👨‍👩‍👧 fin"
    with db.write() as s:
        guide.save_section(s, SYSTEM, slug, guide.next_key("22366"), typed)
    text = _text(guide.build(db, SYSTEM, slug, communes=["22366"], chapters=["communes"]))
    assert "=cmd()|' <b>pas gras</b> <img src=/etc/passwd> & [fête] [émoji] fin" in text


@pytest.mark.parametrize(("fields", "message"), [
    ({"consent_on": None}, "accord de son auteur"),  # no date of consent
    ({"consent_how": "  "}, "accord de son auteur"),  # no way it was given
    ({"quote": ""}, "Le témoignage est vide"),
    ({"author": ""}, "comment l'auteur·rice accepte d'être nommé·e"),
    ({"consent_on": date(2999, 1, 1)}, "dans le futur"),
])
def test_a_testimony_needs_its_authors_consent(db, fields, message):
    setup = listening_commune(db)
    slug = _slug(db, setup.campaign_id)
    values = {"quote": "Une belle soirée", "author": "Jean", "consent_on": date(2019, 5, 1),
              "consent_how": "oral"} | fields
    with db.write() as s, pytest.raises(guide.GuideError, match=message):
        guide.add_testimony(s, SYSTEM, slug, **values)


def test_mayors_do_not_write_the_guide(db):
    setup = listening_commune(db)
    slug = _slug(db, setup.campaign_id)
    mayor = mayor_of(db, "22366")
    with db.write() as s, pytest.raises(campaigns.CampaignError):
        guide.save_section(s, mayor, slug, "advice", "Texte")


def test_unknown_section_and_format_are_refused_in_french(db):
    setup = listening_commune(db)
    slug = _slug(db, setup.campaign_id)
    with db.write() as s, pytest.raises(guide.GuideError, match="Section du guide inconnue"):
        guide.save_section(s, SYSTEM, slug, "../etc", "Texte")
    with pytest.raises(guide.GuideError, match="Format inconnu"):
        guide.build(db, SYSTEM, slug, fmt="odt")
