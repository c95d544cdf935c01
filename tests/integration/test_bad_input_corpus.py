"""Every import and check command over the bad-input corpus (tests/fixtures/bad/): a French
message, a non-zero exit, nothing half-stored, never a traceback (issue 12).

The commands run in this process through `cli.main` (the same code as the `ruralites` command,
without 85 interpreter start-ups): an exception escaping `main` would be the traceback a user
sees, and fails the test."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ruralites import campaigns, cli
from ruralites.models import Answer, Response, SupportScheme, Volunteer, Witness

BAD = Path(__file__).parents[1] / "fixtures" / "bad"
FILES = sorted(p.name for p in BAD.iterdir() if p.name != "README.md")
COMMANDS = {
    "responses import": ["responses", "import", "{}", "--commune", "22366", "--survey",
                         "ecoute-habitants"],
    "tally": ["tally", "--method", "schulze", "{}"],
    "survey check": ["survey", "check", "{}"],
    "witnesses import": ["witnesses", "import", "{}"],
    "schemes import": ["schemes", "import", "{}"],
}
# Good answers in another encoding: read, accents intact.
READABLE = {("responses import", "latin1.csv"), ("responses import", "utf16.csv")}
# What the message says for the cases the issue names.
SAYS = {
    ("responses import", "binaire.csv"): "n'est pas un fichier texte lisible",
    ("responses import", "dossier.csv"): "est un dossier",
    ("responses import", "champ-enorme.csv"): "dépasse 3\u202f000 caractères",
    ("responses import", "cellule-en-trop-seule.csv"): "Corrigez les lignes refusées",
    ("tally", "entete-vide.csv"): "la première ligne doit donner le nom des thèmes",
    ("tally", "rang-5000-chiffres.csv"): "n'est pas un nombre entier",
    ("tally", "octets-au-hasard.csv"): "n'est pas un fichier texte lisible",
    ("tally", "champ-enorme.csv"): "Aucun bulletin valable",
    ("tally", "themes-2000.csv"): "2000 thèmes ; un vote en compte 50 au plus",
    ("survey check", "crochets-imbriques.yaml"): "imbriquées sur plus de 30 niveaux",
    ("witnesses import", "utf16-sans-bom.csv"): "n'est pas un fichier texte lisible",
    ("schemes import", "accolades-imbriquees.json"): "trop imbriqué",
}
STORED = (Response, Answer, Volunteer, Witness, SupportScheme)


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """One SQLite database for the whole corpus, with a commune collecting answers."""
    data = tmp_path_factory.mktemp("data")
    with pytest.MonkeyPatch.context() as mp:
        from ruralites.config import settings

        mp.setenv("RURALITES_DATA_DIR", str(data))
        settings.cache_clear()
        db = cli.open_database()
        with db.write() as s:
            campaign = campaigns.create_campaign(s, name="Corpus", poles=[])
            p = campaigns.add_commune(s, campaign, "22366", invited_on=date(2019, 1, 7))
            campaigns.record_answer(s, p, volunteers=True)
            campaigns.record_decision(s, p, session_date=date(2019, 2, 22), number="1",
                                      votes_for=9, votes_against=0, abstentions=0)
        yield data, db
        settings.cache_clear()


def _counts(db) -> tuple[int, ...]:
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in STORED)


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_refuses_each_bad_file_in_french_and_stores_nothing(
        database, monkeypatch, capsys, command, name):
    data, db = database
    monkeypatch.setenv("RURALITES_DATA_DIR", str(data))
    from ruralites.config import settings

    settings.cache_clear()
    before = _counts(db)
    argv = [arg.replace("{}", str(BAD / name)) for arg in COMMANDS[command]]
    started = time.monotonic()
    status = cli.main(argv)  # an exception here is a traceback on the user's screen
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert elapsed < 20, f"{command} {name} took {elapsed:.0f} s"
    if (command, name) in READABLE:
        assert status == 0 and "1 réponse(s) importée(s)" in out
        with db.read() as s:
            ideas = s.scalars(select(Answer.value).where(Answer.question_id == "idee")).all()
        assert any("é" in value or "à" in value for value in ideas)
        return
    assert status == 1
    message = (out + err).strip()
    assert "Erreur : " in err or "erreur S1" in message
    if (command, name) in SAYS:
        assert SAYS[command, name] in message
    assert len(err) < 2000, "the message quotes the file whole"
    assert _counts(db) == before, "a refused file stored something"
