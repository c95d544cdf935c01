"""Demo orientation: after its inspiring evening, each commune of *Ruralités en Trégor* describes
its project, gathers a group of interested inhabitants and is oriented to the schemes that fit
its theme, with some follow-up over the months after:

- Plounérin (no café left): pôle ESS, TAg idéateur, Bouge ton coQ, 1000 cafés, then France
  Active Bretagne for the premises once the association exists;
- Botsorhel: pôle ESS and Vert le Jardin for a shared garden;
- Trémel: pôle ESS, the CAF's « espace de vie sociale » and the TAg incubator for an
  intergenerational meeting place;
- Saint-Michel-en-Grève: pôle ESS, Breizh Bocage and LEADER for landscape works;
- Plufur: pôle ESS, the Département's PDIPR and BRUDED for hiking trails.

People, dates and outcomes are invented (names, addresses on example.org, telephone numbers in
the range ARCEP reserves for fiction). The inspiring evenings themselves belong to the evenings
demo: a commune still at `theme_chosen` when this runs is moved to `inspiring` here, with a
reason saying so; one already there is left as it is. Idempotent: every id derives from the
commune, and each step checks what is already stored.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import campaigns, fr, orientation
from ruralites.auth import SYSTEM
from ruralites.models import Campaign, Participation, SupportScheme, Volunteer
from ruralites.models import Orientation as ChosenRow
from ruralites.text import fold

NAMESPACE = uuid.UUID("1c5f7e0a-3b9d-4e61-8a2f-7d4c6b9e1f30")
TODAY = date(2021, 12, 31)  # the demo's "today" for its date checks


@dataclass(frozen=True)
class Chosen:
    slug: str
    why: str
    on: date
    steps: tuple[tuple[str, date, str], ...] = ()  # kind, day, note


@dataclass(frozen=True)
class DemoOrientation:
    code_insee: str
    evening: date  # the inspiring evening, if the evenings demo has not held it
    summary: str
    stage: str
    carrier: str
    employer: bool
    group: tuple[tuple[str, str, str], ...]  # name, telephone, what they would do
    chosen: tuple[Chosen, ...]


DEMO = (
    DemoOrientation(
        "22227", date(2019, 11, 14),
        "Un commerce multi-activités au bourg : épicerie, dépôt de pain, café et relais colis",
        "idea", "informal_group", False,
        (("Soizic Le Roux", "02 61 91 10 01", "Tenir l'épicerie deux heures par semaine"),
         ("Jean-Yves Prigent", "02 61 91 10 02", "Bricoler l'aménagement du local"),
         ("Maëlle Cozic", "02 61 91 10 03", "Trouver des producteurs des fermes voisines"),
         ("Bernard Le Guen", "", "Tenir le café le dimanche matin"),
         ("Nolwenn Tanguy", "02 61 91 10 05", "Les comptes et les dossiers"),
         ("Patrick Morvan", "", "Livrer les anciens qui ne conduisent plus"),
         ("Annaïg Le Bras", "02 61 91 10 07", "Animer des soirées jeux")),
        (Chosen("pole-ess", "Premier accueil du groupe et appui à la démarche", date(2019, 11, 21),
                (("contacted", date(2019, 11, 28), "Rendez-vous pris avec l'animatrice de l'ADESS"),
                 ("first_meeting", date(2019, 12, 10), "Réunion à la mairie : 9 habitants, 2 élus"))),
         Chosen("tag-ideateur", "Passer de l'idée au projet : besoins, modèle économique, "
                "porteur", date(2019, 11, 21),
                (("contacted", date(2019, 12, 12), "Présentation du parcours idéateur au groupe"),
                 ("support_granted", date(2020, 2, 3), "Entrée dans le parcours (deux mois)"))),
         Chosen("bouge-ton-coq", "Une épicerie participative tenue par des bénévoles dans un "
                "local communal", date(2019, 11, 21),
                (("contacted", date(2020, 1, 20), "Enquête citoyenne proposée aux habitants"),
                 ("first_meeting", date(2020, 2, 18), "Visite de l'épicerie de Guern (56)"))),
         Chosen("1000-cafes", "Plus aucun café au bourg : le maire peut candidater", date(2019, 11, 21),
                (("contacted", date(2019, 12, 2), "Échange du maire avec Groupe SOS"),
                 ("application_filed", date(2020, 3, 5), "Candidature du maire ; l'ancien "
                  "bar-tabac est identifié comme local"))),
         Chosen("france-active-bretagne", "Financer l'aménagement du local quand l'association "
                "de préfiguration sera créée", date(2020, 3, 10),
                (("contacted", date(2020, 3, 20), "Premier échange sur un prêt d'honneur"),))),
    ),
    DemoOrientation(
        "29014", date(2019, 11, 29),
        "Un jardin partagé près de l'école, avec un compost collectif", "idea", "informal_group",
        False,
        (("Gaëlle Quéré", "02 61 91 20 01", "Coordonner les parcelles"),
         ("Hervé Abgrall", "", "Prêter des outils et la motoculteuse"),
         ("Katell Le Saout", "02 61 91 20 03", "Ateliers avec les enfants de l'école"),
         ("Mikael Guéguen", "02 61 91 20 04", "Le compost collectif"),
         ("Odile Bescond", "", "Une grainothèque à la mairie")),
        (Chosen("pole-ess", "Premier accueil du groupe par le pôle ESS du pays de Morlaix",
                date(2019, 12, 5), (("first_meeting", date(2019, 12, 16), "Réunion du groupe"),)),
         Chosen("vert-le-jardin", "Créer et animer le jardin : règlement, parcelles, compost",
                date(2019, 12, 5),
                (("contacted", date(2019, 12, 16), "Appel à l'association"),
                 ("first_meeting", date(2020, 1, 22), "Visite du terrain derrière l'école"),
                 ("project_launched", date(2020, 4, 25), "Premières plantations avec l'école"))),
         ),
    ),
    DemoOrientation(
        "22366", date(2019, 11, 28),
        "Un lieu de rencontre intergénérationnel ouvert toute l'année, porté par une association",
        "structuring", "association", False,
        (("Yolande Le Calvez", "02 61 91 30 01", "Présider l'association"),
         ("Thomas Riou", "02 61 91 30 02", "Ateliers numériques avec les jeunes"),
         ("Marie-Thérèse Lozac'h", "", "Les après-midi jeux des anciens"),
         ("Lénaïg Hamon", "02 61 91 30 04", "Les samedis des familles"),
         ("Ronan Le Fur", "", "Les travaux de la salle"),
         ("Jacqueline Corre", "02 61 91 30 06", "Le café-tricot")),
        (Chosen("pole-ess", "Premier accueil et appui à l'association", date(2019, 12, 4),
                (("first_meeting", date(2019, 12, 9), "Statuts de l'association relus ensemble"),)),
         Chosen("caf-espace-de-vie-sociale", "Financer une partie du fonctionnement avec un "
                "projet social écrit avec la CAF", date(2019, 12, 4),
                (("contacted", date(2019, 12, 9), "Appel à la conseillère de la CAF"),
                 ("first_meeting", date(2020, 1, 16), "Diagnostic partagé du projet social"),
                 ("application_filed", date(2020, 5, 29), "Demande d'agrément déposée"),
                 ("support_granted", date(2020, 10, 6), "Agrément « espace de vie sociale » "
                  "pour deux ans"))),
         Chosen("tag-incubateur", "Douze à dix-huit mois d'incubation pour le lieu "
                "multi-activités", date(2019, 12, 4),
                (("application_filed", date(2020, 1, 31), "Candidature à la promotion 2020"),
                 ("support_refused", date(2020, 3, 12), "Promotion complète : candidature à "
                  "représenter l'an prochain"))),
         ),
    ),
    DemoOrientation(
        "22319", date(2019, 11, 21),
        "Des travaux paysagers : haies le long de la route de la côte, entrée du bourg, "
        "belvédère sur la Lieue de Grève", "creation", "commune", False,
        (("Alain Le Moal", "02 61 91 40 01", "Chantiers de plantation"),
         ("Sylvie Kerambrun", "", "Le fleurissement de l'entrée du bourg"),
         ("Goulven Le Lay", "02 61 91 40 03", "Photographier la baie avant et après"),
         ("Hélène Briand", "02 61 91 40 04", "Lien avec l'école")),
        (Chosen("pole-ess", "Premier accueil et lien avec l'intercommunalité", date(2019, 11, 27)),
         Chosen("breizh-bocage", "Haies et talus le long de la route de la côte",
                date(2019, 11, 27),
                (("contacted", date(2019, 12, 3), "Technicien bocage de Lannion-Trégor "
                  "Communauté"),
                 ("application_filed", date(2020, 2, 20), "Linéaire de 420 m proposé"),
                 ("support_granted", date(2020, 6, 30), "Plantation financée"),
                 ("project_launched", date(2020, 11, 21), "Chantier de plantation avec l'école "
                  "et les habitants"))),
         Chosen("leader", "Cofinancer le belvédère sur la Lieue de Grève", date(2019, 11, 27),
                (("contacted", date(2020, 1, 15), "Échange avec l'animatrice du GAL"),
                 ("abandoned", date(2020, 5, 12), "Cofinancement et avance de trésorerie hors de "
                  "portée du budget communal cette année : belvédère reporté"))),
         ),
    ),
    DemoOrientation(
        "22238", date(2019, 10, 17),
        "Des circuits de randonnée balisés reliant les chapelles, les moulins et le bourg",
        "structuring", "commune", False,
        (("Loïc Le Bourdonnec", "02 61 91 50 01", "Baliser et entretenir les chemins creux"),
         ("Françoise Geffroy", "", "Écrire l'histoire des chapelles pour les panneaux"),
         ("Pierre-Yves Le Men", "02 61 91 50 03", "Les chantiers de bénévoles"),
         ("Anne Jégou", "02 61 91 50 04", "La carte des balades")),
        (Chosen("pole-ess", "Premier accueil et mise en lien avec d'autres communes",
                date(2019, 10, 24)),
         Chosen("pdipr-cotes-darmor", "Inscrire les circuits au plan départemental après "
                "délibération du conseil", date(2019, 10, 24),
                (("contacted", date(2019, 11, 18), "Service randonnée du Département"),
                 ("application_filed", date(2020, 2, 7), "Délibération et tracés transmis"),
                 ("project_launched", date(2020, 9, 19), "Premier circuit balisé (9 km) "
                  "inauguré aux Journées du patrimoine"))),
         Chosen("bruded", "Échanger avec des communes qui ont fait des chantiers participatifs",
                date(2019, 10, 24),
                (("first_meeting", date(2020, 1, 25), "Visite des chantiers de Trémargat"),)),
         ),
    ),
)


def _id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts))


def _evening_end(day: date) -> datetime:
    return datetime.combine(day, time(22, 0), tzinfo=fr.PARIS).astimezone(UTC)


def load_orientation(session: Session, campaign: Campaign) -> bool:
    """Project, group, orientations and follow-up for each demo commune that has chosen its
    theme. Returns True if anything was added."""
    changed = False
    for spec in DEMO:
        participation = session.scalar(select(Participation).where(
            Participation.campaign_id == campaign.id,
            Participation.commune_code == spec.code_insee))
        if participation is None or participation.phase not in (
                "theme_chosen", "inspiring", "oriented"):
            continue
        changed |= _commune(session, participation, spec)
    session.flush()
    return changed


def _commune(session: Session, participation: Participation, spec: DemoOrientation) -> bool:
    pid = participation.id
    changed = False
    if participation.phase == "theme_chosen":
        campaigns.move(session, participation, "inspiring", at=_evening_end(spec.evening),
                       reason="Soirée inspirante de démonstration (témoins d'autres territoires)")
        changed = True
    if orientation.project_for(session, SYSTEM, pid) is None:
        orientation.save_project(session, SYSTEM, pid, stage=spec.stage, carrier=spec.carrier,
                                 employer=spec.employer, summary=spec.summary)
        changed = True
    for n, (name, phone, interests) in enumerate(spec.group):
        volunteer_id = _id(spec.code_insee, "group", n)
        if session.get(Volunteer, volunteer_id) is None:
            email = _email(name)
            orientation.add_volunteer(session, SYSTEM, pid, name=name, email=email,
                                      phone=phone or None, interests=interests, consent=True,
                                      consented_at=_evening_end(spec.evening),
                                      source="inspiring_evening", volunteer_id=volunteer_id)
            changed = True
    chosen = dict(session.execute(select(SupportScheme.slug, ChosenRow.id).join(
        ChosenRow.scheme).where(ChosenRow.participation_id == pid)).all())
    for item in spec.chosen:
        if item.slug not in chosen:
            made = orientation.record_orientation(session, SYSTEM, pid, scheme_slug=item.slug,
                                                  why=item.why, chosen_on=item.on, today=TODAY)
            chosen[item.slug] = made.id
            changed = True
        stored = {(s.kind, s.happened_on) for s in session.get(ChosenRow, chosen[item.slug]).steps}
        for kind, day, note in item.steps:
            if (kind, day) not in stored:
                orientation.add_follow_up(session, SYSTEM, chosen[item.slug], kind=kind,
                                          happened_on=day, note=note, today=TODAY)
                changed = True
    return changed


def _email(name: str) -> str:
    local = ".".join(fold(name).replace("'", "").split())
    return f"{local.replace(' ', '')}@example.org"
