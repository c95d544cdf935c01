"""Campaign commands: list the campaigns, show a campaign's communes and phases, export them."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ruralites import campaigns, fr, spreadsheet
from ruralites.auth import SYSTEM
from ruralites.campaigns import views as campaign_views
from ruralites.cli import CliError, command, open_database


@command("campaign", "list")
def campaign_list(args) -> None:
    """Liste les démarches : identifiant, nom, statut, pôles et nombre de communes.

    Exemple : ruralites campaign list
    """
    with open_database().read() as session:
        found = campaign_views.list_campaigns(session, SYSTEM)
    if not found:
        print("Aucune démarche. Pour essayer : ruralites demo load")
        return
    for c in found:
        print(f"{c.slug:<32} {c.name}  [{c.status_label}]  {c.communes} commune(s)  — "
              + ", ".join(c.pole_names))


def _configure_show(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("slug", metavar="IDENTIFIANT", help="identifiant de la démarche (voir « campaign list »)")
    parser.add_argument("--format", choices=["text", "json"], default="text",
                        help="json : liste d'objets code_insee, nom, phase, since (ISO 8601, UTC)")


@command("campaign", "show", configure=_configure_show)
def campaign_show(args) -> None:
    """Montre chaque commune d'une démarche : code INSEE, nom, phase et date d'entrée dans la phase.

    En JSON, « phase » est le code de la phase (invited, volunteered, validated, listening,
    theme_chosen, inspiring, oriented, declined, withdrawn) et « since » une date-heure ISO 8601
    en UTC.
    Exemple : ruralites campaign show ruralites-en-tregor --format json
    """
    with open_database().read() as session:
        campaign = campaigns.campaign_for(session, SYSTEM, args.slug)
        rows = campaigns.board(session, SYSTEM, campaign.slug)
        name = campaign.name
    if args.format == "json":
        print(json.dumps(
            [{"code_insee": r.code_insee, "nom": r.nom, "phase": r.phase, "since": r.since.isoformat()}
             for r in rows],
            ensure_ascii=False, indent=2,
        ))
        return
    print(f"{name} — {len(rows)} commune(s)")
    for r in rows:
        print(f"{r.code_insee}  {r.nom:<28} {r.phase_label:<24} depuis le {fr.short_date(r.since)}")


def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("slug", metavar="IDENTIFIANT", help="identifiant de la démarche")
    parser.add_argument("--output", "-o", required=True, type=Path,
                        help="fichier à écrire ; .csv ou .xlsx selon l'extension")


@command("campaign", "export", configure=_configure_export)
def campaign_export(args) -> None:
    """Exporte les communes d'une démarche et leurs phases en CSV ou en XLSX (tableur).

    Le CSV est en UTF-8 séparé par des virgules ; pour Excel, préférez le XLSX.
    Exemple : ruralites campaign export ruralites-en-tregor --output communes.xlsx
    """
    suffix = args.output.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise CliError("Indiquez un fichier .csv ou .xlsx, ex. --output communes.xlsx")
    with open_database().read() as session:
        campaign = campaigns.campaign_for(session, SYSTEM, args.slug)
        columns, rows = campaign_views.export_table(session, SYSTEM, campaign.slug)
        sheet = campaign.name
    data = (spreadsheet.to_csv_bytes(columns, rows) if suffix == ".csv"
            else spreadsheet.to_xlsx_bytes(columns, rows, sheet_name=sheet))
    args.output.write_bytes(data)
    print(f"{len(rows)} commune(s) exportée(s) dans {args.output}")
