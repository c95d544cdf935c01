"""Commands for the listening phase: import and export answers, prepare a tablet link."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ruralites import network
from ruralites.auth import SYSTEM
from ruralites.cli import CliError, command, open_database
from ruralites.listening import import_export as responses_io
from ruralites.listening import kiosk
from ruralites.surveys import store as survey_store


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="fichier CSV (une ligne par réponse)")
    parser.add_argument("--commune", required=True, metavar="CODE_INSEE")
    parser.add_argument("--survey", required=True, metavar="ID", help="ex. ecoute-habitants")
    parser.add_argument("--campaign", metavar="SLUG", help="si la commune est dans plusieurs démarches")


@command("responses", "import", configure=_configure_import)
def responses_import(args) -> None:
    """Importe des réponses saisies dans un tableur (une ligne par réponse, une colonne par
    identifiant de question, choix multiples séparés par « ; », colonnes facultatives
    response_id, channel, date, sheet_code).

    Les lignes valides sont importées ; chaque ligne en erreur est signalée avec son numéro et la
    commande se termine en erreur. Le fichier entier est refusé si son en-tête ne correspond pas au
    questionnaire. Réimporter le même fichier n'enregistre rien deux fois.
    Exemple : ruralites responses import saisie.csv --commune 22366 --survey ecoute-habitants
    """
    if not args.file.exists():
        raise CliError(f"Fichier introuvable : {args.file}")
    survey = _survey(args.survey)
    db = open_database()
    try:
        report = responses_io.import_csv(db, args.file, commune_code=args.commune, survey=survey,
                                         campaign_slug=args.campaign)
    except responses_io.ImportRefused as exc:
        raise CliError(str(exc)) from None
    print(report.summary())
    for line, why in report.refused:
        print(f"  ligne {line} : {why}", file=sys.stderr)
    if report.refused:
        raise CliError("Corrigez les lignes refusées puis réimportez le fichier : les lignes "
                       "déjà importées ne seront pas dupliquées.")


def _survey(slug: str):
    try:
        return survey_store.load(slug)
    except survey_store.UnknownSurveyError as exc:
        known = ", ".join(f.slug for f in survey_store.available())
        raise CliError(f"{exc} Questionnaires disponibles : {known}.") from None


def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--campaign", required=True, metavar="SLUG")
    parser.add_argument("--commune", metavar="CODE_INSEE")
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("-o", "--output", type=Path, required=True)


@command("responses", "export", configure=_configure_export)
def responses_export(args) -> None:
    """Exporte les réponses d'une démarche (ou d'une commune) en CSV ou XLSX, une ligne par
    réponse, au format que lit « responses import ». Les coordonnées n'y figurent jamais ; les
    cellules qu'un tableur prendrait pour une formule sont neutralisées.
    Exemple : ruralites responses export --campaign ruralites-en-tregor --format xlsx -o reponses.xlsx
    """
    db = open_database()
    try:
        data = responses_io.export_bytes(db, SYSTEM, args.campaign, args.commune, args.format)
    except responses_io.ImportRefused as exc:
        raise CliError(str(exc)) from None
    args.output.write_bytes(data)
    print(f"Réponses exportées dans {args.output}")


def _configure_link(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--commune", required=True, metavar="CODE_INSEE")
    parser.add_argument("--survey", required=True, metavar="ID")
    parser.add_argument("--campaign", metavar="SLUG")
    parser.add_argument("--pin", help="code PIN (4 à 8 chiffres) pour quitter le mode tablette")
    parser.add_argument("--days", type=int, default=kiosk.DEFAULT_VALID_DAYS,
                        help=f"durée de validité du lien en jours (défaut : {kiosk.DEFAULT_VALID_DAYS})")


@command("kiosk", "link", configure=_configure_link)
def kiosk_link(args) -> None:
    """Crée un lien pour les tablettes d'une soirée et les téléphones (QR code) : il ouvre le
    questionnaire de cette commune, et rien d'autre.
    Exemple : ruralites kiosk link --commune 22366 --survey ecoute-habitants --pin 2468
    """

    _survey(args.survey)
    db = open_database()
    try:
        participation_id = responses_io.participation_for(db, args.commune, args.campaign)
    except responses_io.ImportRefused as exc:
        raise CliError(str(exc)) from None
    with db.write() as session:
        token = kiosk.create_link(session, SYSTEM, participation_id=participation_id,
                                  survey_slug=args.survey, pin=args.pin, valid_days=args.days)
    public = network.current()
    for problem in public.problems:
        print(f"Attention : {problem}", file=sys.stderr)
    print(f"Tablettes : {kiosk.link_url(token, tablet=True, base_url=public.url)}")
    print(f"Téléphones : {kiosk.link_url(token, base_url=public.url)}")
