"""The `ruralites` command: a thin layer over the domain. Each command's help is its docstring."""

from __future__ import annotations

import argparse
import getpass
import inspect
import json
import sys
from collections.abc import Callable

from ruralites import auth, communes, demo, migrate
from ruralites.db import Database, DatabaseUnavailableError, check_connection, make_engine

COMMANDS: dict[tuple[str, ...], Callable] = {}


class CliError(Exception):
    """Printed as-is (French) on stderr; the command exits with status 1."""


def command(*path: str):
    def register(func: Callable) -> Callable:
        COMMANDS[path] = func
        return func

    return register


def open_database() -> Database:
    """Connect (clear message if unreachable) and bring the schema up to date."""
    engine = make_engine()
    check_connection(engine)
    migrate.upgrade(engine)
    return Database(engine)


# ---- db ----------------------------------------------------------------------------------------


@command("db", "upgrade")
def db_upgrade(args) -> None:
    """Met le schéma de la base de données à jour (migrations Alembic), sans rien perdre.

    Exemple : ruralites db upgrade
    """
    engine = make_engine()
    check_connection(engine)
    before = migrate.current_revision(engine)
    migrate.upgrade(engine)
    after = migrate.current_revision(engine)
    where = engine.url.render_as_string(hide_password=True)
    if before == after:
        print(f"Base à jour ({after}) : {where}")
    else:
        print(f"Base mise à jour de {before or 'vide'} à {after} : {where}")


# ---- demo --------------------------------------------------------------------------------------


@command("demo", "load")
def demo_load(args) -> None:
    """Charge la démarche de démonstration « Ruralités en Trégor » (cinq communes).

    Sans effet si elle est déjà chargée.
    Exemple : ruralites demo load
    """
    changed = demo.load(open_database())
    print("Démarche de démonstration chargée." if changed else "Démarche de démonstration déjà présente : rien à faire.")


# ---- users -------------------------------------------------------------------------------------


def _configure_user_add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("username", help="identifiant de connexion, ex. marie.le-goff")
    parser.add_argument("--name", required=True, help="nom affiché, ex. « Marie Le Goff »")
    parser.add_argument("--role", required=True, choices=["admin", "staff", "mayor"])
    parser.add_argument("--commune", action="append", default=[], metavar="CODE_INSEE",
                        help="commune d'un·e élu·e (répétable)")
    parser.add_argument("--email")
    parser.add_argument("--password-stdin", action="store_true",
                        help="lire le mot de passe sur l'entrée standard")


@command("user", "add")
def user_add(args) -> None:
    """Crée un compte : administrateur (admin), animateur·rice (staff) ou élu·e (mayor).

    Le mot de passe est demandé (deux fois) ou lu sur l'entrée standard ; il n'y a aucun mot de
    passe par défaut.
    Exemple : ruralites user add marie.le-goff --name "Marie Le Goff" --role staff
    Exemple : ruralites user add maire.tremel --name "Maire de Trémel" --role mayor --commune 22366
    """
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Mot de passe : ")
        if getpass.getpass("Confirmez le mot de passe : ") != password:
            raise CliError("Les deux mots de passe diffèrent.")
    db = open_database()
    with db.write() as session:
        user = auth.create_user(
            session, username=args.username, display_name=args.name, password=password,
            role=args.role, commune_codes=args.commune, email=args.email,
        )
        print(f"Compte créé : {user.username} ({auth.ROLE_LABELS[user.role]})")


# ---- communes ----------------------------------------------------------------------------------


def _configure_communes_search(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", help="nom, code INSEE ou code postal")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--format", choices=["text", "json"], default="text")


@command("communes", "search")
def communes_search(args) -> None:
    """Cherche une commune dans le référentiel officiel, par nom, code INSEE ou code postal.

    Majuscules, accents, tirets et « Saint »/« St » sont indifférents.
    Exemple : ruralites communes search "st michel en greve"
    """
    found = communes.search(args.text, limit=args.limit)
    if args.format == "json":
        print(json.dumps([_commune_json(c) for c in found], ensure_ascii=False, indent=2))
        return
    if not found:
        raise CliError(f"Aucune commune ne correspond à « {args.text} ».")
    for c in found:
        print(f"{c.code_insee}  {c.nom:<32} {c.population:>7} hab.  {c.nom_epci}")


def _commune_json(c: communes.CommuneInfo) -> dict:
    return {"code_insee": c.code_insee, "nom": c.nom, "departement": c.departement,
            "code_epci": c.code_epci, "nom_epci": c.nom_epci, "population": c.population,
            "codes_postaux": list(c.codes_postaux)}


# ---- plumbing ----------------------------------------------------------------------------------

CONFIGURE: dict[tuple[str, ...], Callable[[argparse.ArgumentParser], None]] = {
    ("user", "add"): _configure_user_add,
    ("communes", "search"): _configure_communes_search,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ruralites", description="Ruralités : démarche participative des pôles ESS.",
    )
    groups = parser.add_subparsers(dest="group", required=True, metavar="COMMANDE")
    group_parsers: dict[str, argparse._SubParsersAction] = {}
    for path, func in COMMANDS.items():
        group, name = path
        if group not in group_parsers:
            group_parsers[group] = groups.add_parser(group, help=f"commandes « {group} »").add_subparsers(
                dest="command", required=True, metavar="SOUS-COMMANDE"
            )
        doc = inspect.cleandoc(func.__doc__ or "")
        sub = group_parsers[group].add_parser(
            name, help=doc.splitlines()[0] if doc else "", description=doc,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        CONFIGURE.get(path, lambda p: None)(sub)
        sub.set_defaults(func=func)
    return parser


def main(argv: list[str] | None = None) -> int:
    from ruralites.campaigns import CampaignError
    from ruralites.phases import PhaseError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except (CliError, DatabaseUnavailableError, auth.AuthError, communes.UnknownCommuneError,
            CampaignError, PhaseError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
