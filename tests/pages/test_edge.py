"""The page edge: a defect shows a French message, never a traceback; a refusal shows its text."""

from streamlit.testing.v1 import AppTest

from ruralites.ui.edge import UNEXPECTED, UNEXPECTED_KIOSK


def _script(kind: str, kiosk: bool) -> None:
    from ruralites.errors import UserError
    from ruralites.ui.edge import run_guarded

    def page():
        import streamlit as st

        st.write("début de la page")
        if kind == "defect":
            raise KeyError("champ_interne")
        raise UserError("Cette démarche est close.")

    run_guarded(page, kiosk=kiosk)


def _run(kind: str, kiosk: bool = False) -> AppTest:
    app = AppTest.from_function(_script, args=(kind, kiosk), default_timeout=10).run()
    assert not app.exception  # Streamlit itself saw no uncaught error
    return app


def test_a_defect_is_shown_as_a_french_message_and_not_as_a_traceback():
    app = _run("defect")
    assert [e.value for e in app.error] == [UNEXPECTED]
    assert "champ_interne" not in UNEXPECTED and "KeyError" not in UNEXPECTED


def test_a_defect_on_a_kiosk_speaks_to_the_inhabitant():
    app = _run("defect", kiosk=True)
    assert [e.value for e in app.error] == [UNEXPECTED_KIOSK]


def test_a_refusal_from_the_domain_is_shown_as_its_sentence():
    app = _run("refusal")
    assert [e.value for e in app.error] == ["Cette démarche est close."]


def test_the_server_never_sends_error_details_to_the_browser():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml")
                           .read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
