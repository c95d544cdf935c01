"""The one kiosk shell: what every form reached through a link (?k=TOKEN) shares, whatever it
asks (a questionnaire, a vote, a registration for an evening): large type and touch targets, no menu, one opening of the form
per person (its id in the URL), a plain notice after a reconnection, the thank-you screen that
hands a shared tablet to the next person after one timer, and the staff PIN to leave.

A kind of form describes itself with a `FormKind`; its own module draws the questions."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ruralites.db import Database
from ruralites.errors import UserError
from ruralites.listening import kiosk
from ruralites.listening.kiosk import KioskContext
from ruralites.ui.session import database
from ruralites.ui.widgets import md

RESET_AFTER_SECONDS = 12  # the thank-you screen, then a fresh form for the next person

# Sizes are in rem of the root font size, so that the "larger text" switch (LARGER_TEXT_CSS)
# scales the whole kiosk at once. Text is dark on white (WCAG AA), never below 18 px; every
# touch target is at least 44 px high; keyboard focus is always outlined.
KIOSK_CSS = """
<style>
[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"], footer, [data-testid="stHeaderActionElements"] { display: none !important; }
html, body, [data-testid="stAppViewContainer"] { font-size: 20px; }
/* Elements that only carry a style or a script take no room (the first question comes sooner). */
[data-testid="stElementContainer"]:has(style),
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script:only-child) { display: none; }
.block-container { max-width: 760px; padding-top: .8rem !important; padding-bottom: 2rem !important; }
h1 { font-size: 1.6rem !important; line-height: 1.2 !important; padding: .1rem 0 .3rem !important; }
h2 { font-size: 1.35rem !important; line-height: 1.25 !important; padding: .3rem 0 .1rem !important; }
h3 { font-size: 1.2rem !important; line-height: 1.25 !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1rem; line-height: 1.45; }
/* A question's label (bold, written above its answers) reads larger than the answers. */
[data-testid="stMarkdownContainer"] p:has(> strong:first-child) { font-size: 1.2rem; line-height: 1.35; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  color: #2f3a2f !important; opacity: 1 !important; font-size: 1rem !important; line-height: 1.4;
}
[data-testid="stProgress"] p { font-size: 1rem !important; color: #2f3a2f; }
[data-testid="stWidgetLabel"] p { font-size: 1.2rem; font-weight: 600; line-height: 1.35; }
[data-testid="stRadioOption"], [data-testid="stCheckbox"] label {
  padding: .55rem .9rem; border: 1px solid #6b7b6b; border-radius: .7rem; width: 100%;
  margin: 0 .4rem .45rem 0; min-height: 2.8rem; align-items: center; background: #fbfdfb;
}
/* Answers as wide as the screen: large targets, easy to tell apart. */
[data-testid="stElementContainer"]:has(> [data-testid="stRadio"]), [data-testid="stRadio"],
[data-testid="stRadioGroup"], [data-testid="stRadioGroup"][aria-orientation="vertical"] > div {
  width: 100% !important;
}
[data-testid="stElementContainer"]:has(input[type="checkbox"]:not([role="switch"])),
[data-testid="stCheckbox"]:has(input[type="checkbox"]:not([role="switch"])) { width: 100% !important; }
[data-testid="stRadioGroup"][aria-orientation="horizontal"] [data-testid="stRadioOption"] {
  width: auto; min-width: 4.2rem; justify-content: center;
}
/* A 1-5 scale, yes/no: one row, even on a phone with larger text (a vote's many grades may wrap:
   vote.py). Each point is a large box; the chosen one is filled, so the small circle can go. */
[data-testid="stRadioGroup"][aria-orientation="horizontal"]:not(.st-key-vote-themes *) {
  flex-wrap: nowrap; gap: .35rem;
}
[data-testid="stRadioGroup"][aria-orientation="horizontal"]:not(.st-key-vote-themes *) > div {
  flex: 1 1 0; min-width: 0;
}
[data-testid="stRadioGroup"][aria-orientation="horizontal"]:not(.st-key-vote-themes *) [data-testid="stRadioOption"] {
  width: 100%; min-width: 0; margin-right: 0; padding: .55rem .2rem; justify-content: center;
}
[data-testid="stRadioGroup"][aria-orientation="horizontal"]:not(.st-key-vote-themes *) [data-testid="stRadioOption"] > div > div:not([data-testid="stMarkdownContainer"]) {
  display: none;
}
[data-testid="stRadioGroup"][aria-orientation="horizontal"]:not(.st-key-vote-themes *) [data-testid="stRadioOption"] > div,
[data-testid="stRadioGroup"][aria-orientation="horizontal"]:not(.st-key-vote-themes *) [data-testid="stRadioOption"] [data-testid="stMarkdownContainer"] {
  flex: 1 1 auto; justify-content: center; text-align: center; padding: 0; margin: 0;
}
[data-testid="stRadioGroup"][aria-orientation="horizontal"]:not(.st-key-vote-themes *) [data-testid="stRadioOption"]:has(input:checked) {
  background: #1f5d2a; border-color: #1f5d2a;
}
[data-testid="stRadioGroup"][aria-orientation="horizontal"]:not(.st-key-vote-themes *) [data-testid="stRadioOption"]:has(input:checked) p {
  color: #ffffff; font-weight: 700;
}
[data-testid="stRadioOption"] p, [data-testid="stCheckbox"] label p { font-size: 1.1rem; font-weight: 400; }
.stButton button, [data-testid="stFormSubmitButton"] button {
  min-height: 3.2rem; font-size: 1.1rem; padding: 0 1.2rem; border-radius: .8rem;
}
.stButton button p, [data-testid="stFormSubmitButton"] button p { font-size: 1.1rem; }
textarea, input { font-size: 1.1rem !important; }
[data-baseweb="select"] > div { min-height: 2.8rem; }
/* Keyboard focus, clearly outlined (radios and checkboxes hide their own input). */
:focus-visible { outline: 3px solid #1b4f9c !important; outline-offset: 2px; }
[data-testid="stRadioOption"]:has(input:focus-visible),
[data-testid="stCheckbox"] label:has(input:focus-visible) {
  outline: 3px solid #1b4f9c; outline-offset: 2px;
}
/* The scale's meaning, written at both ends above its points. */
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-scale-ends-"]), [class*="st-key-scale-ends-"] {
  height: auto !important; flex: 0 0 auto !important; overflow: visible !important;
}
[class*="st-key-scale-ends-"] > [data-testid="stElementContainer"] { flex: 0 1 auto; min-width: 0; }
[class*="st-key-scale-ends-"] [data-testid="stMarkdownContainer"] { margin: 0 !important; }
[class*="st-key-scale-ends-"] [data-testid="stMarkdownContainer"] p { font-size: 1rem !important; margin: 0 !important; }
/* "Suivant" first: beside "Retour" and wider on a tablet, above it on a phone. */
@media (max-width: 640px) {
  .st-key-kiosk-nav [data-testid="stHorizontalBlock"] { flex-direction: column; }
  .st-key-kiosk-nav [data-testid="stColumn"] { width: 100% !important; flex: 1 1 auto !important; }
}
</style>
"""
LARGER_TEXT_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 25px; }
</style>
"""
LARGER_TEXT_PARAM = "texte"  # ?texte=grand: kept in the URL, so it stays on for the next person


@dataclass(frozen=True)
class FormKind:
    """How one kind of kiosk form is opened, recognised after a reconnection, and thanked."""

    state_key: str  # where the form in progress lives in session_state
    url_param: str  # the query parameter carrying the id of this opening of the form
    new_id: Callable[[], uuid.UUID]
    is_stored: Callable[[Database, uuid.UUID], bool]
    stored_notice: str  # after a reconnection, when the form in progress had been sent
    lost_notice: str  # after a reconnection, when it had not
    thanks_title: str
    thanks_lines: tuple[str, ...]
    next_label: str  # the button that opens a fresh form on a shared tablet
    phone_next_label: str | None = None  # the same on one's own phone, if it is offered there
    # A form in progress kept on the server (`listening.drafts`): its fields back after a
    # reload or a restart (db, form id, link id → fields, or None), said by `recovered_notice`.
    restore: Callable[[Database, uuid.UUID, int], dict[str, Any] | None] | None = None
    recovered_notice: str = ""


def new_form(kind: FormKind, token: str, notice: tuple[str, str] | None = None, *,
             form_id: uuid.UUID | None = None, **fields: Any) -> dict[str, Any]:
    """A fresh opening of the form (or one taken up again by its `form_id`), its id in the URL
    so a reconnection can tell what became of it."""
    form_id = form_id or kind.new_id()
    st.query_params[kind.url_param] = str(form_id)
    form = {"token": token, "form_id": form_id, "stage": "form", "thanks_at": 0.0,
            "notice": notice, **fields}
    st.session_state[kind.state_key] = form
    return form


def previous_form_id(kind: FormKind) -> uuid.UUID | None:
    """The form id in the URL, if any (a reload or a reconnection keeps the address)."""
    try:
        return uuid.UUID(st.query_params.get(kind.url_param) or "")
    except ValueError:
        return None


def _after_reconnect(kind: FormKind, link_id: int | None, fields: dict[str, Any]) -> dict[str, Any]:
    """A new browser session with a form id in the URL: the server restarted, or the page was
    reloaded. Say plainly whether that form was stored; take it up again where it was if it
    was kept as a draft."""
    previous = previous_form_id(kind)
    if previous is None:
        return {"notice": None, **fields}
    if kind.is_stored(database(), previous):
        return {"notice": ("success", kind.stored_notice), **fields}
    if kind.restore is None or link_id is None:
        return {"notice": ("warning", kind.lost_notice), **fields}
    kept = kind.restore(database(), previous, link_id)
    if kept is None:  # nothing answered yet (a draft starts with the first answer), or stale
        return {"notice": None, **fields}
    return {"notice": ("success", kind.recovered_notice), **fields, **kept, "form_id": previous}


def current_form(kind: FormKind, token: str, *, link_id: int | None = None,
                 **fields: Any) -> dict[str, Any]:
    """The form in progress on this screen, the one kept for this address, or a fresh one."""
    form = st.session_state.get(kind.state_key)
    if form is None or form["token"] != token:
        form = new_form(kind, token, **_after_reconnect(kind, link_id, fields))
    return form


def show_notice(form: dict[str, Any]) -> None:
    if form.get("notice"):
        level, message = form["notice"]
        (st.success if level == "success" else st.warning)(message)


def thank(kind: FormKind, form: dict[str, Any]) -> None:
    """The form is stored: show the thank-you screen from the next run on."""
    form.update(stage="thanks", thanks_at=time.time(), notice=None)
    st.rerun()


def thanks_screen(kind: FormKind, token: str, *, tablet: bool, fields: Callable[[], dict]) -> None:
    st.title(kind.thanks_title, anchor=False)
    st.success(kind.thanks_lines[0])
    for line in kind.thanks_lines[1:]:
        st.write(line)
    if tablet:
        st.write("Vous pouvez rendre la tablette à l'équipe d'animation.")
    label = kind.next_label if tablet else kind.phone_next_label
    if label and st.button(label, type="primary", use_container_width=True):
        new_form(kind, token, **fields())
        st.rerun()
    if tablet:
        _auto_reset(kind, token, fields)


@st.fragment(run_every=2)
def _auto_reset(kind: FormKind, token: str, fields: Callable[[], dict]) -> None:
    form = st.session_state.get(kind.state_key)
    if not form or form["stage"] != "thanks":
        return
    left = RESET_AFTER_SECONDS - (time.time() - form["thanks_at"])
    if left <= 0:
        new_form(kind, token, **fields())
        st.rerun(scope="app")
    st.caption(f"Un nouveau formulaire s'ouvrira dans {max(1, round(left))} secondes.")


# The PIN field asks for a numeric keypad on a tablet (Streamlit has no `inputmode` option):
# a static script, no user text in it, that marks the field each time Streamlit redraws it.
_NUMERIC_PIN = """
<script>
(() => {
  const mark = () => document.querySelectorAll('input[aria-label="Code PIN"]').forEach((el) => {
    if (el.getAttribute('inputmode') !== 'numeric') {
      el.setAttribute('inputmode', 'numeric');
      el.setAttribute('pattern', '[0-9]*');
      el.setAttribute('autocomplete', 'off');
    }
  });
  mark();
  if (!window.__ruralitesPinObserver) {
    window.__ruralitesPinObserver = new MutationObserver(mark);
    window.__ruralitesPinObserver.observe(document.body, {childList: true, subtree: true});
  }
})();
</script>
"""


# A lost connection (Wi-Fi cut). Streamlit keeps the page as it was, with what was typed, and
# greys out every field and button until its websocket is back; it reconnects by itself, to the
# same session if the server still holds it (`server.disconnectedSessionTTL`, 2 minutes), else
# to a new one that takes the form up again from its draft (`listening.drafts`). Its own
# "connecting" sign is in the header the kiosk hides, so this static script (no user text)
# says it plainly, and a tap on the send button while the connection is cut sends the form as
# soon as it is back. A field being typed in when the connection went loses its focus without
# handing its text to Streamlit (checked: the hint "Appuyez sur Entrée" stays, the next tap
# sends the old value), so once back the script gives that field the focus and takes it away
# again, which hands the text over, before anything is sent.
SEND_LABELS = ("Envoyer mes réponses", "M'inscrire", "Valider mon vote")
CONNECTION_LOST = "La connexion est coupée. Vos réponses restent à l'écran : rien n'est perdu."
CONNECTION_WAIT = "Patientez un instant, elle revient d'habitude toute seule."
CONNECTION_QUEUED = "Vos réponses seront envoyées dès que la connexion reviendra."
CONNECTION_LONG = ("La connexion ne revient pas : ne fermez pas cette page, et prévenez "
                   "l'équipe d'animation.")
CONNECTION_BACK = "La connexion est revenue."
CONNECTION_SENDING = "La connexion est revenue : envoi de vos réponses…"
_CONNECTION_WATCH = """
<script>
(() => {
  if (window.__ruralitesConnection) return;
  window.__ruralitesConnection = true;
  const T = __TEXTS__;
  const doc = window.parent === window ? document : window.parent.document;
  let pending = false, lostSince = null, hideAt = 0, lastField = null;
  const banner = doc.createElement('div');
  banner.id = 'ruralites-connection';
  banner.setAttribute('role', 'status');
  banner.setAttribute('aria-live', 'assertive');
  banner.style.cssText = 'position:fixed;left:0;right:0;top:0;z-index:1000000;display:none;'
    + 'padding:1rem 1.4rem;background:#fff4d6;border-bottom:4px solid #b7791f;color:#2b1d00;'
    + 'font-size:1.2rem;font-weight:600;line-height:1.45;text-align:center';
  doc.body.appendChild(banner);
  let sending = false;
  const connected = () => {
    const app = doc.querySelector('[data-testid="stApp"]');
    return !app || app.dataset.testConnectionState === 'CONNECTED';
  };
  const isSend = (b) => !!b && T.send.some((label) => b.innerText.includes(label));
  const sendButton = () => [...doc.querySelectorAll('button')].find(isSend);
  const show = (text) => {
    const app = doc.querySelector('[data-testid="stApp"]');
    if (app) banner.style.fontFamily = getComputedStyle(app).fontFamily;
    if (banner.textContent !== text) banner.textContent = text;
    banner.style.display = text ? 'block' : 'none';
  };
  const tick = () => {
    const now = Date.now();
    if (!connected()) {
      lostSince = lostSince || now;
      if (now - lostSince < 1500 && !pending) return;  // a blink is not worth a message
      show([T.lost, pending ? T.queued : '', now - lostSince > 30000 ? T.long : T.wait]
        .filter(Boolean).join(' '));
      hideAt = 0;
      return;
    }
    const wasLost = lostSince !== null;
    lostSince = null;
    if (wasLost && lastField && doc.contains(lastField) && !lastField.disabled) {
      lastField.focus({preventScroll: true});  // hand over what was typed before the cut
      lastField.blur();
    }
    if (pending) {
      const b = sendButton();
      if (b && !b.disabled) {
        pending = false;
        sending = true;
        show(T.sending);
        hideAt = now + 4000;
        setTimeout(() => b.click(), 300);
      } else {
        lostSince = now;  // not drawn again yet: try at the next tick
      }
      return;
    }
    if (wasLost && banner.style.display !== 'none') { show(T.back); hideAt = now + 3000; }
    if (sending && !sendButton()) { sending = false; hideAt = now; }  // sent: the screen says so
    if (hideAt && now >= hideAt) { show(''); hideAt = 0; }
  };
  const capture = (e) => {
    if (connected()) return;
    const b = e.target && e.target.closest ? e.target.closest('button') : null;
    if (isSend(b)) { pending = true; lostSince = lostSince || Date.now(); tick(); }
  };
  doc.addEventListener('focusin', (e) => {
    if (e.target && e.target.matches && e.target.matches('input[type="text"], textarea')) {
      lastField = e.target;
    }
  }, true);
  doc.addEventListener('pointerdown', capture, true);
  doc.addEventListener('click', capture, true);
  setInterval(tick, 400);
})();
</script>
"""


def watch_connection() -> None:
    """Say plainly when the connection is cut, and send a form tapped meanwhile once back."""
    texts = {"send": list(SEND_LABELS), "lost": CONNECTION_LOST, "wait": CONNECTION_WAIT,
             "queued": CONNECTION_QUEUED, "long": CONNECTION_LONG, "back": CONNECTION_BACK,
             "sending": CONNECTION_SENDING}
    st.html(_CONNECTION_WATCH.replace("__TEXTS__", json.dumps(texts, ensure_ascii=False)),
            unsafe_allow_javascript=True)


def closed_screen(message: str, kept: str | None = None) -> None:
    """The link cannot be used (any more); `kept` says what became of the answers in progress."""
    st.title("Ruralités")
    st.error(message)
    if kept:
        st.success(kept)


def staff_exit(token: str, state_key: str,
               on_leave: Callable[[dict[str, Any]], None] | None = None) -> None:
    """Leaving the kiosk needs the link's staff PIN. Inhabitants see only a small padlock at the
    bottom of the screen; the PIN field appears when a staff member taps it. Wrong PINs are
    throttled by `kiosk.check_pin`."""
    panel_key = f"{state_key}_staff_panel"
    st.divider()
    if not st.session_state.get(panel_key):
        if st.button("🔒", key=f"{state_key}_staff", type="tertiary",
                     help="Réservé à l'équipe d'animation"):
            st.session_state[panel_key] = True
            st.rerun()
        return
    st.subheader("Équipe d'animation", anchor=False)
    pin = st.text_input("Code PIN", type="password", key=f"{state_key}_pin", max_chars=8)
    st.html(_NUMERIC_PIN, unsafe_allow_javascript=True)
    leave, cancel = st.columns(2)
    if cancel.button("Annuler", key=f"{state_key}_cancel", use_container_width=True):
        st.session_state.pop(panel_key, None)
        st.session_state.pop(f"{state_key}_pin", None)
        st.rerun()
    if leave.button("Quitter le mode tablette", key=f"{state_key}_exit", use_container_width=True):
        try:
            with database().write() as session:
                ok = kiosk.check_pin(session, token, pin)
        except UserError as exc:  # blocked for a while after too many wrong PINs
            st.error(str(exc))
            return
        if ok:
            form = st.session_state.pop(state_key, None)
            if form is not None and on_leave is not None:
                on_leave(form)
            st.session_state.pop(panel_key, None)
            st.query_params.clear()
            st.rerun()
        st.error("Code PIN incorrect.")


def open_link(token: str, *, closed_kinds: tuple[str, ...] = ()) -> KioskContext | None:
    """The kiosk frame, and what the link opens; None (a French message shown) when the link is
    not valid, revoked or expired. A link of `closed_kinds` revoked or expired is returned with
    `closed` set: that form decides (a form in progress is held for staff, not lost)."""
    st.html(KIOSK_CSS)  # static CSS only, no user text; style-only html takes no room
    try:
        with database().read() as session:
            context = kiosk.resolve(session, token, allow_closed=True)
        if context.closed and context.kind not in closed_kinds:
            raise kiosk.LinkError(context.closed)
    except UserError as exc:
        closed_screen(str(exc))
        return None
    with st.container(horizontal=True, vertical_alignment="center", key="kiosk-top"):
        st.caption(f"{md(context.commune_name)} — {md(context.campaign_name)}")
        larger_text_switch()
    watch_connection()
    return context


def larger_text_switch() -> None:
    """"Texte plus grand": scales the whole kiosk. The choice lives in the URL's query
    parameters, which a new form keeps (`new_form` sets only its own id), so on a shared tablet
    it stays on for the next person, and after a reload."""
    wanted = st.query_params.get(LARGER_TEXT_PARAM) == "grand"
    on = st.toggle("Texte plus grand", value=wanted, key="kiosk_larger_text")
    if on != wanted:
        if on:
            st.query_params[LARGER_TEXT_PARAM] = "grand"
        else:
            del st.query_params[LARGER_TEXT_PARAM]
    if on:
        st.html(LARGER_TEXT_CSS)  # static CSS only, no user text
