"""The form that creates or edits a campaign, and the table of the campaigns a viewer follows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
import streamlit as st

from ruralites import fr
from ruralites.campaigns import STATUS_LABELS, CampaignFields, CampaignSummary
from ruralites.fr import today_in_france
from ruralites.ui.widgets import text_table

_EARLIEST = date(2000, 1, 1)


def campaigns_table(found: Sequence[CampaignSummary]) -> None:
    frame = pd.DataFrame(
        {
            "Démarche": [c.name for c in found],
            "Pôles porteurs": [", ".join(c.pole_names) for c in found],
            "Statut": [c.status_label for c in found],
            "Période": [f"{fr.short_date(c.starts_on)} → {fr.short_date(c.ends_on)}"
                        for c in found],
            "Communes": [c.communes for c in found],
        }
    )
    text_table(frame.set_index("Démarche"))


def campaign_form(
    key: str,
    poles: Sequence[tuple[int, str]],
    initial: CampaignSummary | None = None,
    default_pole: int | None = None,
) -> CampaignFields | None:
    """The fields of a campaign once the form is submitted, else None."""
    names = dict(poles)
    chosen_poles = list(initial.pole_ids) if initial else ([default_pole] if default_pole in names else [])
    with st.form(key):
        name = st.text_input("Nom de la démarche", value=initial.name if initial else "",
                             placeholder="ex. Ruralités en Trégor", key=f"{key}_name")
        pole_ids = st.multiselect(
            "Pôles porteurs", list(names), default=chosen_poles, format_func=names.get,
            key=f"{key}_poles", help="Plusieurs pôles peuvent porter ensemble une démarche.",
            placeholder="Choisissez un ou plusieurs pôles",
        )
        new_poles = st.text_input(
            "Autre pôle porteur, pas encore dans la liste", key=f"{key}_new_poles",
            placeholder="ex. Pôle ESS du pays de Morlaix",
            help="Plusieurs pôles : séparez leurs noms par « ; ».",
        )
        left, right = st.columns(2)
        funder = left.text_input("Financeur", value=(initial.funder or "") if initial else "",
                                 key=f"{key}_funder", placeholder="ex. Région Bretagne")
        call_name = right.text_input(
            "Appel à projets auquel elle répond", value=(initial.call_name or "") if initial else "",
            key=f"{key}_call", placeholder="ex. Appel inter-territorialités",
        )
        starts_on = left.date_input("Début", value=initial.starts_on if initial else today_in_france(),
                                    min_value=_EARLIEST, format="DD/MM/YYYY", key=f"{key}_start")
        ends_on = right.date_input("Fin prévue", value=initial.ends_on if initial else None,
                                   min_value=_EARLIEST, format="DD/MM/YYYY", key=f"{key}_end")
        description = st.text_area("Description", value=(initial.description or "") if initial else "",
                                   key=f"{key}_description")
        statuses = list(STATUS_LABELS)
        status = st.selectbox("Statut", statuses, format_func=STATUS_LABELS.get, key=f"{key}_status",
                              index=statuses.index(initial.status) if initial else 1)
        submitted = st.form_submit_button(
            "Enregistrer les modifications" if initial else "Créer la démarche", type="primary"
        )
    if not submitted:
        return None
    return CampaignFields(
        name=name, pole_ids=tuple(pole_ids),
        new_poles=tuple(n.strip() for n in new_poles.split(";") if n.strip()),
        funder=funder, call_name=call_name, description=description,
        starts_on=starts_on, ends_on=ends_on, status=status,
    )
