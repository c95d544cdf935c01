"""The `ruralites` command: a thin layer over the domain. Each command's help is its docstring.

Commands live in the modules of `ruralites.commands`, registered with `@command(...)`."""

from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
import sys
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

from ruralites import access, migrate
from ruralites.db import Database, check_connection, make_engine
from ruralites.errors import UserError

COMMANDS: dict[tuple[str, ...], Callable] = {}
CONFIGURE: dict[tuple[str, ...], Callable[[argparse.ArgumentParser], None]] = {}


class CliError(UserError):
    """Printed as-is (French) on stderr; the command exits with status 1."""


def command(*path: str, configure: Callable[[argparse.ArgumentParser], None] | None = None):
    """Register a command; `configure` adds its arguments to its parser."""

    def register(func: Callable) -> Callable:
        COMMANDS[path] = func
        if configure is not None:
            CONFIGURE[path] = configure
        return func

    return register


def open_database() -> Database:
    """Connect (clear message if unreachable) and bring the schema up to date."""
    engine = make_engine()
    check_connection(engine)
    migrate.upgrade(engine)
    return Database(engine)


def load_commands() -> None:
    import ruralites.commands as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")


# argparse's own words (headings, its help option, its refusals) in French. argparse looks them
# up through its module's gettext functions, so a table replaces those for the command's process.
ARGPARSE_FRENCH = {
    "usage: ": "utilisation : ",
    "options": "options",
    "positional arguments": "arguments",
    "show this help message and exit": "afficher cette aide et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "choix invalide : %(value)r (possibles : %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "expected one argument": "une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "ambiguous option: %(option)s could match %(matches)s":
        "option ambiguë : %(option)s peut désigner %(matches)s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
}


def _french(message: str) -> str:
    return ARGPARSE_FRENCH.get(message, message)


def _french_plural(singular: str, plural: str, count: int) -> str:
    if singular == "expected %s argument":
        return "%s valeur attendue" if count < 2 else "%s valeurs attendues"
    return singular if count == 1 else plural


def build_parser() -> argparse.ArgumentParser:
    argparse._ = _french  # argparse offers gettext only: see ARGPARSE_FRENCH
    argparse.ngettext = _french_plural
    load_commands()
    parser = argparse.ArgumentParser(
        prog="ruralites", description="Ruralités : démarche participative des pôles ESS.",
    )
    groups = parser.add_subparsers(dest="group", required=True, metavar="COMMANDE")
    group_parsers: dict[str, argparse._SubParsersAction] = {}
    for path, func in sorted(COMMANDS.items()):
        group, *rest = path
        doc = inspect.cleandoc(func.__doc__ or "")
        summary = doc.splitlines()[0] if doc else ""
        if not rest:  # a one-word command, e.g. `ruralites tally`
            sub = groups.add_parser(group, help=summary, description=doc,
                                    formatter_class=argparse.RawDescriptionHelpFormatter)
        else:
            if group not in group_parsers:
                group_parsers[group] = groups.add_parser(
                    group, help=f"commandes « {group} »"
                ).add_subparsers(dest="command", required=True, metavar="SOUS-COMMANDE")
            sub = group_parsers[group].add_parser(
                rest[0], help=summary, description=doc,
                formatter_class=argparse.RawDescriptionHelpFormatter,
            )
        CONFIGURE.get(path, lambda p: None)(sub)
        sub.set_defaults(func=func, command_path=path)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        access.check(access.CLI_ROLE, access.command_action(args.command_path))
        args.func(args)
    except UserError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except SQLAlchemyError as exc:
        # Never the statement or its parameters (a password hash, contact details): the kind of
        # refusal only. The transaction was rolled back, so nothing was half-stored.
        print("Erreur : la base de données a refusé l'opération "
              f"({type(getattr(exc, 'orig', None) or exc).__name__}) ; rien n'a été enregistré. "
              "Signalez-le à l'équipe technique.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    # Run through the imported module, where the command modules register themselves.
    from ruralites.cli import main as _main

    sys.exit(_main())
