"""How Ruralités is served: `streamlit run serve.py` (or `make run`). Streamlit's own server
(st.App, Starlette) runs `app.py` with two additions: the `/session/*` routes that give the
browser its HttpOnly session cookie, and a French message instead of any traceback for an error
outside a page (`ruralites/ui/edge.py`)."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from ruralites.ui.edge import on_script_error
from ruralites.ui.web import ROUTES

# `pages/` holds modules of page functions, not Streamlit's old "pages directory" scripts. Until
# some session has called st.navigation, Streamlit wraps the first session of a fresh server in
# a navigation of those files: a typed address such as /resultats then met an English "Page not
# found" (and, DESIGN §8, a file of pages/ could run without login). Streamlit sets this flag to
# False itself once st.navigation has run; we set it before the first session.
PagesManager.uses_pages_directory = False

app = st.App("app.py", routes=ROUTES, on_script_error=on_script_error)
