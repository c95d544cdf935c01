"""Commands about personal data: the retention purge, one person's export and erasure."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ruralites import privacy
from ruralites.auth import SYSTEM
from ruralites.cli import CliError, command, open_database
from ruralites.config import private_file, settings


def _configure_purge(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true",
                        help="montre ce qui serait effacé, sans rien effacer")


@command("privacy", "purge", configure=_configure_purge)
def privacy_purge(args) -> None:
    """Efface les coordonnées des démarches terminées depuis plus de RURALITES_RETENTION_MONTHS
    mois (12 par défaut) : le groupe d'habitants intéressés est supprimé, les inscriptions aux
    soirées perdent nom et contact mais restent comptées. Les réponses, anonymes, restent.
    Exemple : ruralites privacy purge --dry-run
    """
    with open_database().write() as session:
        plan = privacy.purge(session, months=settings().retention_months, dry_run=args.dry_run)
        print(privacy.plan_text(plan, dry_run=args.dry_run))


def _configure_person(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("contact", help="adresse e-mail ou téléphone donné par la personne")
    parser.add_argument("-o", "--output", type=Path,
                        help="fichier JSON, ou PDF lisible si son nom finit par .pdf "
                             "(sinon JSON à l'écran)")


@command("privacy", "export", configure=_configure_person)
def privacy_export(args) -> None:
    """Exporte tout ce qui est gardé sur une personne : groupe d'habitants intéressés,
    inscriptions aux soirées, avec le texte et la date de son accord. En JSON, ou en PDF
    lisible à remettre à la personne si le fichier finit par .pdf.
    Exemple : ruralites privacy export jeanne@example.fr -o jeanne.json
    Exemple : ruralites privacy export jeanne@example.fr -o jeanne.pdf
    """
    with open_database().write() as session:
        data = privacy.export(session, SYSTEM, args.contact)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if args.output:
        private_file(args.output)  # contact details: 0600 from the start
        if args.output.suffix.lower() == ".pdf":
            from ruralites.pdf.person import render_person

            args.output.write_bytes(render_person(data))
        else:
            args.output.write_text(text + "\n", encoding="utf-8")
        print(f"Données exportées dans {args.output}.")
    else:
        print(text)


def _configure_erase(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("contact", help="adresse e-mail ou téléphone donné par la personne")
    parser.add_argument("--yes", action="store_true", help="confirme l'effacement")


@command("privacy", "erase", configure=_configure_erase)
def privacy_erase(args) -> None:
    """Efface une personne à sa demande : ses inscriptions au groupe d'habitants intéressés
    sont supprimées, ses inscriptions aux soirées restent comptées sans nom ni contact. Les
    chiffres de la démarche ne changent pas.
    Exemple : ruralites privacy erase jeanne@example.fr --yes
    """
    if not args.yes:
        raise CliError("L'effacement est définitif : relancez avec --yes pour confirmer "
                       "(exportez d'abord avec « ruralites privacy export » si la personne le "
                       "demande).")
    with open_database().write() as session:
        result = privacy.erase(session, SYSTEM, args.contact)
    print(result.summary)
