"""The `ruralites` command, run as a user would run it (a real process)."""

import json
import os
import subprocess
import sys

import pytest

from ruralites.cli import COMMANDS, load_commands

load_commands()


def run(*args, stdin=None, env=None):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "ruralites.cli", *args], input=stdin,
                          capture_output=True, text=True, env=full_env, timeout=120)


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_has_a_french_help_with_an_example(path):
    doc = COMMANDS[path].__doc__ or ""
    assert "Exemple : ruralites " + " ".join(path) in doc
    out = run(*path, "--help")
    assert out.returncode == 0 and "Exemple" in out.stdout


def test_db_upgrade_then_demo_load_twice_changes_nothing():
    assert "Base mise à jour" in run("db", "upgrade").stdout
    assert "Base à jour" in run("db", "upgrade").stdout
    assert run("demo", "load").stdout.strip() == "Démarche de démonstration chargée."
    assert "déjà présente" in run("demo", "load").stdout


def test_communes_search_finds_saint_michel_en_greve_from_st_michel():
    out = run("communes", "search", "st michel en greve", "--format", "json")
    assert json.loads(out.stdout)[0]["code_insee"] == "22319"


def test_user_add_reads_the_password_on_stdin_and_refuses_a_weak_one():
    ok = run("user", "add", "marie", "--name", "Marie", "--role", "staff", "--password-stdin",
             stdin="un-mot-de-passe-solide\n")
    assert ok.returncode == 0 and "Compte créé : marie" in ok.stdout
    weak = run("user", "add", "paul", "--name", "Paul", "--role", "staff", "--password-stdin",
               stdin="court\n")
    assert weak.returncode == 1 and "au moins 10 caractères" in weak.stderr


def test_a_mayor_with_an_unknown_commune_is_refused():
    out = run("user", "add", "maire", "--name", "M", "--role", "mayor", "--commune", "99999",
              "--password-stdin", stdin="un-mot-de-passe-solide\n")
    assert out.returncode == 1 and "Code commune inconnu : « 99999 »" in out.stderr


def test_an_unreachable_database_gives_a_french_message_and_no_traceback():
    out = run("db", "upgrade", env={"RURALITES_DATABASE_URL": "postgresql+psycopg://x@127.0.0.1:1/absente"})
    assert out.returncode == 1
    assert "La base de données est injoignable" in out.stderr and "Traceback" not in out.stderr


def test_user_add_can_attach_a_staff_account_to_a_pole():
    run("demo", "load")
    ok = run("user", "add", "anim.morlaix", "--name", "Anim", "--role", "staff", "--pole",
             "adess-pays-de-morlaix", "--password-stdin", stdin="un-mot-de-passe-solide\n")
    assert ok.returncode == 0, ok.stderr
    bad = run("user", "add", "anim.x", "--name", "X", "--role", "staff", "--pole", "inconnu",
              "--password-stdin", stdin="un-mot-de-passe-solide\n")
    assert bad.returncode == 1 and "Pôle inconnu : « inconnu »" in bad.stderr
    assert "adess-pays-de-morlaix" in bad.stderr
