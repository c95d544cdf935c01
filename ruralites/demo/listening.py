"""Demo listening phase: each commune of *Ruralités en Trégor* answers the default questionnaire
(about 15 % of its inhabitants; 10–25 % is what such campaigns reach), on tablets at a listening
evening, on paper from the idea boxes and online, with ideas that point towards the theme the
commune eventually chose. Deterministic (seeded) and idempotent: response ids derive from the
commune and a number, so loading twice stores each response once."""

from __future__ import annotations

import random
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from ruralites.auth import SYSTEM
from ruralites.db import Database
from ruralites.listening import responses
from ruralites.listening.responses import Submission
from ruralites.models import Campaign, Evening, Participation
from ruralites.surveys import store as survey_store
from ruralites.surveys.sheets import sheet_codes

SURVEY = "ecoute-habitants"
NAMESPACE = uuid.UUID("0f1d9a43-51b0-4f4e-8d53-6f2f3c7e2a10")


@dataclass(frozen=True)
class Listening:
    code_insee: str
    share: float  # of the population answering
    evening: date  # the listening evening, tablets handed round
    public_meeting: date  # the restitution / public debate that follows
    place: str
    needs: tuple[str, ...]  # the needs most ticked here
    ideas: tuple[str, ...]


COMMUNES = (
    Listening("22238", 0.17, date(2019, 2, 28), date(2019, 3, 28), "Salle des fêtes de Plufur",
              ("chemins", "nature-paysage", "lieu-rencontre"), (
                  "Baliser des circuits de randonnée autour des chapelles et des moulins",
                  "Relier les hameaux au bourg par des sentiers sûrs, sans passer par la route",
                  "Refaire la place du bourg pour qu'on ait envie de s'y arrêter",
                  "Des bancs et une table de pique-nique le long des chemins",
                  "Une carte des balades à l'entrée du bourg",
                  "Entretenir les chemins creux avec des chantiers de bénévoles",
                  "Un bourg plus vivant, avec un espace pour le marché l'été",
              )),
    Listening("22227", 0.16, date(2019, 3, 21), date(2019, 4, 18), "Salle polyvalente de Plounérin",
              ("commerce", "cafe", "alimentation"), (
                  "Rouvrir une épicerie avec un dépôt de pain",
                  "Un commerce avec un bar, un relais colis et les produits des fermes du coin",
                  "Un point de vente des producteurs locaux une fois par semaine",
                  "Un café où l'on puisse lire le journal le matin",
                  "Une petite épicerie tenue avec des bénévoles",
                  "Pouvoir acheter du pain sans prendre la voiture",
              )),
    Listening("22366", 0.18, date(2019, 3, 28), date(2019, 4, 25), "Salle communale de Trémel",
              ("lieu-rencontre", "aines", "enfance-jeunesse"), (
                  "Un lieu où les jeunes et les anciens pourraient se retrouver",
                  "Une salle ouverte l'après-midi pour jouer aux cartes et boire un café",
                  "Des ateliers couture, bricolage et informatique entre générations",
                  "Un local pour les ados le mercredi et le samedi",
                  "Un café associatif avec des animations et des jeux",
                  "Un endroit pour accueillir les nouveaux habitants",
              )),
    Listening("22319", 0.14, date(2019, 4, 11), date(2019, 5, 16), "Mairie de Saint-Michel-en-Grève",
              ("nature-paysage", "chemins", "culture"), (
                  "Mettre en valeur la vue sur la Lieue de Grève",
                  "Planter des arbres et des haies le long de la route de la côte",
                  "Fleurir le bourg avec les habitants",
                  "Aménager les abords de l'église et du cimetière marin",
                  "Cacher les conteneurs et embellir l'entrée du bourg",
                  "Un sentier d'interprétation sur la baie et ses oiseaux",
              )),
    Listening("29014", 0.15, date(2019, 4, 18), date(2019, 5, 23), "Salle des fêtes de Botsorhel",
              ("alimentation", "nature-paysage", "lieu-rencontre"), (
                  "Un jardin partagé près de l'école",
                  "Des carrés potagers pour ceux qui n'ont pas de jardin",
                  "Échanger des graines et des plants au printemps",
                  "Un verger communal avec des variétés anciennes",
                  "Apprendre à jardiner avec les anciens du village",
                  "Un compost collectif au bourg",
              )),
)

GENERIC_IDEAS = (
    "Plus de transports vers Lannion et Morlaix, surtout pour les personnes âgées",
    "Une fête de village chaque été",
    "Un meilleur accès à internet dans les hameaux",
    "Des animations pour les enfants pendant les vacances",
    "Un covoiturage organisé pour aller au marché",
)
LIKES = ("Le calme", "La campagne et les chemins", "Les voisins, l'entraide", "La nature",
         "Le patrimoine, les chapelles", "La proximité de la mer")
MISSING = ("Un commerce", "Un endroit pour se retrouver", "Des transports", "Des activités pour les jeunes",
           "Un café", "Des services de santé")
AGES = (("moins-18", 3), ("18-29", 8), ("30-44", 18), ("45-59", 24), ("60-74", 30), ("75-plus", 17))
NAMES = ("Yvonne Le Goff", "Jean-Yves Prigent", "Annaïg Le Bihan", "Pierre Guillou", "Soizic Tanguy",
         "Loïc Le Roux", "Maryvonne Hamon", "Erwan Le Gall", "Nolwenn Cadiou", "René Morvan")


def _answers(rng: random.Random, commune: Listening) -> dict:
    age = rng.choices([a for a, _ in AGES], weights=[w for _, w in AGES])[0]
    needs = set(rng.sample(commune.needs, k=rng.randint(1, len(commune.needs))))
    if rng.random() < 0.5:
        needs.add(rng.choice(("services", "mobilite", "culture", "logement", "enfance-jeunesse")))
    answers = {
        "age": age,
        "anciennete": rng.choices(["moins-2-ans", "2-10-ans", "plus-10-ans", "toujours",
                                   "residence-secondaire"], weights=[8, 22, 35, 30, 5])[0],
        "lieu_vie": rng.choices(["bourg", "hameau"], weights=[45, 55])[0],
        "foyer": rng.choices(["seul", "couple", "avec-enfants", "avec-parents"], weights=[22, 38, 34, 6])[0],
        "frequence_bourg": rng.choice(["tous-les-jours", "plusieurs-par-semaine", "une-par-semaine", "moins-souvent"]),
        "courses": rng.choices(["commune", "commune-voisine", "grande-surface", "marche-producteurs"],
                               weights=[8, 40, 40, 12])[0],
        "deplacement": rng.choices(["voiture", "accompagne", "pied-velo", "transport"], weights=[75, 12, 9, 4])[0],
        "rencontres": rng.sample(["marche", "ecole", "mairie", "associations", "fetes", "promenade", "voisins"], k=2),
        "isolement": rng.choices([1, 2, 3, 4, 5], weights=[30, 28, 20, 14, 8])[0],
        "besoins": sorted(needs),
        "participer": rng.random() < 0.45,
        "jours": rng.sample(["mardi", "mercredi", "jeudi", "vendredi", "samedi"], k=rng.randint(1, 2)),
        "moment": [rng.choice(["apres-midi", "fin-de-journee", "soiree"])],
    }
    if rng.random() < 0.7:
        answers["aime"] = rng.choice(LIKES)
    if rng.random() < 0.7:
        answers["manque"] = rng.choice(MISSING)
    if rng.random() < 0.75:
        answers["idee"] = rng.choice(commune.ideas if rng.random() < 0.75 else GENERIC_IDEAS)
    if answers["participer"]:
        answers["aide"] = rng.sample(["avis", "reunions", "bricolage", "accueil", "animation"], k=2)
        answers["temps"] = rng.choice(["ponctuel", "heures-par-mois", "chaque-semaine"])
        if rng.random() < 0.4:
            answers["consentement"] = True
            answers["nom"] = rng.choice(NAMES)
            answers["telephone"] = f"02 96 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    return answers


def _evening(db: Database, participation_id: int, commune: Listening) -> int:
    with db.write() as session:
        existing = session.scalar(select(Evening.id).where(
            Evening.participation_id == participation_id, Evening.kind == "listening"))
        if existing is not None:
            return existing
        evening = Evening(participation_id=participation_id, kind="listening",
                          title="Soirée d'écoute des habitants",
                          starts_at=datetime.combine(commune.evening, datetime.min.time(), UTC).replace(hour=18),
                          place=commune.place)
        session.add(evening)
        session.flush()
        return evening.id


def load_listening(db: Database, campaign_slug: str) -> None:
    survey = survey_store.load(SURVEY)
    with db.read() as session:
        campaign = session.scalar(select(Campaign).where(Campaign.slug == campaign_slug))
        participations = {p.commune_code: (p.id, p.commune.population or 0)
                          for p in session.scalars(select(Participation).where(
                              Participation.campaign_id == campaign.id))}
    for commune in COMMUNES:
        pid, population = participations[commune.code_insee]
        total = round(population * commune.share)
        if sum(responses.counts_by_channel(db, SYSTEM, pid).values()) >= total:
            continue  # already loaded
        evening_id = _evening(db, pid, commune)
        # The earliest first, so the commune enters the listening phase on that day; the rest
        # from several threads at once, as tablets would: the group commit writes them together.
        first, *rest = sorted(_submissions(commune, pid, total, survey, evening_id),
                              key=lambda s: s.submitted_at)
        responses.submit(db, first)
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(lambda submission: responses.submit(db, submission), rest))


def _submissions(commune: Listening, pid: int, total: int, survey, evening_id: int) -> list[Submission]:
    rng = random.Random(f"ruralites-demo-{commune.code_insee}")
    codes = iter(sheet_codes(commune.code_insee, 1, total))
    made = []
    for n in range(total):
        channel = rng.choices(["tablet", "paper", "online"], weights=[45, 35, 20])[0]
        if channel == "tablet":
            at = datetime.combine(commune.evening, datetime.min.time(), UTC) + timedelta(
                hours=18, minutes=rng.randint(5, 150))
        else:
            start = datetime.combine(commune.evening - timedelta(days=14), datetime.min.time(), UTC)
            at = start + timedelta(days=rng.randint(0, 34), hours=rng.randint(8, 21),
                                   minutes=rng.randint(0, 59))
            at = min(at, datetime.combine(commune.public_meeting, datetime.min.time(), UTC))
        made.append(Submission(
            response_id=uuid.uuid5(NAMESPACE, f"{commune.code_insee}:{n}"),
            participation_id=pid, survey=survey, answers=_answers(rng, commune), channel=channel,
            sheet_code=next(codes) if channel == "paper" else None,
            evening_id=evening_id if channel == "tablet" else None, submitted_at=at,
        ))
    return made
