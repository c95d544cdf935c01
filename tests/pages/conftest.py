"""Page tests: the real app.py run by Streamlit's AppTest against a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ruralites import auth, demo
from ruralites.cli import open_database
from ruralites.ui.session import TOKEN_KEY

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def app_db():
    """The database the app will open (same settings: the test's own data folder)."""
    return open_database()


APP = Path(__file__).resolve().parents[2] / "app.py"


def make_app() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=30)


def logged_in_app(db, *, role="admin", username="marie.le-goff", communes=None) -> AppTest:
    with db.write() as s:
        auth.create_user(s, username=username, display_name=username.title(), password=PASSWORD,
                         role=role, commune_codes=communes)
    token = auth.login(db, username, PASSWORD).token
    app = make_app()
    app.session_state[TOKEN_KEY] = token
    return app


@pytest.fixture
def demo_db(app_db):
    demo.load(app_db)
    return app_db


def texts(app: AppTest) -> str:
    """Everything the page shows as text, to assert what a user would read."""
    parts = [e.value for e in app.markdown] + [e.value for e in app.title] + [e.value for e in app.header]
    parts += [e.value for e in app.subheader] + [e.value for e in app.caption] + [e.value for e in app.error]
    parts += [e.value for e in app.info] + [e.value for e in app.success] + [e.value for e in app.warning]
    parts += [str(t.value) for t in app.table] + [str(m.label) + " " + str(m.value) for m in app.metric]
    return "\n".join(str(p) for p in parts)


def page_app(render_path: str, token: str) -> AppTest:
    """One page's render() alone (AppTest.from_function), as a logged-in user."""

    def script(render_path: str) -> None:
        import importlib

        module, _, func = render_path.rpartition(".")
        getattr(importlib.import_module(module), func)()

    app = AppTest.from_function(script, args=(render_path,), default_timeout=30)
    app.session_state[TOKEN_KEY] = token
    return app
