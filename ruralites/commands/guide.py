"""The capitalisation guide and the one-page fiche commune."""

from __future__ import annotations

import argparse
from pathlib import Path

from ruralites import guide
from ruralites.auth import SYSTEM
from ruralites.cli import CliError, command, open_database


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--campaign", required=True, metavar="DEMARCHE",
                        help="identifiant de la démarche, ex. ruralites-en-tregor")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER")
    parser.add_argument("--format", choices=guide.FORMATS, default=None,
                        help="pdf (par défaut) ou docx ; déduit de l'extension du fichier")
    parser.add_argument("--communes", default="", metavar="CODE,CODE",
                        help="codes INSEE des communes à inclure (toutes par défaut)")
    parser.add_argument("--commune", default=None, metavar="CODE",
                        help="avec --summary : la commune de la fiche")
    parser.add_argument("--summary", action="store_true",
                        help="la fiche commune d'une page, pour le conseil municipal")


@command("guide", configure=_configure)
def guide_command(args) -> None:
    """Écrit le guide de capitalisation d'une démarche (PDF ou DOCX) : la méthode, les chiffres
    avec leurs graphiques, un chapitre par commune, la synthèse et les témoignages rédigés par
    le pôle, le questionnaire en annexe. Avec --summary, la fiche commune d'une page.

    Exemple : ruralites guide --campaign ruralites-en-tregor -o guide.pdf
    Autres exemples :
      ruralites guide --campaign ruralites-en-tregor -o guide.docx --communes 22366,29014
      ruralites guide --campaign ruralites-en-tregor --commune 22366 --summary -o fiche.pdf
    """
    suffix = args.output.suffix.lower().lstrip(".")
    fmt = args.format or (suffix if suffix in guide.FORMATS else "pdf")
    if suffix != fmt:
        raise CliError(f"Indiquez un fichier .{fmt}, ex. -o guide.{fmt}")
    if args.summary:
        if not args.commune:
            raise CliError("Avec --summary, indiquez la commune : --commune CODE_INSEE.")
        if fmt != "pdf":
            raise CliError("La fiche commune existe en PDF seulement.")
        with open_database().read() as session:
            summary = guide.commune_summary(session, SYSTEM, args.campaign, args.commune)
        args.output.write_bytes(guide.render_summary_pdf(summary))
        print(f"Fiche commune de {summary.chapter.nom} écrite dans {args.output}")
        return
    if args.commune:
        raise CliError("--commune va avec --summary ; pour choisir les communes du guide, "
                       "utilisez --communes CODE,CODE.")
    communes = [c for c in args.communes.split(",") if c.strip()]
    data = guide.build(open_database(), SYSTEM, args.campaign, fmt=fmt, communes=communes)
    args.output.write_bytes(data)
    print(f"Guide écrit dans {args.output}")
