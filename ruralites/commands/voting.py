"""Vote commands: count a prioritisation vote from a CSV file of ballots."""

from __future__ import annotations

import argparse
import json

from ruralites.cli import CliError, command
from ruralites.voting import METHOD_LABELS, METHODS
from ruralites.voting.ballots_csv import result_to_json, result_to_text, tally


def _configure_tally(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FICHIER.csv", help="bulletins, un par ligne")
    parser.add_argument("--method", required=True, choices=list(METHODS),
                        help="méthode : " + ", ".join(f"{key} ({label})"
                                                      for key, label in METHOD_LABELS.items()))
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--max-dots", type=int, metavar="N",
                        help="gommettes : nombre maximum par personne")


@command("tally", configure=_configure_tally)
def tally_command(args) -> None:
    """Compte un vote de priorisation à partir d'un fichier CSV de bulletins.

    La première ligne donne les thèmes, chaque ligne suivante est un bulletin ; une colonne
    « count » (ou « nombre ») facultative dit combien de bulletins identiques elle représente.
    Dans les cases : un rang (1 = préféré) pour plurality, borda et schulze ; 1 ou 0 pour
    approval ; un nombre de gommettes pour dots ; une mention (« Très bien », « Passable »…) pour
    majority. Séparateurs « ; », « , » ou tabulation ; UTF-8 (ou Windows-1252).
    Les égalités sont annoncées, les bulletins refusés listés avec leur ligne.

        Jardin partagé;Café associatif;Sentiers;count
        1;2;;12
        2;1;3;5

    Exemple : ruralites tally --method borda votes.csv
    Exemple : ruralites tally --method dots --max-dots 3 gommettes.csv --format json
    """
    if args.max_dots is not None and args.method != "dots":
        raise CliError("--max-dots ne sert qu'avec --method dots.")
    result = tally(args.file, args.method, max_dots=args.max_dots)
    if args.format == "json":
        print(json.dumps(result_to_json(result), ensure_ascii=False, indent=2))
    else:
        print(result_to_text(result), end="")
