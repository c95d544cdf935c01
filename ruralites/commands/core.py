"""Core commands: database, demo data, accounts, communes referential."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from sqlalchemy import select

from ruralites import auth, communes, demo, migrate
from ruralites.cli import CliError, command, open_database
from ruralites.db import check_connection, make_engine
from ruralites.models import Pole

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
    parser.add_argument("--pole", metavar="SLUG",
                        help="pôle d'un·e animateur·rice : ne voit que les démarches de ce pôle")
    parser.add_argument("--password-stdin", action="store_true",
                        help="lire le mot de passe sur l'entrée standard")


@command("user", "add", configure=_configure_user_add)
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
        pole_id = None
        if args.pole:
            pole = session.scalar(select(Pole).where(Pole.slug == args.pole))
            if pole is None:
                known = ", ".join(session.scalars(select(Pole.slug).order_by(Pole.slug))) or "aucun"
                raise CliError(f"Pôle inconnu : « {args.pole} ». Pôles existants : {known}.")
            pole_id = pole.id
        user = auth.create_user(
            session, username=args.username, display_name=args.name, password=password,
            role=args.role, commune_codes=args.commune, email=args.email, pole_id=pole_id,
        )
        print(f"Compte créé : {user.username} ({auth.ROLE_LABELS[user.role]})")


# ---- communes ----------------------------------------------------------------------------------


def _configure_communes_search(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", help="nom, code INSEE ou code postal")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--format", choices=["text", "json"], default="text")


@command("communes", "search", configure=_configure_communes_search)
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
