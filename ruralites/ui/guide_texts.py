"""What staff write for the guide: each section saved as soon as it changes (a draft: a reload
shows it again), testimonies with their author's consent."""

from __future__ import annotations

import streamlit as st

from ruralites import fr, guide
from ruralites.auth import Viewer
from ruralites.campaigns import CommuneFile
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash

_ERROR = "guide_text_error"


def _save(viewer: Viewer, slug: str, key: str, widget: str) -> None:
    def store() -> None:
        with database().write() as session:
            guide.save_section(session, viewer, slug, key, st.session_state[widget])

    try:
        store()
    except guide.GuideError as exc:
        st.session_state[_ERROR] = str(exc)


def section_editor(viewer: Viewer, slug: str, key: str, title: str, saved: dict[str, str],
                   help_text: str = "") -> None:
    widget = f"guide_section_{slug}_{key}"
    if widget not in st.session_state:
        st.session_state[widget] = saved.get(key, "")
    st.text_area(title, key=widget, height=180, max_chars=guide.SECTION_LIMIT, help=help_text,
                 on_change=_save, args=(viewer, slug, key, widget))
    with database().read() as session:
        at = guide.section_saved_at(session, viewer, slug, key)
    if at:
        st.caption(f"Brouillon enregistré le {fr.date_time(at)}.")


def sections_tab(viewer: Viewer, slug: str, files: list[CommuneFile]) -> None:
    if st.session_state.get(_ERROR):
        st.error(st.session_state.pop(_ERROR))
    st.caption("Chaque texte est enregistré dès que vous quittez le champ : rien n'est perdu "
               "si la page est rechargée. Le texte est imprimé tel quel.")
    with database().read() as session:
        saved = guide.sections(session, viewer, slug)
    for key, title in guide.SECTIONS.items():
        section_editor(viewer, slug, key, title, saved)
    st.subheader("« Et après ? » commune par commune")
    for f in files:
        with st.expander(f.nom):
            section_editor(viewer, slug, guide.next_key(f.code_insee), f"Et après ? — {f.nom}",
                           saved)


def testimonies_tab(viewer: Viewer, slug: str, files: list[CommuneFile]) -> None:
    with database().read() as session:
        found = guide.testimonies(session, viewer, slug)
    names = {f.code_insee: f.nom for f in files}
    for t in found:
        st.text(f"« {t.quote} »\n— {t.author}"
                + (f", {names.get(t.commune_code, t.commune_code)}" if t.commune_code else ""))
        st.caption(f"Accord donné le {fr.long_date(t.consent_on)} ({t.consent_how}).")
        if st.button("Retirer ce témoignage", key=f"drop_testimony_{t.id}"):
            def drop(testimony_id: int = t.id) -> None:
                with database().write() as session:
                    guide.delete_testimony(session, viewer, slug, testimony_id)

            if attempt(drop):
                st.rerun()
    with st.form("guide_testimony", clear_on_submit=False):
        st.markdown("**Ajouter un témoignage**")
        quote = st.text_area("Citation", max_chars=guide.narrative.QUOTE_LIMIT)
        author = st.text_input("Comment l'auteur·rice accepte d'être nommé·e",
                               placeholder="Marie, habitante de Trémel")
        commune = st.selectbox("Commune", [""] + list(names),
                               format_func=lambda c: names.get(c, "— aucune —"))
        consent_on = st.date_input("Accord donné le", value=None, format="DD/MM/YYYY")
        consent_how = st.text_input("Comment l'accord a été donné",
                                    placeholder="accord écrit, oral lors de la soirée du …")
        if st.form_submit_button("Ajouter le témoignage"):
            def add() -> None:
                with database().write() as session:
                    guide.add_testimony(session, viewer, slug, quote=quote, author=author,
                                        consent_on=consent_on, consent_how=consent_how,
                                        commune_code=commune or None)

            if attempt(add):
                flash("success", "Témoignage ajouté.")
                st.rerun()
