"""Building the guide on its page: communes and chapters chosen, a progress bar while it builds,
previews of the pages as images, then the download."""

from __future__ import annotations

import streamlit as st

from ruralites import guide
from ruralites.auth import Viewer
from ruralites.campaigns import CommuneFile
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt

_BUILT = "guide_built"


def build_tab(viewer: Viewer, slug: str, files: list[CommuneFile]) -> None:
    names = {f.code_insee: f.nom for f in files}
    communes = st.multiselect("Communes", list(names), default=list(names),
                              format_func=names.get, placeholder="Choisissez des communes")
    chapters = st.multiselect("Chapitres", list(guide.CHAPTERS), default=list(guide.CHAPTERS),
                              format_func=guide.CHAPTERS.get,
                              placeholder="Choisissez des chapitres")
    fmt = st.radio("Format", guide.FORMATS, horizontal=True,
                   format_func={"pdf": "PDF", "docx": "DOCX (modifiable)"}.get)
    picture = st.file_uploader("Photo de couverture (facultative)", type=None,
                               help="PNG ou JPEG ; tout autre fichier est refusé.")
    cover = None
    if picture is not None:
        cover = attempt(lambda: guide.check_image(picture.getvalue(), picture.name))
        if cover is None:
            return
    if st.button("Construire le guide", type="primary", disabled=not communes or not chapters):
        bar = st.progress(0.0, text="Préparation…")

        def report(share: float, what: str) -> None:
            bar.progress(share, text=what)

        data = attempt(lambda: guide.build(database(), viewer, slug, fmt=fmt, communes=communes,
                                           chapters=chapters, progress=report,
                                           cover_image=cover))
        bar.empty()
        if data:
            st.session_state[_BUILT] = (slug, fmt, data)
    built = st.session_state.get(_BUILT)
    if not built or built[0] != slug:
        return
    _slug, built_fmt, data = built
    st.success("Guide prêt.")
    st.download_button(f"Télécharger le guide ({built_fmt.upper()})", data,
                       file_name=f"guide-{slug}.{built_fmt}",
                       mime="application/pdf" if built_fmt == "pdf" else
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    if built_fmt == "pdf":
        _preview(data)


def _preview(data: bytes) -> None:
    total = attempt(lambda: guide.page_count(data))
    if not total:
        return
    st.subheader("Aperçu")
    first = st.number_input(f"À partir de la page (sur {total})", min_value=1, max_value=total,
                            value=1, step=4)
    images = attempt(lambda: guide.page_images(data, int(first), min(total, int(first) + 3)))
    if images:
        for column, image, number in zip(st.columns(4), images, range(int(first), total + 1),
                                         strict=False):
            column.image(image, caption=f"Page {number}")
