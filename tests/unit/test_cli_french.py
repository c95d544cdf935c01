"""The command's help and argparse's own refusals read in French, for every command."""

import pytest

from ruralites.cli import COMMANDS, build_parser, load_commands

load_commands()  # every command, for the table below

ENGLISH = ("usage:", "options:\n  -h, --help     show", "show this help message",
           "positional arguments", "error:", "the following arguments are required")


def _help(argv, capsys) -> str:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args([*argv, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


def test_the_main_help_is_in_french(capsys):
    text = _help([], capsys)
    assert text.startswith("utilisation : ruralites")
    assert "afficher cette aide et quitter" in text
    assert not any(words in text for words in ENGLISH)


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_help_is_in_french(path, capsys):
    text = _help(list(path), capsys)
    assert text.startswith(f"utilisation : ruralites {' '.join(path)}")
    assert not any(words in text for words in ENGLISH)


def test_a_missing_argument_is_refused_in_french(capsys):
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["user"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == ("ruralites user : erreur : arguments obligatoires manquants : "
                                    "SOUS-COMMANDE")
