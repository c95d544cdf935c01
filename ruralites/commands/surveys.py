"""Questionnaire commands: check definition files, print the paper questionnaire."""

from __future__ import annotations

import argparse
from pathlib import Path

from ruralites import communes
from ruralites.auth import SYSTEM
from ruralites.cli import CliError, command, open_database
from ruralites.errors import UserError
from ruralites.listening import paper
from ruralites.surveys import check_files, format_report, load_survey


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un nombre entier") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} : il faut un nombre entier positif")
    return value


# ---- survey check ------------------------------------------------------------------------------


def _configure_check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FICHIER", help="questionnaire YAML")


@command("survey", "check", configure=_configure_check)
def survey_check(args) -> None:
    """Vérifie des questionnaires (fichiers YAML) et dit, en français, ce qui ne va pas.

    Chaque problème donne le fichier, la ligne, la question, un code (S… erreur, W… avertissement)
    et la façon de le corriger. Les avertissements ne bloquent pas ; la commande se termine en
    erreur (code 1) si un fichier contient au moins une erreur.
    Exemple : ruralites survey check surveys/ecoute-habitants.yaml
    Exemple : ruralites survey check surveys/*.yaml
    """
    reports = check_files(args.files)
    for report in reports:
        print(format_report(report))
    failed = [str(report.path) for report in reports if not report.ok]
    if failed:
        raise CliError(f"{len(failed)} fichier(s) sur {len(reports)} à corriger : "
                       f"{', '.join(failed)}.")
    if len(reports) > 1:
        print(f"{len(reports)} fichiers vérifiés : aucune erreur.")


# ---- survey pdf --------------------------------------------------------------------------------


def _configure_pdf(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FICHIER", help="questionnaire YAML")
    parser.add_argument("-o", "--output", required=True, metavar="SORTIE.pdf",
                        help="fichier PDF à écrire")
    parser.add_argument("--commune", metavar="CODE_INSEE",
                        help="commune dont le nom est imprimé, ex. 22366")
    parser.add_argument("--copies", type=_positive, metavar="N",
                        help="nombre de feuilles numérotées (demande --commune)")
    parser.add_argument("--start", type=_positive, metavar="N",
                        help="premier numéro de feuille (par défaut : la suite de la dernière "
                             "impression pour cette commune)")
    parser.add_argument("--lang", default="fr", help="langue du questionnaire (par défaut fr)")
    parser.add_argument("--recto", action="store_true",
                        help="impression recto seul : pas de page blanche au dos")


@command("survey", "pdf", configure=_configure_pdf)
def survey_pdf(args) -> None:
    """Écrit le questionnaire papier (PDF A4) : cases à cocher, lignes pour écrire.

    Avec --commune et --copies, chaque exemplaire porte son propre code de feuille
    (ex. 22366-0001-K) en haut de chaque page : la saisie des réponses papier refuse ainsi la
    même feuille deux fois. La numérotation continue d'une impression à l'autre : une seconde
    impression commence après la dernière feuille imprimée ou saisie pour la commune (--start
    pour choisir le premier numéro, par exemple pour réimprimer des feuilles perdues).
    Sans --copies, un seul exemplaire avec une case « N° de feuille » à remplir à la main.
    Les coordonnées (facultatives) sont sur une feuille à part, sans code, rangée à part.
    Exemple : ruralites survey pdf surveys/ecoute-habitants.yaml -o questionnaire.pdf
    Exemple : ruralites survey pdf surveys/ecoute-habitants.yaml -o tremel.pdf --commune 22366 --copies 50
    """
    from ruralites.pdf.questionnaire import render_paper_pdf

    survey = load_survey(args.file)
    if args.lang not in survey.languages:
        raise CliError(f"Le questionnaire n'existe pas en « {args.lang} » : langues "
                       f"disponibles : {', '.join(survey.languages)}.")
    if args.copies and not args.commune:
        raise CliError("--copies demande --commune : chaque code de feuille commence par le "
                       "code INSEE de la commune (ex. --commune 22366).")
    commune = communes.get(args.commune) if args.commune else None
    if args.start and not args.copies:
        raise CliError("--start demande --copies : il numérote les exemplaires imprimés.")
    printing = None
    if commune and args.copies:
        db = open_database()
        try:
            with db.read() as session:
                printing = paper.plan_for_commune(session, commune.code_insee,
                                                  copies=args.copies, first_number=args.start)
        except UserError as exc:
            raise CliError(str(exc)) from None
    pdf = render_paper_pdf(survey, commune_name=commune.nom if commune else None,
                           sheet_codes=list(printing.codes) if printing else None,
                           lang=args.lang, recto_verso=not args.recto)
    output = Path(args.output)
    try:
        output.write_bytes(pdf)
    except FileNotFoundError:
        raise CliError(f"Impossible d'écrire {output} : le dossier n'existe pas.") from None
    except PermissionError:
        raise CliError(f"Impossible d'écrire {output} : accès refusé.") from None
    except OSError as exc:
        raise CliError(f"Impossible d'écrire {output} : {exc}.") from None
    where = f" pour {commune.label}" if commune else ""
    if printing is None:
        print(f"Questionnaire papier écrit{where} : {output} (un exemplaire, numéro de feuille "
              "à remplir à la main).")
        return
    with db.write() as session:
        paper.record(session, SYSTEM, printing, survey.id)
    codes = printing.codes
    print(f"Questionnaire papier écrit{where} : {output} ({len(codes)} exemplaire(s), "
          f"feuilles {codes[0]} à {codes[-1]}).")
    if warning := printing.warning():
        print(f"Attention : {warning}")
    print("Codes de feuille :")
    for code in codes:
        print(f"  {code}")
    print(f"La prochaine impression pour cette commune commencera à la feuille "
          f"{printing.last_number + 1}.")
