"""Accounts (administrators only): the list, a new account, and changes to one account: its pôle
(animateur·rice), its communes (élu·e), a new password, deactivation."""

import pandas as pd
import streamlit as st

from ruralites import auth, campaigns
from ruralites.ui.session import database, require_role
from ruralites.ui.widgets import attempt, flash, show_flash, text_table

NO_POLE = 0  # "every pôle" in the pôle choice


def render() -> None:
    viewer = require_role("admin")
    st.title("Comptes")
    show_flash()
    db = database()
    with db.read() as session:
        users = auth.list_users(session)
        rows = [(u.username, u.display_name, auth.ROLE_LABELS[u.role],
                 u.pole.name if u.pole else "—",
                 ", ".join(c.nom for c in u.communes) or "—",
                 "actif" if u.is_active else "désactivé") for u in users]
        by_id = {u.id: f"{u.display_name} ({u.username})" for u in users}
        roles = {u.id: u.role for u in users}
        poles = {NO_POLE: "Tous les pôles"} | {p.id: p.name for p in campaigns.list_poles(session)}
    text_table(pd.DataFrame(rows, columns=["Identifiant", "Nom", "Rôle", "Pôle", "Communes",
                                           "État"]).set_index("Identifiant"))
    _create(viewer, poles)
    _change(viewer, by_id, roles, poles)


def _create(viewer, poles) -> None:
    st.subheader("Créer un compte")
    role = st.selectbox("Rôle", ["staff", "mayor", "admin"], format_func=auth.ROLE_LABELS.get,
                        key="new_user_role")
    with st.form("new_user"):
        display_name = st.text_input("Nom affiché")
        username = st.text_input("Identifiant")
        codes, pole_id = [], None
        if role == "mayor":
            codes = _codes(st.text_input("Commune(s) de l'élu·e",
                                         help="Codes INSEE séparés par des virgules, ex. 22366"))
        elif role == "staff":
            pole_id = st.selectbox("Pôle", list(poles), format_func=poles.get) or None
        password = st.text_input("Mot de passe provisoire", type="password")
        submitted = st.form_submit_button("Créer le compte", type="primary")
    if submitted:
        def create():
            with database().write() as session:
                auth.create_user(session, username=username, display_name=display_name,
                                 password=password, role=role, commune_codes=codes,
                                 pole_id=pole_id)
        if attempt(create):
            flash("success", f"Compte « {auth.normalise_username(username)} » créé.")
            st.rerun()


def _change(viewer, by_id, roles, poles) -> None:
    st.subheader("Modifier un compte")
    user_id = st.selectbox("Compte", list(by_id), format_func=by_id.get, key="edit_user")
    if user_id is None:
        return
    role = roles[user_id]
    if role == "staff":
        with st.form("edit_pole"):
            pole_id = st.selectbox("Pôle", list(poles), format_func=poles.get)
            if st.form_submit_button("Rattacher à ce pôle"):
                _save(lambda s: auth.set_pole(s, viewer, user_id, pole_id or None),
                      "Pôle enregistré.")
    elif role == "mayor":
        with st.form("edit_communes"):
            text = st.text_input("Communes de l'élu·e (codes INSEE)")
            if st.form_submit_button("Enregistrer les communes"):
                _save(lambda s: auth.set_communes(s, viewer, user_id, _codes(text)),
                      "Communes enregistrées.")
    with st.form("reset_password"):
        password = st.text_input("Nouveau mot de passe", type="password")
        confirm = st.text_input("Confirmez le nouveau mot de passe", type="password")
        if st.form_submit_button("Changer le mot de passe"):
            if password != confirm:
                st.error("Les deux mots de passe diffèrent.")
            else:
                _save(lambda s: auth.reset_password(s, viewer, user_id, password),
                      "Mot de passe changé : ses sessions ouvertes sont fermées.")
    left, right = st.columns(2)
    if left.button("Désactiver ce compte", key="deactivate"):
        _save(lambda s: auth.set_active(s, viewer, user_id, False), "Compte désactivé.")
    if right.button("Réactiver ce compte", key="reactivate"):
        _save(lambda s: auth.set_active(s, viewer, user_id, True), "Compte réactivé.")


def _codes(text: str) -> list[str]:
    return [c.strip() for c in (text or "").split(",") if c.strip()]


def _save(change, done: str) -> None:
    def run():
        with database().write() as session:
            change(session)
    if attempt(run):
        flash("success", done)
        st.rerun()
