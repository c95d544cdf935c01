"""Orientation commands: import support schemes from Aides-territoires, list the catalogue,
recommend schemes for a commune's project, print its fiche d'orientation."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ruralites import fr, orientation
from ruralites.auth import SYSTEM
from ruralites.cli import CliError, command, open_database
from ruralites.orientation.aides_territoires import read_export
from ruralites.orientation.vocabulary import CARRIERS, STAGES


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FICHIER.json",
                        help="export JSON d'une recherche Aides-territoires")


@command("schemes", "import", configure=_configure_import)
def schemes_import(args) -> None:
    """Importe les dispositifs d'un export JSON d'Aides-territoires (une page de l'API
    {"count", "next", "previous", "results": [...]} ou une liste de fiches).

    Une fiche déjà importée (même « id ») est mise à jour, jamais ajoutée deux fois ; ce que le
    pôle y a modifié est gardé. Le HTML des fiches devient du texte simple (scripts retirés).
    Chaque fiche refusée ou importée avec des remarques est listée avec sa raison ; la commande
    se termine en erreur si une fiche n'a pas pu être importée.
    Exemple : ruralites schemes import aides-bretagne.json
    """
    result = read_export(args.file)
    with open_database().write() as session:
        stored = orientation.import_aids(session, SYSTEM, result)
    print(stored.summary)
    for note in result.notes:
        print(note)
    for report in result.problems:
        print(f"  {report.message}", file=sys.stdout if report.imported else sys.stderr)
    if any(not r.imported for r in result.reports):
        raise CliError("Des fiches n'ont pas été importées (voir ci-dessus) : les autres sont "
                       "enregistrées.")


def _configure_list(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--search", default="", help="mots du nom, de l'opérateur ou de la "
                                                     "description")
    parser.add_argument("--source", choices=list(orientation.SOURCE_LABELS))


@command("schemes", "list", configure=_configure_list)
def schemes_list(args) -> None:
    """Liste les dispositifs : identifiant, nom court, source et état (ouvert, expiré, écarté).

    Exemple : ruralites schemes list --search café
    """
    today = fr.today_in_france()
    with open_database().read() as session:
        records = orientation.filter_records(orientation.list_schemes(session),
                                             search=args.search, source=args.source)
    for r in records:
        print(f"{r.slug:<34} {r.scheme.short_name}  [{orientation.SOURCE_LABELS[r.scheme.source]}"
              f", {r.state(today)}]")
    print(fr.plural(len(records), "dispositif"))


def _configure_commune(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--commune", required=True, metavar="CODE_INSEE")
    parser.add_argument("--campaign", metavar="SLUG",
                        help="si la commune est dans plusieurs démarches")


def _configure_recommend(parser: argparse.ArgumentParser) -> None:
    _configure_commune(parser)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--stage", choices=list(STAGES),
                        help="étape du projet, si elle n'est pas encore enregistrée (ou pour "
                             "essayer une autre)")
    parser.add_argument("--carrier", choices=list(CARRIERS), help="porteur du projet, idem")
    parser.add_argument("--employer", action=argparse.BooleanOptionalAction, default=None,
                        help="le porteur emploie-t-il quelqu'un ? (idem)")


@command("orientation", "recommend", configure=_configure_recommend)
def orientation_recommend(args) -> None:
    """Recommande des dispositifs d'accompagnement pour le projet d'une commune, classés, avec
    leurs raisons, et dit pourquoi les autres sont écartés.

    Part de la thématique choisie par la commune et du projet enregistré (étape, porteur) ;
    --stage, --carrier et --employer les remplacent pour essayer un autre cas. En JSON :
    {"commune", "theme", "stage", "carrier", "recommended": [{"rank", "slug", "name",
    "operator", "source", "reasons"}], "excluded": [{"slug", "name", "why"}]}.
    Exemple : ruralites orientation recommend --commune 22227 --format json
    """
    with open_database().read() as session:
        pid = orientation.participation_id_for(session, SYSTEM, args.commune, args.campaign)
        found = orientation.recommend_for(session, SYSTEM, pid, stage=args.stage,
                                          carrier=args.carrier, employer=args.employer)
        commune = orientation.commune_for(session, SYSTEM, pid)
    if args.format == "json":
        print(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
        return
    print(f"{commune.nom} ({commune.code_insee}) — thématique : {commune.theme_label}")
    print(f"Projet : {STAGES[found.stage]}, porté par : {CARRIERS[found.carrier]}"
          + (" (employeur)" if found.employer else ""))
    print(f"\nRecommandés ({len(found.recommended)}) :")
    for r in found.recommended:
        print(f"{r.rank:>3}. {r.scheme.short_name} — {r.name}")
        print(f"     {r.operator}")
        for reason in r.reasons:
            print(f"     · {reason}")
    print(f"\nÉcartés ({len(found.excluded)}) :")
    for e in found.excluded:
        print(f"   - {e.scheme.short_name} : {e.why}")


def _configure_pdf(parser: argparse.ArgumentParser) -> None:
    _configure_commune(parser)
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER.pdf")


@command("orientation", "pdf", configure=_configure_pdf)
def orientation_pdf(args) -> None:
    """Écrit la fiche d'orientation d'une commune (une page A4) : thématique, projet, groupe
    d'habitants intéressés (leur nombre, jamais leurs coordonnées), dispositifs retenus et leur
    suivi, dispositifs recommandés avec leurs raisons et comment les joindre.

    Exemple : ruralites orientation pdf --commune 22227 -o fiche-plounerin.pdf
    """
    from ruralites.pdf.orientation_sheet import render_orientation_sheet

    if args.output.suffix.lower() != ".pdf":
        raise CliError("Indiquez un fichier .pdf, ex. -o fiche.pdf")
    today = fr.today_in_france()
    with open_database().read() as session:
        pid = orientation.participation_id_for(session, SYSTEM, args.commune, args.campaign)
        file, recommendation = orientation.sheet_inputs(session, SYSTEM, pid, today=today)
    args.output.write_bytes(render_orientation_sheet(file, recommendation, today=today))
    print(f"Fiche d'orientation de {file.commune.nom} écrite dans {args.output}")
