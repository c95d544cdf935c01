"""Ideas and themes on a real database: the catalogue, typing in ideas, tagging with
suggestions, merging, counts per theme, and who may see or change what."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from ruralites import campaigns, communes, ideas, phases
from ruralites.auth import SYSTEM
from ruralites.ideas import IdeaError
from ruralites.models import Idea, Theme
from tests.integration.restitution_setup import (
    IDEAS,
    listening_commune,
    mayor_of,
    staff_of_other_pole,
)


@pytest.fixture
def setup(db):
    return listening_commune(db)


def _rows(db, pid, **kw):
    with db.read() as s:
        return ideas.list_ideas(s, SYSTEM, pid, **kw)


def _by_text(db, pid, text):
    return next(r for r in _rows(db, pid, include_merged=True) if r.text == text)


# ---- the catalogue ---------------------------------------------------------------------------


def test_the_upgrade_loads_the_catalogue_once_and_it_holds_the_themes_the_issue_names(db):
    with db.read() as s:  # `db` is a freshly upgraded database
        labels = set(s.scalars(select(Theme.label).where(Theme.campaign_id.is_(None))))
    with db.write() as s:
        again = ideas.ensure_catalogue(s)
    assert len(labels) == len(ideas.catalogue()) and again == 0
    for label in ("Lieu de rencontre", "Commerce, café", "Jardin partagé", "Paysage et patrimoine",
                  "Chemins et randonnée", "Mobilité", "Enfance et jeunesse", "Aînés", "Logement",
                  "Alimentation locale", "Énergie", "Services"):
        assert label in labels


def test_a_changed_catalogue_entry_is_updated_not_duplicated(db):
    with db.write() as s:
        s.scalar(select(Theme).where(Theme.slug == "mobilite")).label = "Ancien nom"
    with db.write() as s:
        assert ideas.ensure_catalogue(s) == 1
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Theme).where(Theme.slug == "mobilite")) == 1
        assert s.scalar(select(Theme.label).where(Theme.slug == "mobilite")) == "Mobilité"


@pytest.mark.parametrize(("text", "message"), [
    ("themes: []", "liste « themes: » non vide"),  # nothing in it
    ("themes:\n  - slug: Pas Bon\n    label: X", "thème n° 1 : slug invalide « Pas Bon »"),
    ("themes:\n  - slug: ok\n    label: ''", "(ok) : label manquant"),
    ("themes:\n  - slug: ok\n    label: A\n    keywords: mot", "keywords doit être une liste"),
    ("themes:\n  - {slug: a, label: A}\n  - {slug: a, label: B}", "slug en double"),
    ("themes: [", "YAML invalide"),
])
def test_a_broken_catalogue_is_refused_saying_where(text, message):
    with pytest.raises(IdeaError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ideas.parse_catalogue(text, "themes.yaml")


# ---- ideas -----------------------------------------------------------------------------------


def test_staff_type_in_an_idea_with_its_source_stored_verbatim(db, setup):
    text = "<b>Un café</b> & =SOMME(A1) **gras** 🎲"
    with db.write() as s:
        row = ideas.add_idea(s, SYSTEM, setup.participation_id, text, "idea_box",
                             theme_ids=[setup.themes["commerce-cafe"]])
    with db.read() as s:
        stored = s.get(Idea, row.id)
        assert (stored.text, stored.source) == (text, "idea_box")
        assert [t.slug for t in stored.themes] == ["commerce-cafe"]
    assert row.source_label == "Boîte à idées"


@pytest.mark.parametrize(("text", "source", "message"), [
    ("   ", "postit", "L'idée est vide"),
    ("x" * 2001, "postit", "2000 caractères au plus"),
    ("Une idée", "answer", "Source inconnue « answer »"),  # answers come from questionnaires
    ("Une idée", "sms", "Source inconnue « sms »"),
])
def test_a_bad_idea_is_refused_with_a_french_message(db, setup, text, source, message):
    with db.write() as s, pytest.raises(IdeaError, match=message):
        ideas.add_idea(s, SYSTEM, setup.participation_id, text, source)


def test_the_same_entry_form_sent_twice_stores_one_idea(db, setup):
    form = uuid.uuid4()
    for _ in range(2):
        with db.write() as s:
            ideas.add_idea(s, SYSTEM, setup.participation_id, "Un four à pain", "postit",
                           idea_id=form)
    assert sum(r.text == "Un four à pain" for r in _rows(db, setup.participation_id)) == 1


def test_ideas_wait_for_the_council_validation(db, setup):
    with db.write() as s:
        pole = communes.ensure_pole(s, "adess", "ADESS")
        campaign = campaigns.create_campaign(s, name="Autre", poles=[pole])
        pid = campaigns.add_commune(s, campaign, "22227").id
    with db.write() as s, pytest.raises(phases.PhaseGateError, match="saisir des idées"):
        ideas.add_idea(s, SYSTEM, pid, "Une épicerie", "postit")


def test_a_mayor_reads_only_their_commune_and_changes_nothing(db, setup):
    mayor = mayor_of(db, "22366")
    stranger = mayor_of(db, "22238", username="maire.plufur")
    with db.read() as s:
        assert len(ideas.list_ideas(s, mayor, setup.participation_id)) == len(_rows(db, setup.participation_id))
        with pytest.raises(campaigns.CampaignNotFoundError):
            ideas.list_ideas(s, stranger, setup.participation_id)
    with db.write() as s, pytest.raises(campaigns.NotAllowedError):
        ideas.add_idea(s, mayor, setup.participation_id, "Une idée", "postit")


def test_staff_of_another_pole_do_not_reach_the_commune(db, setup):
    other = staff_of_other_pole(db)
    with db.read() as s, pytest.raises(campaigns.CampaignNotFoundError):
        ideas.list_ideas(s, other, setup.participation_id)


def test_search_ignores_accents_and_case(db, setup):
    found = _rows(db, setup.participation_id, search="JARDIN PARTAGÉ")
    assert len(found) == 2


# ---- tagging ---------------------------------------------------------------------------------


def test_suggestions_tag_only_the_untagged_ideas(db, setup):
    pid = setup.participation_id
    cafe = _by_text(db, pid, "Un café pour se retrouver le matin")
    with db.write() as s:
        ideas.tag(s, SYSTEM, pid, [cafe.id], [setup.themes["aines"]])
        tagged = ideas.apply_suggestions(s, SYSTEM, pid)
    assert tagged == 4  # "Le calme" has no keyword; the café already had a theme
    assert _by_text(db, pid, "Un café pour se retrouver le matin").theme_labels == ("Aînés",)
    garden = _by_text(db, pid, "Un JARDIN PARTAGE près de l'école !")
    assert set(garden.theme_labels) == {"Jardin partagé", "Enfance et jeunesse"}
    assert _by_text(db, pid, "Le calme").theme_ids == ()


def test_bulk_tagging_adds_and_replace_sets_exactly(db, setup):
    pid = setup.participation_id
    ids = [r.id for r in _rows(db, pid, search="café")]
    with db.write() as s:
        assert ideas.tag(s, SYSTEM, pid, ids, [setup.themes["commerce-cafe"],
                                               setup.themes["lieu-de-rencontre"]]) == 2
        assert ideas.tag(s, SYSTEM, pid, ids, [setup.themes["commerce-cafe"]]) == 0  # already
        assert ideas.tag(s, SYSTEM, pid, ids[:1], [setup.themes["culture"]], replace=True) == 1
        assert ideas.untag(s, SYSTEM, pid, ids, [setup.themes["lieu-de-rencontre"]]) == 1
    assert _by_text(db, pid, "Un café associatif pour se retrouver").theme_labels == ("Culture et animations",)
    assert _by_text(db, pid, "Un café pour se retrouver le matin").theme_labels == ("Commerce, café",)


def test_a_theme_of_another_campaign_or_an_idea_of_another_commune_is_refused(db, setup):
    pid = setup.participation_id
    with db.write() as s:
        other = campaigns.create_campaign(s, name="Autre démarche",
                                          poles=[communes.ensure_pole(s, "x", "X")])
        foreign = ideas.add_theme(s, SYSTEM, other.id, "Four à pain")
    [idea] = _rows(db, pid, search="calme")
    with db.write() as s, pytest.raises(IdeaError, match="Thème inconnu pour cette démarche"):
        ideas.tag(s, SYSTEM, pid, [idea.id], [foreign.id])
    with db.write() as s, pytest.raises(IdeaError, match="Idée introuvable pour cette commune"):
        ideas.tag(s, SYSTEM, setup.other_participation_id, [idea.id], [setup.themes["culture"]])


def test_a_campaign_theme_is_offered_to_its_communes_only_and_never_twice(db, setup):
    with db.write() as s:
        row = ideas.add_theme(s, SYSTEM, setup.campaign_id, "Lavoirs et fontaines",
                              description="Le petit patrimoine de l'eau",
                              keywords=["lavoir", " fontaine ", ""])
    assert (row.slug, row.keywords, row.is_catalogue) == ("lavoirs-et-fontaines",
                                                          ("lavoir", "fontaine"), False)
    with db.read() as s:
        labels = [t.label for t in ideas.themes_for(s, SYSTEM, setup.participation_id)]
    assert "Lavoirs et fontaines" in labels
    with db.write() as s, pytest.raises(IdeaError, match="« Jardin partagé » existe déjà"):
        ideas.add_theme(s, SYSTEM, setup.campaign_id, "jardin PARTAGE")
    mayor = mayor_of(db, "22366")
    with db.write() as s, pytest.raises(campaigns.NotAllowedError):
        ideas.add_theme(s, mayor, setup.campaign_id, "Un thème")


# ---- merging and counting --------------------------------------------------------------------


def test_merged_ideas_count_once_and_keep_every_theme(db, setup):
    pid = setup.participation_id
    first = _by_text(db, pid, "Un jardin partagé près de l'école")
    second = _by_text(db, pid, "Un JARDIN PARTAGE près de l'école !")
    with db.write() as s:
        ideas.tag(s, SYSTEM, pid, [second.id], [setup.themes["enfance-jeunesse"]])
        kept = ideas.merge(s, SYSTEM, pid, first.id, [second.id])
    assert kept.mentions == 2 and kept.theme_labels == ("Enfance et jeunesse",)
    with db.read() as s:
        found = ideas.summary(s, SYSTEM, pid)
    assert found.ideas == len(IDEAS) - 1 and found.mentions == len(IDEAS)
    [children] = [c for c in found.by_theme if c.label == "Enfance et jeunesse"]
    assert (children.ideas, children.mentions) == (1, 2)
    assert children.examples == ["Un jardin partagé près de l'école"]
    with db.write() as s:
        ideas.unmerge(s, SYSTEM, pid, second.id)
    with db.read() as s:
        assert ideas.summary(s, SYSTEM, pid).ideas == len(IDEAS)


def test_ideas_merged_into_a_duplicate_follow_it(db, setup):
    pid = setup.participation_id
    a, b, c = (_by_text(db, pid, t).id for t in (
        "Un café associatif pour se retrouver", "Un café pour se retrouver le matin", "Le calme"))
    with db.write() as s:
        ideas.merge(s, SYSTEM, pid, b, [c])
        ideas.merge(s, SYSTEM, pid, a, [b])
    assert _by_text(db, pid, "Le calme").merged_into_id == a
    assert _by_text(db, pid, "Un café associatif pour se retrouver").mentions == 3
    with db.write() as s, pytest.raises(IdeaError, match="est elle-même fusionnée"):
        ideas.merge(s, SYSTEM, pid, b, [a])


def test_identical_ideas_are_merged_in_one_go(db, setup):
    with db.write() as s:
        assert ideas.merge_identical(s, SYSTEM, setup.participation_id) == 1
        assert ideas.merge_identical(s, SYSTEM, setup.participation_id) == 0
    assert len(_rows(db, setup.participation_id)) == len(IDEAS) - 1


def test_near_duplicates_are_offered_most_alike_first(db, setup):
    pairs = ideas.near_duplicates(_rows(db, setup.participation_id))
    assert {pairs[0].first.text, pairs[0].second.text} == {
        "Un jardin partagé près de l'école", "Un JARDIN PARTAGE près de l'école !"}
    assert pairs[0].similarity == 1.0


def test_the_word_cloud_reads_each_merged_group_once(db, setup):
    with db.write() as s:
        ideas.merge_identical(s, SYSTEM, setup.participation_id)
    with db.read() as s:
        texts = ideas.cloud_texts(s, SYSTEM, setup.participation_id)
    assert len(texts) == len(IDEAS) - 1 and "Le calme" in texts

