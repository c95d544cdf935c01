"""Demo inspiring evenings: a catalogue of witnesses and, in each commune of *Ruralités en
Trégor*, one inspiring evening on the theme it chose, with two witnesses who confirmed and
spoke, people registered through the evening's link (a waiting list in Trémel), the sign-in
sheet ticked and a head count; holding it moves the commune to `inspiring`.

The witnesses are FICTIONAL: invented people and associations, e-mail addresses on example.org
and telephone numbers in the 02 61 91 range (kept for fiction), each marked as such in its
notes. Their projects sit in real communes of Brittany outside the EPCIs of the demo communes
(Lannion-Trégor Communauté, Morlaix Communauté), as the method asks. One of them has a consent
that expired, to show that such a witness is never proposed.

Everything goes through the domain (plan, link, register, invite, record) with fixed dates and
ids, so loading twice adds nothing: a commune that already has its inspiring evening is left
alone, and a witness already in the catalogue is not added again."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import select

from ruralites import evenings, fr, phases, text
from ruralites.auth import SYSTEM
from ruralites.db import Database
from ruralites.demo import listening as demo_listening
from ruralites.evenings import WitnessFields
from ruralites.evenings.witnesses import identity_key
from ruralites.listening import kiosk
from ruralites.models import Campaign, Evening, Participation, Witness

NAMESPACE = uuid.UUID("3c1f7b8e-5a2d-4e61-9f0b-7d4c2a9e6b15")
FICTION = "Témoin fictif (données de démonstration)."
RENEWED = date(2025, 11, 3)
LOADED_ON = date(2026, 12, 1)  # the demo's own "today" for checking the witnesses' fields


def _witness(name: str, organisation: str, title: str, description: str, code: str,
             themes: tuple[str, ...], year: int, budget: str, people: int, email: str,
             phone: str, availability: str, *, consent_on: date = RENEWED,
             consent_until: date | None = date(2030, 11, 3), note: str = "") -> WitnessFields:
    return WitnessFields(
        name=name, organisation=organisation, project_title=title, description=description,
        commune_code=code, themes=themes, year=year, budget_band=budget, people_involved=people,
        email=email, phone=phone, consent_on=consent_on, consent_until=consent_until,
        consent_scope="contacted", availability=availability,
        notes=f"{FICTION} {note}".strip())


WITNESSES = (
    _witness("Soazig Le Corre", "Association Ti ar Vro Kozh",
             "Une maison des habitants dans l'ancien presbytère",
             "Le presbytère vide depuis dix ans est devenu un lieu ouvert trois jours par "
             "semaine : café associatif, atelier couture, aide aux démarches en ligne, repas "
             "partagés le dimanche.", "22146", ("lieu-de-rencontre", "vie-associative"), 2017,
             "50-200k", 35, "soazig.lecorre@example.org", "02 61 91 02 01",
             "Le soir en semaine, sauf le mercredi."),
    _witness("Erwan Tanguy", "Les Liens du Bourg", "Un café intergénérationnel le samedi",
             "Chaque samedi matin, la salle communale accueille un café où les anciens "
             "apprennent la tablette avec les collégiens, qui apprennent la belote.", "22115",
             ("lieu-de-rencontre", "aines"), 2018, "lt10k", 20, "erwan.tanguy@example.org",
             "02 61 91 02 02", "Disponible le jeudi soir."),
    _witness("Nolwenn Le Floch", "SCIC L'Épicerie des Monts",
             "Une épicerie-bar reprise en coopérative par les habitants",
             "À la fermeture du dernier commerce, 120 habitants ont pris des parts sociales : "
             "épicerie, dépôt de pain, bar et relais colis, deux salariées.", "29007",
             ("commerce-cafe", "alimentation-locale"), 2017, "50-200k", 120,
             "nolwenn.lefloch@example.org", "02 61 91 02 03",
             "Plutôt le lundi, jour de fermeture."),
    _witness("Yannick Morvan", "Le Comptoir de Loc", "Un bistrot-épicerie associatif",
             "Un bistrot tenu par des bénévoles, ouvert quatre soirs par semaine, avec une "
             "petite épicerie de produits des fermes voisines.", "29128",
             ("commerce-cafe",), 2019, "10-50k", 45, "yannick.morvan@example.org",
             "02 61 91 02 04", "Le week-end de préférence."),
    _witness("Gaëlle Riou", "Jardin des Trois Sources",
             "Un jardin partagé et une grainothèque près de l'école",
             "Une parcelle prêtée par la commune, cultivée avec l'école et les voisins ; les "
             "graines s'échangent à la mairie.", "29261", ("jardin-partage", "enfance-jeunesse"),
             2016, "lt10k", 25, "gaelle.riou@example.org", "02 61 91 02 05",
             "Disponible en semaine, pas en juillet."),
    _witness("Thomas Le Goff", "Graines de Pays",
             "Un verger et un potager collectifs avec compost partagé",
             "Trente familles cultivent ensemble un ancien pré communal ; le compost du bourg y "
             "est collecté.", "56043", ("jardin-partage", "environnement"), 2017, "lt10k", 30,
             "thomas.legoff@example.org", "02 61 91 02 06", "Le mardi ou le jeudi soir."),
    _witness("Marie-Anne Jézéquel", "Les Sentiers de l'Argoat",
             "Trente kilomètres de chemins creux rouverts par des chantiers bénévoles",
             "Deux chantiers par mois l'hiver, avec les chasseurs et les agriculteurs ; une "
             "boucle balisée relie désormais les hameaux au bourg.", "22023",
             ("chemins-randonnee", "environnement"), 2015, "10-50k", 60,
             "marieanne.jezequel@example.org", "02 61 91 02 07", "Disponible le soir."),
    _witness("Hervé Cadiou", "Rando Chapelles et Moulins",
             "Des boucles de randonnée entre chapelles et moulins",
             "Trois boucles balisées, une carte des balades à l'entrée du bourg et des "
             "randonnées commentées l'été.", "29275", ("chemins-randonnee", "paysage-patrimoine"),
             2018, "lt10k", 25, "herve.cadiou@example.org", "02 61 91 02 08",
             "Le vendredi soir."),
    _witness("Anne-Laure Quéré", "Kergrist en Fleurs",
             "Embellir le bourg et restaurer le lavoir en chantiers participatifs",
             "Des samedis de chantier pour fleurir le bourg, replanter des haies et restaurer "
             "le lavoir avec une association de maçons retraités.", "22087",
             ("paysage-patrimoine",), 2019, "10-50k", 40, "annelaure.quere@example.org",
             "02 61 91 02 09", "Le soir, sauf le lundi."),
    _witness("Loïc Hamon", "Bourg en Vie", "Une entrée de bourg réaménagée avec les habitants",
             "Plans dessinés en atelier avec les habitants et un paysagiste, plantations faites "
             "par l'école et les voisins.", "35268", ("paysage-patrimoine", "centre-bourg"), 2016,
             "50-200k", 50, "loic.hamon@example.org", "02 61 91 02 10",
             "Disponible en semaine."),
    _witness("Katell Rolland", "Le Panier Paysan", "Un marché de producteurs le vendredi soir",
             "Six producteurs vendent chaque vendredi sous le préau de l'ancienne école.",
             "29287", ("alimentation-locale", "commerce-cafe"), 2019, "lt10k", 15,
             "katell.rolland@example.org", "02 61 91 02 11", "Le mercredi soir."),
    _witness("Pierre-Yves Guillerm", "Roulons Ensemble",
             "Auto-partage et covoiturage solidaire entre hameaux",
             "Deux voitures partagées et un réseau de chauffeurs bénévoles pour les rendez-vous "
             "médicaux et le marché.", "56100", ("mobilite", "aines"), 2019, "10-50k", 80,
             "pierreyves.guillerm@example.org", "02 61 91 02 12", "Le soir en semaine."),
    _witness("Jeanne Le Dantec", "Festival des Granges",
             "Un festival de musique dans les granges du pays",
             "Un week-end de concerts chaque été dans des granges prêtées par les agriculteurs.",
             "29211", ("culture", "lieu-de-rencontre"), 2014, "10-50k", 70,
             "jeanne.ledantec@example.org", "02 61 91 02 13", "Non renseignées.",
             consent_on=date(2021, 5, 10), consent_until=date(2024, 5, 10),
             note="Consentement expiré (exemple) : ce témoin n'est jamais proposé."),
)


@dataclass(frozen=True)
class DemoEvening:
    code_insee: str
    day: date
    title: str
    capacity: int
    registered: int  # people registering through the link
    walk_ins: int  # came without registering
    speakers: tuple[str, str]  # witnesses' names
    outcome: str


EVENINGS = (
    DemoEvening("22238", date(2019, 5, 23), "Des chemins qui relient les hameaux", 40, 24, 6,
                ("Marie-Anne Jézéquel", "Hervé Cadiou"),
                "Un groupe de douze habitants veut rouvrir le chemin de la chapelle ; une "
                "première journée de chantier est proposée à l'automne."),
    DemoEvening("22227", date(2019, 6, 6), "Un commerce pour le bourg", 50, 38, 9,
                ("Nolwenn Le Floch", "Yannick Morvan"),
                "Forte envie d'un commerce multi-activités ; quinze personnes prêtes à prendre "
                "des parts d'une coopérative. Visite de l'épicerie des Monts prévue."),
    DemoEvening("22366", date(2019, 6, 13), "Des lieux qui rassemblent", 30, 33, 4,
                ("Soazig Le Corre", "Erwan Tanguy"),
                "Idée d'un lieu ouvert le samedi dans l'ancienne école ; un groupe d'habitants "
                "se réunira en septembre."),
    DemoEvening("22319", date(2019, 6, 20), "Embellir notre bourg, ensemble", 40, 21, 5,
                ("Anne-Laure Quéré", "Loïc Hamon"),
                "Trois chantiers participatifs proposés pour l'entrée du bourg et les abords "
                "de l'église ; la commune demande un appui paysager."),
    DemoEvening("29014", date(2019, 6, 27), "Un jardin à partager", 35, 22, 3,
                ("Gaëlle Riou", "Thomas Le Goff"),
                "L'école et huit familles partantes pour un jardin partagé derrière la mairie, "
                "avec un compost collectif."),
)

FIRST_NAMES = ("Anne", "Yann", "Maïwenn", "Gwenaël", "Morgane", "Erwan", "Nathalie", "Loïc",
               "Sylvie", "Jean-Yves", "Katell", "Mathieu", "Sophie", "Ronan", "Élodie",
               "Pierre", "Annick", "Tristan", "Rozenn", "Hervé", "Claire", "Gildas", "Manon",
               "Bernard", "Léa", "Alain", "Nolwenn", "Dominique", "Chantal", "Thierry")
LAST_NAMES = ("Le Bihan", "Le Gall", "Kerhervé", "Le Roux", "Guillou", "Le Goff", "Morvan",
              "Le Meur", "Jézéquel", "Quéré", "Le Bras", "Cadiou", "Le Guen", "Riou", "Tanguy",
              "Le Corre", "Hamon", "Prigent", "Le Floch", "Guégan", "Le Dantec", "Bourhis",
              "Nédélec", "Caroff", "Le Saout", "Even", "Gourvès", "Le Moal")


def _id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts))


def load_witnesses(db: Database) -> int:
    """Add the catalogue's witnesses not there yet; returns how many were added."""
    added = 0
    with db.write() as session:
        present = set(session.scalars(select(Witness.identity_key)))
        for fields in WITNESSES:
            if identity_key(fields.name, fields.organisation, fields.project_title) in present:
                continue
            evenings.save_witness(session, SYSTEM, fields, today=LOADED_ON)
            added += 1
    return added


def load_inspiring(db: Database, campaign_slug: str) -> None:
    """The catalogue, then one inspiring evening per commune that has chosen its theme."""
    load_witnesses(db)
    places = {c.code_insee: c.place for c in demo_listening.COMMUNES}
    for spec in EVENINGS:
        with db.write() as session:
            participation = session.scalar(
                select(Participation).join(Campaign).where(
                    Campaign.slug == campaign_slug, Participation.commune_code == spec.code_insee))
            if participation is None or participation.chosen_theme_id is None \
                    or not phases.allows(participation.phase, "plan_inspiring_evening"):
                continue
            if session.scalar(select(Evening.id).where(
                    Evening.participation_id == participation.id,
                    Evening.kind == "inspiring")) is not None:
                continue  # already loaded
            _evening(session, participation.id, spec, places[spec.code_insee])


def _evening(session, participation_id: int, spec: DemoEvening, place: str) -> None:
    starts_at = fr.paris_to_utc(spec.day, time(20, 0))
    info = evenings.plan_evening(session, SYSTEM, participation_id, kind="inspiring",
                                 starts_at=starts_at, place=place, capacity=spec.capacity,
                                 title=spec.title,
                                 notes="Soirée de démonstration : inscriptions et présences "
                                       "fictives.")
    witnesses = {w.name: w.id for w in session.scalars(
        select(Witness).where(Witness.name.in_(spec.speakers)))}
    for name in spec.speakers:
        evenings.invite_witness(session, SYSTEM, info.id, witnesses[name], confirmed=True,
                                today=LOADED_ON)
    opened = starts_at - timedelta(days=24)
    token = kiosk.create_link(session, SYSTEM, participation_id=participation_id,
                              evening_id=info.id, valid_days=26, now=opened)
    rng = random.Random(f"ruralites-demo-inspiring-{spec.code_insee}")
    names = _names(rng, spec.registered)
    for n, name in enumerate(names):
        at = opened + timedelta(hours=rng.randint(2, 23 * 24 - 4), minutes=rng.randint(0, 59))
        at = min(at, starts_at - timedelta(hours=2)) + timedelta(seconds=n)
        context = kiosk.resolve(session, token, now=at)
        evenings.register(session, context, registration_id=_id(spec.code_insee, "reg", n),
                          name=name, contact=_contact(rng, name), consent=True, now=at)
    rows = evenings.registrations_for(session, SYSTEM, info.id)
    came = {r.id for r in rows if not r.waiting and rng.random() < 0.85}
    came |= {r.id for r in rows if r.waiting and r.position == 1}  # the first waiting came
    after = starts_at + timedelta(hours=3)
    evenings.record_attendance(session, SYSTEM, info.id, present=came,
                               count=len(came) + spec.walk_ins, now=after)
    evenings.record_outcome(session, SYSTEM, info.id, outcome=spec.outcome, now=after)


def _names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name not in names:
            names.append(name)
    return names


def _contact(rng: random.Random, name: str) -> str | None:
    roll = rng.random()
    if roll < 0.45:
        local = "".join(c for c in text.fold(name).replace(" ", ".") if c.isalnum() or c == ".")
        return f"{local}@example.org"
    if roll < 0.8:
        return f"02 61 91 {rng.randint(10, 99)} {rng.randint(10, 99)}"
    return None

