"""The register of processing (registre des traitements, RGPD art. 30) generated from the
configuration: for each processing, its purpose, legal basis, people and data concerned, who
has access, and how long data are kept (the retention setting, the witnesses' consent term).
Pure: pages and the PDF only show it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ruralites.config import settings
from ruralites.evenings.consent import DEFAULT_CONSENT_YEARS
from ruralites.listening.drafts import DRAFT_LIFETIME


@dataclass(frozen=True)
class Processing:
    name: str
    purpose: str
    legal_basis: str
    people: str
    data: str
    access: str
    retention: str


def _hours(lifetime: timedelta) -> str:
    return f"{int(lifetime.total_seconds() // 3600)} h"


def register(retention_months: int | None = None) -> tuple[Processing, ...]:
    months = retention_months or settings().retention_months
    purged = (f"{months} mois après la fin de la démarche, puis effacées par "
              "« ruralites privacy purge »")
    contacts = purged + " ; effacées plus tôt à la demande de la personne"
    return (
        Processing(
            "Questionnaire d'écoute des habitant·es",
            "Connaître les besoins et les idées des habitant·es pour choisir un projet de commune",
            "Mission d'intérêt public (démarche décidée par délibération du conseil municipal) ; "
            "participation volontaire",
            "Habitant·es qui répondent (tablette, téléphone, papier)",
            "Réponses anonymes : tranche d'âge, lieu de vie, habitudes, besoins, idées ; aucun "
            "nom, aucune adresse, aucun identifiant de personne",
            "Équipe du pôle (tout) ; élu·es de la commune (chiffres, effectifs de moins de 5 "
            "masqués, sans les réponses libres)",
            "Durée de la démarche ; les chiffres restent, sans lien avec personne"),
        Processing(
            "Questionnaires en cours et réponses en attente",
            "Ne perdre aucune réponse (page rechargée, coupure du Wi-Fi, serveur redémarré, lien "
            "désactivé pendant qu'une personne répondait)",
            "Mission d'intérêt public, comme le questionnaire",
            "Habitant·es en train de répondre sur une tablette ou un téléphone",
            "Réponses déjà données, section atteinte, langue ; coordonnées tapées dans la "
            "dernière section, jamais copiées dans le groupe avant l'envoi",
            "Personne ne lit un questionnaire en cours ; équipe du pôle de la commune pour les "
            "réponses en attente (acceptées ou écartées)",
            f"Effacé à l'envoi ou à la remise à zéro, sinon {_hours(DRAFT_LIFETIME)} après la "
            "dernière modification ; réponses en attente : jusqu'à la décision de l'équipe, "
            f"au plus {purged}"),
        Processing(
            "Groupe d'habitant·es intéressé·es",
            "Inviter à la suite du projet les personnes qui l'ont demandé",
            "Consentement (texte et version gardés, avec le mois ou la date de l'accord)",
            "Habitant·es qui laissent leurs coordonnées (questionnaire, soirée, équipe)",
            "Nom, courriel, téléphone, centres d'intérêt ; jamais reliés aux réponses",
            "Équipe du pôle uniquement ; jamais les élu·es",
            contacts),
        Processing(
            "Inscriptions aux soirées",
            "Organiser les soirées (places, liste d'attente, feuille d'émargement)",
            "Consentement (texte et version gardés)",
            "Personnes qui s'inscrivent à une soirée",
            "Nom, contact, présence",
            "Équipe du pôle ; les élu·es voient les soirées, jamais les contacts",
            contacts + " ; la présence reste comptée sans nom"),
        Processing(
            "Catalogue des témoins",
            "Proposer des témoins d'autres territoires pour les soirées inspirantes",
            "Consentement, à durée limitée",
            "Porteur·ses de projets inspirants",
            "Nom, structure, projet, territoire, contact, accord et sa portée",
            "Équipe du pôle",
            f"Accord valable {DEFAULT_CONSENT_YEARS} ans par défaut ; un témoin dont l'accord a "
            "expiré n'est plus proposé"),
        Processing(
            "Comptes et journal des actions",
            "Sécuriser l'accès et savoir qui a fait quoi (exports, effacements, délibérations, "
            "changements de phase)",
            "Intérêt légitime (sécurité) et obligation de rendre compte",
            "Équipe des pôles, administrateur·rices, élu·es",
            "Identifiant, nom, rôle, commune ; journal : action, date, objet, nombres (jamais de "
            "données personnelles)",
            "Administrateur·rices",
            "Durée du compte ; journal gardé tant que la base existe"),
    )
