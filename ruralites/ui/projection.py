"""The restitution screen for the projector: no menu, large type readable from the back of a
village hall, scaled to the screen (every size is in rem, and the root size follows the window:
16 px at 1280×720, 24 px at 1920×1080, so a full-HD projector shows the same layout larger
instead of leaving its lower half empty), refreshed every 10 seconds while tablets still submit (DESIGN.md §8:
not faster). Texts typed by inhabitants are shown with st.text, never as Markdown or HTML."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ruralites import fr
from ruralites.auth import Viewer
from ruralites.models import utcnow
from ruralites.results import Restitution, restitution
from ruralites.results.disclosure import cloud_min_count
from ruralites.results.wordcloud import render_png
from ruralites.ui.session import database

REFRESH_SECONDS = 10
CLOUD_SIZE = (760, 470)  # drawn at twice the size it is shown, for a sharp projection

PROJECTION_CSS = """
<style>
html { font-size: clamp(14px, min(1.25vw, 2.222vh), 48px) !important; }
[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
[data-testid="stAppViewContainer"], [data-testid="stMain"] { background: #fffdf6; }
.block-container, [data-testid="stMainBlockContainer"] {
  max-width: 100% !important; padding: .8rem 2.2rem .4rem 2.2rem !important;
}
.st-key-proj-title h1 { font-size: 2.7rem; line-height: 1.1; padding: 0; color: #1b5e20; }
.st-key-proj-title p { font-size: 1.2rem; color: #455a64; }
.st-key-proj-figures [data-testid="stMetric"] {
  background: #ffffff; border: 2px solid #c8e6c9; border-radius: 1rem; padding: .35rem 1rem;
}
.st-key-proj-figures [data-testid="stMetricValue"] { font-size: 3.6rem; font-weight: 800;
  line-height: 1.05; color: #1b5e20; }
.st-key-proj-figures [data-testid="stMetricLabel"] p { font-size: 1.4rem; font-weight: 600;
  color: #263238; white-space: normal; }
.st-key-proj-themes h3 { font-size: 1.7rem; padding: 0 0 .3rem 0; color: #263238; }
[class*="st-key-proj-label-"] [data-testid="stText"] { font-size: 1.65rem; font-weight: 700;
  color: #1b5e20; line-height: 1.2; font-family: "Source Sans", sans-serif; }
[class*="st-key-proj-count-"] [data-testid="stText"] { font-size: 1.2rem; color: #37474f;
  font-family: "Source Sans", sans-serif; }
[class*="st-key-proj-example-"] [data-testid="stText"] { font-size: 1.2rem; color: #455a64;
  font-style: italic; line-height: 1.25; font-family: "Source Sans", sans-serif; }
[class*="st-key-proj-theme-"] { border-left: 8px solid #66bb6a; padding-left: .8rem;
  margin-bottom: .5rem; gap: .1rem; }
.st-key-proj-qr p { font-size: 1.25rem; font-weight: 700; color: #263238; line-height: 1.25; }
.st-key-proj-qr [data-testid="stImage"] img { border: 6px solid #ffffff; }
.st-key-proj-chosen [data-testid="stText"] { font-size: 2.1rem; font-weight: 800;
  color: #1b5e20; font-family: "Source Sans", sans-serif; }
.st-key-proj-exit button { opacity: .35; font-size: .8rem; min-height: 1.6rem; }
</style>
"""


@dataclass(frozen=True)
class Screen:
    """What the staff chose before going full screen."""

    participation_id: int
    qr_png: bytes | None
    qr_caption: str
    vote_id: int | None


@st.fragment(run_every=REFRESH_SECONDS)
def live(viewer: Viewer, screen: Screen) -> None:
    """Redrawn every 10 seconds: the figures, the top themes, the word cloud, the QR code."""
    with database().read() as session:
        data = restitution(session, viewer, screen.participation_id,
                                       vote_id=screen.vote_id)
    with st.container(key="proj-title"):
        st.title(f"{data.commune} : ce que vous nous avez dit")
    if data.chosen_theme:
        with st.container(key="proj-chosen"):
            st.text(f"Thème choisi : {data.chosen_theme}")
    figures, themes, side = st.columns([0.95, 1.65, 1.45], gap="large")
    with figures, st.container(key="proj-figures"):
        st.metric("Réponses", data.responses)
        st.metric("Part des habitants", data.share_text)
        st.metric("Idées exprimées", data.ideas)
    with themes, st.container(key="proj-themes"):
        _top_themes(data)
    with side:
        st.image(render_png(data.cloud_texts, *CLOUD_SIZE, min_count=cloud_min_count(None, public=True)),
                 use_container_width=True)
        if screen.qr_png:
            with st.container(key="proj-qr"):
                left, right = st.columns([1.25, 1], vertical_alignment="center")
                left.image(screen.qr_png, use_container_width=True, output_format="PNG")
                right.markdown(screen.qr_caption)
                if data.vote and data.vote.is_open:
                    right.markdown(_plural(data.vote.ballots, "vote reçu", "votes reçus"))
    st.caption(f"Mis à jour à {fr.local(utcnow()):%H:%M:%S} — actualisation toutes les "
               f"{REFRESH_SECONDS} secondes.")


def _top_themes(data: Restitution) -> None:
    st.subheader("Les thèmes qui reviennent le plus")
    if not data.top_themes:
        st.markdown("Les idées n'ont pas encore été classées par thème.")
        return
    for n, theme in enumerate(data.top_themes):
        with st.container(key=f"proj-theme-{n}"):
            with st.container(key=f"proj-label-{n}"):
                st.text(theme.label)
            with st.container(key=f"proj-count-{n}"):
                st.text(f"{_plural(theme.ideas, 'idée', 'idées')}, exprimée"
                        f"{'s' if theme.ideas > 1 else ''} {theme.mentions} fois")
            for k, example in enumerate(theme.examples[:1]):
                with st.container(key=f"proj-example-{n}-{k}"):
                    st.text(f"« {_shorten(example)} »")


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n <= 1 else many}"



def _shorten(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
