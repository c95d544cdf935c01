"""`ruralites bundle export/import` and `ruralites serve`, run as a user would (real processes,
two data folders: the evening's laptop and the central instance)."""

import pytest

from tests.integration.test_cli import run


@pytest.fixture(scope="module")
def laptop(tmp_path_factory):
    """The evening's laptop, with the demo campaign (loaded once for these tests)."""
    env = {"RURALITES_DATA_DIR": str(tmp_path_factory.mktemp("portable"))}
    assert run("demo", "load", env=env).returncode == 0
    return env


def test_an_evening_goes_from_the_laptop_to_the_central_database_once(laptop, tmp_path):
    central = {"RURALITES_DATA_DIR": str(tmp_path / "central")}
    bundle = tmp_path / "soiree.ruralites"
    out = run("bundle", "export", "--campaign", "ruralites-en-tregor", "--evening", "1",
              "-o", str(bundle), env=laptop)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Paquet de la soirée « Soirée d'écoute des habitants » du "
                                 "28 février 2019")
    assert "42 réponses" in out.stdout

    first = run("bundle", "import", str(bundle), env=central)
    assert first.returncode == 0, first.stderr
    assert "Paquet importé dans la démarche « Ruralités en Trégor »." in first.stdout
    assert "Réponses : 42 ajoutée(s), 0 déjà présente(s)." in first.stdout
    again = run("bundle", "import", str(bundle), env=central)
    assert "Réponses : 0 ajoutée(s), 42 déjà présente(s)." in again.stdout


def test_an_altered_bundle_is_refused_in_french_without_a_traceback(laptop, tmp_path):
    bundle = tmp_path / "soiree.ruralites"
    run("bundle", "export", "--campaign", "ruralites-en-tregor", "-o", str(bundle), env=laptop)
    bundle.write_bytes(bundle.read_bytes()[:-4000])
    out = run("bundle", "import", str(bundle), env={"RURALITES_DATA_DIR": str(tmp_path / "c")})
    assert out.returncode == 1
    assert out.stderr.startswith("Erreur : Le paquet est incomplet ou abîmé")
    assert "Traceback" not in out.stderr


def test_exporting_an_evening_of_another_campaign_is_refused(laptop, tmp_path):
    out = run("bundle", "export", "--campaign", "ruralites-en-tregor", "--evening", "999",
              "-o", str(tmp_path / "x.ruralites"), env=laptop)
    assert out.returncode == 1
    assert "La soirée n° 999 n'est pas une soirée de la démarche « Ruralités en Trégor »." in out.stderr


def test_serve_refuses_an_address_that_is_not_this_computers(tmp_path):
    out = run("serve", "--lan", "--address", "203.0.113.77",
              env={"RURALITES_DATA_DIR": str(tmp_path / "d")})
    assert out.returncode == 1
    assert "L'adresse 203.0.113.77 n'est pas celle de cet ordinateur." in out.stderr
