"""Commands for the witnesses catalogue: import and export it as CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ruralites import evenings
from ruralites.auth import SYSTEM
from ruralites.cli import CliError, command, open_database


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="fichier CSV (une ligne par témoin et par projet)")


@command("witnesses", "import", configure=_configure_import)
def witnesses_import(args) -> None:
    """Importe des témoins dans le catalogue partagé des pôles, depuis un fichier CSV (séparateur
    « , » ou « ; », UTF-8 ou Windows-1252) : colonnes nom et projet obligatoires ; organisation,
    description, commune_insee, thèmes (séparés par « ; »), année, budget, personnes_impliquées,
    e-mail, téléphone, consentement_le, consentement_jusqu_au, consentement_portée,
    disponibilités, notes facultatives (celles de « witnesses export »).

    Les lignes valides sont enregistrées ; chaque ligne en erreur est signalée avec son numéro et
    la commande se termine en erreur. Un témoin déjà présent (même id, ou mêmes nom, organisation
    et projet) est mis à jour, jamais dupliqué. Un témoin sans consentement valide est enregistré
    mais ne sera jamais proposé pour une soirée.
    Exemple : ruralites witnesses import temoins.csv
    """
    try:
        data = args.file.read_bytes()
    except FileNotFoundError:
        raise CliError(f"Fichier introuvable : {args.file}") from None
    except IsADirectoryError:
        raise CliError(f"{args.file} est un dossier, pas un fichier CSV.") from None
    db = open_database()
    with db.write() as session:
        report = evenings.import_csv(session, SYSTEM, data)
    print(report.summary())
    if report.ignored_columns:
        print("Colonnes ignorées : " + ", ".join(report.ignored_columns))
    for line, text in report.warnings:
        print(f"  ligne {line} : {text}")
    for line, why in report.refused:
        print(f"  ligne {line} : {why}", file=sys.stderr)
    if report.refused:
        raise CliError("Corrigez les lignes refusées puis réimportez le fichier : les témoins "
                       "déjà enregistrés ne seront pas dupliqués.")


def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, required=True, help="fichier CSV à écrire")


@command("witnesses", "export", configure=_configure_export)
def witnesses_export(args) -> None:
    """Exporte tout le catalogue des témoins en CSV (UTF-8), au format que lit
    « witnesses import » ; les cellules qu'un tableur prendrait pour une formule sont
    neutralisées.
    Exemple : ruralites witnesses export -o temoins.csv
    """
    db = open_database()
    with db.read() as session:
        data = evenings.export_csv(session, SYSTEM)
        count = len(evenings.search(session, SYSTEM))
    try:
        args.output.write_bytes(data)
    except OSError as exc:
        raise CliError(f"Impossible d'écrire {args.output} : {exc.strerror or exc}.") from None
    print(f"{count} témoin(s) exporté(s) dans {args.output}")
