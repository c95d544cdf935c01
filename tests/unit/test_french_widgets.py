"""Streamlit's widgets speak English unless told otherwise: every multiselect, and every
selectbox that may show no choice, is given a French placeholder."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.glob("pages/*.py"), *ROOT.glob("ruralites/ui/**/*.py"), ROOT / "app.py"])


def _calls(name: str):
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == name):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", {k.arg: k.value for k in node.keywords}


def test_the_sources_are_found():
    assert len(list(_calls("multiselect"))) >= 5


@pytest.mark.parametrize(("where", "keywords"), list(_calls("multiselect")))
def test_every_multiselect_has_a_french_placeholder(where, keywords):
    assert "placeholder" in keywords, f"{where}: « Choose options » would show"


def test_every_selectbox_without_a_default_has_a_french_placeholder():
    selectboxes = list(_calls("selectbox"))
    assert len(selectboxes) >= 20  # the sources are read
    missing = [where for where, kw in selectboxes
               if isinstance(kw.get("index"), ast.Constant) and kw["index"].value is None
               and "placeholder" not in kw]
    assert missing == [], "« Choose an option » would show"
