"""The campaign board: communes by phase, what each is missing, the progress chart, each
commune's timeline, and the spreadsheet."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ruralites import fr, phases, spreadsheet
from ruralites.campaigns import CampaignSummary, CommuneFile, ProgressPoint
from ruralites.ui.widgets import md, phase_badge, text_table

PHASE_COLOURS = {
    "invited": "#90a4ae", "volunteered": "#ffb300", "validated": "#2e7d32", "listening": "#1e88e5",
    "theme_chosen": "#8e24aa", "inspiring": "#f4511e", "oriented": "#00897b",
    "declined": "#6d4c41", "withdrawn": "#424242",
}


def _translucent(phase: str, alpha: float = 0.6) -> str:
    colour = PHASE_COLOURS.get(phase, "#9e9e9e")
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def campaign_header(c: CampaignSummary) -> None:
    parts = [f"**Pôles porteurs :** {md(', '.join(c.pole_names))}", f"**Statut :** {c.status_label}",
             f"**Période :** {fr.short_date(c.starts_on)} → {fr.short_date(c.ends_on)}"]
    if c.funder:
        parts.append(f"**Financeur :** {md(c.funder)}")
    if c.call_name:
        parts.append(f"**Appel :** {md(c.call_name)}")
    st.markdown("  \n".join(parts))


def phase_metrics(files: Sequence[CommuneFile]) -> None:
    counts = Counter(f.phase for f in files)
    ordered = [p for p in phases.PHASES if counts[p]]
    for col, phase in zip(st.columns(len(ordered)), ordered, strict=True):
        col.metric(phase_badge(phase), counts[phase])


def progress_chart(points: Sequence[ProgressPoint]) -> None:
    if not points:
        return
    figure = go.Figure()
    days = list(dict.fromkeys(p.day for p in points))
    for phase in dict.fromkeys(p.phase for p in points):
        counts = {p.day: p.communes for p in points if p.phase == phase}
        # Steps drawn by hand (each day twice: before and after its changes), so that the
        # stacked areas share the same x values and stay on top of each other.
        x = [days[0]] + [d for d in days[1:] for _ in range(2)]
        y = [v for d in days[:-1] for v in (counts[d], counts[d])] + [counts[days[-1]]]
        figure.add_trace(go.Scatter(
            x=x, y=y, name=phases.label(phase), stackgroup="phases", mode="lines",
            line={"color": PHASE_COLOURS.get(phase), "width": 0}, fillcolor=_translucent(phase),
            hovertemplate="%{x|%d/%m/%Y} : %{y} commune(s)",
        ))
    figure.update_layout(
        title="Communes par phase au fil du temps", height=360, margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.15}, yaxis={"title": "Communes", "dtick": 1, "rangemode": "tozero"},
        xaxis={"tickformat": "%d/%m/%Y"}, hovermode="x unified",
    )
    st.plotly_chart(figure, config={"displaylogo": False})
    last_day = points[-1].day
    now = " ; ".join(f"{phases.label(p.phase)} : {p.communes}" for p in points
                     if p.day == last_day and p.communes)
    st.caption(f"Au {fr.short_date(last_day)} — {now}.")


def timelines(files: Sequence[CommuneFile]) -> None:
    st.subheader("Historique des communes")
    for f in files:
        with st.expander(f"{f.label} — {phase_badge(f.phase)}"):
            frame = pd.DataFrame(
                {
                    "Quand": [fr.date_time(s.at) for s in f.timeline],
                    "Phase": [phase_badge(s.to_phase) for s in f.timeline],
                    "Qui": [s.who for s in f.timeline],
                    "Pourquoi": [s.reason or "—" for s in f.timeline],
                }
            )
            text_table(frame.set_index("Quand"))


def export_buttons(c: CampaignSummary, columns: Sequence[str], rows: list[list]) -> None:
    st.subheader("Exporter")
    st.caption("Les communes de la démarche, leur phase, leur contact et leur délibération. "
               "Pour Excel, préférez le fichier XLSX.")
    left, right = st.columns(2)
    left.download_button(
        "Télécharger en XLSX (Excel, LibreOffice)", key="export_xlsx", on_click="ignore", icon="📊",
        data=lambda: spreadsheet.to_xlsx_bytes(columns, rows, sheet_name=c.name),
        file_name=f"{c.slug}-communes.xlsx", mime=spreadsheet.XLSX_MEDIA_TYPE,
    )
    right.download_button(
        "Télécharger en CSV", key="export_csv", on_click="ignore", icon="🧾",
        data=lambda: spreadsheet.to_csv_bytes(columns, rows),
        file_name=f"{c.slug}-communes.csv", mime=spreadsheet.CSV_MEDIA_TYPE,
    )
