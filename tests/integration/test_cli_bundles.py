"""`ruralites bundle export/import` and `ruralites serve`, run as a user would (real processes,
two data folders: the evening's laptop and the central instance)."""

from tests.integration.test_cli import run


def test_an_evening_goes_from_the_laptop_to_the_central_database_once(tmp_path):
    laptop = {"RURALITES_DATA_DIR": str(tmp_path / "portable")}
    central = {"RURALITES_DATA_DIR": str(tmp_path / "central")}
    bundle = tmp_path / "soiree.ruralites"
    assert run("demo", "load", env=laptop).returncode == 0
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


def test_an_altered_bundle_is_refused_in_french_without_a_traceback(tmp_path):
    laptop = {"RURALITES_DATA_DIR": str(tmp_path / "portable")}
    bundle = tmp_path / "soiree.ruralites"
    run("demo", "load", env=laptop)
    run("bundle", "export", "--campaign", "ruralites-en-tregor", "-o", str(bundle), env=laptop)
    bundle.write_bytes(bundle.read_bytes()[:-4000])
    out = run("bundle", "import", str(bundle), env={"RURALITES_DATA_DIR": str(tmp_path / "c")})
    assert out.returncode == 1
    assert out.stderr.startswith("Erreur : Le paquet est incomplet ou abîmé")
    assert "Traceback" not in out.stderr


def test_exporting_an_evening_of_another_campaign_is_refused(tmp_path):
    env = {"RURALITES_DATA_DIR": str(tmp_path / "portable")}
    run("demo", "load", env=env)
    out = run("bundle", "export", "--campaign", "ruralites-en-tregor", "--evening", "999",
              "-o", str(tmp_path / "x.ruralites"), env=env)
    assert out.returncode == 1
    assert "La soirée n° 999 n'est pas une soirée de la démarche « Ruralités en Trégor »." in out.stderr


def test_serve_refuses_an_address_that_is_not_this_computers(tmp_path):
    out = run("serve", "--lan", "--address", "203.0.113.77",
              env={"RURALITES_DATA_DIR": str(tmp_path / "d")})
    assert out.returncode == 1
    assert "L'adresse 203.0.113.77 n'est pas celle de cet ordinateur." in out.stderr
