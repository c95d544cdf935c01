"""The sections of the results screen: scope, key figures, participation, profile, questions,
free-text answers, word cloud and spreadsheet. User text is shown as text: escaped in Markdown,
plain in tables and st.text, escaped in charts (ruralites.ui.results_charts)."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from ruralites import campaigns, fr, results, spreadsheet
from ruralites.auth import Viewer
from ruralites.results import QuestionResult, Results, Scope
from ruralites.results.disclosure import PRIVACY_NOTE, SUPPRESSED, cloud_min_count, shown
from ruralites.results.export import export_table
from ruralites.results.wordcloud import render_png
from ruralites.ui import results_charts as charts
from ruralites.ui.campaign import pick_campaign
from ruralites.ui.results_data import load_free_texts, load_idea_texts
from ruralites.ui.session import database
from ruralites.ui.widgets import md, phase_badge

WHOLE_CAMPAIGN = 0
TABS = ("Participation", "Profil des répondants", "Questions", "Réponses libres",
        "Nuage de mots", "Exporter")
TAB_KEY = "results_tab"
TEXTS_PER_PAGE = 25


# ---- what the results describe -----------------------------------------------------------------


def pick_scope(viewer: Viewer) -> Scope | None:
    """Staff choose a campaign, then the whole campaign or one commune; a mayor, one of their
    communes (without a choice when they have one)."""
    if viewer.role == "mayor":
        with database().read() as session:
            rows = campaigns.board(session, viewer)
        if not rows:
            st.info("Votre commune ne participe encore à aucune démarche.")
            return None
        by_id = {r.participation_id: r for r in rows}
        chosen = rows[0].participation_id
        if len(rows) > 1:
            chosen = st.selectbox(
                "Commune", list(by_id), key="results_mayor_commune",
                format_func=lambda pid: f"{by_id[pid].nom} — {by_id[pid].campaign_name}")
        return Scope(by_id[chosen].campaign_slug, chosen)
    campaign = pick_campaign(viewer, "results")
    if campaign is None:
        return None
    with database().read() as session:
        rows = campaigns.board(session, viewer, campaign.slug)
    by_id = {WHOLE_CAMPAIGN: None} | {r.participation_id: r for r in rows}
    key = f"results_commune_{campaign.slug}"
    chosen = st.selectbox(
        "Communes", list(by_id), key=key,
        format_func=lambda pid: (f"Toute la démarche ({len(rows)} communes)" if pid == WHOLE_CAMPAIGN
                                 else f"{by_id[pid].nom} — {phase_badge(by_id[pid].phase)}"))
    return Scope(campaign.slug, None if chosen == WHOLE_CAMPAIGN else chosen)


def pick_survey(r: Results) -> str | None:
    """A choice only when several questionnaires were answered in the scope."""
    if len(r.surveys) < 2:
        return r.survey.slug if r.survey else None
    by_slug = {s.slug: s for s in r.surveys}
    return st.selectbox("Questionnaire", list(by_slug), key="results_survey",
                        format_func=lambda s: f"{by_slug[s].title} ({by_slug[s].responses} réponses)")


def tabs() -> dict[str, object]:
    """The tabs by name; only the open one is drawn (each rerun draws one tab's charts)."""
    return dict(zip(TABS, st.tabs(TABS, key=TAB_KEY, on_change="rerun"), strict=True))


# ---- key figures and participation -------------------------------------------------------------


def key_figures(r: Results) -> None:
    t = r.turnout
    st.caption(f"Communes : {md(', '.join(r.communes))}")
    cols = st.columns(4)
    cols[0].metric("Réponses", fr.number(t.responses))
    cols[1].metric("Part des habitants", fr.percent(t.share, 1) if t.share is not None
                   else "—", help="Réponses rapportées à la population légale des communes qui "
                   "recueillent des réponses (une réponse par personne).")
    cols[2].metric("Habitants", fr.number(t.population) if t.population else "—")
    cols[3].metric("Dernière réponse", fr.short_date(t.last_at))
    if t.responses == 0:
        st.info("Aucune réponse pour l'instant : les résultats apparaîtront avec les premières "
                "réponses (tablettes, en ligne ou papier).")


def privacy_note() -> None:
    st.caption(f"🔒 {PRIVACY_NOTE}")


def participation(r: Results) -> None:
    t = r.turnout
    if t.by_commune:
        st.subheader("Par commune")
        st.plotly_chart(charts.commune_chart(t.by_commune), config=charts.CONFIG, key="chart-communes")
    left, _right = st.columns([2, 1])
    with left:
        st.subheader("Par canal")
        st.plotly_chart(charts.horizontal_bars(t.by_channel), config=charts.CONFIG, key="chart-channel")
    if t.by_evening:
        st.subheader("Par soirée")
        st.plotly_chart(charts.horizontal_bars(t.by_evening), config=charts.CONFIG,
                        key="chart-evening")
    st.subheader("Au fil du temps")
    if t.by_day:
        weekly = len(t.by_day) > 31
        st.plotly_chart(charts.time_chart(t.by_week if weekly else t.by_day, weekly=weekly),
                        config=charts.CONFIG, key="chart-time")
        st.caption(("Réponses par semaine (du lundi au dimanche)" if weekly else "Réponses par jour")
                   + f", du {fr.short_date(t.first_at)} au {fr.short_date(t.last_at)}. "
                   "Barres grises hachurées : moins de 5 réponses (chiffre masqué).")


# ---- questions ---------------------------------------------------------------------------------


def _answered(q: QuestionResult) -> str:
    return (f"{q.type_label} — {fr.number(q.answered)} personne(s) ont répondu "
            f"sur {fr.number(q.asked)}")


def question(q: QuestionResult, viewer: Viewer) -> None:
    st.markdown(f"**{md(q.label)}**")
    st.caption(_answered(q))
    if q.is_text:
        st.caption("Réponses libres : voir l'onglet « Réponses libres »." if
                   results.can_see_free_text(viewer) else results.FREE_TEXT_HIDDEN)
        return
    if q.answered == 0:
        st.caption("Personne n'a encore répondu à cette question.")
        return
    figure = charts.question_chart(q)
    if figure is not None:
        st.plotly_chart(figure, config=charts.CONFIG, key=f"chart-q-{q.id}")
    if q.stats:
        cols = st.columns(len(q.stats) + 2)
        for col, (name, value) in zip(cols, q.stats, strict=False):
            col.metric(name, str(value) if value is SUPPRESSED else fr.number(value, 2, trim=True))
    if q.ranking:
        st.table(pd.DataFrame({
            "Choix": [md(r.label) for r in q.ranking],  # st.table reads Markdown
            "Points": [str(shown(r.points)) for r in q.ranking],
            "Rang moyen": ["—" if r.average_rank is None else fr.number(r.average_rank, 2, trim=True)
                           for r in q.ranking],
            "Classé en premier": [str(shown(r.first_choices)) for r in q.ranking],
            "Classé par": [str(shown(r.ranked_by)) for r in q.ranking],
        }).set_index("Choix"))
    if q.other_texts:
        st.caption(f"{q.other_texts} précision(s) écrite(s) après « Autre »"
                   + (" : voir l'onglet « Réponses libres »." if results.can_see_free_text(viewer)
                      else "."))


def questions(items: tuple[QuestionResult, ...], viewer: Viewer) -> None:
    section = None
    for q in items:
        if q.section != section:
            section = q.section
            st.subheader(section)
        question(q, viewer)


def profile(r: Results, viewer: Viewer) -> None:
    if not r.profile:
        st.info("Ce questionnaire n'a pas de questions de profil (partie « profil »).")
        return
    st.caption("Qui a répondu : les questions à choix unique de la partie « profil » du "
               "questionnaire.")
    for q in r.profile:
        question(q, viewer)


# ---- free text, word cloud, exports ------------------------------------------------------------


def free_texts(viewer: Viewer, scope: Scope, survey_slug: str | None) -> None:
    if not results.can_see_free_text(viewer):
        st.info(results.FREE_TEXT_HIDDEN)
        return
    found = load_free_texts(viewer, scope, survey_slug)
    if not found:
        st.info("Aucune réponse libre pour l'instant.")
        return
    labels = sorted({t.question for t in found})
    left, right = st.columns([2, 3])
    query = left.text_input("Rechercher un mot", key="results_search",
                            placeholder="ex. : épicerie, jardin, jeunes…")
    which = right.selectbox("Question", ["Toutes les questions", *labels], key="results_text_q")
    shown_texts = results.search(found, query)
    if which != "Toutes les questions":
        shown_texts = [t for t in shown_texts if t.question == which]
    pages = max(1, math.ceil(len(shown_texts) / TEXTS_PER_PAGE))
    page = 1
    if pages > 1:
        if st.session_state.get("results_text_page", 1) > pages:  # fewer texts match now
            st.session_state["results_text_page"] = 1
        page = st.number_input(f"Page (sur {pages})", min_value=1, max_value=pages, step=1,
                               key="results_text_page")
    start = (page - 1) * TEXTS_PER_PAGE
    st.caption(f"{len(shown_texts)} réponse(s) sur {len(found)}, les plus récentes d'abord"
               + (f" ; n° {start + 1} à {min(start + TEXTS_PER_PAGE, len(shown_texts))}"
                  if pages > 1 else "") + ". Textes montrés tels qu'écrits.")
    for text in shown_texts[start:start + TEXTS_PER_PAGE]:
        with st.container(border=True):
            st.text(text.text)  # plain text: never Markdown or HTML
            st.caption(f"{md(text.question)} — {md(text.commune)}")
    rows = [[t.commune, t.question, t.text] for t in shown_texts]
    st.download_button(
        "Télécharger ces réponses (CSV)", key="export_texts", on_click="ignore", icon="🧾",
        data=lambda: spreadsheet.to_csv_bytes(["Commune", "Question", "Réponse"], rows),
        file_name=f"{scope.campaign_slug}-reponses-libres.csv", mime=spreadsheet.CSV_MEDIA_TYPE,
    )


def word_cloud(viewer: Viewer, scope: Scope) -> None:
    texts = load_idea_texts(viewer, scope)
    if not texts:
        st.info("Pas encore d'idées : le nuage de mots apparaîtra avec les premières idées.")
        return
    st.image(render_png(texts, 1200, 560, min_count=cloud_min_count(viewer)),
             caption=f"Les mots les plus fréquents de {len(texts)} idée(s) ; plus un mot est "
                     "grand, plus il revient souvent.")


def export(r: Results) -> None:
    columns, rows = export_table(r)
    st.caption("Tous les chiffres de cette page, commune par commune ou pour la démarche. "
               "Les réponses libres n'en font pas partie. Pour Excel, préférez le fichier XLSX.")
    slug = r.scope.campaign_slug + (f"-{r.title}" if r.scope.participation_id else "")
    name = campaigns.slugify(slug) or "resultats"
    left, right = st.columns(2)
    left.download_button(
        "Télécharger en XLSX (Excel, LibreOffice)", key="export_results_xlsx", on_click="ignore",
        icon="📊", data=lambda: spreadsheet.to_xlsx_bytes(columns, rows, sheet_name="Résultats"),
        file_name=f"resultats-{name}.xlsx", mime=spreadsheet.XLSX_MEDIA_TYPE,
    )
    right.download_button(
        "Télécharger en CSV", key="export_results_csv", on_click="ignore", icon="🧾",
        data=lambda: spreadsheet.to_csv_bytes(columns, rows),
        file_name=f"resultats-{name}.csv", mime=spreadsheet.CSV_MEDIA_TYPE,
    )
