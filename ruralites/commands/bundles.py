"""`ruralites bundle`: carry an evening's data from the laptop to the central database."""

from __future__ import annotations

import argparse
from pathlib import Path

from ruralites import offline
from ruralites.auth import SYSTEM
from ruralites.cli import CliError, command, open_database


def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--campaign", required=True, metavar="SLUG",
                        help="la démarche, ex. ruralites-en-tregor")
    parser.add_argument("--evening", type=int, metavar="ID",
                        help="seulement cette soirée (son numéro, dans la page Soirées)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER",
                        help=f"le paquet à écrire, ex. soiree{offline.SUFFIX}")


@command("bundle", "export", configure=_configure_export)
def bundle_export(args) -> None:
    """Exporte les données d'une démarche, ou d'une de ses soirées, en un seul fichier (réponses,
    bulletins, idées, inscriptions, volontaires), à importer dans la base centrale.
    Exemple : ruralites bundle export --campaign ruralites-en-tregor --evening 3 -o soiree.ruralites
    """
    db = open_database()
    with db.read() as session:
        data = offline.export_bundle(session, SYSTEM, args.campaign, args.evening)
    try:
        args.output.write_bytes(data)
    except OSError as exc:
        raise CliError(f"Impossible d'écrire {args.output} : {exc.strerror}.") from None
    print(offline.describe(data))
    print(f"Écrit dans {args.output}.")


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FICHIER", help="le paquet à importer")


@command("bundle", "import", configure=_configure_import)
def bundle_import(args) -> None:
    """Importe un paquet exporté d'un autre ordinateur : rien n'est enregistré deux fois, les
    conflits sont signalés (la version d'ici est gardée), un paquet abîmé est refusé en entier.
    Exemple : ruralites bundle import soiree.ruralites
    """
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise CliError(f"Impossible de lire {args.file} : {exc.strerror}.") from None
    db = open_database()
    with db.write() as session:
        report = offline.import_bundle(session, SYSTEM, data)
    print(f"Paquet importé dans la démarche « {report.campaign} ».")
    for line in report.lines():
        print(line)
