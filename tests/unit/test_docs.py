"""The README documents every command and every setting (in the style of sqlite-utils'
test_docs.py): a command or a RURALITES_* variable added without a line in the README fails."""

import re
from pathlib import Path

import pytest

from ruralites import cli

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SETTINGS = sorted(set(re.findall(r"RURALITES_[A-Z_]+", (ROOT / "ruralites" / "config.py").read_text())))
cli.load_commands()
COMMANDS = sorted(" ".join(path) for path in cli.COMMANDS)


def test_there_are_commands_and_settings_to_document():
    assert len(COMMANDS) >= 12 and len(SETTINGS) >= 8


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_appears_in_the_readme(command):
    assert f"ruralites {command}" in README


@pytest.mark.parametrize("setting", SETTINGS)
def test_every_setting_appears_in_the_readme(setting):
    assert f"`{setting}`" in README
